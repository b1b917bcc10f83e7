"""Put built events through the real Kafka and the real engine, as tests need.

``apply_events`` can be called again in the same test: it waits for the
records already applied plus the new ones.
"""

import orjson
import redis

from pipeline.keys import Keys
from pipeline.settings import Settings
from tests.support.engine import drain
from tests.support.kafka import produce_raw


def applied_records(settings: Settings) -> int:
    """Return how many records the test's engine group has applied so far."""
    client = redis.Redis.from_url(settings.redis_url, decode_responses=True)
    try:
        offsets = client.hgetall(
            Keys(settings.redis_key_prefix).offsets(settings.kafka_group_id)
        )
    finally:
        client.close()
    return sum(int(v) for v in offsets.values())


def apply_events(
    settings: Settings, events: list[dict], key: bytes | None = b"match"
) -> list[bytes]:
    """Produce events (in order, on one partition by default), run the engine.

    Returns the raw values produced, for a recomputation to read.
    """
    before = applied_records(settings)
    values = [orjson.dumps(event) for event in events]

    produce_raw(settings, values, key=key)
    drain(settings, before + len(values))
    return values
