"""Command line: `tiermem demo|worker|stats|redis-cluster`, the service (`serve`, `keys`,
`mcp`), and the everyday verbs (`add|search|get|list|history|delete|export|import`).

A mistake the user can fix (a bad setting, an unreachable Redis) is reported as one
line, ``tiermem: error: ...``, with exit status 2: a traceback would bury the one
sentence that matters. ``--debug`` shows the traceback instead; anything unexpected
(a bug) always does.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import signal
import sys
from pathlib import Path
from types import FrameType

import redis
from pydantic import ValidationError

from tiermem.commands import register_verbs, run_verb
from tiermem.errors import InvalidInputError, TiermemError
from tiermem.service import commands as service_commands

EXIT_USAGE = 2  # as argparse exits for a bad command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="tiermem",
        description="Tiered memory for LLM apps: a demo, a worker, a service, and the verbs.",
    )
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of tiermem's own errors"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="replay a scripted conversation and show every tier")
    demo.add_argument("--policy", default="llm", help="none | heuristic | llm (default: llm)")
    sub.add_parser("worker", help="run scheduled consolidation until stopped (uses TIERMEM_*)")
    sub.add_parser(
        "stats", help="print per-tenant tier counts as JSON (uses TIERMEM_*; no model loaded)"
    )
    cluster = sub.add_parser(
        "redis-cluster",
        help="run a Redis Cluster on this machine until stopped (to try tiermem on one)",
        description="Start N primaries with replicas from the embedded redis-server binary, "
        "form the cluster, print the TIERMEM_REDIS_URL to use, and run until Ctrl-C or "
        "SIGTERM. Started again on the same --dir, it brings the same cluster back.",
    )
    cluster.add_argument("--dir", required=True, type=Path, help="where the nodes keep data")
    cluster.add_argument("--masters", type=int, default=3, help="primaries (default 3)")
    cluster.add_argument("--replicas", type=int, default=1, help="replicas each (default 1)")
    cluster.add_argument("--port", type=int, help="first port (default: free ports)")
    service_commands.register(sub)  # serve, keys
    register_verbs(sub)  # add, search, get, list, history, delete, export, import
    args = parser.parse_args(argv)
    _configure_logging()
    try:
        return _run(args)
    except (TiermemError, ValidationError, redis.ConnectionError) as exc:
        if args.debug:
            raise
        print(f"tiermem: error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE


def _configure_logging() -> None:
    """tiermem's own INFO lines (worker start/stop, what consolidation moved), and only
    warnings from libraries: their INFO lines (model loading, HTTP requests to Ollama,
    scheduler internals) say nothing a tiermem user can act on."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("tiermem").setLevel(logging.INFO)


def _one_line(exc: BaseException) -> str:
    """The error's message on one line; a long diagnostic (a redis-server log tail) is
    cut to its first line, and --debug shows it whole."""
    if isinstance(exc, ValidationError):
        from tiermem.config import describe_error

        return describe_error(exc)
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    if isinstance(exc, redis.ConnectionError):
        lines[0] = f"cannot reach Redis: {lines[0]}"
    if len(lines) > 1:
        return f"{lines[0]} (more detail: tiermem --debug ...)"
    return lines[0]


def _run(args: argparse.Namespace) -> int:
    if (code := service_commands.run(args)) is not None:
        return code
    if (code := run_verb(args)) is not None:
        return code
    if args.command == "redis-cluster":
        return _run_redis_cluster(args)
    if args.command == "demo":
        from tiermem.demo import run_demo

        run_demo(policy=args.policy)
        return 0

    from tiermem.config import TiermemConfig

    config = TiermemConfig.load()

    if args.command == "stats":
        from tiermem import tier_counts

        json.dump(tier_counts.collect(config), sys.stdout, indent=2)
        print()
        return 0

    from tiermem.consolidation.scheduler import run_worker
    from tiermem.memory import Memory

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    memory = Memory(config)
    try:
        run_worker(memory.engine, memory.config)
    finally:
        memory.close()
    return 0


def _run_redis_cluster(args: argparse.Namespace) -> int:
    from tiermem.tiers.redis_cluster import LocalCluster

    if args.masters < 3 or args.replicas < 0:
        raise InvalidInputError("a Redis Cluster needs at least 3 primaries and >= 0 replicas")

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    cluster = LocalCluster(
        args.dir,
        masters=args.masters,
        replicas=args.replicas,
        appendonly=True,
        first_port=args.port,
    )
    with cluster:
        for node in cluster.nodes:
            role = "primary" if node.master_port is None else f"replica of {node.master_port}"
            print(f"127.0.0.1:{node.port}  {role}")
        print(f"TIERMEM_REDIS_URL={cluster.url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()  # a node that dies meanwhile is restarted by the cluster
    return 0
