"""tiermem: fully local tiered short/mid/long-term memory for LLM applications.

``from tiermem import Memory`` is the whole public surface most callers need.
"""

from tiermem.aio import AsyncMemory
from tiermem.client import AsyncClient, Client
from tiermem.clock import ManualClock
from tiermem.config import TiermemConfig
from tiermem.errors import (
    EmbedderMismatchError,
    InvalidInputError,
    LLMError,
    MemoryNotFoundError,
    RedisUnsupportedError,
    TiermemError,
)
from tiermem.memory import Memory

__all__ = [
    "AsyncClient",
    "AsyncMemory",
    "Client",
    "EmbedderMismatchError",
    "InvalidInputError",
    "LLMError",
    "ManualClock",
    "Memory",
    "MemoryNotFoundError",
    "RedisUnsupportedError",
    "TiermemConfig",
    "TiermemError",
]
__version__ = "0.1.0"
