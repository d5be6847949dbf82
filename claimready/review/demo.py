"""`claimready demo`: the review page over the bundled sample claims, in one step.

It runs service mode with its embedded defaults, the same code `claimready serve` runs: SQLite
and a folder bucket in a working folder, dramatiq's in-process broker and worker. The sample
claims are put in the bucket as if uploaded, the worker reads them and they appear in the queue
as their verdicts land; the page is served on http://127.0.0.1:8000/review/ with a fresh adjuster
key that the printed link signs in.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import webbrowser
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from claimready.errors import InputError
from claimready.settings import Settings

log = logging.getLogger(__name__)
SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
DEMO_TENANT = "local"


@dataclass(frozen=True, slots=True)
class Demo:
    app: FastAPI
    key: str
    claims: tuple[str, ...]


def sample_folders(root: Path) -> list[Path]:
    """The claim folders under `root` (truth files beside them are ignored), or `root` itself."""
    if not root.is_dir():
        raise InputError(f"no sample claims at {root}: pass a folder of claim folders with --samples")
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    return folders or [root]


def claim_name(folder: Path) -> str:
    """The manifest's claim_id when it has a usable one, else the folder's name."""
    try:
        found = json.loads((folder / "claim.json").read_text(encoding="utf-8")).get("claim_id")
    except (OSError, ValueError, AttributeError):
        found = None
    return found if isinstance(found, str) and found.replace("-", "").replace("_", "").isalnum() else folder.name


def demo_settings(settings: Settings, workdir: Path) -> Settings:
    return settings.model_copy(update={"database_url": f"sqlite:///{workdir}/claimready-demo.db",
                                       "bucket_url": f"file://{workdir}/bucket", "broker": "stub",
                                       "evaluate_debounce_s": 0.5})


def build_demo(settings: Settings, folders: list[Path], workdir: Path, threads: int = 2) -> Demo:
    """Service mode on embedded defaults, samples uploaded, workers started, an adjuster key made."""
    from claimready.api.app import create_app
    from claimready.intake.dispatch import accept_object
    from claimready.intake.events import ObjectEvent
    from claimready.storage.keys import create_key
    from claimready.storage.migrate import migrate
    from claimready.workers.run import start_embedded_workers

    settings = demo_settings(settings, workdir)
    migrate(settings.database_url)
    app = create_app(settings)
    ctx, actors = app.state.ctx, app.state.actors
    with ctx.session() as session:
        key = create_key(session, DEMO_TENANT, "adjuster")[1]
        session.commit()
    start_embedded_workers(ctx, actors, threads)
    claims = []
    for folder in folders:
        name = claim_name(folder)
        claims.append(name)
        for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
            info = ctx.bucket.put(f"{DEMO_TENANT}/{name}/{path.name}", path.read_bytes())
            accept_object(ctx, actors, ObjectEvent(key=info.key, etag=info.etag, size=info.size), "demo")
    add_demo_login(app, key)
    return Demo(app, key, tuple(claims))


def add_demo_login(app: FastAPI, key: str) -> None:
    @app.get(f"/review/demo-login/{key}", include_in_schema=False)
    def demo_login() -> RedirectResponse:  # one click from the terminal; the key is local and throwaway
        response = RedirectResponse("/review/", status_code=303)
        response.set_cookie("claimready_key", key, httponly=True, samesite="strict", path="/review")
        return response


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    folders = sample_folders(args.samples)
    workdir = args.dir or Path(tempfile.mkdtemp(prefix="claimready-demo-"))
    workdir.mkdir(parents=True, exist_ok=True)
    demo = build_demo(settings, folders, workdir)
    url = f"http://{args.host}:{args.port}/review/demo-login/{demo.key}"
    print(f"ClaimReady demo: {len(folders)} sample claims uploaded to {workdir}/bucket; the worker is reading "
          "them (they appear as their verdicts land).")
    print(f"Open {url}")
    print(f"(or sign in at http://{args.host}:{args.port}/review/login with the key {demo.key}; the same key "
          f"works as 'Authorization: Bearer' on /v1 and /docs). Ctrl-C stops.")
    if args.open:
        webbrowser.open(url)
    uvicorn.run(demo.app, host=args.host, port=args.port, log_level="warning")
    return 0


def register_demo(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    demo = sub.add_parser("demo", help="serve the review page over the bundled sample claims (all embedded)")
    demo.add_argument("--samples", type=Path, default=SAMPLES, help="a folder of claim folders")
    demo.add_argument("--dir", type=Path, default=None, help="working folder for the database and bucket "
                      "(default: a new temporary folder)")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--open", action="store_true", help="open the page in the default browser")
    demo.set_defaults(func=cmd_demo)
