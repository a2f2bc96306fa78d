"""The everyday verbs of the ``tiermem`` command (add, search, get, list, history,
delete) and the bulk ones (export, import).

They live apart from ``tiermem.cli`` so that module stays the small, shared entry point:
it hands its subparsers to ``register_verbs`` and runs what ``run_verb`` says, and every
mistake a verb reports as a ``TiermemError`` reaches its one-line error handling.
"""

from tiermem.commands.parsers import register_verbs, run_verb

__all__ = ["register_verbs", "run_verb"]
