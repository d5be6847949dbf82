"""`claimready` command line. Commands only parse arguments and call pipeline stages in order."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from claimready.errors import ClaimReadyError, InputError, exit_code
from claimready.intake.folder import identify_file
from claimready.models import DocType
from claimready.pipeline import extract_document, verify_claim
from claimready.report import ReportOut, document_out, report_out
from claimready.rules import load_rules
from claimready.service_cli import register_commands
from claimready.settings import Settings, load_settings


def claim_folders(paths: Sequence[Path]) -> list[Path]:
    """Each path is a claim folder, or a folder of claim folders (the bundled samples)."""
    folders: list[Path] = []
    for path in paths:
        if not path.is_dir():
            raise InputError(f"no such folder: {path}" if not path.exists() else f"not a folder: {path}")
        entries = [p for p in path.iterdir() if not p.name.startswith(".")]
        if entries and all(p.is_dir() for p in entries):
            folders.extend(sorted(entries))
        else:
            folders.append(path)
    return folders


def readiness_table(reports: Sequence[ReportOut]) -> str:
    rows = [("claim", "status", "score", "discrepancies")]
    for r in reports:
        codes = ", ".join(sorted({d.code for d in r.discrepancies if d.severity != "info"})) or "-"
        rows.append((r.claim_id, r.status, str(r.score), codes))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:>{widths[2]}}  {d}" for a, b, c, d in rows)


def cmd_verify(args: argparse.Namespace, settings: Settings) -> int:
    rules = load_rules(settings.rules_dir)
    reports = [report_out(verify_claim(folder, settings, rules)) for folder in claim_folders(args.dirs)]
    if args.table:
        text = readiness_table(reports)
    else:
        payload = reports[0].model_dump() if len(reports) == 1 else [r.model_dump() for r in reports]
        text = json.dumps(payload, ensure_ascii=False, indent=2)
    _emit(text, args.out)
    return 0


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    if not args.file.is_file():
        raise InputError(f"no such file: {args.file}")
    rules = load_rules(settings.rules_dir)
    forced = DocType(args.type) if args.type else None
    doc = extract_document(identify_file(args.file), settings, rules, forced)
    _emit(json.dumps(document_out(doc).model_dump(), ensure_ascii=False, indent=2), args.out)
    return 0


def _emit(text: str, out: Path | None) -> None:
    if out:
        out.write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="claimready", description="Check trade-credit insurance claim documents.")
    sub = parser.add_subparsers(dest="command", required=True)
    verify = sub.add_parser("verify", help="verify claim folders and print their reports")
    verify.add_argument("dirs", nargs="+", type=Path, metavar="DIR")
    verify.add_argument("--out", type=Path, help="write the JSON report to FILE")
    verify.add_argument("--table", action="store_true", help="print a readiness table instead of JSON")
    verify.set_defaults(func=cmd_verify)
    extract = sub.add_parser("extract", help="print one document's entry of the report")
    extract.add_argument("file", type=Path, metavar="FILE")
    extract.add_argument("--type", choices=[t.value for t in DocType], help="force the document type")
    extract.add_argument("--out", type=Path)
    extract.set_defaults(func=cmd_extract)
    register_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        return args.func(args, settings)
    except ClaimReadyError as exc:
        print(f"claimready: error: {exc.reason}", file=sys.stderr)
        return exit_code(exc)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
