"""The paper half of ``python -m benchmarks scale``: the LRU simulation behaves as an LRU
must, and the sizing adds up its measured parts (the measured half runs in
``test_many_nodes``' deployments)."""

from __future__ import annotations

import pytest

from benchmarks.scale import PAPER_TENANTS, PROFILE, lru_hit_rate, paper


def test_the_lru_simulation_matches_what_an_lru_must_do() -> None:
    # uniform activity: the hit rate is the share of tenants the cache holds
    assert lru_hit_rate(10_000, 1_000, 0.0, 100_000, seed=1) == pytest.approx(0.1, abs=0.01)
    # a cache as large as the tenants misses only a tenant's first request
    assert lru_hit_rate(1_000, 1_000, 1.0, 50_000, seed=1) > 0.99
    assert lru_hit_rate(1_000, 999, 1.0, 50_000, seed=1) < lru_hit_rate(
        1_000, 1_000, 1.0, 50_000, seed=1
    )
    # skewed activity is served better by the same cache
    assert lru_hit_rate(10_000, 1_000, 1.2, 50_000, seed=1) > lru_hit_rate(
        10_000, 1_000, 0.8, 50_000, seed=1
    )


def test_the_paper_sizing_adds_up_its_measured_parts() -> None:
    sizes = {
        "hot_bytes_per_item": 3000.0,
        "redis_bytes_per_id": 1000.0,
        "postgres_bytes_per_fact": 2500.0,
        "cache_bytes_per_fact": 4000.0,
    }
    out = paper(sizes, requests=20_000)
    hot_items = PROFILE["short"] + PROFILE["mid"]
    assert out["redis_bytes_per_tenant"] == 4000.0 * hot_items + 1000.0 * PROFILE["long"]
    assert out["postgres_gb"] == 2500.0 * PROFILE["long"] * PAPER_TENANTS / 1e9
    assert out["bytes_per_tenant"]["long"]["node_cache"] == 4000.0 * PROFILE["long"]
    rates = out["cache_hit_rate"]
    assert rates["zipf 0.8"]["1000"] < rates["zipf 1.2"]["1000"] <= rates["zipf 1.2"]["10000"]
