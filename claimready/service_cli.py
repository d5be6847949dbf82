"""Service-mode subcommands: serve, worker, reconcile, migrate, keys."""

from __future__ import annotations

import argparse
import logging
import threading

from claimready.settings import Settings


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from claimready.api.app import create_app
    from claimready.storage.migrate import migrate

    _logging()
    if settings.migrate_on_start:
        migrate(settings.database_url)
    app = create_app(settings)
    if settings.broker == "stub":  # embedded: no separate worker or reconciler processes
        from claimready.workers.run import start_embedded_workers

        start_embedded_workers(app.state.ctx, app.state.actors, settings.worker_threads)
    uvicorn.run(app, host=args.host or settings.api_host, port=args.port or settings.api_port,
                log_level="info", proxy_headers=True)
    return 0


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    from claimready.workers.run import run_workers

    run_workers(settings, args.processes or settings.worker_processes, args.threads or settings.worker_threads)
    return 0


def cmd_reconcile(args: argparse.Namespace, settings: Settings) -> int:
    import signal

    from claimready.intake.reconcile import reconcile_forever, reconcile_once
    from claimready.storage.migrate import migrate
    from claimready.workers.actors import setup_workers

    _logging()
    if settings.migrate_on_start:
        migrate(settings.database_url)
    ctx, actors = setup_workers(settings)
    if args.once:
        print(reconcile_once(ctx, actors))
        return 0
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    reconcile_forever(ctx, actors, stop)
    return 0


def cmd_migrate(_args: argparse.Namespace, settings: Settings) -> int:
    from claimready.storage.migrate import current_revision, migrate

    migrate(settings.database_url)
    print(f"database at revision {current_revision(settings.database_url)}")
    return 0


def _key_session(settings: Settings):  # type: ignore[no-untyped-def]
    from claimready.storage.db import make_sessionmaker
    from claimready.storage.migrate import migrate

    if settings.migrate_on_start:
        migrate(settings.database_url)
    return make_sessionmaker(settings)()


def cmd_keys_create(args: argparse.Namespace, settings: Settings) -> int:
    from claimready.storage.keys import create_key
    from claimready.storage.repo import audit

    with _key_session(settings) as session:
        key_id, key = create_key(session, args.tenant, args.role)
        audit(session, "cli", "api_key_created", key_id, args.role, tenant=args.tenant)
        session.commit()
    print(f"id: {key_id}\ntenant: {args.tenant}\nrole: {args.role}\nkey: {key}\n(the key is shown once; keep it)")
    return 0


def cmd_keys_list(_args: argparse.Namespace, settings: Settings) -> int:
    from claimready.storage.keys import list_keys

    with _key_session(settings) as session:
        for k in list_keys(session):
            state = f"revoked {k.revoked_at:%Y-%m-%d %H:%M}" if k.revoked_at else "active"
            print(f"{k.key_id}  {k.tenant}  {k.role}  created {k.created_at:%Y-%m-%d %H:%M}  {state}")
    return 0


def cmd_keys_revoke(args: argparse.Namespace, settings: Settings) -> int:
    from claimready.storage.keys import revoke_key
    from claimready.storage.repo import audit

    with _key_session(settings) as session:
        revoke_key(session, args.id)
        audit(session, "cli", "api_key_revoked", args.id)
        session.commit()
    print(f"revoked {args.id}")
    return 0


def _logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(process)d %(name)s %(levelname)s %(message)s")


def register_commands(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add service-mode subcommands to the `claimready` parser."""
    serve = sub.add_parser("serve", help="run the HTTP API (event webhooks, readiness, health)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="run document and claim workers")
    worker.add_argument("--processes", type=int, help="worker processes (default: settings.worker_processes)")
    worker.add_argument("--threads", type=int, help="threads per process (default: settings.worker_threads)")
    worker.set_defaults(func=cmd_worker)

    reconcile = sub.add_parser("reconcile", help="enqueue bucket objects without a record, stuck documents")
    reconcile.add_argument("--once", action="store_true", help="one pass, then exit")
    reconcile.set_defaults(func=cmd_reconcile)

    mig = sub.add_parser("migrate", help="upgrade the database schema to the latest revision")
    mig.set_defaults(func=cmd_migrate)

    keys = sub.add_parser("keys", help="manage API keys")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    create = keys_sub.add_parser("create", help="create a key (printed once)")
    create.add_argument("--tenant", required=True)
    create.add_argument("--role", required=True, choices=["portal", "adjuster", "admin"])
    create.set_defaults(func=cmd_keys_create)
    keys_sub.add_parser("list", help="list keys (never the secrets)").set_defaults(func=cmd_keys_list)
    revoke = keys_sub.add_parser("revoke", help="revoke a key by id")
    revoke.add_argument("id")
    revoke.set_defaults(func=cmd_keys_revoke)

    from claimready.review.demo import register_demo  # `claimready demo` (review page over the samples)

    register_demo(sub)
