"""Service-mode subcommands (serve, worker, reconcile). PLACEHOLDER until service mode lands."""

from __future__ import annotations

import argparse


def register_commands(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add service-mode subcommands to the `claimready` parser."""
    from claimready.review.demo import register_demo  # `claimready demo` (review page over the samples)

    register_demo(sub)
