"""Take snapshots, now or every SNAPSHOT_INTERVAL_SECONDS, within retention.

Each snapshot is captured, saved, and followed by a prune, so the number and
age of the snapshots kept stay within SNAPSHOT_KEEP and SNAPSHOT_MAX_AGE_HOURS
however they were taken.
"""

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

import redis

from pipeline.games import Game, load_games
from pipeline.keys import Keys
from pipeline.settings import Settings
from pipeline.snapshots import archive
from pipeline.snapshots.capture import Contended, capture

log = logging.getLogger(__name__)

REDIS_ERRORS = (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError)


@dataclass(frozen=True)
class Taken:
    """What one snapshot holds, in brief, and what its prune removed."""

    id: str
    taken_at: float
    bytes: int
    offsets: dict[str, int]
    players: int
    pruned: list[str]


def prune_snapshots(client: redis.Redis, settings: Settings) -> list[str]:
    """Delete the snapshots past SNAPSHOT_KEEP or SNAPSHOT_MAX_AGE_HOURS."""
    keys = Keys(settings.redis_key_prefix)
    max_age = settings.snapshot_max_age_hours * 3600
    return archive.prune(client, keys, settings.snapshot_keep, max_age)


def take_snapshot(
    settings: Settings,
    client: redis.Redis | None = None,
    games: Mapping[str, Game] | None = None,
) -> Taken:
    """Capture the live state, save it as a snapshot, then prune; say what it took."""
    games = load_games(settings.games_config) if games is None else games
    own = client is None
    client = archive.connect(settings) if own else client
    try:
        document = capture(client, settings, games)
        keys = Keys(settings.redis_key_prefix)
        size = archive.save(
            client, keys, document, settings.snapshot_compress_min_bytes
        )
        pruned = prune_snapshots(client, settings)
    finally:
        if own:
            client.close()
    players = sum(len(g["players"]) for g in document["games"].values())
    log.info(
        "snapshot taken id=%s bytes=%d players=%d pruned=%d",
        document["id"],
        size,
        players,
        len(pruned),
    )
    return Taken(
        document["id"], document["taken_at"], size, document["offsets"], players, pruned
    )


def run(settings: Settings, stop: threading.Event) -> int:
    """Take a snapshot every SNAPSHOT_INTERVAL_SECONDS until stop is set.

    A snapshot that fails (Redis away, state too busy to read, anything else)
    is logged and the next one is tried on time. Returns how many were taken.
    """
    games = load_games(settings.games_config)
    client = archive.connect(settings)
    interval = settings.snapshot_interval_seconds
    log.info("snapshots started interval=%gs keep=%d", interval, settings.snapshot_keep)
    taken = 0
    try:
        while not stop.is_set():
            started = time.monotonic()
            try:
                take_snapshot(settings, client, games)
                taken += 1
            except (*REDIS_ERRORS, Contended) as exc:
                log.warning("snapshot not taken error=%r", exc)
            except Exception:
                # The stack stops every process when one exits; a snapshot
                # that fails must not take the engine and the API down with it.
                log.exception("snapshot failed; the next is tried on schedule")
            stop.wait(max(interval - (time.monotonic() - started), 0))
    finally:
        client.close()
        log.info("snapshots stopped taken=%d", taken)
    return taken
