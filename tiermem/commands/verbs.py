"""The everyday verbs: each opens a ``Memory`` from the ``TIERMEM_*`` configuration, makes
the one API call it is named after, prints the result and closes.

Going through the public ``Memory`` API (not the stores) means the command line checks
input, writes and reads exactly as a Python caller would; a mistake is the API's own
``InvalidInputError`` and reaches the one-line error of ``tiermem.cli``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tiermem.commands import render
from tiermem.errors import InvalidInputError, MemoryNotFoundError
from tiermem.memory import Memory


@contextmanager
def opened_memory() -> Iterator[Memory]:
    """A ``Memory`` on the configured store, closed (and its embedded Redis released)
    however the verb ends."""
    from tiermem.config import TiermemConfig

    memory = Memory(TiermemConfig.load())
    try:
        yield memory
    finally:
        memory.close()


def scope_of(args: argparse.Namespace) -> dict[str, str | None]:
    return {"user_id": args.user_id, "agent_id": args.agent_id, "run_id": args.run_id}


def json_object(value: str | None, what: str) -> dict[str, Any] | None:
    """``--metadata`` / ``--filters``: a JSON object, or a one-line error naming the flag."""
    if value is None:
        return None
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(
            f"--{what} is not JSON: {exc.msg} (at character {exc.pos})"
        ) from exc
    if not isinstance(parsed, dict):
        raise InvalidInputError(f"--{what} must be a JSON object, got {type(parsed).__name__}")
    return parsed


def _timestamp(value: str | None) -> float | str | None:
    """Epoch seconds when the flag is a number, else the string for the API to check."""
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return value


def add(args: argparse.Namespace) -> int:
    data: str | list[dict[str, str]] = args.text
    if args.role is not None:
        data = [{"role": args.role, "content": args.text}]
    metadata = json_object(args.metadata, "metadata")
    with opened_memory() as memory:
        result = memory.add(
            data,
            **scope_of(args),
            metadata=metadata,
            timestamp=_timestamp(args.timestamp),
            infer=not args.no_infer,
        )
    if args.json:
        render.print_json(result)
    else:
        render.added(result)
    return 0


def search(args: argparse.Namespace) -> int:
    filters = json_object(args.filters, "filters")
    with opened_memory() as memory:
        ids = scope_of(args)
        result = memory.search(
            args.query,
            user_id=ids.get("user_id"),
            agent_id=ids.get("agent_id"),
            run_id=ids.get("run_id"),
            limit=args.limit,
            filters=filters,
            threshold=args.threshold,
            tiers=args.tier,
            include_superseded=args.include_superseded,
        )
    if args.json:
        render.print_json(result)
    else:
        hits = result["results"]
        render.memories(hits, title=f"{len(hits)} hits for {args.query!r}", scores=True)
    return 0


def get(args: argparse.Namespace) -> int:
    with opened_memory() as memory:
        item = memory.get(args.memory_id)
    if item is None:
        raise MemoryNotFoundError(
            f"no live memory with id {args.memory_id} (`tiermem history` shows ended ones)"
        )
    if args.json:
        render.print_json(item)
    else:
        render.detail(item)
    return 0


def list_memories(args: argparse.Namespace) -> int:
    filters = json_object(args.filters, "filters")
    with opened_memory() as memory:
        result = memory.get_all(
            **scope_of(args),
            tier=args.tier,
            filters=filters,
            limit=args.limit,
            include_superseded=args.include_superseded,
        )
    if args.json:
        render.print_json(result)
    else:
        rows = result["results"]
        render.memories(rows, title=f"{len(rows)} memories")
    return 0


def history(args: argparse.Namespace) -> int:
    with opened_memory() as memory:
        events = memory.history(args.memory_id)
    if args.json:
        render.print_json(events)
    else:
        render.events(args.memory_id, events)
    return 0


def delete(args: argparse.Namespace) -> int:
    scope = scope_of(args)
    if args.all == (args.memory_id is not None):
        raise InvalidInputError("give either a memory id or --all with a scope, not both")
    if args.memory_id is not None and any(v is not None for v in scope.values()):
        raise InvalidInputError("a memory id needs no --user-id/--agent-id/--run-id")
    if args.all:
        from tiermem import validation

        tenant = validation.scope(**scope).tenant  # a missing scope fails before asking
        if not args.yes and not _confirmed(f"delete every memory of {tenant}?"):
            raise InvalidInputError(f"not confirmed: add --yes to delete every memory of {tenant}")
    with opened_memory() as memory:
        if args.all:
            result = memory.delete_all(**scope)
        else:
            result = memory.delete(args.memory_id)
            result = {**result, "id": args.memory_id}
    if args.json:
        render.print_json(result)
    else:
        render.line(result["message"])
    return 0


def _confirmed(question: str) -> bool:
    """Ask on a terminal; a script (no terminal) must say --yes."""
    if not sys.stdin.isatty():
        return False
    answer = input(f"{question} [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def reembed(args: argparse.Namespace) -> int:
    """Opens Redis and the embedder only (no ``Memory``: the store's old identity would
    refuse the new embedder, which is the point of the verb)."""
    from tiermem.config import TiermemConfig
    from tiermem.opening import embedder_for, redis_client
    from tiermem.reembed import reembed as run
    from tiermem.tiers import keys

    config = TiermemConfig.load()
    if config.long_store_url is not None:
        print(
            "tiermem reembed converts local long-term shards only; with long_store_url set "
            "the long-term facts live in PostgreSQL, which it does not convert yet",
            file=sys.stderr,
        )
        return 2
    config.data_dir.mkdir(parents=True, exist_ok=True)
    with redis_client(config) as client:
        embedder = embedder_for(config, query_cache=0)
        stored = client.hget(keys.META, "embedder")
        old = keys.text(stored) if stored is not None else None
        if old == embedder.identity or old is None:
            print(f"nothing to do: the store is embedded with {embedder.identity}")
            return 0
        if not args.yes:
            print(f"would embed every memory again: {old} -> {embedder.identity} (add --yes)")
            return 0
        report = run(
            client,
            config.data_dir / "long",
            embedder,
            progress=lambda step: print(step, file=sys.stderr),
        )
    print(json.dumps(report.model_dump()))
    return 0
