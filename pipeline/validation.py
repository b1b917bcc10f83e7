"""Turn a consumed message into a valid event, or a dead-letter reason.

The schema (pipeline.events) checks shape; this module adds what needs
configuration or the clock: the size limit, known games, and event times.

Time rule: an event stamped more than MAX_FUTURE_SKEW_SECONDS after the
engine's clock is rejected as ``event_time_in_future``; one older than
MAX_EVENT_AGE_DAYS is rejected as ``event_time_too_old``. Neither is clamped,
so no event ever lands in a minute it did not happen in.
"""

from datetime import UTC, datetime, timedelta

from pydantic import TypeAdapter, ValidationError

from pipeline.events import Event, InvalidEvent, parse_event
from pipeline.games import Game

# pydantic-core reads a valid event straight from its bytes, in one pass; a
# message it refuses is parsed again by parse_event, which names the reason.
_FROM_JSON: TypeAdapter[Event] = TypeAdapter(Event)


def validate_message(
    value: bytes | None,
    games: dict[str, Game],
    now: datetime,
    max_bytes: int,
    max_future_skew: timedelta,
    max_age: timedelta,
) -> Event:
    """Return the event a message holds; raise InvalidEvent with a reason."""
    if value is None:
        raise InvalidEvent("empty_message", "message has no value")
    if len(value) > max_bytes:
        raise InvalidEvent("oversized", f"{len(value)} bytes > {max_bytes}")
    try:
        event = _FROM_JSON.validate_json(value)
    except ValidationError:
        event = parse_event(value)
    if event.game not in games:
        raise InvalidEvent("unknown_game", f"game {event.game!r} is not configured")
    t = event.event_time.astimezone(UTC)
    if t > now + max_future_skew:
        raise InvalidEvent("event_time_in_future", f"{t.isoformat()} > now + skew")
    if t < now - max_age:
        raise InvalidEvent("event_time_too_old", f"{t.isoformat()} < now - max age")
    return event


def utcnow() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)
