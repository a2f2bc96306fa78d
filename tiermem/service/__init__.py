"""``tiermem serve``: a Mem0-compatible HTTP service around one ``Memory``, with API keys
scoped to tenants. ``create_app`` builds the app; ``commands`` adds the CLI verbs."""

from __future__ import annotations

from tiermem.service.app import create_app
from tiermem.service.keys import KeyStore
from tiermem.service.settings import ServiceSettings

__all__ = ["KeyStore", "ServiceSettings", "create_app"]
