"""The everyday verbs: add, search, get, list, history, delete; tables and --json.

Most cases call ``tiermem.cli.main`` in this process (the model stays loaded); a few run
the real command in a subprocess, as a user would.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_util import in_process
from conftest import DAY, MemoryFactory
from test_cli import tiermem

from tiermem import ManualClock

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """``run(*argv)`` -> (exit status, stdout, stderr) of ``tiermem`` on ``tmp_path/data``."""
    run = in_process(monkeypatch, capsys)
    return lambda *argv: run(tmp_path / "data", *argv)


def run_json(cli: Run, *argv: str) -> Any:
    """The parsed --json output of a call that must succeed."""
    code, out, err = cli(*argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_add_search_list_in_a_subprocess(tmp_path: Path) -> None:
    env = {"TIERMEM_DATA_DIR": str(tmp_path / "data"), "TIERMEM_LLM": "none"}
    added = tiermem("add", "I live in Paris", "--user-id", "alice", env=env)
    assert added.returncode == 0, added.stderr
    assert "I live in Paris" in added.stdout and "ADD" in added.stdout and "short" in added.stdout
    found = tiermem("search", "where do I live?", "--user-id", "alice", "--json", env=env)
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)["results"]
    assert [h["memory"] for h in hits] == ["I live in Paris"]
    assert set(hits[0]) >= {"id", "score", "similarity", "tier", "created_at"}
    assert hits[0]["id"] in added.stdout  # the table prints the whole id
    listed = tiermem("list", "--user-id", "alice", env=env)
    assert listed.returncode == 0, listed.stderr
    assert "1 memories" in listed.stdout and hits[0]["id"] in listed.stdout
    refused = tiermem("list", env=env)
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        "tiermem: error: one of user_id, agent_id or run_id is required"
    ]


def test_add_and_get_as_json_and_as_tables(cli: Run) -> None:
    added = run_json(
        cli,
        "add",
        "I play chess on Sundays",
        "--user-id",
        "alice",
        "--agent-id",
        "coach",
        "--role",
        "user",
        "--metadata",
        '{"source": "chat"}',
        "--timestamp",
        "2024-05-01T12:00:00+00:00",
    )
    assert isinstance(added, dict)
    (result,) = added["results"]
    assert result["event"] == "ADD" and result["tier"] == "short"
    item = run_json(cli, "get", result["id"])
    assert isinstance(item, dict)
    assert item["memory"] == "I play chess on Sundays"
    assert item["metadata"] == {"source": "chat"} and item["role"] == "user"
    assert item["agent_id"] == "coach" and item["created_at"] == "2024-05-01T12:00:00+00:00"
    code, out, _ = cli("get", result["id"])
    assert code == 0
    assert result["id"] in out and "I play chess on Sundays" in out and "coach" in out

    code, out, _ = cli("add", "I also play go", "--user-id", "alice", "--timestamp", "1714564800")
    assert code == 0 and "I also play go" in out
    listed = run_json(cli, "list", "--user-id", "alice", "--agent-id", "coach")
    assert isinstance(listed, dict)
    assert [m["memory"] for m in listed["results"]] == ["I play chess on Sundays"]


def test_search_table_ranks_and_limits(cli: Run) -> None:
    for text in ("I live in Paris", "I like green tea", "My sister is called Ana"):
        assert cli("add", text, "--user-id", "alice")[0] == 0
    code, out, _ = cli("search", "where do I live?", "--user-id", "alice", "--limit", "2")
    assert code == 0
    assert "2 hits" in out and "I live in Paris" in out
    rows = [line for line in out.splitlines() if "short" in line]
    assert len(rows) == 2 and "I live in Paris" in rows[0]
    found = run_json(cli, "search", "tea", "--user-id", "alice", "--tier", "short", "--limit", "1")
    assert isinstance(found, dict)
    assert [h["memory"] for h in found["results"]] == ["I like green tea"]


def test_list_and_history_show_superseded_long_term_facts(
    cli: Run, make_memory: MemoryFactory, clock: ManualClock, tmp_path: Path
) -> None:
    memory = make_memory(tmp_path / "data", promote_min_age_s=0)
    paris = memory.add("I live in Paris", user_id="alice")["results"][0]["id"]
    clock.advance(2 * DAY)
    memory.consolidate()
    clock.advance(30 * DAY)
    berlin = memory.add("I moved to Berlin", user_id="alice")["results"][0]["id"]
    clock.advance(2 * DAY)
    memory.consolidate()
    memory.close()

    current = run_json(cli, "list", "--user-id", "alice", "--tier", "long")
    assert isinstance(current, dict)
    assert [m["id"] for m in current["results"]] == [berlin]
    both = run_json(cli, "list", "--user-id", "alice", "--tier", "long", "--include-superseded")
    assert isinstance(both, dict)
    assert {m["id"] for m in both["results"]} == {paris, berlin}
    code, out, _ = cli("list", "--user-id", "alice", "--include-superseded")
    assert code == 0 and "long (old)" in out and "I live in Paris" in out

    events = run_json(cli, "history", paris)
    assert isinstance(events, list)
    assert [e["event"] for e in events] == ["ADD", "EXTRACT", "PROMOTE", "SUPERSEDE"]
    code, out, _ = cli("history", paris)
    assert code == 0 and "SUPERSEDE" in out and berlin in out
    code, out, err = cli("history", "0" * 32)
    assert code == 2 and out == "" and err == f"tiermem: error: no memory with id {'0' * 32}\n"


def test_delete_one_and_all(cli: Run) -> None:
    ids = []
    for text in ("I live in Paris", "I like green tea", "I ride a red bike"):
        added = run_json(cli, "add", text, "--user-id", "alice")
        assert isinstance(added, dict)
        ids.append(added["results"][0]["id"])
    assert cli("add", "I ride a blue bike", "--user-id", "bob")[0] == 0

    code, out, _ = cli("delete", ids[0])
    assert code == 0 and out == "Memory deleted successfully!\n"
    code, out, err = cli("get", ids[0])
    assert code == 2 and "no live memory" in err
    assert [e["event"] for e in run_json(cli, "history", ids[0])] == ["ADD", "DELETE"]

    code, out, err = cli("delete", "--all", "--user-id", "alice")  # no terminal, no --yes
    assert code == 2 and "add --yes" in err
    left = run_json(cli, "list", "--user-id", "alice")
    assert isinstance(left, dict) and len(left["results"]) == 2
    done = run_json(cli, "delete", "--all", "--user-id", "alice", "--yes")
    assert done == {"message": "Deleted 2 memories", "deleted": 2}
    left = run_json(cli, "list", "--user-id", "alice")
    assert left == {"results": []}
    bob = run_json(cli, "list", "--user-id", "bob")
    assert isinstance(bob, dict) and len(bob["results"]) == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("add", "hi", "--user-id", "a:b"), "user_id 'a:b' is not allowed"),
        (("add", "hi", "--user-id", "a", "--metadata", "{x"), "--metadata is not JSON"),
        (("add", "hi", "--user-id", "a", "--metadata", "[1]"), "--metadata must be a JSON object"),
        (("add", "hi", "--user-id", "a", "--timestamp", "2024-05-01"), "has no UTC offset"),
        (("add", "   ", "--user-id", "a"), "memory text is empty"),
        (("get", "nope"), "'nope' is not a tiermem memory id"),
        (("delete", "--all"), "one of user_id, agent_id or run_id is required"),
        (("delete",), "give either a memory id or --all"),
        (("search", "x", "--user-id", "a", "--limit", "0"), "limit must be between"),
    ],
)
def test_mistakes_are_one_line_errors(cli: Run, argv: tuple[str, ...], message: str) -> None:
    code, out, err = cli(*argv)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1 and err.startswith("tiermem: error: "), err
    assert message in err
