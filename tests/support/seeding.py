"""Put built events through the real Kafka and the real engine, as tests need.

Both helpers can be called again in the same test: they wait for the records
already applied plus the new ones.
"""

import logging
from collections.abc import Iterable

import orjson
import redis

from pipeline.events import EventBase, encode_event
from pipeline.keys import Keys
from pipeline.producer import EventProducer
from pipeline.settings import Settings
from tests.support.engine import drain
from tests.support.kafka import produce_raw

log = logging.getLogger(__name__)


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


def run_engine(settings: Settings, records: int, timeout: float = 60.0) -> None:
    """Run a fresh engine until ``records`` records are applied.

    Now and then an engine that joins the group right after its topic was
    created is given no partitions ("No partition metadata for topic") and
    would wait for its next metadata refresh (minutes). A second engine, which
    joins again, gets them; it is tried once, and only if nothing was applied.
    """
    before = applied_records(settings)
    try:
        drain(settings, records, timeout=timeout)
    except AssertionError:
        if applied_records(settings) != before:
            raise
        log.warning("engine got no partitions; joining again records=%d", records)
        drain(settings, records, timeout=timeout)


def apply_events(
    settings: Settings, events: list[dict], key: bytes | None = b"match"
) -> list[bytes]:
    """Produce events (in order, on one partition by default), run the engine.

    Returns the raw values produced, for a recomputation to read.
    """
    before = applied_records(settings)
    values = [orjson.dumps(event) for event in events]

    produce_raw(settings, values, key=key)
    run_engine(settings, before + len(values))
    return values


def apply_matches(settings: Settings, events: Iterable[EventBase]) -> list[bytes]:
    """Send events as the stack does (keyed by match id), run the engine.

    Returns the raw values sent, for a recomputation to read.
    """
    before = applied_records(settings)
    values = []

    with EventProducer(settings) as producer:
        for event in events:
            producer.send(event)
            values.append(encode_event(event))
    run_engine(settings, before + len(values))
    return values
