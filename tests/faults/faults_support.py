"""Private services the fault tests may kill and restart (never the machine's shared ones): a Redis
server and a PostgreSQL cluster on their own ports and folders, a TCP gate in front of S3, the API
and the reconciler as `claimready` subprocesses, and the checks every scenario ends with."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import select

from claimready.pipeline import verify_claim
from claimready.rules import load_rules
from claimready.settings import Settings
from claimready.storage.db import Claim, Document, Tenant
from claimready.workers.actors import setup_workers

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check: Callable[[], object], timeout: float = 120.0, interval: float = 0.25, what: str = "") -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = check()
        except Exception:  # a service restarting answers with errors for a while
            value = None
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what or check}")


# --- Redis ----------------------------------------------------------------------------------------
@dataclass
class PrivateRedis:
    """redis-server on its own port, keeping nothing on disk (as the machine's): a restart loses
    every queued message, which is what the reconciler must make good."""

    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None  # type: ignore[type-arg]

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(self._answers, 20, 0.1, "private redis")
        return self

    def _answers(self) -> bool:
        with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


# --- PostgreSQL -----------------------------------------------------------------------------------
@dataclass
class PrivatePostgres:
    """A PostgreSQL 15 cluster in a temporary folder, run as the `postgres` user (initdb refuses root)."""

    port: int = field(default_factory=free_port)
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="claimready-pg-")))

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, *args: str, timeout: float = 60) -> None:
        command = ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)}: {done.stdout}{done.stderr}")

    def init(self) -> PrivatePostgres:
        os.chmod(self.root, 0o777)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._as_postgres(str(PG_BIN / "initdb"), "-D", str(self.root / "data"), "-U", "postgres",
                          "--auth=trust", "--no-sync")
        return self

    def start(self) -> PrivatePostgres:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.root / "data"), "-l", str(self.root / "log"),
                          "-o", f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off",
                          "-w", "start")
        return self

    def stop(self, mode: str = "immediate") -> None:
        """`immediate` is a crash as the clients see it: connections cut, no clean shutdown."""
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.root / "data"), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        try:
            self.stop("immediate")
        except RuntimeError:
            pass
        shutil.rmtree(self.root, ignore_errors=True)


# --- a gate in front of S3 ------------------------------------------------------------------------
class Gate:
    """A TCP port forwarding to the S3 server; `close()` cuts it (connections refused and open
    ones dropped) until `open()` again: S3 unreachable as a worker sees it."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self.server: socket.socket | None = None
        self.connections: list[socket.socket] = []
        self.lock = threading.Lock()

    def open(self) -> None:
        self.server = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.server,), daemon=True).start()

    def close(self) -> None:
        if self.server is not None:
            try:
                self.server.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept(); close() alone would not
            except OSError:
                pass
            self.server.close()
            self.server = None
        with self.lock:
            for s in self.connections:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                    s.close()
                except OSError:
                    pass
            self.connections.clear()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
                upstream = socket.create_connection(self.target)
            except OSError:
                return
            with self.lock:
                self.connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


# --- claimready processes -------------------------------------------------------------------------
def claimready_process(env: dict[str, str], *args: str, log_name: str,
                       new_session: bool = False) -> subprocess.Popen:  # type: ignore[type-arg]
    """`claimready ARGS` as a subprocess logging to a temp file; `new_session` gives it its own
    process group, so a test can kill it with everything it started."""
    log = open(Path(tempfile.gettempdir()) / f"claimready-faults-{log_name}.log", "w")
    return subprocess.Popen([sys.executable, "-m", "claimready.cli", *args], env=env, stdout=log,
                            stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=new_session)


def stop_process(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:  # type: ignore[type-arg]
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def wait_api(port: int) -> None:
    wait_until(lambda: httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200, 60, 0.2,
               "the API to answer")


# --- what every scenario ends with ------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    states: dict[str, list[str]]  # claim -> states of its current documents
    verdicts: dict[str, tuple[str, int, tuple[str, ...]]]  # claim -> (status, score, codes)


def service_outcome(settings: Settings, tenant: str, claims: list[str]) -> Outcome:
    """Documents and the latest verdict of each claim, read from the service database."""
    from claimready.storage import repo

    ctx, actors = setup_workers(settings)
    try:
        states: dict[str, list[str]] = {}
        verdicts: dict[str, tuple[str, int, tuple[str, ...]]] = {}
        with ctx.session() as session:
            for name in claims:
                docs = session.scalars(select(Document).join(Claim, Claim.id == Document.claim_id)
                                       .join(Tenant, Tenant.id == Claim.tenant_id)
                                       .where(Tenant.name == tenant, Claim.name == name,
                                              Document.current.is_(True))).all()
                states[name] = sorted(d.state for d in docs)
                claim = repo.find_claim(session, repo.find_tenant(session, tenant).id, name)  # type: ignore[union-attr]
                latest = repo.latest_verdict(session, claim.id) if claim else None
                if latest is not None:
                    codes = tuple(sorted(d["code"] for d in latest.report["discrepancies"]))
                    verdicts[name] = (latest.status, latest.score, codes)
        return Outcome(states, verdicts)
    finally:
        actors.broker.close()
        ctx.sessions.kw["bind"].dispose()


def undisturbed_verdicts(tmp: Path, claims: dict[str, dict[str, bytes]]) -> dict[str, tuple[str, int, tuple[str, ...]]]:
    """The verdicts of the same files read by `verify` on one machine, with nothing disturbed."""
    settings = Settings(ocr_workers=1)
    rules = load_rules(settings.rules_dir)
    found = {}
    for name, files in claims.items():
        folder = tmp / "undisturbed" / name
        folder.mkdir(parents=True)
        for file_name, data in files.items():
            (folder / file_name).write_bytes(data)
        verdict = verify_claim(folder, settings, rules).verdict
        found[name] = (verdict.status.value, verdict.score, tuple(sorted(d.code for d in verdict.discrepancies)))
    return found
