"""Re-stamping keeps each event's offset and never stamps one ahead of its send."""

from datetime import UTC, datetime, timedelta

import pytest

from pipeline.importers import halo, lol, valorant
from pipeline.importers.common import SourceError
from pipeline.importers.timing import anchor, send_at, stamp
from tests.replay.conftest import HALO_SLAYER, LOL_MATCH, LOL_TIMELINE, VALORANT

NOW = datetime(2030, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def league(load):
    return lol.read(load(LOL_TIMELINE), load(LOL_MATCH))


def test_as_fast_as_possible_the_match_ends_when_the_replay_starts(league):
    events = stamp(league, anchor(league, NOW, 0, keep_source_times=False))

    assert events[-1].event.event_time == NOW
    assert events[0].event.event_time == NOW - timedelta(milliseconds=1965538)
    assert all(
        e.event.event_time
        == events[0].event.event_time + timedelta(milliseconds=e.offset_ms)
        for e in events
    )


@pytest.mark.parametrize("speed", [1, 10, 0])
def test_no_event_is_stamped_after_it_is_due(league, speed):
    events = stamp(league, anchor(league, NOW, speed, keep_source_times=False))

    for e in events:
        assert e.event.event_time <= send_at(NOW, e.offset_ms, speed)
    assert events[-1].event.event_time == send_at(NOW, events[-1].offset_ms, speed)


def test_source_times_are_kept_when_asked(load, league):
    replay = halo.read(load(HALO_SLAYER))

    events = stamp(replay, anchor(replay, NOW, 0, keep_source_times=True))

    assert events[0].event.event_time.isoformat() == "2025-01-29T04:07:25.964000+00:00"
    assert anchor(league, NOW, 0, True).isoformat().startswith("2021-08-16T03:38:57")


def test_a_source_without_a_start_cannot_keep_source_times(load):
    replay = valorant.read(load(VALORANT), "haven")

    with pytest.raises(SourceError, match="keep-source-times"):
        anchor(replay, NOW, 0, keep_source_times=True)


def test_an_event_the_schema_refuses_is_left_out_and_counted(league):
    league.items[1].fields["victim_id"] = league.items[1].fields["killer_id"]

    events = stamp(league, NOW)

    assert len(events) == len(league.items) - 1
    assert league.skipped == {"kill: invalid_field": 1}
