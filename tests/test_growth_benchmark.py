"""The growth benchmark on tiny rungs: it runs, and what it reports is consistent."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.growth import LONG_PER_TENANT, MID_PER_TENANT, SHORT_PER_TENANT, run


def test_growth_ladders_run_and_report(tmp_path: Path) -> None:
    result = run(tmp_path, facts=[300, 1_500], tenants=[4, 12], rounds=12)
    one, many = result["one_tenant"], result["many_tenants"]
    assert [r["items"] for r in one] == [300, 1_500]
    assert [r["tenants"] for r in many] == [4, 12]
    per_tenant = LONG_PER_TENANT + MID_PER_TENANT + SHORT_PER_TENANT
    for row in [*one, *many]:
        assert 0 < row["search_p50_ms"] <= row["search_p95_ms"]
        assert row["full_results"] == 1.0  # every search found ten memories
    for row in many:
        assert row["items"] == row["tenants"] * per_tenant
        assert 0 < row["open_shards"] <= result["max_open"]
        assert row["disk_bytes_per_long_item"] > 1_536  # at least the float32 vector
    saved = json.loads((tmp_path / "growth.json").read_text())
    assert saved["one_tenant"] == one
    report = (tmp_path / "report.md").read_text()
    assert "| 1,500 |" in report and "| 12 | 1,200 |" in report
