"""Run the real engine in-process until it has applied what a test produced."""

import time

from pipeline.engine import Engine
from pipeline.keys import Keys
from pipeline.settings import Settings


def applied_offsets(engine: Engine) -> int:
    """Return how many records the engine has applied, summed over partitions."""
    return sum(engine.store.stored_offsets().values())


def drain(
    settings: Settings,
    records: int,
    timeout: float = 60.0,
    engine: Engine | None = None,
    close: bool = True,
) -> Engine:
    """Step an engine until Redis holds offsets for ``records`` records."""
    engine = engine or Engine(settings)
    deadline = time.monotonic() + timeout
    try:
        while applied_offsets(engine) < records:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"engine applied {applied_offsets(engine)} of {records} records"
                )
            engine.step()
    finally:
        if close:
            engine.close()
    return engine


def player_stats(redis_client, keys: Keys, game: str, player_id: str) -> dict:
    """Return a player's hash with numbers as numbers."""
    raw = redis_client.hgetall(keys.player(game, player_id))
    return {k: (v if k in ("name", "team") else float(v)) for k, v in raw.items()}
