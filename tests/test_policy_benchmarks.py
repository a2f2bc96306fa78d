"""Policies as systems of the harness, intervals on every rate, and ``compare``.

The end-to-end tests run real tiermem systems (real Redis, embedder and hnswlib) through
the CLI on LoCoMo's quick slice (CC BY-NC 4.0 data, read from ../shared/data).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from benchmarks.__main__ import main
from benchmarks.compare import run as compare_runs
from benchmarks.uncertainty import interval, resampling_unit, significant

ACCUMULATE = "tiermem:examples.policies.accumulate.AccumulatePolicy"
REPEATED_ONLY = "tiermem:examples.policies.repeated_only.RepeatedOnlyPolicy"

# ------------------------------------------------------------------- intervals


def test_an_interval_brackets_the_mean_and_narrows_with_more_questions() -> None:
    rng = np.random.default_rng(1)
    few = [float(x) for x in rng.random(30) < 0.6]
    many = [float(x) for x in rng.random(3000) < 0.6]
    small = interval(few, [str(i) for i in range(30)])
    large = interval(many, [str(i) for i in range(3000)])
    assert small is not None and large is not None
    assert small[0] <= float(np.mean(few)) <= small[1]
    assert large[0] <= float(np.mean(many)) <= large[1]
    assert large[1] - large[0] < small[1] - small[0] / 3
    assert interval([0.5] * 20, ["a"] * 20) == [0.5, 0.5]
    assert interval([None, None], ["a", "b"]) is None


def test_clustered_questions_are_resampled_by_cluster() -> None:
    # Ten users, each all right or all wrong: 100 questions but only ten independent draws.
    values = [1.0 if user % 2 else 0.0 for user in range(10) for _ in range(10)]
    users = [str(user) for user in range(10) for _ in range(10)]
    by_user = interval(values, users)
    by_question = interval(values, [str(i) for i in range(100)])
    assert by_user is not None and by_question is not None
    assert by_user[1] - by_user[0] > 1.5 * (by_question[1] - by_question[0])
    assert resampling_unit(users, "user") == "user"
    assert resampling_unit(["a", "a", "b"], "user") == "question"  # too few clusters


def test_significance_needs_the_whole_interval_on_one_side_of_zero() -> None:
    assert significant([0.01, 0.2]) and significant([-0.3, -0.02])
    assert not significant([0.0, 0.0]) and not significant([-0.1, 0.2]) and not significant(None)


# ---------------------------------------------------------------------- compare


def _run(tmp: Path, name: str, per_question: list[dict[str, Any]]) -> Path:
    folder = tmp / name
    folder.mkdir()
    results = {"suite": "updates", "systems": {"sys": {"per_question": per_question}}}
    (folder / "results.json").write_text(json.dumps(results))
    return folder


def _questions(values: list[tuple[float, float]]) -> list[dict[str, Any]]:
    return [
        {
            "key": f"u{i % 8}#{i}",
            "cluster": f"u{i % 8}",
            "groups": ["overall"],
            "values": {"newest_wins@1": win, "stale_above_current@5": stale},
        }
        for i, (win, stale) in enumerate(values)
    ]


def test_compare_reports_a_real_change_with_its_direction(tmp_path: Path) -> None:
    base = [(0.0, 1.0) if i % 3 else (1.0, 0.0) for i in range(120)]
    better = [(1.0, 0.0) if i % 4 else (0.0, 1.0) for i in range(120)]
    a, b = _run(tmp_path, "a", _questions(base)), _run(tmp_path, "b", _questions(better))
    result = compare_runs(a, b, tmp_path / "out")
    rows = {r["metric"]: r for r in result["pairs"]["sys"]}
    assert rows["newest_wins@1"]["significant"] and rows["newest_wins@1"]["delta"] > 0.3
    assert rows["newest_wins@1"]["verdict"] == "B better"
    # Fewer stale values above the current one is also better: lower is better there.
    assert rows["stale_above_current@5"]["delta"] < 0
    assert rows["stale_above_current@5"]["verdict"] == "B better"
    assert rows["newest_wins@1"]["resampled"] == "user"
    report = (tmp_path / "out" / "report.md").read_text()
    assert "**+" in report and "B better" in report
    assert (tmp_path / "out" / "compare.png").stat().st_size > 1000
    reverse = compare_runs(b, a, tmp_path / "back")
    assert {r["verdict"] for r in reverse["pairs"]["sys"]} == {"B worse"}


def test_compare_refuses_runs_it_cannot_pair(tmp_path: Path) -> None:
    a = _run(tmp_path, "a", _questions([(1.0, 0.0)] * 4))
    (tmp_path / "empty").mkdir()
    assert main(["compare", str(a), str(tmp_path / "empty")]) == 2
    other = tmp_path / "other"
    other.mkdir()
    (other / "results.json").write_text(json.dumps({"suite": "locomo", "systems": {}}))
    with pytest.raises(ValueError, match="compare one suite"):
        compare_runs(a, other, tmp_path / "out")


# ------------------------------------------------------- policies through the CLI


def test_a_policy_of_ones_own_runs_beside_heuristic_and_compares(
    tmp_path: Path, shared_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    systems = f"{ACCUMULATE},{REPEATED_ONLY},tiermem:heuristic,tiermem:heuristic@fast"
    fast = 'tiermem:heuristic@fast={"promote_min_age_s": 3600, "promote_min_reinforcement": 1}'
    first, second = tmp_path / "first", tmp_path / "second"
    base = ["locomo", "--quick", "--no-progress", "--systems"]
    assert main([*base, systems, "--policy-config", fast, "--out", str(first)]) == 0
    results = json.loads((first / "results.json").read_text())
    for name in (ACCUMULATE, "tiermem:heuristic", "tiermem:heuristic@fast"):
        system = results["systems"][name]
        assert "error" not in system, system.get("traceback")
        main_group = system["metrics"]["dev"]["cat1-4"]
        low, high = main_group["ci"]["recall@10"]
        assert low <= main_group["recall@10"] <= high and high > low
        rate_low, rate_high = system["stats"]["consolidation_obs_per_s_ci"]
        assert 0 < rate_low < rate_high
        in_group = [r for r in system["per_question"] if "dev/cat1-4" in r["groups"]]
        assert len(in_group) == main_group["with_evidence"]
        assert system["latency_ms"]["search"]["p50_ci"] is not None
    # Facts said once decay before LoCoMo's questions: the repeated-only policy finds
    # less than the heuristic one, and the report says so with intervals.
    repeated = results["systems"][REPEATED_ONLY]["metrics"]["dev"]["cat1-4"]
    heuristic = results["systems"]["tiermem:heuristic"]["metrics"]["dev"]["cat1-4"]
    assert repeated["ci"]["recall@10"][1] < heuristic["ci"]["recall@10"][0]
    assert results["systems"][ACCUMULATE]["policy"] == ACCUMULATE.split(":", 1)[1]
    assert results["systems"]["tiermem:heuristic@fast"]["settings"]["promote_min_age_s"] == 3600
    report = (first / "report.md").read_text()
    assert f"| {ACCUMULATE} | dev |" in report and "| tiermem:heuristic | dev |" in report
    assert f"| {REPEATED_ONLY} | dev |" in report
    assert "95% bootstrap interval" in report and '"promote_min_age_s": 3600' in report
    assert "consolidation obs/s" in report

    # The same settings and seed again: compare finds no significant difference.
    assert main([*base, "tiermem:heuristic", "--out", str(second)]) == 0
    capsys.readouterr()
    assert main(["compare", str(first), str(second), "--out", str(tmp_path / "same")]) == 0
    same = json.loads((tmp_path / "same" / "compare.json").read_text())
    rows = same["pairs"]["tiermem:heuristic"]
    assert rows and not any(r["significant"] for r in rows)
    assert "0 of" in capsys.readouterr().out


def test_bad_policy_names_and_settings_fail_before_the_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv in (
        ["locomo", "--systems", "tiermem:no.such.Policy"],
        ["locomo", "--systems", "tiermem:heuristic", "--policy-config", "tiermem:heuristic=[1]"],
        ["locomo", "--systems", "tiermem:heuristic", "--policy-config", "bm25={}"],
        [
            "locomo",
            "--systems",
            "tiermem:heuristic",
            "--policy-config",
            'tiermem:heuristic={"promote_min_agee_s": 1}',
        ],
    ):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "no.such" in err and "JSON object" in err and "promote_min_agee_s" in err


def test_the_tiermem_system_lives_in_the_datas_time() -> None:
    from benchmarks.systems.tiermem_system import TiermemSystem

    system = TiermemSystem("examples.policies.repeated_only.RepeatedOnlyPolicy")
    try:
        day = 86400.0
        spring_2020 = 1_585_000_000.0  # long before any default clock start
        system.add("u", "Caroline went to the support group today", spring_2020, ["d1"])
        assert system.clock.now == spring_2020
        system.tick(spring_2020 + day)
        # A fact a day old in the data's time is still remembered (it decays weeks later).
        assert [h.text for h in system.search("u", "support group", 5)] == [
            "Caroline went to the support group today"
        ]
        system.tick(spring_2020 + 60 * day)
        assert system.search("u", "support group", 5) == []  # said once, never recalled
    finally:
        system.close()
