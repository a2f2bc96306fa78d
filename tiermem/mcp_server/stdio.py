"""``tiermem mcp --user-id U``: the memory tools over stdio, for one tenant.

An MCP client (Claude Desktop, an IDE, an agent framework) starts this as a subprocess
and speaks JSON-RPC on its stdin/stdout, so nothing else may write to stdout: logs go
to stderr. The tenant is fixed by the command line, and the store is the one
``TIERMEM_*`` names, as for every other verb.
"""

from __future__ import annotations

import argparse

from tiermem import validation
from tiermem.config import TiermemConfig
from tiermem.mcp_server.tools import build_server


def register(sub: object) -> None:
    """Add ``mcp`` to the ``tiermem`` subparsers (``sub``: argparse's subparsers)."""
    parser = sub.add_parser(  # type: ignore[attr-defined]
        "mcp", help="serve the memory tools to an MCP client over stdio (uses TIERMEM_*)"
    )
    parser.add_argument("--user-id", help="the user whose memories the tools read and write")
    parser.add_argument("--agent-id", help="an agent id (the tenant when no --user-id)")
    parser.add_argument("--run-id", help="a run id (narrows; the tenant when alone)")
    parser.set_defaults(service_run=run_stdio)


def run_stdio(args: argparse.Namespace) -> int:
    from tiermem.memory import Memory

    owner = validation.scope(args.user_id, args.agent_id, args.run_id)
    memory = Memory(TiermemConfig.load())
    try:
        build_server(memory, lambda ctx: owner).run("stdio")
    finally:
        memory.close()
    return 0
