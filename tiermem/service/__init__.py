"""``tiermem serve``: a Mem0-compatible HTTP service around one ``Memory``, with API keys
scoped to tenants. ``create_app`` builds the app; ``commands`` adds the CLI verbs.

The names are imported on first use: the CLI imports ``commands`` for every command, and
``tiermem stats`` should not pay for importing FastAPI.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tiermem.service.app import create_app
    from tiermem.service.keys import KeyStore
    from tiermem.service.settings import ServiceSettings

__all__ = ["KeyStore", "ServiceSettings", "create_app"]
_HOMES = {"create_app": "app", "KeyStore": "keys", "ServiceSettings": "settings"}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'tiermem.service' has no attribute {name!r}")
    return getattr(importlib.import_module(f"tiermem.service.{_HOMES[name]}"), name)
