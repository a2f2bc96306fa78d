"""The service's settings, taken from the one config object (``TiermemConfig``,
``TIERMEM_SERVICE_*``) in one place, plus the one thing only the command line decides:
whether auth is on (``--no-auth``, allowed on a loopback host only)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from tiermem.config import TiermemConfig
from tiermem.errors import InvalidInputError


@dataclass(frozen=True)
class ServiceSettings:
    host: str = "127.0.0.1"
    port: int = 8000
    auth: bool = True
    rate_per_s: float = 20.0
    burst: int = 40
    auth_failures_per_s: float = 0.2  # per client address: refill of wrong-key allowance
    auth_failures_burst: int = 20
    timeout_s: float = 60.0
    max_body_bytes: int = 1_048_576

    @classmethod
    def from_config(
        cls,
        config: TiermemConfig,
        *,
        host: str | None = None,
        port: int | None = None,
        auth: bool = True,
    ) -> ServiceSettings:
        settings = cls(
            host=host if host is not None else config.service_host,
            port=port if port is not None else config.service_port,
            auth=auth,
            rate_per_s=config.service_rate_per_s,
            burst=config.service_burst,
            auth_failures_per_s=config.service_auth_failures_per_s,
            auth_failures_burst=config.service_auth_failures_burst,
            timeout_s=config.service_timeout_s,
            max_body_bytes=config.service_max_body_bytes,
        )
        settings.check()
        return settings

    def check(self) -> None:
        """An open service on a reachable address would hand every tenant's memories to
        anyone who can connect: auth may be off only on a loopback host."""
        if not self.auth and not is_loopback(self.host):
            raise InvalidInputError(
                f"--no-auth is allowed only on a loopback host (127.0.0.1, ::1, localhost), "
                f"not {self.host!r}"
            )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
