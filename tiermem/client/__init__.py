"""Clients for a tiermem service: ``Client`` and ``AsyncClient`` (over httpcore, httpx's
engine), the same methods as ``Memory`` over HTTP."""

from tiermem.client.async_client import AsyncClient
from tiermem.client.calls import AccessDeniedError, RateLimitedError, ServiceError
from tiermem.client.sync import Client

__all__ = ["AccessDeniedError", "AsyncClient", "Client", "RateLimitedError", "ServiceError"]
