"""`tiermem keys` and `tiermem serve` as real commands in subprocesses."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from test_cli import REPO, tiermem

# A model that cannot load: proof that `tiermem keys` never opens the embedder.
NO_MODEL = {"TIERMEM_EMBEDDER_MODEL": "/nonexistent/model"}


def test_keys_create_list_revoke(tmp_path: Path) -> None:
    env = {"TIERMEM_DATA_DIR": str(tmp_path / "data"), **NO_MODEL}
    made = tiermem("keys", "create", "--user-id", "alice", env=env)
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip().splitlines()[-1]
    assert key.startswith("tmk_")
    record = json.loads(made.stdout.strip().splitlines()[0])
    assert record["user_id"] == "alice" and record["role"] == "tenant"
    admin = tiermem("keys", "create", "--admin", env=env)
    assert admin.stdout.strip().splitlines()[-1].startswith("tmk_")

    listed = tiermem("keys", "list", env=env)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert {r["role"] for r in rows} == {"tenant", "admin"}
    assert key.split("_", 2)[2] not in listed.stdout

    assert tiermem("keys", "revoke", record["id"], env=env).returncode == 0
    assert [r["id"] for r in json.loads(tiermem("keys", "list", env=env).stdout)] != [record["id"]]
    again = tiermem("keys", "revoke", record["id"], env=env)
    assert again.returncode == 2
    assert again.stderr.strip() == f"tiermem: error: no key with id {record['id']}"


def test_keys_create_needs_exactly_one_owner(tmp_path: Path) -> None:
    env = {"TIERMEM_DATA_DIR": str(tmp_path / "data"), **NO_MODEL}
    assert tiermem("keys", "create", env=env).returncode == 2  # argparse: one is required
    both = tiermem("keys", "create", "--user-id", "a", "--admin", env=env)
    assert both.returncode == 2
    bad = tiermem("keys", "create", "--user-id", "a:b", env=env)
    assert bad.returncode == 2 and bad.stderr.startswith("tiermem: error: ")


def test_no_auth_is_refused_off_loopback(tmp_path: Path) -> None:
    env = {"TIERMEM_DATA_DIR": str(tmp_path / "data"), **NO_MODEL}
    out = tiermem("serve", "--host", "0.0.0.0", "--no-auth", env=env, timeout=30)
    assert out.returncode == 2
    assert out.stderr.strip().startswith("tiermem: error: --no-auth is allowed only on a loopback")
    assert not (tmp_path / "data").exists()  # refused before anything was opened


def test_serve_answers_mem0_calls_with_a_cli_key(tmp_path: Path) -> None:
    env = {"TIERMEM_DATA_DIR": str(tmp_path / "data"), "TIERMEM_LLM": "none"}
    key = tiermem("keys", "create", "--user-id", "alice", env=env).stdout.splitlines()[-1]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TIERMEM_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tiermem", "serve", "--port", str(port)],
        cwd=REPO,
        env={**clean, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            try:
                if httpx.get(f"{url}/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "tiermem serve did not come up"
            time.sleep(0.2)
        headers = {"X-API-Key": key}
        body = {"messages": [{"role": "user", "content": "I live in Porto"}], "user_id": "alice"}
        assert httpx.post(f"{url}/memories", json=body, headers=headers).status_code == 200
        assert httpx.post(f"{url}/memories", json=body).status_code == 401
        found = httpx.post(f"{url}/search", json={"query": "where do I live"}, headers=headers)
        assert found.json()["results"][0]["memory"] == "I live in Porto"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    assert proc.returncode == 0
