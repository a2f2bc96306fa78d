"""What a new user hit: silent acceptances in add(), late config errors, a noisy and slow
start, a chatty worker, and stats that loaded a model to print counts. Real parts only."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from apscheduler.schedulers.background import BackgroundScheduler as APBackground
from conftest import DAY, MemoryFactory, redis_snapshot

from tiermem import InvalidInputError, ManualClock, Memory, TiermemConfig, validation
from tiermem.consolidation import dead_letters
from tiermem.consolidation.scheduler import add_jobs, roster_for
from tiermem.models.embedder import Embedder, declared_dimension, packaged_model_path
from tiermem.tier_counts import collect
from tiermem.tiers import keys

REPO = Path(__file__).resolve().parents[1]
LIMITS = {"max_chars": 16_000, "max_messages": 1_000}


# 1. add() input -------------------------------------------------------------------------
def test_system_messages_are_skipped_and_reported() -> None:
    result = validation.conversation(
        [
            {"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": "I adopted a cat named Miso"},
            {"role": "system", "content": "x" * 20_000},  # never stored: no length limit
            {"role": "assistant", "content": "Lovely name!"},
        ],
        **LIMITS,
    )
    assert result.messages == (
        ("user", "I adopted a cat named Miso"),
        ("assistant", "Lovely name!"),
    )
    assert result.skipped == (0, 2)
    assert [s["index"] for s in result.skipped_public()] == [0, 2]
    assert {s["role"] for s in result.skipped_public()} == {"system"}
    assert validation.conversation("I live in Paris", **LIMITS).skipped == ()


def test_add_does_not_store_system_messages(memory: Memory) -> None:
    out = memory.add(
        [
            {"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": "I adopted a cat named Miso"},
        ],
        user_id="alice",
    )
    assert [r["memory"] for r in out["results"]] == ["I adopted a cat named Miso"]
    assert [(s["index"], s["role"]) for s in out["skipped"]] == [(0, "system")]
    assert "skipped" not in memory.add("I live in Paris", user_id="alice")
    stored = [m["memory"] for m in memory.get_all(user_id="alice")["results"]]
    assert sorted(stored) == ["I adopted a cat named Miso", "I live in Paris"]


def test_only_system_messages_are_refused_and_nothing_is_written(memory: Memory) -> None:
    memory.add("I live in Paris", user_id="alice")
    before = redis_snapshot(memory)
    with pytest.raises(InvalidInputError, match="every message is a system message"):
        memory.add([{"role": "system", "content": "You are terse."}], user_id="alice")
    assert redis_snapshot(memory) == before


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        (
            [{"role": "user", "text": "hi"}],
            r"message 0 has no 'content' \(keys given: role, text\)",
        ),
        ([{"content": "hi"}], r"message 0 has no 'role' \(keys given: content\)"),
        ([{}], r"message 0 has no 'role' \(keys given: none\)"),
        (
            [{"role": "user", "content": "ok"}, {"role": "bot", "content": "hi"}],
            r"message 1 has role 'bot'; use one of assistant, system, tool, user",
        ),
        ([{"role": "user", "content": None}], r"message 0 content must be a string, got NoneType"),
        ([{"role": "system", "content": 5}], r"message 0 content must be a string, got int"),
        (["hi"], r"message 0 must be a dict with 'role' and 'content', got str"),
    ],
)
def test_malformed_messages_name_what_is_wrong(
    memory: Memory, messages: list[Any], expected: str
) -> None:
    before = redis_snapshot(memory)
    with pytest.raises(InvalidInputError, match=expected):
        memory.add(messages, user_id="alice")
    assert redis_snapshot(memory) == before


@pytest.mark.parametrize(
    "naive",
    [datetime(2024, 5, 1, 12, 0), "2024-05-01T12:00:00", "2024-05-01"],
    ids=["datetime", "iso-datetime", "iso-date"],
)
def test_naive_timestamps_are_refused(memory: Memory, naive: Any) -> None:
    before = redis_snapshot(memory)
    with pytest.raises(InvalidInputError, match=r"timezone-aware|no UTC offset"):
        memory.add("It snowed", user_id="alice", timestamp=naive)
    assert redis_snapshot(memory) == before


def test_naive_datetime_message_says_how_to_fix_it() -> None:
    with pytest.raises(InvalidInputError, match=r"datetime\.now\(timezone\.utc\)"):
        validation.timestamp(datetime(2024, 5, 1))


def test_aware_timestamps_are_stored_at_their_instant(memory: Memory) -> None:
    lisbon_summer = timezone(timedelta(hours=1))
    # Any: memory.add's annotation (float | str) does not name datetime yet, though it works.
    cases: list[Any] = [
        datetime(2024, 5, 1, 13, 0, tzinfo=lisbon_summer),
        datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
        "2024-05-01T12:00:00Z",
        "2024-05-01T14:00:00+02:00",
    ]
    for when in cases:
        mid_ = memory.add("It snowed", user_id="alice", timestamp=when)["results"][0]["id"]
        assert memory.get(mid_)["created_at"] == "2024-05-01T12:00:00+00:00"  # type: ignore[index]


# 2. configuration, refused when Memory opens -------------------------------------------
def test_unknown_policy_is_refused_when_memory_opens(tmp_path: Path) -> None:
    data = tmp_path / "never-created"
    with pytest.raises(InvalidInputError) as caught:
        Memory({"data_dir": str(data), "llm": "none", "policy": "heuristc"})
    message = str(caught.value)
    assert "unknown policy 'heuristc'" in message
    assert "none, heuristic, llm" in message
    assert "\n" not in message
    assert not data.exists()  # refused before anything was created


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("no_such_module.Policy", "cannot load policy 'no_such_module.Policy': No module named"),
        ("tiermem.consolidation.policies.none.Nope", "has no 'Nope'"),
        ("tiermem.types.Scope", "the class has no ready, extract, should_promote, candidates"),
        ("tiermem.types.iso", "it is not a class"),
    ],
)
def test_bad_dotted_policies_are_refused_at_load(policy: str, expected: str) -> None:
    with pytest.raises(InvalidInputError, match="policy: ") as caught:
        TiermemConfig.load({"policy": policy})
    assert expected in str(caught.value)


def test_good_dotted_policies_still_load() -> None:
    for policy in (
        "tiermem.consolidation.policies.none.NonePolicy",
        "tiermem.consolidation.policies.heuristic:HeuristicPolicy",
    ):
        assert TiermemConfig.load({"policy": policy}).policy == policy


def test_config_errors_name_the_setting_and_its_source(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TIERMEM_POLICY", "nope")
    monkeypatch.setenv("TIERMEM_LLM", "gpt-17")
    with pytest.raises(InvalidInputError) as caught:
        TiermemConfig.load()
    message = str(caught.value)
    assert "\n" not in message and "errors.pydantic.dev" not in message
    assert "policy: unknown policy 'nope'" in message and "[from TIERMEM_POLICY]" in message
    assert "(got 'gpt-17') [from TIERMEM_LLM]" in message
    monkeypatch.delenv("TIERMEM_POLICY")
    monkeypatch.delenv("TIERMEM_LLM")
    monkeypatch.setenv("TIERMEM_POLCY", "none")
    with pytest.raises(InvalidInputError, match="did you mean TIERMEM_POLICY"):
        TiermemConfig.load()
    monkeypatch.delenv("TIERMEM_POLCY")
    with pytest.raises(InvalidInputError, match=r"polcy: unknown setting \(did you mean 'policy'"):
        TiermemConfig.load({"polcy": "none"})
    config_file = tmp_path / "tiermem.json"
    config_file.write_text(json.dumps({"decay_interval_s": -1}))
    monkeypatch.setenv("TIERMEM_CONFIG_FILE", str(config_file))
    with pytest.raises(InvalidInputError, match=f"from config file {config_file}"):
        TiermemConfig.load()


def test_other_settings_only_caught_late_are_caught_at_load(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="redis_url: must start with redis://") as caught:
        TiermemConfig.load({"redis_url": "http://user:secret@example.com"})
    assert "secret" not in str(caught.value)
    with pytest.raises(InvalidInputError, match="ollama_host: has a bad port"):
        TiermemConfig.load({"ollama_host": "localhost:eleven"})
    with pytest.raises(InvalidInputError, match="ollama_host: must use http"):
        TiermemConfig.load({"ollama_host": "ftp://localhost"})
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(InvalidInputError, match="exists and is not a directory"):
        TiermemConfig.load({"data_dir": str(a_file)})
    assert TiermemConfig.load({"data_dir": "~/tm"}).data_dir == Path.home() / "tm"
    assert TiermemConfig.load({"redis_url": ""}).redis_url is None


def test_attributes_from_the_environment_are_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIERMEM_ATTRIBUTES", '[{"name": "home city", "multi": false}]')
    assert [a.name for a in TiermemConfig.load().attributes] == ["home city"]
    monkeypatch.setenv("TIERMEM_ATTRIBUTES", "home city")
    with pytest.raises(InvalidInputError, match="TIERMEM_ATTRIBUTES must be JSON"):
        TiermemConfig.load()


# 4. worker noise ------------------------------------------------------------------------
def test_jobs_are_named_after_their_pass_and_apscheduler_is_quiet(
    make_memory: MemoryFactory,
) -> None:
    memory = make_memory(policy="none")
    scheduler = APBackground()
    add_jobs(scheduler, memory.engine, memory.config, roster_for(memory.engine, memory.config))
    assert sorted((j.id, j.name) for j in scheduler.get_jobs()) == [
        ("decay", "decay"),
        ("heartbeat", "heartbeat"),
        ("mid_to_long", "mid_to_long"),
        ("short_to_mid", "short_to_mid"),
    ]
    assert logging.getLogger("apscheduler.executors").level == logging.WARNING


def test_background_runs_log_nothing_when_nothing_moves(
    make_memory: MemoryFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    memory = make_memory(policy="none", short_to_mid_interval_s=0.1, mid_to_long_interval_s=0.1)
    memory.start_background()
    time.sleep(1.0)
    memory.close()
    chatter = [r.getMessage() for r in caplog.records if r.name.startswith("apscheduler")]
    assert chatter == []


# 5 and 6. a quiet, quick start ----------------------------------------------------------
def test_memory_opens_without_loading_the_model_and_prints_nothing(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import sys, time
        from tiermem import Memory
        t0 = time.perf_counter()
        with Memory({{"data_dir": {str(tmp_path / "data")!r}, "llm": "none"}}) as m:
            opened = time.perf_counter() - t0
            print("torch loaded at open:", "torch" in sys.modules)
            print("open seconds:", round(opened, 2))
            m.add("I live in Paris", user_id="alice")
            print("found:", m.search("where do I live?", user_id="alice")["results"][0]["memory"])
    """)
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    )
    assert out.stderr == ""  # no "Loading weights" bar, no warnings
    assert "torch loaded at open: False" in out.stdout
    assert "found: I live in Paris" in out.stdout


def test_declared_dimension_matches_the_loaded_model() -> None:
    assert declared_dimension(packaged_model_path()) == 384
    embedder = Embedder(truncate_dim=128, backend="torch")
    assert embedder.dim == 128 and embedder.identity == "all-MiniLM-L6-v2@128"
    assert embedder.embed(["hello"]).shape == (1, 128)
    embedder.load()
    assert embedder.model.get_embedding_dimension() == 128
    onnx = Embedder(truncate_dim=128, quantized=False)  # the default backend truncates too
    assert onnx.dim == 128 and onnx.identity == "all-MiniLM-L6-v2@128+onnx"
    row = onnx.embed(["hello"])[0]
    assert row.shape == (128,) and abs(float(row @ row) - 1.0) < 1e-5
    assert float(row @ embedder.embed(["hello"])[0]) > 0.9999  # the same vector as torch's


def _st_folder(root: Path, modules: list[dict[str, Any]], configs: dict[str, Any]) -> Path:
    root.mkdir()
    (root / "modules.json").write_text(json.dumps(modules))
    for folder, config in configs.items():
        (root / folder).mkdir()
        (root / folder / "config.json").write_text(json.dumps(config))
    return root


def test_declared_dimension_reads_common_layouts_and_refuses_to_guess(tmp_path: Path) -> None:
    transformer = {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.Transformer"}
    pooling = {"idx": 1, "name": "1", "path": "1_Pooling", "type": "x.models.Pooling"}
    dense = {"idx": 2, "name": "2", "path": "2_Dense", "type": "x.models.Dense"}
    norm = {"idx": 3, "name": "3", "path": "3_Normalize", "type": "x.models.Normalize"}
    two_modes = {
        "word_embedding_dimension": 300,
        "pooling_mode_mean_tokens": True,
        "pooling_mode_max_tokens": True,
    }
    cases: dict[str, tuple[list[dict[str, Any]], dict[str, Any], int | None]] = {
        "legacy": ([transformer, pooling, norm], {"1_Pooling": two_modes}, 600),
        "new": (
            [transformer, pooling],
            {"1_Pooling": {"embedding_dimension": 256, "pooling_mode": "cls"}},
            256,
        ),
        "dense": (
            [transformer, pooling, dense, norm],
            {"1_Pooling": two_modes, "2_Dense": {"in_features": 600, "out_features": 64}},
            64,
        ),
        "unknown module": ([transformer, {"type": "mine.Custom", "path": ""}], {}, None),
        "no pooling": ([transformer], {}, None),
    }
    for name, (modules, configs, expected) in cases.items():
        folder = _st_folder(tmp_path / name.replace(" ", "_"), modules, configs)
        assert declared_dimension(folder) == expected, name
    assert declared_dimension(tmp_path) is None  # no modules.json at all


def test_missing_model_folder_is_refused_at_open(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match=r"embedding model folder .* does not exist"):
        Memory({"data_dir": str(tmp_path), "llm": "none", "embedder_model": str(tmp_path / "nope")})


# 7. counts without the embedder -------------------------------------------------------
def _counts_as_memory_read_them(memory: Memory) -> dict[str, Any]:
    """What Memory.stats() returned before it delegated: counts through the open tiers
    and each shard's in-memory mirror, an independent way to the same numbers."""
    out: dict[str, Any] = {"tenants": {}}
    for raw in sorted(memory.client.smembers(keys.TENANTS)):
        tenant = keys.text(raw)
        shard = memory.stores.long.existing_shard(tenant)
        out["tenants"][tenant] = {
            "short": memory.stores.short.count(tenant),
            "mid": memory.stores.mid.count(tenant),
            "long": shard.count(include_superseded=False) if shard else 0,
            "dead_letters": int(memory.client.hlen(keys.dead_letters(tenant))),
        }
    return out


def test_tier_counts_equal_memory_stats(make_memory: MemoryFactory, clock: ManualClock) -> None:
    memory = make_memory(promote_min_age_s=0)
    memory.add("I live in Paris", user_id="alice")
    memory.add("I love croissants in the morning", user_id="alice")
    memory.add("My sister is called Ana", user_id="carol")
    clock.advance(2 * DAY)
    memory.consolidate()
    clock.advance(30 * DAY)
    memory.add("I moved to Berlin", user_id="alice")  # supersedes Paris in the long tier
    clock.advance(2 * DAY)
    memory.consolidate()
    long_facts = memory.get_all(user_id="alice", tier="long")["results"]
    memory.delete(next(f["id"] for f in long_facts if "croissant" in f["memory"]))
    memory.add("I play chess on Sundays", user_id="alice")
    memory.add("Thinking about a move", user_id="bob")
    memory.consolidate(user_id="bob", passes=("short_to_mid",))
    memory.add("I ride a red bike", user_id="dave")
    memory.delete_all(user_id="dave")  # emptied: no longer listed
    with memory.client.pipeline(transaction=True) as pipe:
        dead_letters.record(pipe, "u=bob", "0" * 32, "the LLM answered nonsense", 0, clock())
        pipe.execute()

    expected = _counts_as_memory_read_them(memory)
    assert expected["tenants"]["u=alice"]["long"] >= 1  # the data covers every tier
    assert any(t["mid"] for t in expected["tenants"].values())
    assert expected["tenants"]["u=bob"]["dead_letters"] == 1
    assert "u=dave" not in expected["tenants"]
    superseded = memory.get_all(user_id="alice", tier="long", include_superseded=True)
    assert len(superseded["results"]) > expected["tenants"]["u=alice"]["long"]

    assert memory.stats() == expected
    assert collect(memory.config) == expected  # while the Memory is open (shared server)
    config = memory.config
    memory.close()
    assert collect(config) == expected  # and alone, starting the server itself


def test_counts_of_a_missing_data_dir_create_nothing(tmp_path: Path) -> None:
    config = TiermemConfig.load({"data_dir": str(tmp_path / "nothing-here")})
    assert collect(config) == {"tenants": {}}
    assert not (tmp_path / "nothing-here").exists()


def test_an_uninstalled_embedded_llm_is_refused_at_load(monkeypatch: pytest.MonkeyPatch) -> None:
    assert TiermemConfig.load({"llm": "embedded"}).llm == "embedded"
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # how Python marks a module absent
    with pytest.raises(InvalidInputError, match="llm: 'embedded' needs llama-cpp-python"):
        TiermemConfig.load({"llm": "embedded"})
    assert TiermemConfig.load({"llm": "auto"}).llm == "auto"  # decided at run time
