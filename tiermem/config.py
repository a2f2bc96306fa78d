"""The one configuration object.

Read from (lowest to highest precedence) defaults, a JSON file named by
``TIERMEM_CONFIG_FILE``, environment variables ``TIERMEM_*`` and an explicit dict.
Nothing else in tiermem reads ``os.environ``: every knob is here, typed and checked.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tiermem.attributes.schema import AttributeSpec
from tiermem.errors import InvalidInputError

LLMBackendName = Literal["auto", "ollama", "embedded", "none"]


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

    # embedder
    embedder_model: str | None = None  # None: the packaged all-MiniLM-L6-v2
    embedder_batch_size: int = Field(default=64, ge=1, le=4096)
    embedder_threads: int = Field(default=1, ge=1, le=256)
    embedder_truncate_dim: int | None = Field(default=None, ge=8)

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
    tier_prior_short: float = Field(default=1.0, gt=0)
    tier_prior_mid: float = Field(default=1.0, gt=0)
    tier_prior_long: float = Field(default=1.0, gt=0)
    recall_reinforce_interval_s: float = Field(default=300.0, ge=0)

    # input limits
    max_text_chars: int = Field(default=16_000, ge=1)
    max_messages: int = Field(default=1_000, ge=1)
    max_metadata_bytes: int = Field(default=16_384, ge=2)

    @field_validator("policy")
    @classmethod
    def _policy_name(cls, value: str) -> str:
        if not value or not value.replace(".", "").replace("_", "").replace(":", "").isalnum():
            raise ValueError("policy must be none, heuristic, llm or a dotted path")
        return value

    @classmethod
    def load(cls, overrides: dict[str, Any] | None = None) -> TiermemConfig:
        """Defaults < JSON file (TIERMEM_CONFIG_FILE) < env TIERMEM_* < ``overrides``."""
        values: dict[str, Any] = {}
        file_name = os.environ.get("TIERMEM_CONFIG_FILE")
        if file_name:
            try:
                loaded = json.loads(Path(file_name).read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise InvalidInputError(f"cannot read config file {file_name}: {exc}") from exc
            if not isinstance(loaded, dict):
                raise InvalidInputError(f"config file {file_name} must hold a JSON object")
            values.update(loaded)
        env_cfg = cls._from_env_only()
        values.update(env_cfg)
        if overrides:
            if not isinstance(overrides, dict):
                raise InvalidInputError("config must be a dict")
            values.update(overrides)
        try:
            return cls._construct_checked(values)
        except ValidationError as exc:
            raise InvalidInputError(f"invalid tiermem config: {exc}") from exc

    @classmethod
    def _from_env_only(cls) -> dict[str, Any]:
        prefix = "TIERMEM_"
        out: dict[str, Any] = {}
        for key, raw in os.environ.items():
            if not key.startswith(prefix) or key == "TIERMEM_CONFIG_FILE":
                continue
            name = key[len(prefix) :].lower()
            if name not in cls.model_fields:
                raise InvalidInputError(f"unknown setting in environment: {key}")
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
