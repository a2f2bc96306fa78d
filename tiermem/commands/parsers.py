"""The command lines of the verbs: what each accepts, and which function runs it.

Each subparser records its handler as the ``verb`` default, so ``tiermem.cli`` needs
no list of verbs: it asks ``run_verb`` and falls back to its own commands.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from tiermem.commands import porting, verbs

Handler = Callable[[argparse.Namespace], int]


def register_verbs(sub: Any) -> None:
    """Add the verbs to ``tiermem``'s subparsers (``argparse._SubParsersAction``)."""
    _add(sub)
    _search(sub)
    _get(sub)
    _list(sub)
    _history(sub)
    _delete(sub)
    _export(sub)
    _import(sub)
    _reembed(sub)


def run_verb(args: argparse.Namespace) -> int | None:
    """Run the verb the command line named; None when it named another command."""
    handler: Handler | None = getattr(args, "verb", None)
    return None if handler is None else handler(args)


def _parser(sub: Any, name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(verb=handler)
    return parser


def _scope(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    need = " (one of the three ids is required)" if required else ""
    group = parser.add_argument_group("scope" + need)
    group.add_argument("--user-id", help="the user the memories belong to")
    group.add_argument("--agent-id", help="the agent (alone, or narrowing a user)")
    group.add_argument("--run-id", help="the run or session (alone, or narrowing)")


def _json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _add(sub: Any) -> None:
    p = _parser(sub, "add", verbs.add, "store one observation in the short tier")
    p.add_argument("text", help="what was said, e.g. 'I live in Paris'")
    _scope(p)
    p.add_argument("--role", choices=["user", "assistant"], help="who said it (default: none)")
    p.add_argument("--metadata", help="a JSON object stored with the memory")
    p.add_argument("--timestamp", help="when it was said: ISO-8601 with an offset, or epoch s")
    p.add_argument(
        "--no-infer", action="store_true", help="keep the text verbatim through consolidation"
    )
    _json(p)


def _search(sub: Any) -> None:
    p = _parser(sub, "search", verbs.search, "rank the scope's memories against a query")
    p.add_argument("query", help="e.g. 'where do I live?'")
    _scope(p)
    p.add_argument("--limit", type=int, default=10, help="how many hits (default: 10)")
    p.add_argument("--threshold", type=float, help="minimum cosine similarity (e.g. 0.15)")
    p.add_argument(
        "--tier", action="append", choices=["short", "mid", "long"], help="repeat to pick tiers"
    )
    p.add_argument("--filters", help="a JSON object of Mem0-style filters")
    p.add_argument(
        "--include-superseded", action="store_true", help="also rank replaced long-term facts"
    )
    _json(p)


def _get(sub: Any) -> None:
    p = _parser(sub, "get", verbs.get, "show one memory by id")
    p.add_argument("memory_id", help="the 32-hex-digit id add/list/search printed")
    _json(p)


def _list(sub: Any) -> None:
    p = _parser(sub, "list", verbs.list_memories, "list the scope's memories, newest first")
    _scope(p)
    p.add_argument("--tier", choices=["short", "mid", "long"], help="one tier only")
    p.add_argument("--limit", type=int, default=100, help="at most this many (default: 100)")
    p.add_argument("--filters", help="a JSON object of Mem0-style filters")
    p.add_argument(
        "--include-superseded", action="store_true", help="also list replaced long-term facts"
    )
    _json(p)


def _history(sub: Any) -> None:
    p = _parser(sub, "history", verbs.history, "every event of one memory id, oldest first")
    p.add_argument("memory_id", help="any id tiermem issued, live or ended")
    _json(p)


def _delete(sub: Any) -> None:
    p = _parser(sub, "delete", verbs.delete, "delete one memory, or --all of a scope")
    p.add_argument("memory_id", nargs="?", help="the id to delete (or use --all)")
    p.add_argument("--all", action="store_true", help="delete every memory of the scope")
    _scope(p, required=False)
    p.add_argument("--yes", action="store_true", help="confirm --all without a prompt")
    _json(p)


def _export(sub: Any) -> None:
    p = _parser(sub, "export", porting.export, "write a scope's tiers and history as JSON lines")
    _scope(p)
    p.add_argument("--output", "-o", help="write to this file (default: standard output)")


def _import(sub: Any) -> None:
    p = _parser(
        sub,
        "import",
        porting.import_file,
        "load a tiermem export or a conversation (JSONL, OpenAI messages, LoCoMo)",
    )
    p.epilog = (
        "Running an import again adds nothing: an export's ids are kept, and each message's "
        "id is derived from its scope, role, text and timestamp (kept as "
        "metadata.import_key). A memory deleted since an import stays deleted, unless a "
        "tiermem export is imported with --restore-deleted. One import per tenant runs at a "
        "time; a second is refused."
    )
    p.add_argument("file", help="the file to read ('-' for standard input)")
    p.add_argument(
        "--format",
        choices=["auto", "tiermem", "jsonl", "messages", "locomo"],
        default="auto",
        help="input format (default: auto-detect)",
    )
    _scope(p, required=False)
    p.add_argument("--batch-size", type=int, default=100, help="messages per write (default 100)")
    p.add_argument(
        "--restore-deleted",
        action="store_true",
        help="tiermem exports: bring back memories deleted since the export (a backup put "
        "back); their history keeps the deletion and records the return",
    )
    p.add_argument(
        "--skip-invalid",
        action="store_true",
        help="skip (and count as errors) messages that fail validation instead of refusing",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    _json(p)


def _reembed(sub: Any) -> None:
    p = _parser(
        sub,
        "reembed",
        verbs.reembed,
        "embed every memory again with the configured embedder (after changing it)",
    )
    p.epilog = (
        "Stop every worker and server on the store first. Texts, ids, history and validity "
        "stay; only vectors change. Running it again after a crash finishes the job."
    )
    p.add_argument("--yes", action="store_true", help="do it (without: say what would change)")
