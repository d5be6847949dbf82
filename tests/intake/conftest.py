from service_fixtures import embedded  # noqa: F401  (fixture)
