"""Prometheus metrics of one service process, in its own registry.

Request counts and latencies are labelled by the route template (``/memories/{memory_id}``),
never the raw path, so ids cannot blow up the label set. Tier sizes are read from the
stores at scrape time and summed over tenants: a per-tenant label would list every user
to whoever can scrape. Consolidation actions and LLM calls count what ran through
``POST /consolidate`` in this process (a separate ``tiermem worker`` reports in its logs).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class _TierSizes(Collector):
    def __init__(self, read_stats: Callable[[], dict[str, Any]]) -> None:
        self.read_stats = read_stats

    def collect(self) -> Iterator[GaugeMetricFamily]:
        totals = {"short": 0, "mid": 0, "long": 0, "dead_letters": 0}
        tenants = self.read_stats().get("tenants", {})
        for counts in tenants.values():
            for name in totals:
                totals[name] += int(counts.get(name, 0))
        sizes = GaugeMetricFamily(
            "tiermem_tier_items", "Memories per tier, all tenants", labels=["tier"]
        )
        for name in ("short", "mid", "long"):
            sizes.add_metric([name], totals[name])
        yield sizes
        yield GaugeMetricFamily(
            "tiermem_dead_letters", "Observations consolidation gave up on", totals["dead_letters"]
        )
        yield GaugeMetricFamily("tiermem_tenants", "Tenants holding data", len(tenants))


class ServiceMetrics:
    def __init__(self, read_stats: Callable[[], dict[str, Any]]) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "tiermem_http_requests",
            "HTTP requests by route and status",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "tiermem_http_request_duration_seconds",
            "HTTP request latency by route",
            ["method", "route"],
            registry=self.registry,
        )
        self.actions = Counter(
            "tiermem_consolidation_actions",
            "Consolidation actions run through the service",
            ["action"],
            registry=self.registry,
        )
        self.llm_calls = Counter(
            "tiermem_llm_calls", "LLM calls made by consolidation", registry=self.registry
        )
        self.registry.register(_TierSizes(read_stats))

    def consolidated(self, report: dict[str, Any]) -> None:
        for action, n in report.get("actions", {}).items():
            self.actions.labels(action=action).inc(n)
        self.llm_calls.inc(report.get("llm_calls", 0))

    def render(self) -> bytes:
        """The exposition text. Blocking (reads the stores): call it in a thread."""
        return generate_latest(self.registry)


class RequestMetrics:
    """ASGI middleware: count and time every HTTP request, by route template."""

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # if the app fails before answering, the server answers 500
        started = time.perf_counter()

        async def send_seen(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_seen)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            method = scope["method"]
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.latency.labels(method, route).observe(time.perf_counter() - started)
