"""`claimready worker`: run dramatiq workers in this process (and N-1 child processes)."""

from __future__ import annotations

import logging
import multiprocessing
import signal
import threading

import dramatiq

from claimready.settings import Settings
from claimready.storage.migrate import migrate
from claimready.workers.actors import QUEUE_CLAIMS, QUEUE_DOCUMENTS, Actors, setup_workers
from claimready.workers.context import ServiceContext

log = logging.getLogger(__name__)


def run_worker_process(settings: Settings, threads: int) -> None:
    """One worker process until SIGTERM/SIGINT; unacked messages go back to the queue on exit."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(process)d %(name)s %(levelname)s %(message)s")
    ctx, actors = setup_workers(settings)
    actors.broker.emit_after("process_boot")  # starts the TimeLimit watchdog, as dramatiq's own CLI does
    worker = dramatiq.Worker(actors.broker, worker_threads=threads, worker_timeout=200,
                             queues={QUEUE_DOCUMENTS, QUEUE_CLAIMS})
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    worker.start()
    log.info("worker started: %d threads", threads)
    stop.wait()
    log.info("worker stopping")
    worker.stop(timeout=30_000)
    actors.broker.close()


def start_embedded_workers(ctx: ServiceContext, actors: Actors, threads: int) -> threading.Event:
    """Embedded mode (StubBroker): consume in this process, and let the reconciler be the intake
    (a local folder sends no events). Returns the event that stops the reconciler."""
    from claimready.intake.reconcile import reconcile_forever

    actors.broker.emit_after("process_boot")
    dramatiq.Worker(actors.broker, worker_threads=threads, worker_timeout=200).start()
    stop = threading.Event()
    threading.Thread(target=reconcile_forever, args=(ctx, actors, stop), daemon=True, name="reconciler").start()
    return stop


def run_workers(settings: Settings, processes: int, threads: int) -> None:
    if settings.migrate_on_start:
        migrate(settings.database_url)
    if processes <= 1:
        run_worker_process(settings, threads)
        return
    mp = multiprocessing.get_context("spawn")
    children = [mp.Process(target=run_worker_process, args=(settings, threads), daemon=False)
                for _ in range(processes)]
    for child in children:
        child.start()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.is_set() and all(c.is_alive() for c in children):
        stop.wait(1.0)
    for child in children:
        if child.is_alive() and child.pid:
            child.terminate()
    for child in children:
        child.join(timeout=40)
