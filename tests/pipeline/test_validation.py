from datetime import UTC, datetime, timedelta

import orjson
import pytest

from pipeline.events import InvalidEvent
from pipeline.games import configured_games
from pipeline.validation import validate_message
from tests.support.builders import kill

NOW = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)


def check(value: bytes):
    return validate_message(
        value, configured_games(), NOW, 4096, timedelta(minutes=5), timedelta(days=30)
    )


def reason_of(value: bytes) -> str:
    with pytest.raises(InvalidEvent) as info:
        check(value)
    return info.value.reason


def at(t: datetime) -> bytes:
    return orjson.dumps(kill("halo", "m", "a", "b", event_time=t.isoformat()))


def test_an_event_within_the_skew_is_accepted():
    event = check(at(NOW + timedelta(minutes=4)))

    assert event.killer_id == "a"


def test_an_event_a_day_in_the_future_is_rejected_not_clamped():
    assert reason_of(at(NOW + timedelta(days=1))) == "event_time_in_future"


def test_an_event_older_than_the_max_age_is_rejected():
    assert reason_of(at(NOW - timedelta(days=31))) == "event_time_too_old"


def test_unknown_game_is_rejected():
    value = orjson.dumps(kill("chess", "m", "a", "b", event_time=NOW.isoformat()))

    assert reason_of(value) == "unknown_game"


def test_oversized_message_is_rejected_before_parsing():
    assert reason_of(b"{" + b" " * 5000 + b"}") == "oversized"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (b"\xffnot-json", "malformed_json"),
        (b"[1, 2]", "not_an_object"),
        (b'{"type": "kill"}', "missing_field"),
        (b'{"type": "teabag", "event_id": "x"}', "unknown_event_type"),
    ],
)
def test_malformed_messages_get_a_reason(value, reason):
    assert reason_of(value) == reason
