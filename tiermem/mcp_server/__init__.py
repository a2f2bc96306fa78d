"""tiermem as an MCP server (the official ``mcp`` SDK): the same memory tools over stdio
(``tiermem mcp --user-id U``, one tenant fixed by the command line) and over Streamable
HTTP at ``/mcp`` in ``tiermem serve`` (the API key decides the tenant)."""

from tiermem.mcp_server.tools import build_server

__all__ = ["build_server"]
