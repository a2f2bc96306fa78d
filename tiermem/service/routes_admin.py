"""tiermem's own routes and Mem0's store-wide ones: reset, configure (and its
providers), generate-instructions, consolidate, stats, health, metrics.

Store-wide acts (reset, configure, metrics) need an admin key. ``/consolidate`` and
``/stats`` are open to a tenant key but confined to its tenant, so an app can
consolidate and count its own user's memories without seeing anyone else's.
"""

from __future__ import annotations

from typing import Annotated, Any, get_args

from fastapi import APIRouter, Body, HTTPException, Request, Response
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from tiermem import __version__
from tiermem.config import LLMBackendName, TiermemConfig
from tiermem.errors import LLMError
from tiermem.models.llm import LLM, make_llm
from tiermem.service import instructions
from tiermem.service.auth import AdminKey, AnyKey, scope_ids
from tiermem.service.metrics import CONTENT_TYPE, ServiceMetrics
from tiermem.service.routes_memories import _memory, blocking
from tiermem.service.schemas import (
    ConsolidateRequest,
    ConsolidateResponse,
    HealthResponse,
    MessageResponse,
    StatsResponse,
)

router = APIRouter()
_SECRET_SETTINGS = ("redis_url", "ollama_host")  # may carry credentials


@router.post("/reset", summary="Reset all memories", response_model=MessageResponse, tags=["admin"])
async def reset_memory(request: Request, _: AdminKey) -> dict[str, Any]:
    """Wipe every tenant's memories and history. API keys are kept."""
    await blocking(request, _memory(request).reset)
    return {"message": "All memories reset"}


@router.get("/configure", summary="Get the effective configuration", tags=["admin"])
async def get_config(request: Request, _: AdminKey) -> dict[str, Any]:
    """Every setting in force, with values that may carry credentials redacted."""
    config: TiermemConfig = _memory(request).config
    shown = config.model_dump(mode="json")
    for name in _SECRET_SETTINGS:
        if shown.get(name):
            shown[name] = "[redacted]"
    return shown


@router.post("/configure", summary="Configure tiermem", tags=["admin"])
async def set_config(
    request: Request,
    body: Annotated[dict[str, Any], Body(examples=[{"recency_weight": 0.05}])],
    _: AdminKey,
) -> dict[str, Any]:
    """tiermem reads its settings once, at start (``TIERMEM_*`` or a config file): the
    stores, embedder and policy are built from them, so none can change under a running
    service. A body that only repeats the settings in force is accepted; an unknown
    setting is a 400; a change is a 409 naming what to restart with."""
    config: TiermemConfig = _memory(request).config
    unknown = sorted(set(body) - set(TiermemConfig.model_fields))
    if unknown:
        raise HTTPException(400, f"unknown settings: {', '.join(unknown)}")
    current = config.model_dump(mode="json")
    changed = sorted(name for name, value in body.items() if current[name] != value)
    if changed:
        raise HTTPException(
            409,
            f"settings cannot change while the service runs ({', '.join(changed)}); "
            "set TIERMEM_* or the config file and restart tiermem serve",
        )
    return {"message": "Configuration unchanged"}


@router.get("/configure/providers", summary="List the LLM and embedder providers", tags=["admin"])
async def list_providers(request: Request, _: AnyKey) -> dict[str, Any]:
    """What this tiermem can run, in Mem0's shape (``llm``, ``embedder``), plus what is
    in force (``current``). Everything runs locally: the LLM is a local Ollama or the
    embedded llama.cpp model, and the embedder is a sentence-transformers model."""
    config: TiermemConfig = _memory(request).config
    return {
        "llm": list(get_args(LLMBackendName)),
        "embedder": ["sentence-transformers"],
        "current": {"llm": config.llm, "embedder": _memory(request).stores.embedder.identity},
    }


@router.post(
    "/generate-instructions",
    summary="Generate custom instructions from a use case",
    response_model=instructions.InstructionsResponse,
    responses={
        502: {"description": "The LLM gave no usable answer"},
        503: {"description": "No LLM is configured"},
    },
    tags=["admin"],
)
async def generate_instructions(
    request: Request, body: instructions.InstructionsRequest, _: AnyKey
) -> dict[str, Any]:
    """Mem0's route: the configured LLM suggests memory instructions and a test message
    for a use case. The instructions are advice for whoever sets tiermem up; tiermem
    extracts by rules and schemas and does not take them in ``/configure``."""
    llm = await blocking(request, _instructions_llm, request)
    try:
        answer = await blocking(request, instructions.generate, llm, body.use_case)
    except LLMError as exc:
        raise HTTPException(502, f"the LLM gave no usable answer: {exc}") from None
    return answer.model_dump()


def _instructions_llm(request: Request) -> LLM:
    """The LLM consolidation uses, or the one the config names when the policy uses
    none (built once per process); 503 when the config says ``llm: none``."""
    memory = _memory(request)
    state = request.app.state
    with state.llm_lock:
        if state.llm is None:
            state.llm = memory.engine.llm
            if state.llm is None and memory.config.llm != "none":
                state.llm = make_llm(memory.config)
    if state.llm is None:
        raise HTTPException(
            503, "no LLM is configured (llm: none); set TIERMEM_LLM to ollama or embedded"
        )
    llm: LLM = state.llm
    return llm


@router.post(
    "/consolidate",
    summary="Run consolidation now",
    response_model=ConsolidateResponse,
    tags=["tiermem"],
)
async def consolidate(
    request: Request,
    caller: AnyKey,
    body: ConsolidateRequest | None = None,
) -> dict[str, Any]:
    """Run the passes now. An admin key without ids consolidates every tenant; a tenant
    key always consolidates its own tenant only."""
    body = body or ConsolidateRequest()
    ids = scope_ids(caller, body.user_id, body.agent_id, body.run_id)
    passes = tuple(body.passes) if body.passes is not None else None
    memory = _memory(request)
    kwargs: dict[str, Any] = {**ids} if passes is None else {**ids, "passes": passes}
    report = await blocking(request, memory.consolidate, **kwargs)
    metrics: ServiceMetrics = request.app.state.metrics
    metrics.consolidated(report)
    return report


@router.get(
    "/stats", summary="Counts per tier and tenant", response_model=StatsResponse, tags=["tiermem"]
)
async def stats(request: Request, caller: AnyKey) -> dict[str, Any]:
    """Every tenant for an admin key; a tenant key sees only its own tenant's line."""
    counts = await blocking(request, _memory(request).stats)
    if caller.admin:
        return counts
    mine = counts["tenants"].get(caller.tenant)
    return {"tenants": {caller.tenant: mine} if mine else {}}


@router.get("/health", summary="Liveness", response_model=HealthResponse, tags=["tiermem"])
async def health() -> dict[str, Any]:
    """No auth and no store access: a load balancer's probe must stay cheap."""
    return {"status": "ok", "version": __version__}


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    tags=["tiermem"],
    response_class=PlainTextResponse,
    responses={200: {"content": {CONTENT_TYPE: {"schema": {"type": "string"}}}}},
)
async def metrics(request: Request, _: AdminKey) -> Response:
    service_metrics: ServiceMetrics = request.app.state.metrics
    text = await run_in_threadpool(service_metrics.render)
    return Response(text, media_type=CONTENT_TYPE)
