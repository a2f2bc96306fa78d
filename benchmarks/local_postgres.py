"""A throwaway PostgreSQL server for the tests and ``python -m benchmarks scale``: Debian's
binaries, a temp dir, a unix socket.

The server runs as a direct child of the test process, so it can always be stopped and
reaped. ``initdb`` and ``postgres`` refuse to run as root; when the tests run as root (the
CI machine, this sandbox) the child drops to ``nobody``, which then needs to own the
data directory and be able to reach the socket folder.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg

PORT = 5432  # only names the socket file: the server listens on no TCP address


def postgres_bin() -> Path:
    """The newest installed PostgreSQL's bin folder (``.ci/run`` installs one if missing)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_major, reverse=True)
    if not found:
        raise RuntimeError(
            "PostgreSQL is not installed: apt-get install postgresql (the tests start their own"
            " server from /usr/lib/postgresql/<version>/bin)"
        )
    return Path(found[0]).parent


def _major(path: str) -> int:
    version = Path(path).parent.parent.name
    return int(version) if version.isdigit() else 0


@dataclass
class PostgresServer:
    folder: Path
    process: subprocess.Popen[bytes]

    @property
    def socket_dir(self) -> str:
        return str(self.folder)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.folder}&port={PORT}"

    def dsn(self, database: str = "postgres") -> str:
        return f"host={self.folder} port={PORT} user=postgres dbname={database}"

    def new_database(self) -> str:
        """A fresh, empty database; its SQLAlchemy URL."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Fast shutdown (SIGINT): open sessions are cut, as when a server goes away."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


INITDB_OPTIONS = ("--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C")
SERVER_OPTIONS = ("-p", str(PORT), "-c", "listen_addresses=", "-c", "max_connections=200")
UNDURABLE = ("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
NOBODY = 65534  # initdb and postgres refuse to run as root; root runs them as nobody


@contextlib.contextmanager
def running_postgres(timeout_s: float = 30.0, *, durable: bool = False) -> Iterator[PostgresServer]:
    """initdb in a fresh temp dir, start ``postgres`` on a unix socket there; stop and
    delete everything on exit. fsync is off unless ``durable``: a test server's durability
    is not the test, but a benchmark's commits must cost what they cost in production."""
    bin_dir = postgres_bin()
    folder = Path(tempfile.mkdtemp(prefix="tiermem-pg-"))
    root = os.geteuid() == 0
    user = NOBODY if root else None
    os.chmod(folder, 0o755)  # the tests reach the socket inside
    if root:
        os.chown(folder, NOBODY, NOBODY)
    data = folder / "data"
    try:
        subprocess.run(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", *INITDB_OPTIONS],
            check=True,
            capture_output=True,
            user=user,
            group=user,
            extra_groups=[] if root else None,
        )
        log = open(folder / "server.log", "wb")  # noqa: SIM115  # closed with the server
        process = subprocess.Popen(
            [
                *(str(bin_dir / "postgres"), "-D", str(data), "-k", str(folder)),
                *SERVER_OPTIONS,
                *(() if durable else UNDURABLE),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            user=user,
            group=user,
            extra_groups=[] if root else None,
        )
        server = PostgresServer(folder, process)
        try:
            _wait_ready(server, timeout_s, folder / "server.log")
            yield server
        finally:
            server.stop()
            log.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _wait_ready(server: PostgresServer, timeout_s: float, log: Path) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"postgres exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with psycopg.connect(server.dsn(), connect_timeout=2):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
