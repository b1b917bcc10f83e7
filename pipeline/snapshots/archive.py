"""Where snapshots live in Redis: save, find, fetch and prune them.

The index ``Keys.snapshots()`` is a sorted set of snapshot ids scored by the
epoch seconds they were taken at; each document is a string under
``Keys.snapshot(id)``. A snapshot and its index entry are written and removed
together, in one MULTI.
"""

import logging
from dataclasses import dataclass

import redis

from pipeline.keys import Keys
from pipeline.settings import Settings
from pipeline.snapshots.capture import text
from pipeline.snapshots.format import decode, encode

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    """One snapshot in the index: its id and when it was taken."""

    id: str
    taken_at: float


def connect(settings: Settings) -> redis.Redis:
    """Return a client on REDIS_URL that leaves replies as bytes."""
    return redis.Redis.from_url(
        settings.redis_url, socket_connect_timeout=5, socket_timeout=60
    )


def save(client: redis.Redis, keys: Keys, document: dict, compress_min: int) -> int:
    """Store a snapshot document and index it; return its stored size in bytes."""
    stored = encode(document, compress_min)
    pipe = client.pipeline(transaction=True)
    pipe.set(keys.snapshot(document["id"]), stored)
    pipe.zadd(keys.snapshots(), {document["id"]: document["taken_at"]})
    pipe.execute()
    return len(stored)


def entries(
    client: redis.Redis,
    keys: Keys,
    start: float | None = None,
    end: float | None = None,
) -> list[Entry]:
    """Return the snapshots taken between start and end (epoch s), oldest first."""
    low = "-inf" if start is None else start
    high = "+inf" if end is None else end
    found = client.zrangebyscore(keys.snapshots(), low, high, withscores=True)
    return [Entry(text(i), float(t)) for i, t in found]


def at_or_before(client: redis.Redis, keys: Keys, when: float | None) -> Entry | None:
    """Return the newest snapshot taken at or before when (None: the newest)."""
    high = "+inf" if when is None else when
    found = client.zrevrangebyscore(
        keys.snapshots(), high, "-inf", start=0, num=1, withscores=True
    )
    return Entry(text(found[0][0]), float(found[0][1])) if found else None


def fetch(client: redis.Redis, keys: Keys, snapshot_id: str) -> dict | None:
    """Return a snapshot document in the current format, or None if it is gone."""
    stored = client.get(keys.snapshot(snapshot_id))
    return None if stored is None else decode(stored)


def sizes(client: redis.Redis, keys: Keys, ids: list[str]) -> list[int]:
    """Return the stored size in bytes of each snapshot (0 when it is gone)."""
    pipe = client.pipeline(transaction=False)
    for snapshot_id in ids:
        pipe.strlen(keys.snapshot(snapshot_id))
    return [int(n) for n in pipe.execute()]


def expired(listed: list[Entry], keep: int, max_age: float, now: float) -> list[Entry]:
    """Return the entries past retention: beyond the newest keep, or too old.

    A max_age of 0 bounds by count alone.
    """
    newest_first = sorted(listed, key=lambda e: e.taken_at, reverse=True)
    too_many = newest_first[keep:]
    too_old = [e for e in newest_first[:keep] if max_age and e.taken_at < now - max_age]
    return too_old + too_many


def server_time(client: redis.Redis) -> float:
    """Return Redis's clock in epoch seconds, the clock snapshots are stamped by."""
    seconds, micros = client.time()
    return seconds + micros / 1_000_000


def prune(
    client: redis.Redis,
    keys: Keys,
    keep: int,
    max_age: float,
    now: float | None = None,
) -> list[str]:
    """Delete the snapshots past retention; return their ids, oldest first.

    Ages count from ``now`` (default: Redis's clock).
    """
    now = server_time(client) if now is None else now
    gone = expired(entries(client, keys), keep, max_age, now)
    if gone:
        ids = [e.id for e in gone]
        pipe = client.pipeline(transaction=True)
        pipe.delete(*(keys.snapshot(i) for i in ids))
        pipe.zrem(keys.snapshots(), *ids)
        pipe.execute()
        log.info("pruned snapshots count=%d oldest=%s", len(ids), min(ids))
    return sorted(e.id for e in gone)
