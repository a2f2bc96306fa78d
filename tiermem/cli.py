"""Command line: `tiermem demo`, `tiermem worker`, `tiermem stats`."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from types import FrameType


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tiermem", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="replay a scripted conversation and show every tier")
    demo.add_argument("--policy", default="llm", help="none | heuristic | llm (default: llm)")
    sub.add_parser("worker", help="run scheduled consolidation until stopped (uses TIERMEM_*)")
    sub.add_parser("stats", help="print per-tenant tier counts as JSON (uses TIERMEM_*)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    if args.command == "demo":
        from tiermem.demo import run_demo

        run_demo(policy=args.policy)
        return 0

    from tiermem.memory import Memory

    if args.command == "stats":
        with Memory() as memory:
            json.dump(memory.stats(), sys.stdout, indent=2)
            print()
        return 0

    from tiermem.consolidation.scheduler import run_worker

    memory = Memory()

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        run_worker(memory.engine, memory.config)
    finally:
        memory.close()
    return 0
