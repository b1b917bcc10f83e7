"""Bad input of every kind goes to the dead-letter topic; the engine goes on.

One partition holds a valid kill, then each bad message followed by another
valid kill. Every bad message must come out of the dead-letter topic byte for
byte, with its reason and its source offset, be counted under its reason in
Redis, and every valid kill around it must still count.
"""

from collections import Counter
from datetime import UTC, datetime, timedelta

import orjson

from tests.support.builders import kill, match_start
from tests.support.engine import drain, player_stats
from tests.support.kafka import committed_offsets, produce_raw, read_topic

KEY = b"m1"


def _kill(**changes) -> dict:
    event = kill("halo", "m1", "a", "b")
    event.update(changes)
    return {k: v for k, v in event.items() if v is not None}


def _at(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).isoformat()


def _round_end(damage: dict) -> dict:
    return {
        **_kill(type="round_end", killer_id=None, victim_id=None, assister_ids=None),
        "round": 1,
        "winning_team": "t1",
        "damage": damage,
    }


def _roster(name: str) -> dict:
    return match_start("halo", "m1", [("a", name, "t1"), ("b", "B", "t2")])


# (kind, reason the engine must give, the message's bytes, or None for no value)
BAD_INPUT = [
    ("malformed JSON", "malformed_json", b'{"event_id": "x", "game": '),
    ("not JSON at all", "malformed_json", b"\xffnot-json"),
    ("NaN in JSON", "malformed_json", b'{"x": NaN}'),
    ("not an object", "not_an_object", b"[1, 2, 3]"),
    ("no value (tombstone)", "empty_message", None),
    ("wrong type", "invalid_field", orjson.dumps(_kill(round="three"))),
    ("wrong type: id as list", "invalid_field", orjson.dumps(_kill(killer_id=["a"]))),
    ("missing field", "missing_field", orjson.dumps(_kill(victim_id=None))),
    ("missing type", "missing_field", orjson.dumps(_kill(type=None))),
    ("unknown field", "unknown_field", orjson.dumps(_kill(rating=9000))),
    ("unknown game", "unknown_game", orjson.dumps(_kill(game="fortnite"))),
    ("unknown event type", "unknown_event_type", orjson.dumps(_kill(type="teabag"))),
    ("schema version 2", "unsupported_schema_version", b'{"schema_version": 2}'),
    ("oversized", "oversized", b'{"pad": "' + b"x" * 70_000 + b'"}'),
    (
        "a day in the future",
        "event_time_in_future",
        orjson.dumps(_kill(event_time=_at(timedelta(days=1)))),
    ),
    (
        "sixty days in the past",
        "event_time_too_old",
        orjson.dumps(_kill(event_time=_at(-timedelta(days=60)))),
    ),
    (
        "time without zone",
        "invalid_field",
        orjson.dumps(_kill(event_time="2024-01-01T10:00:00")),
    ),
    ("negative count", "invalid_field", orjson.dumps(_round_end({"a": -50}))),
    ("negative round", "invalid_field", orjson.dumps(_kill(round=-1))),
    ("control character in a name", "invalid_field", orjson.dumps(_roster("bell\x07"))),
    ("newline in an id", "invalid_field", orjson.dumps(_kill(killer_id="a\nb"))),
    ("very long name", "invalid_field", orjson.dumps(_roster("n" * 65))),
    ("very long id", "invalid_field", orjson.dumps(_kill(killer_id="k" * 129))),
    (
        "id addressing another key",
        "invalid_field",
        orjson.dumps(_kill(killer_id="a:*")),
    ),
    ("killer is the victim", "invalid_field", orjson.dumps(_kill(victim_id="a"))),
]


def test_every_kind_of_bad_input_is_dead_lettered_and_the_engine_goes_on(
    settings, redis_client, keys
):
    values = [orjson.dumps(kill("halo", "m1", "a", "b", event_id="good-0"))]
    for n, (_kind, _reason, value) in enumerate(BAD_INPUT, start=1):
        values += [
            value,
            orjson.dumps(kill("halo", "m1", "a", "b", event_id=f"good-{n}")),
        ]
    produce_raw(settings, values, key=KEY)

    drain(settings, len(values))

    source = {r.offset: r for r in read_topic(settings, settings.events_topic)}
    letters = {
        int(dict(r.headers)["source_offset"]): r
        for r in read_topic(settings, settings.dead_letter_topic)
    }
    bad_offsets = [o for o, r in source.items() if not _is_good(r.value)]
    assert sorted(letters) == bad_offsets
    for (kind, reason, value), offset in zip(BAD_INPUT, bad_offsets, strict=True):
        letter = letters[offset]
        headers = dict(letter.headers)
        assert headers["reason"].decode() == reason, kind
        assert headers["source_topic"].decode() == settings.events_topic
        assert int(headers["source_partition"]) == source[offset].partition
        assert headers["detail"], kind
        assert (letter.key, letter.value) == (KEY, value), kind
    counts = Counter(reason for _kind, reason, _value in BAD_INPUT)
    assert redis_client.hgetall(keys.dead_letters()) == {
        reason: str(n) for reason, n in counts.items()
    }
    assert player_stats(redis_client, keys, "halo", "a")["kills"] == len(BAD_INPUT) + 1
    assert sum(committed_offsets(settings).values()) == len(values)


def _is_good(value: bytes | None) -> bool:
    return value is not None and value.startswith(b'{"event_id":"good-')
