"""The service's command-line verbs: ``tiermem serve`` and ``tiermem keys``.

Kept here so ``tiermem/cli.py`` gains one line. Each verb sets ``service_run`` on its
parser; ``cli`` runs it inside its own error handling, so a mistake is one line,
``tiermem: error: ...``, exit 2, like every other verb. ``tiermem keys`` touches only
Redis (joining or starting the embedded server as ``tiermem stats`` does): adding a key
must not load the embedding model.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
from collections.abc import Iterator
from types import FrameType
from typing import Any

from tiermem.config import TiermemConfig
from tiermem.mcp_server import stdio as mcp_stdio
from tiermem.service.keys import KeyStore
from tiermem.service.settings import ServiceSettings


def register(sub: Any) -> None:
    """Add ``serve``, ``keys`` and ``mcp`` to the ``tiermem`` subparsers."""
    serve = sub.add_parser("serve", help="run the Mem0-compatible HTTP service (uses TIERMEM_*)")
    serve.add_argument("--host", default=None, help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default 8000)")
    serve.add_argument(
        "--no-auth", action="store_true", help="no API keys (loopback host only; development)"
    )
    serve.set_defaults(service_run=run_serve)

    keys = sub.add_parser("keys", help="create, list or revoke service API keys")
    verbs = keys.add_subparsers(dest="keys_command", required=True)
    create = verbs.add_parser("create", help="a new key; printed once, on the last line")
    owner = create.add_mutually_exclusive_group(required=True)
    owner.add_argument("--user-id", help="a key that owns this user_id's memories")
    owner.add_argument("--agent-id", help="a key that owns this agent_id's memories")
    owner.add_argument("--admin", action="store_true", help="a key that may do everything")
    create.set_defaults(service_run=run_keys_create)
    verbs.add_parser("list", help="every key's id and scope (never a secret)").set_defaults(
        service_run=run_keys_list
    )
    revoke = verbs.add_parser("revoke", help="revoke a key by its id")
    revoke.add_argument("key_id")
    revoke.set_defaults(service_run=run_keys_revoke)
    mcp_stdio.register(sub)


def run(args: argparse.Namespace) -> int | None:
    """Run the service verb ``args`` names; None if it names none (another verb)."""
    handler = getattr(args, "service_run", None)
    if handler is None:
        return None
    code: int = handler(args)
    return code


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from tiermem.memory import Memory
    from tiermem.service.app import create_app

    config = TiermemConfig.load()
    settings = ServiceSettings.from_config(
        config, host=args.host, port=args.port, auth=not args.no_auth
    )  # refuses --no-auth on a reachable host before anything is opened
    memory = Memory(config)
    memory.stores.embedder.load()  # ~4 s now, not inside the first request's deadline
    judge = memory.stores.judge()
    if judge is not None:  # unpacked and built once, if pip (not make) installed it
        judge.load()
    for signum in (signal.SIGINT, signal.SIGTERM):
        # uvicorn shuts down gracefully, then re-raises the signal it caught: end with
        # status 0 (and the Memory closed below), as `tiermem worker` does on SIGTERM.
        signal.signal(signum, _exit_quietly)
    try:
        app = create_app(memory, KeyStore(memory.client), settings)
        server = uvicorn.Server(
            uvicorn.Config(
                app, host=settings.host, port=settings.port, log_level="info", access_log=False
            )  # a log line per request costs the hot path; /metrics counts requests
        )
        server.run()
    finally:
        memory.close()
    return 0


def _exit_quietly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


@contextlib.contextmanager
def _keystore() -> Iterator[KeyStore]:
    from tiermem.opening import redis_client

    config = TiermemConfig.load()
    config.data_dir.mkdir(parents=True, exist_ok=True)
    with redis_client(config) as client:
        yield KeyStore(client)


def run_keys_create(args: argparse.Namespace) -> int:
    with _keystore() as store:
        record, key = store.create(user_id=args.user_id, agent_id=args.agent_id, admin=args.admin)
    print(json.dumps(record.public()))
    print("store this key now; it is not shown again:", file=sys.stderr)
    print(key)
    return 0


def run_keys_list(args: argparse.Namespace) -> int:
    with _keystore() as store:
        found = store.list()
    json.dump([k.public() for k in found], sys.stdout, indent=2)
    print()
    return 0


def run_keys_revoke(args: argparse.Namespace) -> int:
    from tiermem.errors import InvalidInputError

    with _keystore() as store:
        if not store.revoke(args.key_id):
            raise InvalidInputError(f"no key with id {args.key_id}")
    print(f"revoked {args.key_id}")
    return 0
