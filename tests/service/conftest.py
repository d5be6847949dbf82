from service_e2e import e2e_factory, services  # noqa: F401  (fixtures)
