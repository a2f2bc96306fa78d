"""The benchmark harness: loaders on the real files, the update generator, the metrics,
and one end-to-end run on a tiny LoCoMo slice with the real embedder and BM25."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from benchmarks.datasets.goodai import load_goodai, shopping_list
from benchmarks.datasets.locomo import LoCoMo, load_locomo, normalise_evidence, parse_session_time
from benchmarks.datasets.updates import (
    SLOTS,
    UpdateObservation,
    UpdateStream,
    generate_updates,
)
from benchmarks.datasets.updates_blind import BLIND
from benchmarks.datasets.updates_retold import RETOLD
from benchmarks.metrics import (
    hit_at_k,
    ndcg_at_k,
    newest_wins_at_1,
    percentiles,
    recall_at_k,
    stale_above_current,
)
from benchmarks.textmatch import mentions


@pytest.fixture(scope="module")
def locomo(shared_data: Path) -> LoCoMo:
    return load_locomo()


@pytest.fixture(scope="module", params=["seen", "blind", "retold"])
def stream(request: pytest.FixtureRequest) -> UpdateStream:
    """Every phrasing set of these slots must keep every promise the scoring relies on."""
    return generate_updates(12, seed=7, phrasings=request.param)


# LoCoMo ------------------------------------------------------------------------------------


def test_locomo_counts_and_split(locomo: LoCoMo) -> None:
    assert len(locomo.conversations) == 10
    assert sum(len(c.turns) for c in locomo.conversations) == 5882
    assert sum(len(c.qa) for c in locomo.conversations) == 1986
    assert sum(len(c.sessions) for c in locomo.conversations) == 272
    assert [c.sample_id for c in locomo.dev] == [
        "conv-26",
        "conv-30",
        "conv-41",
        "conv-42",
        "conv-43",
    ]
    assert locomo.held_out[0].sample_id == "conv-44"
    assert len(locomo.held_out) == 5
    # conv-26 lists 35 session dates but only 19 sessions.
    assert len(locomo.by_id("conv-26").sessions) == 19
    assert locomo.stats.timestamps_without_session == 16


def test_locomo_turns_carry_time_speaker_and_photo_captions(locomo: LoCoMo) -> None:
    conv = locomo.by_id("conv-26")
    first = conv.sessions[0]
    assert first.when == datetime(2023, 5, 8, 13, 56, tzinfo=UTC)
    assert first.turns[0].observation == ("Caroline: Hey Mel! Good to see you! How have you been?")
    captioned = [t for t in conv.turns if t.caption]
    assert captioned, "blip captions should be kept"
    turn = captioned[0]
    assert turn.text.endswith(f" [shares a photo of {turn.caption}]")
    assert turn.observation == f"{turn.speaker}: {turn.text}"
    assert "[shares a photo" not in turn.observation_without_caption
    assert turn.observation.startswith(turn.observation_without_caption)
    stamps = [t.timestamp for t in conv.turns]
    assert stamps == sorted(stamps)
    assert parse_session_time("12:19 am on 4 January, 2024") == datetime(
        2024, 1, 4, 0, 19, tzinfo=UTC
    )


def test_locomo_malformed_evidence_is_repaired(locomo: LoCoMo) -> None:
    assert normalise_evidence("D8:6; D9:17") == ["D8:6", "D9:17"]
    assert normalise_evidence("D:11:26") == ["D11:26"]
    assert normalise_evidence("D30:05") == ["D30:5"]
    assert normalise_evidence("D") == []
    by_raw = {q.raw_evidence: q.evidence for c in locomo.conversations for q in c.qa}
    assert by_raw[("D8:6; D9:17",)] == ("D8:6", "D9:17")
    assert by_raw[("D30:05",)] == ("D30:5",)
    assert by_raw[("D9:1 D4:4 D4:6",)] == ("D9:1", "D4:4", "D4:6")
    assert sorted(locomo.stats.dropped_evidence_ids) == ["conv-42/D10:19", "conv-47/D4:36"]
    assert locomo.stats.questions_without_evidence == 4
    # Every kept evidence id names a real turn of its own conversation.
    for conv in locomo.conversations:
        ids = {t.dia_id for t in conv.turns}
        for qa in conv.qa:
            assert set(qa.evidence) <= ids


# GoodAI ------------------------------------------------------------------------------------


def test_goodai_replays_match_the_expected_answers(shared_data: Path) -> None:
    replays = load_goodai(filler_per_gap=3)
    assert [r.user for r in replays] == [
        "goodai-colours-0",
        "goodai-colours-1",
        "goodai-colours-2",
        "goodai-shopping-0",
        "goodai-shopping-1",
        "goodai-shopping-2",
    ]
    colours = {r.user: r.questions[0] for r in replays if r.task == "Colours"}
    assert colours["goodai-colours-0"].current == ("Red",)
    assert colours["goodai-colours-0"].stale == ("Brown", "Cream")
    assert colours["goodai-colours-2"].current == ("Yellow",)
    shop = {r.user: r.questions[0] for r in replays if r.task == "Shopping"}
    one = shop["goodai-shopping-1"]
    assert dict(zip(one.current, one.quantities, strict=True)) == {
        "toilet paper": 2,
        "steak": 1,
        "soap": 2,
    }
    assert one.removed == ("chicken",)
    assert one.consolidated == ("soap",)  # 3 added, 1 removed: no line says "2 soap"
    assert shop["goodai-shopping-0"].consolidated == ("leek",)
    assert shop["goodai-shopping-0"].question == "What is on my current shopping list?"
    for replay in replays:
        stamps = [o.timestamp for o in replay.observations]
        assert stamps == sorted(stamps)
        assert replay.questions[0].timestamp > stamps[-1]
        assert sum(not o.scripted for o in replay.observations) == 3 * sum(
            o.scripted for o in replay.observations
        )


def test_shopping_parser_consolidates_and_refuses_unknown_lines() -> None:
    items, _, removed = shopping_list(
        ["I want to buy 2 Soap.", "Please add another 1 Soap to my shopping list", "Remove 3 Soap."]
    )
    assert items == {} and removed == {"soap"}
    with pytest.raises(ValueError):
        shopping_list(["Bananas are nice."])


# knowledge-update generator -----------------------------------------------------------------


def test_updates_are_deterministic_per_seed() -> None:
    stream = generate_updates(12, seed=7)
    assert generate_updates(12, seed=7) == stream
    other = generate_updates(12, seed=8)
    assert [o.text for o in other.observations] != [o.text for o in stream.observations]
    assert len(stream.users) == 12
    blind = generate_updates(12, seed=7, phrasings="blind")
    assert generate_updates(12, seed=7, phrasings="blind") == blind
    # Written without sight of the seen set: only the plainest direct statements coincide.
    seen_templates = {t for slot in SLOTS for _, t in slot.sets}
    for name, templates in BLIND.items():
        for style, template in templates["sets"]:
            assert style == "direct" or template not in seen_templates, (name, template)
    retold = generate_updates(12, seed=7, phrasings="retold")
    assert generate_updates(12, seed=7, phrasings="retold") == retold
    assert {q.slot for q in retold.questions} == {q.slot for q in stream.questions}
    for name, templates in RETOLD.items():  # its own words, even for the plainest
        for _, template in templates["sets"]:
            assert template not in seen_templates, (name, template)
    with pytest.raises(ValueError):
        generate_updates(2, phrasings="unseen")


def test_current_value_is_said_after_every_stale_one(stream: UpdateStream) -> None:
    when = {o.source_id: o.timestamp for o in stream.observations}
    assert stream.questions
    for q in stream.questions:
        assert q.evidence, q
        assert q.current not in q.stale
        current_first = min(when[i] for i in q.evidence)
        if q.stale_evidence:
            assert max(when[i] for i in q.stale_evidence) < current_first, q
        assert q.timestamp > max(o.timestamp for o in stream.observations if o.user == q.user)


def test_only_the_slot_itself_names_a_users_values(stream: UpdateStream) -> None:
    """Filler never names the user's values, so a word match on a value is unambiguous."""
    by_user: dict[str, list[UpdateObservation]] = {}
    for o in stream.observations:
        by_user.setdefault(o.user, []).append(o)
    kinds: set[str] = set()
    styles: set[str | None] = set()
    for q in stream.questions:
        for o in by_user[q.user]:
            kinds.add(o.kind)
            styles.add(o.style)
            if mentions(o.text, q.current):
                assert o.slot == q.slot and o.kind in ("set", "repeat"), (q.current, o)
            for old in q.stale:
                if mentions(o.text, old):
                    assert o.slot == q.slot and o.kind in ("set", "repeat", "nostalgia"), (old, o)
    assert kinds == {"set", "repeat", "nostalgia", "distractor", "chitchat"}
    assert {"direct", "paraphrase", "indirect"} <= styles
    # Nostalgic lines recall a value only after it was replaced.
    for q in stream.questions:
        stale_end = {
            v: max(
                (
                    o.timestamp
                    for o in by_user[q.user]
                    if o.kind == "set" and (q.field, v) in o.values
                ),
                default=0.0,
            )
            for v in q.stale
        }
        for o in by_user[q.user]:
            if o.kind == "nostalgia" and o.slot == q.slot:
                value = next(v for f, v in o.values if f == q.field)
                assert o.timestamp > stale_end[value]


def test_value_pools_are_disjoint_across_slots() -> None:
    seen: dict[str, str] = {}
    for slot in SLOTS:
        for field in slot.fields:
            for value in field.pool:
                assert value.lower() not in seen, (value, seen.get(value.lower()))
                seen[value.lower()] = field.name


def test_generator_rejects_empty_requests() -> None:
    with pytest.raises(ValueError):
        generate_updates(0)


# metrics -----------------------------------------------------------------------------------


def test_recall_hit_ndcg_on_hand_made_rankings() -> None:
    evidence = ["D1:1", "D2:2"]
    ranked = [{"D9:9"}, {"D1:1"}, {"D1:1", "D2:2"}, {"D3:3"}]
    assert recall_at_k(evidence, ranked, 1) == 0.0
    assert recall_at_k(evidence, ranked, 2) == 0.5
    assert recall_at_k(evidence, ranked, 3) == 1.0
    assert hit_at_k(evidence, ranked, 1) == 0.0
    assert hit_at_k(evidence, ranked, 2) == 1.0
    assert recall_at_k([], ranked, 5) is None
    # Rank 2 finds D1:1, rank 3 adds D2:2; ideal finds them at ranks 1 and 2.
    ideal = 1.0 + 1.0 / 1.5849625007211563
    got = 1.0 / 1.5849625007211563 + 1.0 / 2.0
    assert ndcg_at_k(evidence, ranked, 10) == pytest.approx(got / ideal)
    # One merged memory that covers all the evidence at rank 1 is perfect, not penalised.
    assert ndcg_at_k(evidence, [{"D1:1", "D2:2"}], 10) == 1.0
    assert ndcg_at_k(evidence, [{"D1:1"}, {"D2:2"}], 10) == pytest.approx(1.0)
    assert ndcg_at_k(evidence, [{"X"}], 10) == 0.0


def test_newest_wins_and_stale_above_current() -> None:
    hits = ["I live in Lisbon now.", "I miss Paris sometimes.", "Romeo lives in Rome."]
    assert newest_wins_at_1(hits, "lisbon") == 1.0
    assert newest_wins_at_1(hits[1:], "Lisbon") == 0.0
    assert stale_above_current(hits, "Lisbon", ["Paris"], 5) == 0.0
    assert stale_above_current(list(reversed(hits)), "Lisbon", ["Paris"], 5) == 1.0
    # Current missing from the top k counts as a loss.
    assert stale_above_current(hits, "Lisbon", ["Paris"], 0) == 1.0
    # A hit that names both ("moved from Paris to Lisbon") is current, not stale above it.
    assert stale_above_current(["Moved from Paris to Lisbon"], "Lisbon", ["Paris"], 5) == 0.0
    assert not mentions("Romeo was here", "Rome")
    assert mentions("I've gone gluten-free.", "gluten-free")
    assert not mentions("I've gone gluten-free.", "gluten")


def test_percentiles_are_nearest_rank() -> None:
    samples = [float(i) for i in range(1, 101)]
    assert percentiles(samples) == {"p50": 50.0, "p95": 95.0, "p99": 99.0}
    assert percentiles([]) == {}


# end to end --------------------------------------------------------------------------------


def _in_unit(value: object) -> bool:
    return isinstance(value, float) and 0.0 <= value <= 1.0


def test_harness_end_to_end_on_a_tiny_slice(tmp_path: Path, locomo: LoCoMo) -> None:
    from benchmarks.harness import run_suite
    from benchmarks.suites.locomo import METRICS, LoCoMoSuite

    suite = LoCoMoSuite(sample_ids=("conv-30",), max_sessions=2, data=locomo)
    out = tmp_path / "run"
    results = run_suite(suite, ["flat_dense", "bm25"], out, progress=False)
    assert results["events"]["questions"] > 5
    for name in ("flat_dense", "bm25"):
        system = results["systems"][name]
        assert system["available"] and "error" not in system, system
        main = system["metrics"]["dev"]["cat1-4"]
        assert main["with_evidence"] > 0
        for metric in METRICS:
            assert _in_unit(main[metric]), (name, metric, main[metric])
        assert system["stats"]["memories"] == results["events"]["adds"]
        assert system["latency_ms"]["search"]["n"] == results["events"]["questions"]
        assert system["latency_ms"]["tick"]["n"] >= 2  # between the two sessions, before Qs
    # The lexical baseline finds something on turns it indexed verbatim.
    assert results["systems"]["bm25"]["metrics"]["dev"]["cat1-4"]["recall@20"] > 0.2
    saved = json.loads((out / "results.json").read_text())
    assert saved["systems"]["bm25"]["metrics"] == results["systems"]["bm25"]["metrics"]
    report = (out / "report.md").read_text()
    assert "CC BY-NC 4.0" in report and "| flat_dense | dev |" in report
    assert (out / "recall10_dev.png").stat().st_size > 1000
    assert (out / "latency.png").exists()


def test_updates_and_goodai_suites_score_bm25(tmp_path: Path, shared_data: Path) -> None:
    from benchmarks.harness import run_suite
    from benchmarks.suites.goodai import GoodAISuite, mentions_quantity
    from benchmarks.suites.updates import UpdatesSuite

    upd = run_suite(UpdatesSuite(users=2, seed=3), ["bm25"], tmp_path / "u", progress=False)
    overall = upd["systems"]["bm25"]["metrics"]["overall"]
    assert overall["questions"] == upd["events"]["questions"] > 10
    for metric in ("newest_wins@1", "stale_above_current@5", "current@5", "recall@10"):
        assert _in_unit(overall[metric]), (metric, overall[metric])
    by_style = upd["systems"]["bm25"]["metrics"]["by_style"]
    assert set(by_style) <= {"direct", "paraphrase", "indirect"}
    assert sum(s["questions"] for s in by_style.values()) == overall["questions"]
    good = run_suite(GoodAISuite(quick=True), ["bm25"], tmp_path / "g", progress=False)
    shopping = good["systems"]["bm25"]["metrics"]["Shopping"]
    assert shopping["questions"] == 3
    assert _in_unit(shopping["item_recall@10"]) and _in_unit(shopping["quantity_exact@10"])
    # Raw lines never state a consolidated quantity such as "3 leek": no false credit.
    assert shopping["consolidated_exact@10"] == 0.0
    assert "CC BY-NC 4.0" in (tmp_path / "g" / "report.md").read_text()
    assert mentions_quantity("Shopping list: 3 leeks, 2 soap", "leek", 3)
    assert mentions_quantity("leek: 3", "leek", 3)
    assert not mentions_quantity("I require 2 Leek", "leek", 3)


def test_missing_mem0_virtualenv_is_reported_not_fatal(tmp_path: Path) -> None:
    from benchmarks.harness import run_system
    from benchmarks.suites.updates import UpdatesSuite
    from benchmarks.systems import SystemUnavailable
    from benchmarks.systems.mem0_peer import Mem0Peer

    with pytest.raises(SystemUnavailable, match="no Mem0 virtualenv"):
        Mem0Peer(venv=tmp_path / "absent")

    def factory(name: str) -> Mem0Peer:
        return Mem0Peer(venv=tmp_path / "absent")

    suite = UpdatesSuite(users=1)
    out = run_system(
        suite, "mem0", suite.events(), batch_adds=False, progress=False, factory=factory
    )
    assert out["available"] is False and ".venv-mem0" in out["reason"]


def test_fresh_and_dev_attribute_streams_keep_their_promises() -> None:
    """The fresh blind stream (written by a helper who read neither the code nor the other
    sets) and the development set share one schedule: checked here by counts and shape
    only, so that nobody tuning the rules has to read the blind sentences."""
    from benchmarks.datasets.updates_dev import DEV
    from benchmarks.datasets.updates_dev2 import DEV2
    from benchmarks.datasets.updates_dev3 import DEV3
    from benchmarks.datasets.updates_dev4 import DEV4
    from benchmarks.datasets.updates_dev5 import DEV5
    from benchmarks.datasets.updates_dev6 import DEV6
    from benchmarks.datasets.updates_dev7 import DEV7
    from benchmarks.datasets.updates_dev8 import DEV8
    from benchmarks.datasets.updates_dev9 import DEV9
    from benchmarks.datasets.updates_fresh import FRESH
    from tiermem.attributes.slot_rules import RULED

    for table, least in ((FRESH, 25), (DEV, 8), (DEV2, 20), (DEV3, 20), (DEV4, 20), (DEV5, 20)):
        assert len(table) >= least
        kinds = {spec["kind"] for spec in table.values()}
        assert kinds == {"single", "multi"}
        pools = [v for spec in table.values() for v in spec["pool"]]
        assert len(pools) == len(set(pools))  # no value in two attributes
    unlisted = [name for name in FRESH if not any(r in name for r in RULED)]
    assert len(unlisted) >= len(FRESH) / 2
    stream = generate_updates(50, phrasings="fresh")
    now = [q for q in stream.questions if q.asks == "now"]
    past = [q for q in stream.questions if q.asks == "past"]
    assert len(now) >= 500 and past
    kinds = {o.kind for o in stream.observations}
    assert {"set", "repeat", "past", "others", "hypothetical", "remove"} <= kinds
    for q in now:  # every current value was stated before the question was asked
        assert q.evidence and all(v not in q.stale for v in (q.current, *q.also_current))
    assert generate_updates(3, phrasings="dev") == generate_updates(3, phrasings="dev")
    dev2 = generate_updates(3, phrasings="dev2")
    assert dev2 == generate_updates(3, phrasings="dev2")
    assert {q.slot for q in dev2.questions} <= set(DEV2)
    assert not set(DEV2) & set(DEV)  # a second development set, not the first again
    dev3 = generate_updates(3, phrasings="dev3")
    assert dev3 == generate_updates(3, phrasings="dev3")
    assert {q.slot for q in dev3.questions} <= set(DEV3)
    assert not set(DEV3) & (set(DEV) | set(DEV2))  # a third one, again other attributes
    dev5 = generate_updates(3, phrasings="dev5")
    assert dev5 == generate_updates(3, phrasings="dev5")
    assert {q.slot for q in dev5.questions} <= set(DEV5)
    ruled = [name for name in DEV5 if any(r in name for r in RULED)]
    assert ruled and len(ruled) < len(DEV5)  # the slot rules' attributes said new ways, and more
    dev6 = generate_updates(3, phrasings="dev6")
    assert dev6 == generate_updates(3, phrasings="dev6")
    assert {q.slot for q in dev6.questions} <= set(DEV6)
    assert sum(spec["kind"] == "multi" for spec in DEV6.values()) >= 6  # many-valued too
    dev7 = generate_updates(3, phrasings="dev7")
    assert dev7 == generate_updates(3, phrasings="dev7")
    assert {q.slot for q in dev7.questions} <= set(DEV7)
    seen_names = {"job", "employer", "partner", "home_city", "hobby", "pet_name", "diet"}
    assert seen_names <= set(DEV7)  # the first blind stream's attributes, said new ways
    assert sum(spec["kind"] == "multi" for spec in DEV7.values()) >= 6
    dev8 = generate_updates(3, phrasings="dev8")
    assert dev8 == generate_updates(3, phrasings="dev8")
    assert {q.slot for q in dev8.questions} <= set(DEV8)
    assert len(set(DEV8) & set(FRESH)) >= 20  # the fresh stream's attributes, said new ways
    assert sum(spec["kind"] == "multi" for spec in DEV8.values()) >= 8
    dev9 = generate_updates(3, phrasings="dev9")
    assert dev9 == generate_updates(3, phrasings="dev9")
    assert {q.slot for q in dev9.questions} <= set(DEV9)
    assert set(DEV9) == set(FRESH)  # every attribute of the fresh stream, said new ways
    assert sum(spec["kind"] == "multi" for spec in DEV9.values()) >= 8


def test_runs_started_in_the_same_second_get_their_own_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fresh and the blind stream run side by side: one must not overwrite the
    other's report."""
    from benchmarks import harness

    monkeypatch.setattr(harness, "RESULTS_DIR", tmp_path / "results")
    first, second = harness.default_out_dir("updates"), harness.default_out_dir("updates")
    assert first != second and first.is_dir() and second.is_dir()
