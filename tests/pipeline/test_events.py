import orjson
import pytest

from pipeline.events import InvalidEvent, encode_event, parse_event
from tests.support.builders import kill, match_start

NAMES = ["Черная смерть", "tuhti  sirpa", "Kaze ", "あユみ ホシゾラ"]


def reason_of(data) -> str:
    with pytest.raises(InvalidEvent) as info:
        parse_event(data)
    return info.value.reason


def test_a_big_numeric_player_id_becomes_its_exact_string():
    event = parse_event(kill("apex", "m", 76561198046048622, "b"))

    assert event.killer_id == "76561198046048622"


def test_names_survive_the_wire_byte_exact():
    roster = [(f"p{i}", name, "t1") for i, name in enumerate(NAMES)]
    event = parse_event(match_start("apex", "m", roster))

    again = parse_event(encode_event(event))

    assert [p.name for p in again.players] == NAMES


def test_a_kill_without_killer_is_missing_a_field():
    data = kill("apex", "m", "a", "b")
    del data["killer_id"]

    assert reason_of(data) == "missing_field"


@pytest.mark.parametrize("bad_id", ["a*b", "ga:lb:apex", "", "x" * 200, "a b"])
def test_ids_outside_the_pattern_are_rejected(bad_id):
    assert reason_of(kill("apex", bad_id, "a", "b")) == "invalid_field"


def test_control_characters_in_names_are_rejected():
    data = match_start("apex", "m", [("p", "bad\x07name", "t")])

    assert reason_of(data) == "invalid_field"


def test_a_naive_event_time_is_rejected():
    data = kill("apex", "m", "a", "b", event_time="2026-01-01T10:00:00")

    assert reason_of(data) == "invalid_field"


def test_self_kill_and_repeated_assisters_are_rejected():
    assert reason_of(kill("apex", "m", "a", "a")) == "invalid_field"
    assert reason_of(kill("apex", "m", "a", "b", assisters=("c", "c"))) == (
        "invalid_field"
    )


def test_an_unsupported_schema_version_is_named():
    data = {**kill("apex", "m", "a", "b"), "schema_version": 2}

    assert reason_of(orjson.dumps(data)) == "unsupported_schema_version"


@pytest.mark.parametrize("name", [" ", "\u200b", "\u202eevil", "ab\u2066c"])
def test_invisible_or_bidi_overriding_names_are_rejected(name):
    data = match_start("apex", "m", [("p", name, "t")])

    assert reason_of(data) == "invalid_field"


def test_a_headshot_must_be_a_real_boolean():
    assert reason_of(kill("apex", "m", "a", "b", headshot="yes")) == "invalid_field"


@pytest.mark.parametrize("when", [1764756000, "0001-01-01T00:00:00+14:00"])
def test_numeric_or_unrepresentable_event_times_are_rejected(when):
    assert reason_of(kill("apex", "m", "a", "b", event_time=when)) == "invalid_field"


def test_event_times_are_kept_in_utc():
    event = parse_event(
        kill("apex", "m", "a", "b", event_time="2026-12-03T12:00+02:00")
    )

    assert event.event_time.isoformat() == "2026-12-03T10:00:00+00:00"
