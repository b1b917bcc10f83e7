"""Cases 1-3 of the field: redelivery, a fresh group, a write that fails once."""

import orjson
import redis

from pipeline.engine import Engine
from tests.support.builders import kill, match_start
from tests.support.engine import drain, player_stats
from tests.support.kafka import produce_raw

ROSTER = [("ash", "Ash", "t1"), ("bo", "Bo", "t2"), ("cy", "Cy", "t3")]


def kills_by_ash(n: int) -> list[bytes]:
    events = [match_start("apex", "m1", ROSTER, event_id="m1-start")]
    events += [
        kill(
            "apex",
            "m1",
            "ash",
            "bo" if i % 2 else "cy",
            event_id=f"m1-k{i}",
            map="worlds_edge",
            position={"x": 100.0, "y": 200.0},
        )
        for i in range(n)
    ]
    return [orjson.dumps(e) for e in events]


def heat_total(redis_client, keys) -> int:
    cells = redis_client.hgetall(keys.heatmap("apex", "worlds_edge", "deaths"))
    return sum(int(v) for v in cells.values())


def test_redelivered_events_count_once(settings, redis_client, keys):
    values = kills_by_ash(3)
    produce_raw(settings, values, key=b"m1")
    drain(settings, len(values))

    produce_raw(settings, values, key=b"m1")
    drain(settings, 2 * len(values))

    assert player_stats(redis_client, keys, "apex", "ash")["kills"] == 3
    assert redis_client.zscore(keys.leaderboard("apex", "kills"), "ash") == 3
    assert heat_total(redis_client, keys) == 3


def test_a_restart_that_rereads_everything_counts_once(settings, redis_client, keys):
    values = kills_by_ash(3)
    produce_raw(settings, values, key=b"m1")
    drain(settings, len(values))
    # Forget where the engine stopped, as if it died before recording it:
    # the next engine reads the whole topic again.
    redis_client.delete(keys.offsets(settings.kafka_group_id))

    drain(settings, len(values))

    assert player_stats(redis_client, keys, "apex", "ash")["kills"] == 3
    assert player_stats(redis_client, keys, "apex", "ash")["matches"] == 1


def test_a_fresh_group_reads_events_produced_before_it_existed(
    settings, redis_client, keys
):
    values = kills_by_ash(5)
    produce_raw(settings, values, key=b"m1")

    drain(settings, len(values))

    assert player_stats(redis_client, keys, "apex", "ash")["kills"] == 5


def test_a_write_that_fails_once_is_retried_and_counted_once(
    settings, redis_client, keys
):
    first, second = kills_by_ash(2)[1:]
    produce_raw(settings, [first], key=b"m1")
    engine = drain(settings, 1, close=False)
    real_apply = engine.store.apply
    failures = []

    def drop_connection_once(batch):
        if not failures:
            failures.append(batch)
            raise redis.ConnectionError("connection dropped")
        return real_apply(batch)

    engine.store.apply = drop_connection_once
    produce_raw(settings, [second], key=b"m1")
    drain(settings, 2, engine=engine)

    assert len(failures) == 1
    assert player_stats(redis_client, keys, "apex", "ash")["kills"] == 2
    assert engine.totals["applied"] == 2


def test_an_engine_killed_after_writing_but_before_committing_counts_once(
    settings, redis_client, keys
):
    values = kills_by_ash(4)
    produce_raw(settings, values, key=b"m1")
    engine = Engine(settings)
    while not engine.consumer.assignment():
        engine.consumer.poll(timeout_ms=200, max_records=1)
    engine.consumer.seek_to_beginning()
    polled = engine.consumer.poll(timeout_ms=5000, max_records=100)
    records = [r for part in polled.values() for r in part]
    engine.write(engine.build_batch(records))
    engine.close()  # no commit: the group's offsets still say nothing was read

    drain(settings, len(values))

    assert player_stats(redis_client, keys, "apex", "ash")["kills"] == 4
