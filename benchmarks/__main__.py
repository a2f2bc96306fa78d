"""``python -m benchmarks <suite> [--quick] [--systems a,b] [--policy-config NAME=JSON]``
(``--out DIR``, ``--phrasings blind``...), or ``python -m benchmarks compare RUN_A RUN_B``.

Suites: locomo, updates, goodai, perf (cost ratios, ``benchmarks.perf``), consolidation
(throughput, ``benchmarks.consolidation``), service (HTTP against in-process,
``benchmarks.service``), growth (search latency and memory per item up to 1M facts and
10,000 tenants, ``benchmarks.growth``), scale (1, 2 and 4 servers and workers on a Redis
Cluster and PostgreSQL, ``benchmarks.scale``), all.
Results go to ``benchmarks/results/<suite>-<UTC timestamp>/`` unless ``--out`` is given;
``all`` writes one sub-folder per suite there.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.datasets.updates import PHRASINGS
from benchmarks.harness import Suite, default_out_dir, run_suite
from benchmarks.systems import DEFAULT_SYSTEMS, FACTORIES, System, build, check_name, policy_of

SUITES = ("locomo", "updates", "goodai", "perf", "consolidation", "service", "growth", "scale")


def make_suite(name: str, quick: bool, captions: bool = True, phrasings: str = "seen") -> Suite:
    if name == "locomo":
        from benchmarks.suites.locomo import LoCoMoSuite

        return LoCoMoSuite(quick=quick, captions=captions)
    if name == "updates":
        from benchmarks.suites.updates import UpdatesSuite

        return UpdatesSuite(quick=quick, phrasings=phrasings)
    if name == "goodai":
        from benchmarks.suites.goodai import GoodAISuite

        return GoodAISuite(quick=quick)
    raise ValueError(f"unknown suite {name!r}")


def run_perf(out: Path, quick: bool, systems: list[str]) -> dict[str, Any]:
    from benchmarks.perf import run

    return run(out_dir=out, quick=quick, systems=systems)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("suite", choices=[*SUITES, "all"])
    parser.add_argument("--quick", action="store_true", help="a small slice, minutes not hours")
    parser.add_argument(
        "--systems",
        default=",".join(DEFAULT_SYSTEMS),
        help=f"comma-separated, from: {', '.join(FACTORIES)}, or tiermem:<policy>[@label] "
        "(none, heuristic, llm, or a policy class's dotted path)",
    )
    parser.add_argument("--out", type=Path, default=None, help="results folder")
    parser.add_argument(
        "--batch-adds",
        action="store_true",
        help="add each session in one call (latency is shared per observation)",
    )
    parser.add_argument(
        "--no-captions",
        action="store_true",
        help="LoCoMo: leave photo captions out of the turn text",
    )
    parser.add_argument(
        "--phrasings",
        choices=PHRASINGS,
        default="seen",
        help="updates: the generator's own sentences, the first held-out set, "
        "the fresh one (28 attributes, written blind), or the development sets "
        "dev, dev2, dev3 and dev4 that rules are tuned against (dev2-dev4 written blind), "
        "dev5 and dev6 (written blind, read since), dev7, dev8 and dev9 (written blind, "
        "2026-12-07; dev9 has the fresh stream's 28 attribute names)",
    )
    parser.add_argument(
        "--policy-config",
        action="append",
        default=[],
        metavar="NAME=JSON",
        help="config overrides for one tiermem:<policy> system: NAME={json object} or "
        "NAME=@file.json; repeat for several systems",
    )
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args(argv)
    args.system_list = [s.strip() for s in args.systems.split(",") if s.strip()]
    for name in args.system_list:
        try:
            check_name(name)
        except ValueError as exc:
            parser.error(str(exc))
    try:
        args.settings = policy_settings(args.policy_config, args.system_list)
    except ValueError as exc:
        parser.error(str(exc))
    return args


def build_with(settings: dict[str, dict[str, Any]], name: str) -> System:
    return build(name, settings.get(name))


def policy_settings(entries: list[str], systems: list[str]) -> dict[str, dict[str, Any]]:
    """``NAME=JSON`` / ``NAME=@file`` entries as system -> config overrides, each checked
    against tiermem's config so a typo fails before a long run, not after it."""
    from tiermem.config import TiermemConfig
    from tiermem.errors import InvalidInputError

    out: dict[str, dict[str, Any]] = {}
    for entry in entries:
        name, sep, raw = entry.partition("=")
        if not sep or not name:
            raise ValueError(f"--policy-config {entry!r}: expected NAME=JSON or NAME=@file.json")
        if policy_of(name) is None or name not in systems:
            raise ValueError(
                f"--policy-config {name!r}: name one of this run's tiermem:<policy> systems "
                f"({', '.join(s for s in systems if policy_of(s)) or 'none given'})"
            )
        text = Path(raw[1:]).read_text(encoding="utf-8") if raw.startswith("@") else raw
        try:
            settings = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"--policy-config {name}: not JSON: {exc}") from exc
        if not isinstance(settings, dict):
            raise ValueError(f"--policy-config {name}: expected a JSON object of config fields")
        if "policy" in settings:
            raise ValueError(f"--policy-config {name}: the policy comes from the system name")
        try:
            TiermemConfig.of(settings)
        except InvalidInputError as exc:
            raise ValueError(f"--policy-config {name}: {exc}") from exc
        out[name] = {**out.get(name, {}), **settings}
    return out


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    given = sys.argv[1:] if argv is None else argv
    if given[:1] == ["compare"]:
        from benchmarks.compare import main as compare

        return compare(given[1:])
    args = parse(argv)
    suites = list(SUITES) if args.suite == "all" else [args.suite]
    root = args.out or default_out_dir(args.suite)
    for name in suites:
        out = root / name if args.suite == "all" else root
        if name == "perf":
            run_perf(out, args.quick, args.system_list)
            continue
        if name == "consolidation":
            from benchmarks.consolidation import run as run_consolidation

            run_consolidation(out, args.quick)
            continue
        if name == "growth":
            from benchmarks.growth import run as run_growth

            run_growth(out, args.quick)
            continue
        if name == "scale":
            from benchmarks.scale import run as run_scale

            run_scale(out, args.quick)
            continue
        if name == "service":
            from benchmarks.service import run as run_service

            run_service(out, args.quick)
            continue
        suite = make_suite(
            name, args.quick, captions=not args.no_captions, phrasings=args.phrasings
        )
        run_suite(
            suite,
            args.system_list,
            out,
            quick=args.quick,
            batch_adds=args.batch_adds,
            progress=not args.no_progress,
            factory=partial(build_with, args.settings),
        )
        print(f"[{name}] report: {out / 'report.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
