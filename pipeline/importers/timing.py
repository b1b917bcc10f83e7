"""Give a replay's events their times, and say when each is to be sent.

Real matches are often years old, and the engine rejects events older than
MAX_EVENT_AGE_DAYS (or more than MAX_FUTURE_SKEW_SECONDS ahead of its clock).
So by default a replay is re-stamped: every event keeps its offset from the
match's start, and the match is placed so that its last event is stamped at
the moment it is sent. At ``--speed 1`` each event is stamped when it is
sent; at ``--speed 10`` the match is shifted back by 9/10 of its length, so
none is ahead of the clock; as fast as possible (speed 0) the match ends at
the moment the replay starts. With ``keep_source_times`` the events keep the
times the source states (offset 0 is the source's own start); the engine
then rejects those older than its age limit, and sources that state no
start cannot be replayed that way.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from pipeline.events import Event, InvalidEvent, parse_event
from pipeline.importers.common import MatchReplay, SourceError


@dataclass(frozen=True)
class Stamped:
    """One event with its offset from the match's start, in ms."""

    offset_ms: int
    event: Event


def anchor(
    replay: MatchReplay, started: datetime, speed: float, keep_source_times: bool
) -> datetime:
    """Return the time of offset 0 for a replay started at ``started``."""
    if keep_source_times:
        if replay.source_start is None:
            raise SourceError(
                f"{replay.source}: states no start time; replay it without "
                "--keep-source-times"
            )
        return replay.source_start
    length = timedelta(milliseconds=replay.duration_ms())
    lag = length if speed <= 0 else length * (1 - 1 / speed)
    return started - max(lag, timedelta(0))


def stamp(replay: MatchReplay, at: datetime) -> list[Stamped]:
    """Return the replay's events stamped from ``at``, in time order.

    An event the schema refuses is left out and counted in
    ``replay.skipped`` by its reason; nothing invalid is ever sent.
    """
    stamped = []
    for item in sorted(replay.items, key=lambda i: i.offset_ms):
        fields = {k: v for k, v in item.fields.items() if v is not None}
        fields |= {
            "game": replay.game,
            "match_id": replay.match_id,
            "event_time": at + timedelta(milliseconds=item.offset_ms),
        }
        try:
            event = parse_event(fields)
        except InvalidEvent as exc:
            replay.skipped[f"{fields.get('type')}: {exc.reason}"] += 1
            continue
        stamped.append(Stamped(item.offset_ms, event))
    return stamped


def send_at(started: datetime, offset_ms: int, speed: float) -> datetime:
    """Return when an event at offset_ms is due; at speed 0 it is due at once."""
    if speed <= 0:
        return started
    return started + timedelta(milliseconds=offset_ms / speed)
