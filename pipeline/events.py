"""The event schema shared by every source and the engine (schema version 1).

Events are JSON objects on the wire, one per Kafka message, keyed by match id so
that one match's events stay in order on one partition. Every event carries a
unique ``event_id``; the engine applies each id at most once.
"""

import re
import unicodedata
from datetime import UTC, datetime
from typing import Annotated, Literal

import orjson
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    model_validator,
)

SCHEMA_VERSION = 1
# Every number an event carries is bounded, so no sum the engine keeps can
# leave the range Redis stores exactly (or overflow) in any plausible life of
# a stack; a value beyond a bound is a dead letter, never a half-written batch.
MAX_COORDINATE = 1e9
MAX_MATCH_SCORE = 1e6
MAX_ROUND_DAMAGE = 100_000
MAX_TEAM_SCORE = 10_000
MAX_MATCH_SECONDS = 7 * 24 * 3600
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _id_from_int(value: object) -> object:
    # 64-bit platform ids often arrive as JSON numbers; keep every digit.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _no_control_chars(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


def _visible_name(value: str) -> str:
    # Bidi overrides can make a name display as another player's; a name of
    # only spaces or invisible marks shows as nothing. Spaces around visible
    # text stay: names are kept byte-exact.
    if _BIDI_CONTROL.search(value):
        raise ValueError("must not contain bidirectional control characters")
    if all(c.isspace() or unicodedata.category(c) == "Cf" for c in value):
        raise ValueError("must contain a visible character")
    return value


def _time_text(value: object) -> object:
    # A bare number is ambiguous (seconds? milliseconds?), so the wire form
    # is ISO 8601 only; datetimes built in Python pass as they are.
    if isinstance(value, (int, float)):
        raise ValueError("must be an ISO 8601 string with a zone, not a number")
    return value


def _in_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of range") from None


# The pattern comes before the number-to-text step so pydantic-core checks it
# in its own code: after a Python validator it would be checked in Python, at
# three times the cost on every id of every event.
Id = Annotated[
    str, StringConstraints(pattern=ID_PATTERN), BeforeValidator(_id_from_int)
]
# Names are kept byte-exact: no trimming, no normalisation.
Name = Annotated[
    str,
    Field(min_length=1, max_length=64),
    AfterValidator(_no_control_chars),
    AfterValidator(_visible_name),
]
EventTime = Annotated[
    AwareDatetime, BeforeValidator(_time_text), AfterValidator(_in_utc)
]
Label = Annotated[
    str, Field(min_length=1, max_length=64), AfterValidator(_no_control_chars)
]


class Record(BaseModel):
    """Base for every part of an event: unknown fields are an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Position(Record):
    """A point on the match's map, in the game's world coordinates."""

    x: float = Field(ge=-MAX_COORDINATE, le=MAX_COORDINATE)
    y: float = Field(ge=-MAX_COORDINATE, le=MAX_COORDINATE)


class Player(Record):
    """A player in a match: stable id, display name and team."""

    player_id: Id
    name: Name
    team: Id


class TeamResult(Record):
    """A team's final place in a match (1 is the winner) and its players."""

    team: Id
    place: int = Field(ge=1)
    player_ids: list[Id] = Field(min_length=1)


class EventBase(Record):
    """Fields every event has."""

    schema_version: Literal[1] = SCHEMA_VERSION
    event_id: Id
    game: Id
    match_id: Id
    event_time: EventTime

    def minute(self) -> str:
        """Return the event's UTC minute as YYYYMMDDHHMM."""
        return self.event_time.astimezone(UTC).strftime("%Y%m%d%H%M")


class MatchStart(EventBase):
    """A match begins on a map with its roster."""

    type: Literal["match_start"]
    map: Id
    mode: Label | None = None
    players: list[Player] = Field(min_length=1, max_length=200)

    @model_validator(mode="after")
    def _unique_players(self) -> "MatchStart":
        ids = [p.player_id for p in self.players]
        if len(ids) != len(set(ids)):
            raise ValueError("players must not repeat a player_id")
        return self


class Kill(EventBase):
    """One player killed another, helped by assisters."""

    type: Literal["kill"]
    killer_id: Id
    victim_id: Id
    assister_ids: list[Id] = Field(default_factory=list, max_length=10)
    weapon: Label | None = None
    headshot: StrictBool = False
    map: Id | None = None
    # Where the victim fell, and where the killer stood.
    position: Position | None = None
    killer_position: Position | None = None
    round: int | None = Field(None, ge=1)
    # Enemies alive just before this kill, counting the victim (Valorant bonus).
    enemies_alive: int | None = Field(None, ge=1, le=5)
    # The killer's n-th kill in this round, from 1 (Valorant multi-kill bonus).
    round_kill_number: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _distinct_roles(self) -> "Kill":
        if self.killer_id == self.victim_id:
            raise ValueError("killer_id and victim_id must differ")
        if self.victim_id in self.assister_ids or self.killer_id in self.assister_ids:
            raise ValueError("assister_ids must not name the killer or the victim")
        if len(set(self.assister_ids)) != len(self.assister_ids):
            raise ValueError("assister_ids must not repeat")
        return self


class Death(EventBase):
    """A player died without a player killer (fall, zone, a tower)."""

    type: Literal["death"]
    victim_id: Id
    cause: Label
    map: Id | None = None
    position: Position | None = None
    round: int | None = Field(None, ge=1)


class Objective(EventBase):
    """A player scored an objective action (flag capture, spike plant)."""

    type: Literal["objective"]
    player_id: Id
    action: Id
    round: int | None = Field(None, ge=1)


class PlayerTotals(EventBase):
    """A player's totals for a whole match, from sources that keep no events.

    ``score`` is the source's own score for the match, taken as it is (it may
    be negative); without it the game's rules score the kills and assists.
    """

    type: Literal["player_totals"]
    player_id: Id
    kills: int = Field(0, ge=0, le=10_000)
    deaths: int = Field(0, ge=0, le=10_000)
    assists: int = Field(0, ge=0, le=10_000)
    headshots: int = Field(0, ge=0, le=10_000)
    score: float | None = Field(None, ge=-MAX_MATCH_SCORE, le=MAX_MATCH_SCORE)

    @model_validator(mode="after")
    def _headshots_are_kills(self) -> "PlayerTotals":
        if self.headshots > self.kills:
            raise ValueError("headshots must not exceed kills")
        return self


class RoundEnd(EventBase):
    """A round ended; carries each player's damage dealt in that round."""

    type: Literal["round_end"]
    round: int = Field(ge=1)
    winning_team: Id
    team_scores: dict[Id, Annotated[int, Field(ge=0, le=MAX_TEAM_SCORE)]] = Field(
        default_factory=dict
    )
    damage: dict[Id, Annotated[int, Field(ge=0, le=MAX_ROUND_DAMAGE)]] = Field(
        default_factory=dict
    )


class MatchEnd(EventBase):
    """A match ended with every team's final place."""

    type: Literal["match_end"]
    results: list[TeamResult] = Field(min_length=1, max_length=100)
    duration_seconds: float | None = Field(None, ge=0, le=MAX_MATCH_SECONDS)


Event = Annotated[
    MatchStart | Kill | Death | Objective | PlayerTotals | RoundEnd | MatchEnd,
    Field(discriminator="type"),
]
EVENT_TYPES = (
    "match_start",
    "kill",
    "death",
    "objective",
    "player_totals",
    "round_end",
    "match_end",
)
_adapter: TypeAdapter[Event] = TypeAdapter(Event)


class InvalidEvent(ValueError):
    """A message that is not a valid event; ``reason`` is a short stable code."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def _reason_for(error: ValidationError) -> str:
    first = error.errors()[0]
    kind = first["type"]
    loc = [str(p) for p in first["loc"]]
    if kind == "union_tag_invalid" or (loc and loc[0] == "type"):
        return "unknown_event_type"
    if kind == "union_tag_not_found":
        return "missing_field"
    if kind == "missing":
        return "missing_field"
    if kind == "extra_forbidden":
        return "unknown_field"
    return "invalid_field"


def parse_event(data: bytes | str | dict) -> Event:
    """Decode and validate one event; raise InvalidEvent with a reason code."""
    if isinstance(data, (bytes, str)):
        try:
            data = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            raise InvalidEvent("malformed_json", str(exc)) from None
    if not isinstance(data, dict):
        raise InvalidEvent("not_an_object", f"got {type(data).__name__}")
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise InvalidEvent("unsupported_schema_version", repr(version)[:40])
    try:
        return _adapter.validate_python(data)
    except ValidationError as exc:
        detail = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'event'}: {e['msg']}"
            for e in exc.errors()[:5]
        )
        raise InvalidEvent(_reason_for(exc), detail) from None


def encode_event(event: EventBase) -> bytes:
    """Serialise an event to its wire form (compact JSON, UTC times)."""
    return orjson.dumps(event.model_dump(mode="json", exclude_none=True))
