"""Accuracy over a fresh generated corpus: doc type, fields, per-code recall, false alarms.

    .venv/bin/python bench/accuracy.py [--count 60] [--seed 424242] [--scanned] [--variety] [--corpus DIR] [--jobs 2]
                                       [--keep DIR] [--reads DIR] [--claims a,b]

Generates claims with `claimready.fixtures.generate` (a seed the tests do not use), or with
`--variety` the held-out corpus of `claimready.fixtures.variety` (templates, wordings and layouts
the fixtures never use: how the extractors generalise), verifies
each with the same pipeline as `claimready verify`, and compares with the truth files.
Prints figures only; asserts nothing.

`--reads DIR` keeps each file's read (text layer or OCR) in DIR, keyed by the file's sha256, and
reuses it on the next run: a change to classification, fields or checks is re-scored in seconds
instead of re-OCR'ing the corpus. Use a new DIR whenever reading (OCR, cleanup, text layer) changes.
`--keep DIR` generates the corpus into DIR (kept) instead of a temporary folder.
"""

from __future__ import annotations

import argparse
import functools
import json
import pickle
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from claimready import pipeline
from claimready.models import DocumentText, SourceFile
from claimready.pipeline import verify_claim
from claimready.report import ReportOut, report_out
from claimready.rules import load_rules
from claimready.settings import Settings

SERIOUS = {"blocking", "major"}


@dataclass
class Tally:
    docs: int = 0
    doc_type_ok: int = 0
    field_ok: Counter[str] = field(default_factory=Counter)
    field_total: Counter[str] = field(default_factory=Counter)
    field_extra: Counter[str] = field(default_factory=Counter)
    code_hit: Counter[str] = field(default_factory=Counter)
    code_total: Counter[str] = field(default_factory=Counter)
    forbidden_raised: Counter[str] = field(default_factory=Counter)
    forbidden_total: Counter[str] = field(default_factory=Counter)
    clean: int = 0
    clean_alarms: int = 0
    claims: int = 0
    misses: list[str] = field(default_factory=list)


def _norm(value: object) -> object:
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def _cached_reader(reads: Path, read):
    """`read_document` through a cache of reads in `reads`, keyed by the file's content."""
    def read_cached(file: SourceFile, settings: Settings) -> DocumentText:
        path = reads / f"{file.sha256[:24]}.pkl"
        if path.exists():
            return pickle.loads(path.read_bytes())
        text = read(file, settings)  # an unreadable file raises and is not cached
        path.write_bytes(pickle.dumps(text))
        return text
    return read_cached


def verify_one(folder: str, reads: Path | None = None) -> dict:
    if reads is not None and not getattr(pipeline.read_document, "cached", False):
        pipeline.read_document = _cached_reader(reads, pipeline.read_document)
        pipeline.read_document.cached = True
    settings = Settings(ocr_workers=1)
    report = report_out(verify_claim(Path(folder), settings, load_rules(settings.rules_dir)))
    return report.model_dump()


def score_claim(truth: dict, report: ReportOut, tally: Tally) -> None:
    tally.claims += 1
    docs = {d.name: d for d in report.documents}
    for name, expected in truth["documents"].items():
        got = docs.get(name)
        tally.docs += 1
        if got is not None and got.doc_type == expected["doc_type"]:
            tally.doc_type_ok += 1
        else:
            tally.misses.append(f"{truth['claim']}/{name}: type {got.doc_type if got else None} != {expected['doc_type']}")
        for fname, fvalue in expected.get("fields", {}).items():
            key = f"{expected['doc_type']}.{fname}"
            tally.field_total[key] += 1
            have = got.fields.get(fname) if got else None
            if have is not None and _norm(have.value) == _norm(fvalue):
                tally.field_ok[key] += 1
            else:
                tally.misses.append(f"{truth['claim']}/{name}: {key} = {have.value if have else None!r}, want {fvalue!r}")
        if got is not None and got.doc_type == expected["doc_type"]:
            for fname in set(got.fields) - set(expected.get("fields", {})):
                tally.field_extra[f"{expected['doc_type']}.{fname}"] += 1
    raised = {d.code for d in report.discrepancies if d.severity != "info"}
    for code in truth.get("expected_codes", []):
        tally.code_total[code] += 1
        if code in raised:
            tally.code_hit[code] += 1
        else:
            tally.misses.append(f"{truth['claim']}: missed {code}; raised {sorted(raised)}")
    for code in truth.get("forbidden_codes", []):
        tally.forbidden_total[code] += 1
        if code in raised:
            tally.forbidden_raised[code] += 1
            tally.misses.append(f"{truth['claim']}: raised forbidden {code}")
    if not truth.get("expected_codes"):
        tally.clean += 1
        serious = sorted({d.code for d in report.discrepancies if d.severity in SERIOUS})
        if serious:
            tally.clean_alarms += 1
            tally.misses.append(f"{truth['claim']}: false alarm on clean claim: {serious}")


def _ratio(ok: int, total: int) -> str:
    return f"{ok / total:.3f} ({ok}/{total})" if total else "n/a"


def print_tally(title: str, tally: Tally, show_misses: int) -> None:
    print(f"\n== {title}: {tally.claims} claims, {tally.docs} documents")
    print(f"doc type accuracy      {_ratio(tally.doc_type_ok, tally.docs)}")
    ok, total = sum(tally.field_ok.values()), sum(tally.field_total.values())
    print(f"field accuracy (all)   {_ratio(ok, total)}")
    for key in sorted(tally.field_total):
        extra = tally.field_extra.get(key, 0)
        print(f"  {key:<38} {_ratio(tally.field_ok[key], tally.field_total[key])}" + (f"  extra:{extra}" if extra else ""))
    extras = {k: v for k, v in tally.field_extra.items() if k not in tally.field_total}
    if extras:
        print(f"  fields extracted but never in truth: {dict(sorted(extras.items()))}")
    hits, codes = sum(tally.code_hit.values()), sum(tally.code_total.values())
    print(f"code recall (all)      {_ratio(hits, codes)}")
    for code in sorted(tally.code_total):
        print(f"  {code:<38} {_ratio(tally.code_hit[code], tally.code_total[code])}")
    raised, near = sum(tally.forbidden_raised.values()), sum(tally.forbidden_total.values())
    print(f"near-miss false hits   {_ratio(raised, near)}")
    print(f"false alarms on clean  {_ratio(tally.clean_alarms, tally.clean)}  (any blocking/major on a clean claim)")
    for line in tally.misses[:show_misses]:
        print(f"  miss: {line}")
    if len(tally.misses) > show_misses:
        print(f"  ... {len(tally.misses) - show_misses} more misses")


def _generate(corpus: Path, args: argparse.Namespace) -> None:
    if args.variety:
        from claimready.fixtures.variety import write_variety_corpus

        write_variety_corpus(corpus, args.count, args.seed, scanned=args.scanned)
        return
    from claimready.fixtures.generate import generate_corpus

    generate_corpus(corpus, count=args.count, seed=args.seed, scanned=args.scanned)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--seed", type=int, default=424242)
    parser.add_argument("--scanned", action="store_true", help="include scanned variants")
    parser.add_argument("--variety", action="store_true",
                        help="generate the held-out variety corpus (claimready.fixtures.variety) instead")
    parser.add_argument("--corpus", type=Path, help="use an existing corpus instead of generating one")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--misses", type=int, default=25, help="how many misses to list per split")
    parser.add_argument("--keep", type=Path, help="generate the corpus into this folder and keep it")
    parser.add_argument("--reads", type=Path, help="cache each file's read here (see above)")
    parser.add_argument("--claims", help="only these claims (comma-separated ids)")
    args = parser.parse_args(argv)
    if args.reads is not None:
        args.reads.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="claimready-acc-") as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = args.keep or Path(tmp)
            corpus.mkdir(parents=True, exist_ok=True)
            t0 = time.perf_counter()
            _generate(corpus, args)
            kind = "variety claims" if args.variety else "claims"
            print(f"generated {args.count} {kind} (seed {args.seed}, scanned={args.scanned}) in {time.perf_counter() - t0:.1f}s")
        truths = [json.loads(p.read_text()) for p in sorted(corpus.glob("*.truth.json"))]
        if args.claims:
            wanted = set(args.claims.split(","))
            truths = [t for t in truths if t["claim"] in wanted]
        t0 = time.perf_counter()
        folders = [str(corpus / t["claim"]) for t in truths]
        with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            verify = functools.partial(verify_one, reads=args.reads)
            reports = [ReportOut.model_validate(r) for r in pool.map(verify, folders)]
        elapsed = time.perf_counter() - t0
        splits: dict[str, Tally] = defaultdict(Tally)
        for truth, report in zip(truths, reports):
            for split in ("all", f"variant={truth.get('variant', 'text')}", f"language={truth.get('language', '?')}"):
                score_claim(truth, report, splits[split])
        print(f"verified {len(truths)} claims in {elapsed:.1f}s with {args.jobs} processes")
        print_tally("all", splits.pop("all"), args.misses)
        for name in sorted(splits):
            print_tally(name, splits[name], 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
