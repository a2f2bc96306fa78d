"""``tiermem serve`` over real HTTP: every route with Mem0's request and response JSON
(Mem0's documented curl examples included), against a real uvicorn on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from service_util import Service

HEX32 = 32


@pytest.fixture
def http(service: Service) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service.url, timeout=30) as client:
        yield client


def test_mem0_curl_examples(service: Service, http: httpx.Client) -> None:
    """The shapes of Mem0's REST docs: add with messages + user_id, search with filters."""
    added = http.post(
        "/memories",
        headers=service.alice,
        json={
            "messages": [{"role": "user", "content": "I love fresh vegetable pizza"}],
            "user_id": "alice",
            "metadata": {"source": "curl"},
        },
    )
    assert added.status_code == 200, added.text
    (result,) = added.json()["results"]
    assert result["event"] == "ADD" and result["memory"] == "I love fresh vegetable pizza"
    assert len(result["id"]) == HEX32

    found = http.post(
        "/search",
        headers=service.alice,
        json={"query": "What food does alice like?", "filters": {"user_id": "alice"}},
    )
    assert found.status_code == 200, found.text
    hits = found.json()["results"]
    assert hits[0]["id"] == result["id"]
    assert {"memory", "score", "similarity", "user_id", "metadata"} <= set(hits[0])
    assert hits[0]["metadata"] == {"source": "curl"}

    listed = http.get("/memories", params={"user_id": "alice"}, headers=service.alice)
    assert listed.status_code == 200
    assert result["id"] in [m["id"] for m in listed.json()["results"]]


def test_every_memory_route_round_trip(service: Service, http: httpx.Client) -> None:
    h = service.admin
    body = {"messages": [{"role": "user", "content": "My bike is red"}], "user_id": "carol"}
    memory_id = http.post("/memories", headers=h, json=body).json()["results"][0]["id"]

    got = http.get(f"/memories/{memory_id}", headers=h)
    assert got.status_code == 200 and got.json()["memory"] == "My bike is red"

    put = http.put(f"/memories/{memory_id}", headers=h, json={"text": "My bike is blue"})
    assert put.json() == {"message": "Memory updated successfully!", "id": memory_id}
    meta = http.put(f"/memories/{memory_id}", headers=h, json={"metadata": {"k": 1}})
    assert meta.status_code == 200
    after = http.get(f"/memories/{memory_id}", headers=h).json()
    assert after["memory"] == "My bike is blue" and after["metadata"] == {"k": 1}

    history = http.get(f"/memories/{memory_id}/history", headers=h)
    assert [e["event"] for e in history.json()] == ["ADD", "UPDATE", "UPDATE"]

    deleted = http.delete(f"/memories/{memory_id}", headers=h)
    assert deleted.json() == {"message": "Memory deleted successfully"}
    assert http.get(f"/memories/{memory_id}", headers=h).status_code == 404
    assert http.delete(f"/memories/{memory_id}", headers=h).status_code in (400, 404)

    http.post("/memories", headers=h, json=body)
    wiped = http.delete("/memories", params={"user_id": "carol"}, headers=h)
    assert wiped.json() == {"message": "All relevant memories deleted"}
    assert http.get("/memories", params={"user_id": "carol"}, headers=h).json() == {"results": []}
    assert http.delete("/memories", headers=h).status_code == 400  # no id: Mem0's 400


def test_search_deprecated_ids_top_k_threshold_and_explain(
    service: Service, http: httpx.Client
) -> None:
    h = service.admin
    for text in ("I work as a nurse", "I have two cats", "My sister is Ana"):
        http.post(
            "/memories",
            headers=h,
            json={"messages": [{"role": "user", "content": text}], "user_id": "dora"},
        )
    old_style = http.post(
        "/search", headers=h, json={"query": "what is my job?", "user_id": "dora", "top_k": 1}
    )
    assert old_style.status_code == 200
    (hit,) = old_style.json()["results"]
    assert hit["memory"] == "I work as a nurse"
    floor = http.post(
        "/search",
        headers=h,
        json={"query": "what is my job?", "threshold": 0.99, "filters": {"user_id": "dora"}},
    )
    assert floor.json() == {"results": []}
    explained = http.post(
        "/search",
        headers=h,
        json={"query": "cats", "explain": True, "filters": {"user_id": "dora"}},
    )
    hit = explained.json()["results"][0]
    parts = hit["explain"]
    assert {"similarity", "lexical", "relevance", "recency", "tier_prior"} <= set(parts)
    made = parts["relevance"] * parts["tier_prior"] * parts["recency"]
    made *= parts["reinforcement"] * parts["superseded"] * parts.get("not_now", 1.0)
    assert abs(made - hit["score"]) < 1e-4 or parts.get("lead")


def test_consolidate_stats_configure_reset(service: Service, http: httpx.Client) -> None:
    h = service.admin
    http.post(
        "/memories",
        headers=h,
        json={"messages": [{"role": "user", "content": "I live in Lisbon"}], "user_id": "erin"},
    )
    report = http.post("/consolidate", headers=h, json={"user_id": "erin"})
    assert report.status_code == 200, report.text
    assert report.json()["tenants"] == ["u=erin"] and "actions" in report.json()
    only_short = http.post("/consolidate", headers=h, json={"passes": ["decay"]})
    assert only_short.status_code == 200
    bad_pass = http.post("/consolidate", headers=h, json={"passes": ["sideways"]})
    assert bad_pass.status_code == 400

    stats = http.get("/stats", headers=h).json()
    assert "u=erin" in stats["tenants"]
    assert set(stats["tenants"]["u=erin"]) == {"short", "mid", "long", "dead_letters"}

    config = http.get("/configure", headers=h).json()
    assert config["policy"] == "heuristic" and "service_rate_per_s" in config
    same = http.post("/configure", headers=h, json={"policy": "heuristic"})
    assert same.status_code == 200
    change = http.post("/configure", headers=h, json={"recency_weight": 0.5})
    assert change.status_code == 409 and "restart" in change.json()["detail"]
    assert http.post("/configure", headers=h, json={"nonsense": 1}).status_code == 400

    assert http.post("/reset", headers=h).json() == {"message": "All memories reset"}
    assert http.get("/stats", headers=h).json() == {"tenants": {}}
    assert http.get("/health").json()["status"] == "ok"  # and keys survived the reset:
    assert http.get("/stats", headers=service.alice).status_code == 200


def test_metrics_health_and_openapi(service: Service, http: httpx.Client) -> None:
    http.get("/health")
    http.post("/consolidate", headers=service.admin, json={})
    text = http.get("/metrics", headers=service.admin)
    assert text.status_code == 200 and text.headers["content-type"].startswith("text/plain")
    body = text.text
    assert 'tiermem_http_requests_total{method="GET",route="/health",status="200"}' in body
    assert "tiermem_http_request_duration_seconds_bucket" in body
    assert 'tiermem_tier_items{tier="short"}' in body
    assert "tiermem_llm_calls_total" in body
    assert "{memory_id}" not in body or 'route="/memories/{memory_id}"' in body

    spec = http.get("/openapi.json").json()
    for path in (
        "/memories",
        "/memories/{memory_id}",
        "/memories/{memory_id}/history",
        "/search",
        "/reset",
        "/configure",
        "/consolidate",
        "/stats",
        "/health",
        "/metrics",
    ):
        assert path in spec["paths"], path
    assert "SearchRequest" in spec["components"]["schemas"]
    assert http.get("/docs").status_code == 200
