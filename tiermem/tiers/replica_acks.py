"""Acknowledge a write only once enough replicas hold it, when the config asks for that.

Redis replicates asynchronously: a primary that dies right after EXEC can take the write
with it, and the replica promoted in its place never saw it. ``WAIT n`` closes that window,
but it waits for the writes of *its own connection*, and redis-py hands a MULTI and a later
command to whichever pooled connection is free. So the confirmation bumps a counter in the
tenant's slot and WAITs on that same connection: replication is one ordered stream per
primary, so a replica that acknowledged the counter holds every write the primary executed
before it, the caller's MULTI included.

What this buys, said exactly: an acknowledged write is in the memory of the primary and of
``replicas`` of its replicas. It survives the loss of the primary (the cluster promotes a
replica; with one replica per primary, the one that acknowledged). It does not survive the
loss of the primary and all those replicas at once unless they also persist it (AOF).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import redis
from redis.cluster import RedisCluster

from tiermem.errors import ReplicationError
from tiermem.tiers import keys
from tiermem.tiers.redis_client import RedisClient

Write = tuple[str, Callable[[Any], object]]  # (the key it writes, how: queued on a pipeline)
_REROUTES = 8  # a failover moves slots: look up the primaries again, this many times


class ReplicaAcks:
    def __init__(self, client: RedisClient, replicas: int, timeout_ms: int) -> None:
        self.client = client
        self.replicas = max(0, replicas)
        self.timeout_ms = max(1, timeout_ms)

    def send(self, writes: Sequence[Write]) -> None:
        """Run independent, idempotent writes outside any MULTI on a cluster (the id
        directory, the tenant list); with replicas to wait for, one pipeline per primary,
        each ending with WAIT on its own connection, so the writes are acknowledged
        together. (On one server these writes go inside the tenant's MULTI instead.)"""
        if not self.replicas or not isinstance(self.client, RedisCluster):
            with self.client.pipeline(transaction=False) as pipe:
                for _, write in writes:
                    write(pipe)
                pipe.execute()
            return
        for attempt in range(_REROUTES):
            try:
                self._send_per_primary(self.client, writes)
                return
            except (redis.ConnectionError, redis.TimeoutError, redis.ResponseError) as exc:
                rerouted = not isinstance(exc, redis.ResponseError) or str(exc).startswith(
                    ("MOVED", "ASK", "CLUSTERDOWN", "TRYAGAIN", "READONLY")
                )
                if not rerouted or attempt == _REROUTES - 1:
                    raise
                time.sleep(min(1.0, 0.05 * 2**attempt))
                self.client.nodes_manager.initialize()

    def _send_per_primary(self, cluster: RedisCluster, writes: Sequence[Write]) -> None:
        by_node: dict[str, list[Callable[[Any], object]]] = defaultdict(list)
        for key, write in writes:
            by_node[cluster.get_node_from_key(key).name].append(write)
        for name, node_writes in by_node.items():
            node = cluster.get_redis_connection(cluster.get_node(node_name=name))
            with node.pipeline(transaction=False) as pipe:
                for write in node_writes:
                    write(pipe)
                pipe.execute_command("WAIT", self.replicas, self.timeout_ms)
                replies = pipe.execute()
            self._check(replies[-1])

    def confirm(self, tenant: str) -> None:
        """Return once ``replicas`` replicas hold every write this process made on the
        tenant's primary; raise ``ReplicationError`` if they do not within the timeout
        (the write may or may not survive a failover: it is not acknowledged)."""
        if not self.replicas:
            return
        key = keys.replica_ack(tenant)
        node = self.client
        if isinstance(node, RedisCluster):
            node = node.get_redis_connection(node.get_node_from_key(key))
        with node.pipeline(transaction=False) as pipe:
            pipe.incr(key)
            pipe.execute_command("WAIT", self.replicas, self.timeout_ms)
            _, acked = pipe.execute()
        self._check(acked)

    def _check(self, acked: Any) -> None:
        if int(acked) < self.replicas:
            raise ReplicationError(
                f"the write reached the primary but only {int(acked)} of {self.replicas} "
                f"replicas acknowledged it within {self.timeout_ms} ms; it is not "
                "acknowledged and may be lost in a failover (try again)"
            )
