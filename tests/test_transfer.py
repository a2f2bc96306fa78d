"""``tiermem export`` / ``tiermem import``: the round trip into an empty store, every
input format, idempotent re-imports, and bad files refused whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_util import InProcess, in_process
from conftest import DAY, MemoryFactory
from test_cli import tiermem

from benchmarks.paths import locomo_file
from tiermem import ManualClock, Memory
from tiermem.consolidation import dead_letters
from tiermem.tiers import keys as redis_keys
from tiermem.transfer import lock, sources


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> InProcess:
    return in_process(monkeypatch, capsys)


def summary(run: InProcess, data: Path, *argv: str) -> dict[str, Any]:
    code, out, err = run(data, "import", *argv, "--json")
    assert code == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


def everything(memory: Memory, user: str = "alice") -> list[dict[str, Any]]:
    found = memory.get_all(user_id=user, include_superseded=True, limit=10_000)["results"]
    return sorted(found, key=lambda m: m["id"])


def build_store(memory: Memory, clock: ManualClock) -> None:
    """Alice in every tier: a superseded long-term fact and an API-edited one (a kept
    version), a mid fact, short observations with metadata and an agent, a deletion."""
    memory.add("I live in Paris", user_id="alice", metadata={"source": "chat"})
    memory.add("I love croissants in the morning", user_id="alice")
    clock.advance(2 * DAY)
    memory.consolidate()
    clock.advance(30 * DAY)
    memory.add("I moved to Berlin", user_id="alice")
    clock.advance(2 * DAY)
    memory.consolidate()
    (croissants,) = [
        m
        for m in memory.get_all(user_id="alice", tier="long")["results"]
        if "croiss" in m["memory"]
    ]
    clock.advance(DAY)
    memory.update(croissants["id"], "I love croissants with coffee")
    memory.add("My sister is called Ana", user_id="alice")
    memory.add("My sister is called Ana", user_id="alice")  # merged: its id is consumed
    clock.advance(DAY)
    memory.consolidate(passes=("short_to_mid",))
    memory.add("I play chess on Sundays", user_id="alice", agent_id="coach")
    gone = memory.add("I hate Mondays", user_id="alice")["results"][0]["id"]
    memory.delete(gone)
    memory.add("I ride a red bike", user_id="bob")


def records(export: str) -> list[dict[str, Any]]:
    """The memory lines of an export (the header, with its export time, left out)."""
    lines = [json.loads(line) for line in export.splitlines()[1:]]
    return [line for line in lines if line["kind"] == "memory"]


def tenant_line(export: str) -> dict[str, Any]:
    (line,) = [json.loads(x) for x in export.splitlines()[1:] if '"kind":"tenant"' in x]
    result: dict[str, Any] = line
    return result


def test_export_then_import_gives_the_same_memories_and_history(
    make_memory: MemoryFactory, clock: ManualClock, tmp_path: Path, run: InProcess
) -> None:
    source, copy_dir = tmp_path / "data", tmp_path / "copy"
    original = make_memory(source, promote_min_age_s=0)
    build_store(original, clock)
    states = {m["tier"] for m in everything(original)}
    assert states == {"short", "mid", "long"}
    assert sum(m.get("valid_to") is not None for m in everything(original)) == 2
    waiting = next(m["id"] for m in everything(original) if m["tier"] == "short")
    with original.client.pipeline(transaction=True) as pipe:  # as a failed LLM try records it
        dead_letters.record(pipe, "u=alice", waiting, "the model answered no JSON", 0, clock())
        pipe.execute()
    learned = original.client.get(redis_keys.phrasings("u=alice"))
    assert learned  # consolidation learned how alice states things

    exported = tiermem("export", "--user-id", "alice", env={"TIERMEM_DATA_DIR": str(source)})
    assert exported.returncode == 0, exported.stderr
    header = json.loads(exported.stdout.splitlines()[0])
    assert header["format"] == "tiermem-export" and header["version"] == 2
    assert header["tenant"] == "u=alice" and header["tenant_state"] is True
    state = tenant_line(exported.stdout)
    assert state["phrasings"] == json.loads(learned)
    assert list(state["dead_letters"]) == [waiting]
    lines = records(exported.stdout)
    assert {line["state"] for line in lines} == {"short", "mid", "long", "consumed", "deleted"}
    assert all(line["history"] for line in lines)
    assert "bob" not in exported.stdout
    file = tmp_path / "alice.jsonl"
    file.write_text(exported.stdout, encoding="utf-8")

    first = summary(run, copy_dir, str(file))
    assert first["format"] == "tiermem"
    assert (first["read"], first["added"], first["skipped"]) == (len(lines), len(lines), 0)
    copy = make_memory(copy_dir)
    assert everything(copy) == everything(original)
    for line in lines:
        memory_id = line["id"]
        assert copy.history(memory_id) == original.history(memory_id), memory_id
        assert copy.get(memory_id) == original.get(memory_id)
        assert copy.stores.registry.lookup(memory_id) == original.stores.registry.lookup(memory_id)
    assert copy.get_all(user_id="bob")["results"] == []
    assert copy.client.get(redis_keys.phrasings("u=alice")) == learned
    assert dead_letters.attempts(copy.client, "u=alice", waiting) == 1

    again = summary(run, copy_dir, str(file))
    assert (again["added"], again["skipped"]) == (0, len(lines))
    code, out, err = run(copy_dir, "export", "--user-id", "alice")
    assert code == 0, err
    assert records(out) == lines

    # The copy is a working store: it ranks, and it consolidates what was pending.
    top = copy.search("where do I live now?", user_id="alice")["results"][0]
    assert top["memory"] == "I moved to Berlin"
    clock.advance(2 * DAY)
    copy.consolidate()
    assert copy.get_all(user_id="alice", tier="mid")["results"] == []


def test_a_bad_export_line_is_refused_before_anything_is_written(
    make_memory: MemoryFactory, clock: ManualClock, tmp_path: Path, run: InProcess
) -> None:
    source, target = tmp_path / "data", tmp_path / "copy"
    memory = make_memory(source)
    memory.add("I live in Paris", user_id="alice")
    memory.add("I like green tea", user_id="alice")
    file = tmp_path / "alice.jsonl"
    assert run(source, "export", "--user-id", "alice", "--output", str(file))[0] == 0
    good = file.read_text(encoding="utf-8").splitlines()
    assert len(good) == 3

    broken = tmp_path / "broken.jsonl"
    second = json.loads(good[2])
    second["state"] = "mid"  # its item says short
    broken.write_text("\n".join([good[0], good[1], json.dumps(second)]) + "\n", encoding="utf-8")
    code, out, err = run(target, "import", str(broken))
    assert code == 2 and out == ""
    assert err.startswith("tiermem: error: line 3: ") and "disagrees" in err
    assert len(err.splitlines()) == 1
    assert not target.exists()  # the store was not even opened

    cut = tmp_path / "cut.jsonl"
    cut.write_text("\n".join(good[:2]) + "\n", encoding="utf-8")
    code, _, err = run(target, "import", str(cut))
    assert code == 2 and "the export is incomplete" in err
    assert not target.exists()

    newer = tmp_path / "newer.jsonl"
    head = json.loads(good[0])
    head["version"] = 3
    newer.write_text("\n".join([json.dumps(head), *good[1:]]) + "\n", encoding="utf-8")
    code, _, err = run(target, "import", str(newer))
    assert code == 2 and "export format version 3 is not supported" in err

    stateless = tmp_path / "stateless.jsonl"  # the header promises a tenant line
    head = {**json.loads(good[0]), "tenant_state": True}
    stateless.write_text("\n".join([json.dumps(head), *good[1:]]) + "\n", encoding="utf-8")
    code, _, err = run(target, "import", str(stateless))
    assert code == 2 and "tenant line" in err
    assert not target.exists()

    garbled = tmp_path / "garbled.jsonl"  # phrasings that would not load later
    head = {**json.loads(good[0]), "tenant_state": True}
    state = {"kind": "tenant", "tenant": "u=alice", "phrasings": {"values": "not a mapping"}}
    lines = [json.dumps(head), json.dumps(state), *good[1:]]
    garbled.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(target, "import", str(garbled))
    assert code == 2 and "line 2" in err and "phrasings do not load" in err
    assert not target.exists()

    code, _, err = run(target, "import", str(file), "--user-id", "bob")
    assert code == 2 and "this export holds u=alice" in err
    code, _, err = run(target, "export", "--user-id", "alice", "-o", str(tmp_path / "no" / "x"))
    assert code == 2 and err.startswith("tiermem: error: cannot write")


def test_restore_deleted_brings_a_backup_back_and_keeps_the_deletion_in_history(
    make_memory: MemoryFactory, tmp_path: Path, run: InProcess
) -> None:
    data = tmp_path / "data"
    memory = make_memory(data)
    kept = memory.add("I grow tomatoes", user_id="alice")["results"][0]["id"]
    gone = memory.add("My locker code is 4711", user_id="alice")["results"][0]["id"]
    backup = tmp_path / "backup.jsonl"
    assert run(data, "export", "--user-id", "alice", "-o", str(backup))[0] == 0
    memory.delete(gone)

    plain = summary(run, data, str(backup))  # by default a deletion is the user's word
    assert (plain["added"], plain["skipped"]) == (0, 2)
    assert memory.get(gone) is None

    restored = summary(run, data, str(backup), "--restore-deleted")
    assert (restored["added"], restored["skipped"]) == (1, 1)
    assert (memory.get(gone) or {}).get("memory") == "My locker code is 4711"
    assert (memory.get(kept) or {}).get("memory") == "I grow tomatoes"
    events = [(e["event"], e["actor"]) for e in memory.history(gone)]
    assert events == [("ADD", "api"), ("DELETE", "api"), ("ADD", "import")]
    top = memory.search("locker code", user_id="alice")["results"][0]
    assert top["id"] == gone

    twice = summary(run, data, str(backup), "--restore-deleted")
    assert twice["added"] == 0 and len(memory.history(gone)) == 3

    (tmp_path / "chat.jsonl").write_text('{"role": "user", "content": "hi"}\n', encoding="utf-8")
    code, _, err = run(
        data, "import", str(tmp_path / "chat.jsonl"), "--user-id", "alice", "--restore-deleted"
    )
    assert code == 2 and "applies to tiermem exports" in err


def test_a_second_import_into_a_tenant_is_refused_while_one_runs(
    make_memory: MemoryFactory, tmp_path: Path, run: InProcess
) -> None:
    data = tmp_path / "data"
    memory = make_memory(data)
    file = tmp_path / "chat.jsonl"
    file.write_text('{"role": "user", "content": "I live in Porto"}\n', encoding="utf-8")
    with lock.importing(memory.client, ["u=alice"]):  # an import of alice under way
        code, _, err = run(data, "import", str(file), "--user-id", "alice")
        assert code == 2 and "another import into u=alice is running" in err
        assert memory.get_all(user_id="alice")["results"] == []
        assert summary(run, data, str(file), "--user-id", "bob")["added"] == 1  # not bob's
    assert summary(run, data, str(file), "--user-id", "alice")["added"] == 1


CHAT = [
    {"role": "system", "content": "You are a helpful assistant"},
    {"role": "user", "content": "I live in Lisbon", "timestamp": "2024-05-01T10:00:00Z"},
    {"role": "assistant", "content": "Lovely city!", "timestamp": "2024-05-01T10:00:05Z"},
    {"role": "user", "content": "ok", "timestamp": 1714557610},
    {"role": "user", "content": "ok", "timestamp": 1714557610},
    {"role": "user", "content": "I work as a nurse", "user_id": "carol"},
]


def test_jsonl_messages_import_once_even_after_consolidation(
    make_memory: MemoryFactory, clock: ManualClock, tmp_path: Path, run: InProcess
) -> None:
    data = tmp_path / "data"
    file = tmp_path / "chat.jsonl"
    file.write_text("".join(json.dumps(m) + "\n" for m in CHAT), encoding="utf-8")

    first = summary(run, data, str(file), "--user-id", "dave", "--batch-size", "2")
    assert first == {
        "file": str(file),
        "format": "jsonl",
        "read": 6,
        "added": 5,
        "skipped": 0,
        "ignored": 1,
        "errors": 0,
    }
    memory = make_memory(data, promote_min_age_s=0)
    stored = memory.get_all(user_id="dave")["results"]
    by_text = {m["memory"]: m for m in stored}
    assert sorted(m["memory"] for m in stored) == [
        "I live in Lisbon",
        "I work as a nurse",  # the command line's --user-id wins over a line's own
        "Lovely city!",
        "ok",
        "ok",
    ]
    assert by_text["I live in Lisbon"]["created_at"] == "2024-05-01T10:00:00+00:00"
    assert by_text["Lovely city!"]["role"] == "assistant"
    key = by_text["I live in Lisbon"]["metadata"]["import_key"]
    assert key == by_text["I live in Lisbon"]["id"]

    clock.advance(2 * DAY)
    memory.consolidate()  # observations are consumed into facts: the keys live on as ids
    assert memory.get_all(user_id="dave", tier="short")["results"] == []
    again = summary(run, data, str(file), "--user-id", "dave")
    assert (again["added"], again["skipped"]) == (0, 5)

    code, _, err = run(data, "import", str(file))  # no --user-id: each line names its own
    assert code == 2 and "line 2: no scope: pass --user-id" in err
    per_line = summary(run, data, str(file), "--skip-invalid")
    assert (per_line["added"], per_line["errors"], per_line["ignored"]) == (1, 4, 1)
    assert [m["memory"] for m in memory.get_all(user_id="carol")["results"]] == [
        "I work as a nurse"
    ]


def test_message_lists_import_and_reimport_nothing(
    make_memory: MemoryFactory, tmp_path: Path, run: InProcess
) -> None:
    data = tmp_path / "data"
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(CHAT[:3]), encoding="utf-8")
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(json.dumps({"messages": CHAT[3:5]}, indent=2), encoding="utf-8")

    first = summary(run, data, str(plain), "--user-id", "erin")
    assert (first["format"], first["added"], first["ignored"]) == ("messages", 2, 1)
    second = summary(run, data, str(wrapped), "--user-id", "erin", "--format", "messages")
    assert (second["format"], second["added"]) == ("messages", 2)
    assert summary(run, data, str(plain), "--user-id", "erin")["added"] == 0
    memory = make_memory(data)
    texts = sorted(m["memory"] for m in memory.get_all(user_id="erin")["results"])
    assert texts == ["I live in Lisbon", "Lovely city!", "ok", "ok"]


LOCOMO_SAMPLE = {
    "sample_id": "conv-x",
    "conversation": {
        "speaker_a": "Caroline",
        "speaker_b": "Mel",
        "session_1_date_time": "1:56 pm on 8 May, 2023",
        "session_1": [
            {"speaker": "Caroline", "dia_id": "D1:1", "text": "I went to a support group."},
            {
                "speaker": "Mel",
                "dia_id": "D1:2",
                "text": "Look at this!",
                "blip_caption": "a dog on a beach",
            },
        ],
        "session_2_date_time": "10:37 am on 27 June, 2023",
        "session_2": [{"speaker": "Caroline", "dia_id": "D2:1", "text": "I moved to Berlin."}],
    },
    "qa": [],
}


def test_locomo_sessions_import_with_their_dates(
    make_memory: MemoryFactory, tmp_path: Path, run: InProcess
) -> None:
    data = tmp_path / "data"
    file = tmp_path / "locomo.json"
    file.write_text(json.dumps([LOCOMO_SAMPLE]), encoding="utf-8")
    first = summary(run, data, str(file))
    assert (first["format"], first["read"], first["added"]) == ("locomo", 3, 3)
    assert summary(run, data, str(file))["skipped"] == 3
    memory = make_memory(data)
    stored = sorted(memory.get_all(user_id="conv-x")["results"], key=lambda m: m["created_at"])
    assert [(m["memory"], m["created_at"], m["metadata"]["dia_id"]) for m in stored] == [
        ("Caroline: I went to a support group.", "2023-05-08T13:56:00+00:00", "D1:1"),
        (
            "Mel: Look at this! [shares a photo of a dog on a beach]",
            "2023-05-08T13:56:30+00:00",
            "D1:2",
        ),
        ("Caroline: I moved to Berlin.", "2023-06-27T10:37:00+00:00", "D2:1"),
    ]


def test_the_real_locomo_file_shape(shared_data: Path, tmp_path: Path) -> None:
    """The parser reads the published file's first conversation (read in place, never
    copied): one message per turn, a user per conversation."""
    sample = json.loads(locomo_file().read_text(encoding="utf-8"))[0]
    conversation = sample["conversation"]
    turns = sum(len(v) for k, v in conversation.items() if sources._SESSION.fullmatch(k))
    from tiermem.config import TiermemConfig

    config = TiermemConfig.load({"data_dir": str(tmp_path)})
    text = json.dumps(sample)
    assert sources.detect(text) == "locomo"
    reading = sources.read(
        text,
        "locomo",
        {"user_id": None, "agent_id": None, "run_id": None},
        config,
        skip_invalid=False,
    )
    assert len(reading.messages) == turns and not reading.errors
    assert {m.scope.user_id for m in reading.messages} == {sample["sample_id"]}
    times = [m.timestamp for m in reading.messages]
    assert all(t is not None for t in times)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (['{"role": "robot", "content": "hi"}'], "line 2: role 'robot' is not one of"),
        (['{"role": "user", "content": "hi"}', "{oops"], "line 3: not JSON"),
        (
            ['{"role": "user", "content": "hi", "timestamp": "2024-05-01T10:00:00"}'],
            "line 2: timestamp '2024-05-01T10:00:00' has no UTC offset",
        ),
        (['{"role": "user", "content": "hi", "when": 1}'], "line 2: unknown key 'when'"),
        (['{"role": "user", "content": "   "}'], "line 2: content is empty"),
    ],
)
def test_bad_messages_are_refused_whole(
    tmp_path: Path, run: InProcess, lines: list[str], message: str
) -> None:
    file = tmp_path / "bad.jsonl"
    file.write_text("\n".join(['{"role": "user", "content": "fine"}', *lines]) + "\n")
    code, out, err = run(tmp_path / "data", "import", str(file), "--user-id", "alice")
    assert code == 2 and out == ""
    assert err.startswith(f"tiermem: error: {message}"), err
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "data").exists()


def test_skip_invalid_counts_errors_and_stores_the_rest(
    make_memory: MemoryFactory, tmp_path: Path, run: InProcess
) -> None:
    data = tmp_path / "data"
    file = tmp_path / "mixed.jsonl"
    file.write_text(
        '{"role": "user", "content": "I live in Rome"}\n{"role": "robot", "content": "x"}\n'
    )
    result = summary(run, data, str(file), "--user-id", "alice", "--skip-invalid")
    assert (result["read"], result["added"], result["errors"]) == (2, 1, 1)
    memory = make_memory(data)
    assert [m["memory"] for m in memory.get_all(user_id="alice")["results"]] == ["I live in Rome"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"kind":"header","format":"tiermem-export"}\n{"kind":"memory"}\n', "tiermem"),
        ('{"role":"user","content":"a"}\n{"role":"user","content":"b"}\n', "jsonl"),
        ('{"role":"user","content":"a"}', "jsonl"),
        ('[{"role":"user","content":"a"}]', "messages"),
        ('{"messages": []}', "messages"),
        ('{"conversation": {}}', "locomo"),
        ('[{"conversation": {}}]', "locomo"),
    ],
)
def test_format_detection(text: str, expected: str) -> None:
    assert sources.detect(text) == expected


def test_detection_refuses_what_it_cannot_read() -> None:
    for text in ("", "hello", "[1, 2]"):
        with pytest.raises(ValueError):
            sources.detect(text)


def test_no_redis_left_running(tmp_path: Path, run: InProcess) -> None:
    """Every command releases the embedded Redis it started."""
    file = tmp_path / "one.jsonl"
    file.write_text('{"role": "user", "content": "I live in Oslo"}\n')
    assert summary(run, tmp_path / "data", str(file), "--user-id", "a")["added"] == 1
    assert not (tmp_path / "data" / "redis" / "redis.sock").exists()
