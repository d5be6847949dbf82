"""`claimready demo`: the review page over the bundled sample claims, in one step.

Everything is embedded: the sample claims are read by the pipeline in a background thread
(no database, bucket or broker to set up) and appear in the queue as they finish; the page is
served on http://127.0.0.1:8000/review/ with a demo adjuster key that the printed link signs in.
"""

from __future__ import annotations

import argparse
import logging
import secrets
import threading
import webbrowser
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from claimready.errors import ClaimReadyError, InputError
from claimready.report import report_out
from claimready.review.app import review_app
from claimready.review.context import ReviewContext
from claimready.review.memory_store import MemoryStore
from claimready.review.service import Actor
from claimready.settings import Settings

log = logging.getLogger(__name__)
SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
DEMO_TENANT = "local"


def sample_folders(root: Path) -> list[Path]:
    """The claim folders under `root` (truth files beside them are ignored), or `root` itself."""
    if not root.is_dir():
        raise InputError(f"no sample claims at {root}: pass a folder of claim folders with --samples")
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    return folders or [root]


def load_claims(store: MemoryStore, folders: list[Path], settings: Settings) -> None:
    """Verify each claim with the pipeline and put it in the store (errors are logged, not fatal)."""
    from claimready.pipeline import verify_claim
    from claimready.rules import load_rules

    rules = load_rules(settings.rules_dir)
    for folder in folders:
        try:
            report = report_out(verify_claim(folder, settings, rules))
        except ClaimReadyError as exc:
            log.warning("sample %s skipped: %s", folder.name, exc.reason)
            continue
        files = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")}
        store.put_claim(DEMO_TENANT, report.model_copy(update={"tenant": DEMO_TENANT}), files,
                        updated_at=datetime.now(UTC))
        log.info("sample %s: %s %d", report.claim_id, report.status, report.score)


def demo_app(settings: Settings, folders: list[Path], key: str) -> tuple[FastAPI, threading.Thread]:
    store = MemoryStore()
    actors = {key: Actor(DEMO_TENANT, "adjuster", "demo-adjuster")}
    app = review_app(ReviewContext(store, actors.get, settings), title="ClaimReady demo")

    @app.get(f"/review/demo-login/{key}", include_in_schema=False)
    def demo_login() -> RedirectResponse:  # one click from the terminal; the key is local and throwaway
        response = RedirectResponse("/review/", status_code=303)
        response.set_cookie("claimready_key", key, httponly=True, samesite="strict", path="/review")
        return response

    loader = threading.Thread(target=load_claims, args=(store, folders, settings), daemon=True, name="demo-loader")
    return app, loader


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    folders = sample_folders(args.samples)
    key = secrets.token_urlsafe(16)
    app, loader = demo_app(settings, folders, key)
    loader.start()
    url = f"http://{args.host}:{args.port}/review/demo-login/{key}"
    print(f"ClaimReady demo: {len(folders)} sample claims are being read (they appear as they finish).")
    print(f"Open {url}")
    print(f"(or sign in at http://{args.host}:{args.port}/review/login with the key {key}); Ctrl-C stops.")
    if args.open:
        webbrowser.open(url)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def register_demo(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    demo = sub.add_parser("demo", help="serve the review page over the bundled sample claims (all embedded)")
    demo.add_argument("--samples", type=Path, default=SAMPLES, help="a folder of claim folders")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--open", action="store_true", help="open the page in the default browser")
    demo.set_defaults(func=cmd_demo)
