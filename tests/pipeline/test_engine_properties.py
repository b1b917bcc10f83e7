"""Property: any redelivery and any batch cuts give the state of one clean pass.

Hypothesis picks a stream of valid events (a seeded simulation, cut short),
repeats events after their first delivery as a restarted consumer or a
retried write would, and cuts the delivery into batches where it likes. Each
batch goes through the engine's own Batch and Store (the Lua script) into the
real Redis. Everything under the key prefix must then equal what one batch
of every event once writes under another prefix. Offsets are left out (they
count deliveries), and kill-log entries are compared without their stream ids
(which are arrival times); floats are compared to 1e-9.
"""

import uuid

import pytest
import redis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.effects import Layout
from pipeline.games import configured_games
from pipeline.keys import Keys
from pipeline.simulator import simulate
from pipeline.store import Batch, Store

GAMES = configured_games()


@st.composite
def deliveries(draw):
    """Return (events, delivery order as indices, batch sizes)."""
    game = draw(st.sampled_from(["apex", "valorant", "halo"]))
    events = list(simulate(seed=draw(st.integers(0, 10_000)), matches=1, games=[game]))
    events = events[: draw(st.integers(1, min(len(events), 80)))]
    order = list(range(len(events)))
    for _ in range(draw(st.integers(0, 20))):
        at = draw(st.integers(1, len(order)))
        # A repeat comes after its original, as Kafka redelivers it.
        order.insert(at, draw(st.sampled_from(order[:at])))
    cuts = draw(st.lists(st.integers(1, 25), min_size=1, max_size=len(order)))
    return events, order, cuts


def apply(client, prefix: str, batches) -> None:
    keys = Keys(prefix)
    layout = Layout(keys, 48 * 3600, 50, 100_000)
    store = Store(client, keys, "property", 3600)
    offset = 0
    for events in batches:
        batch = Batch(layout)
        for event in events:
            batch.add_event(event, GAMES[event.game])
            offset += 1
            batch.advance("events", 0, offset)
        store.apply(batch)


def _value(client, key: str):
    kind = client.type(key)
    if kind == "hash":
        return {f: _number(v) for f, v in client.hgetall(key).items()}
    if kind == "zset":
        return {m: _number(s) for m, s in client.zrange(key, 0, -1, withscores=True)}
    if kind == "set":
        return client.smembers(key)
    if kind == "stream":
        return [fields for _id, fields in client.xrange(key)]
    if kind == "string":  # HyperLogLogs
        return client.execute_command("PFCOUNT", key)
    return kind


def _number(value):
    try:
        return pytest.approx(float(value), rel=1e-9, abs=1e-9)
    except (TypeError, ValueError):
        return value


def state(client, prefix: str) -> dict:
    skip = Keys(prefix).offsets("property")
    return {
        key.removeprefix(prefix): _value(client, key)
        for key in client.scan_iter(f"{prefix}:*", count=1000)
        if key != skip
    }


def forget(client, *prefixes: str) -> None:
    for prefix in prefixes:
        found = list(client.scan_iter(f"{prefix}:*", count=1000))
        if found:
            client.unlink(*found)


@pytest.fixture(scope="module")
def client(services):
    connection = redis.Redis.from_url(services.redis_url, decode_responses=True)
    yield connection
    connection.close()


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=deliveries())
def test_any_redelivery_and_any_cuts_give_the_state_of_one_clean_pass(client, case):
    events, order, cuts = case
    delivered, batches, at = [events[i] for i in order], [], 0
    for size in cuts:
        batches.append(delivered[at : at + size])
        at += size
    if at < len(delivered):
        batches.append(delivered[at:])
    clean, messy = f"pc-{uuid.uuid4().hex[:10]}", f"pm-{uuid.uuid4().hex[:10]}"

    try:
        apply(client, clean, [events])
        apply(client, messy, [b for b in batches if b])
        assert state(client, messy) == state(client, clean)
    finally:
        forget(client, clean, messy)
