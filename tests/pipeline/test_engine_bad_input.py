"""Case 5 (poison between good ones) and case 6 (late and future events)."""

from datetime import UTC, datetime, timedelta

import orjson
from tests.support.kafka import committed_offsets, produce_raw, read_topic

from tests.support.builders import kill
from tests.support.engine import drain, player_stats


def test_poison_messages_go_to_dead_letters_and_good_ones_count(
    settings, redis_client, keys
):
    no_killer = kill("halo", "m1", "a", "b", event_id="bad")
    del no_killer["killer_id"]
    values = [
        orjson.dumps(kill("halo", "m1", "a", "b", event_id="good-1")),
        b"\xffnot-json",
        orjson.dumps(no_killer),
        orjson.dumps(kill("halo", "m1", "a", "c", event_id="good-2")),
    ]
    produce_raw(settings, values, key=b"m1")

    drain(settings, 4)

    assert player_stats(redis_client, keys, "halo", "a")["kills"] == 2
    letters = read_topic(settings, settings.dead_letter_topic)
    headers = [dict(r.headers) for r in letters]
    assert [h["reason"] for h in headers] == [b"malformed_json", b"missing_field"]
    assert [r.value for r in letters] == [values[1], values[2]]
    offsets = sorted(int(h["source_offset"]) for h in headers)
    assert offsets[1] - offsets[0] == 1
    assert redis_client.hgetall(keys.dead_letters()) == {
        "malformed_json": "1",
        "missing_field": "1",
    }
    assert sum(committed_offsets(settings).values()) == 4


def minute_kills(redis_client, keys, t: datetime) -> int:
    bucket = redis_client.hget(keys.minute("halo", t.strftime("%Y%m%d%H%M")), "kills")
    return int(bucket or 0)


def test_a_late_event_lands_in_its_own_minute(settings, redis_client, keys):
    ten = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=1)
    on_time = ten + timedelta(minutes=1, seconds=10)
    late = ten + timedelta(seconds=59)
    values = [
        orjson.dumps(kill("halo", "m1", "a", "b", event_time=on_time.isoformat())),
        orjson.dumps(kill("halo", "m1", "a", "c", event_time=late.isoformat())),
    ]
    produce_raw(settings, values, key=b"m1")

    drain(settings, 2)

    assert minute_kills(redis_client, keys, ten) == 1
    assert minute_kills(redis_client, keys, on_time) == 1


def test_an_event_a_day_in_the_future_is_dead_lettered(settings, redis_client, keys):
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    value = orjson.dumps(kill("halo", "m1", "a", "b", event_time=tomorrow.isoformat()))
    produce_raw(settings, [value], key=b"m1")

    drain(settings, 1)

    assert redis_client.hget(keys.dead_letters(), "event_time_in_future") == "1"
    assert minute_kills(redis_client, keys, tomorrow) == 0
    assert not redis_client.exists(keys.player("halo", "a"))
