"""What every importer shares: the replay it builds and the rules for source values.

Rules that hold for every format:

- Numbers given as strings (``"7"``, ``" -120.5 "``) are read as numbers. A
  value that is no number at all makes its record skipped and counted by
  reason in the replay's report; it never stops the import.
- Ids: a source id that fits the schema's ``ID_PATTERN`` is kept exactly (a
  64-bit platform id stays the same digits, as a string). An id that does not
  fit (a leading ``_``, spaces, brackets, ``:``) becomes ``x-`` + the id with
  each run of other characters turned into ``-`` (cut to 96 characters) + ``-``
  + the first 10 hex digits of the SHA-256 of the source id. The same source id
  always gives the same product id, and two different ones differ.
- Names are kept byte-exact: spaces at either end, inner double spaces and
  non-Latin scripts are not touched. A name the schema cannot hold (empty,
  over 64 characters, control characters) is replaced by the player's id.
- Coordinates may be negative; they are kept as the source gives them.
"""

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import TypeAdapter, ValidationError

from pipeline.events import ID_PATTERN, Label, Name

_ID = re.compile(ID_PATTERN)
_NOT_ID_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")
_NAME: TypeAdapter[str] = TypeAdapter(Name)
_LABEL: TypeAdapter[str] = TypeAdapter(Label)


class SourceError(ValueError):
    """A file that cannot be imported at all (wrong shape, unpaired, unknown)."""


class BadValue(ValueError):
    """One source value that cannot be read; its record is skipped."""


@dataclass(frozen=True)
class Timed:
    """An event's fields and when it happened, in ms from the match's start."""

    offset_ms: int
    fields: dict


@dataclass
class MatchReplay:
    """One match turned into events, before they are given their times."""

    game: str
    match_id: str
    source: str
    # The absolute time of offset 0 when the source states one.
    source_start: datetime | None
    items: list[Timed] = field(default_factory=list)
    # Source records that add nothing by rule (first blood, item purchases).
    ignored: Counter = field(default_factory=Counter)
    # Source records that could not be read, by reason.
    skipped: Counter = field(default_factory=Counter)

    def add(self, offset_ms: int, **fields) -> None:
        """Append one event's fields at an offset from the match's start."""
        self.items.append(Timed(offset_ms, fields))

    def duration_ms(self) -> int:
        """Return the offset of the last event (0 when there is none)."""
        return max((item.offset_ms for item in self.items), default=0)


def as_int(value: object, what: str) -> int:
    """Read an integer given as a number or a numeric string."""
    number = as_float(value, what)
    if not number.is_integer():
        raise BadValue(f"{what}: {value!r} is not a whole number")
    return int(number)


def as_float(value: object, what: str) -> float:
    """Read a finite number given as a number or a numeric string."""
    if isinstance(value, bool) or value is None:
        raise BadValue(f"{what}: {value!r} is not a number")
    if isinstance(value, int):
        return float(value)
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise BadValue(f"{what}: {value!r} is not a number") from None
    if not math.isfinite(number):
        raise BadValue(f"{what}: {value!r} is not finite")
    return number


def source_id(value: object, what: str = "id") -> str:
    """Return the product id of a source id, by the rule in the module doc."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise BadValue(f"{what}: {value!r} is not an id")
    text = str(value)
    if _ID.fullmatch(text):
        return text
    if not text:
        raise BadValue(f"{what}: empty id")
    slug = _NOT_ID_CHARS.sub("-", text).strip("-_.")[:96]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    return f"x-{slug}-{digest}" if slug else f"x-{digest}"


def display_name(value: object, fallback: str) -> str:
    """Return the name exactly as given, or fallback if the schema can't hold it."""
    if not isinstance(value, str):
        return fallback
    try:
        return _NAME.validate_python(value)
    except ValidationError:
        return fallback


def label(value: object) -> str | None:
    """Return a short free-text label as given, or None if it can't be one."""
    if not isinstance(value, str):
        return None
    try:
        return _LABEL.validate_python(value)
    except ValidationError:
        return None


def position(point: object, what: str) -> dict | None:
    """Return ``{"x", "y"}`` from a source point, or None when it has none."""
    if not isinstance(point, dict) or "x" not in point or "y" not in point:
        return None
    return {
        "x": as_float(point["x"], f"{what}.x"),
        "y": as_float(point["y"], f"{what}.y"),
    }


def as_list(value: object) -> list:
    """Return value when it is a list, else an empty one (a missing key)."""
    return value if isinstance(value, list) else []


def dicts(value: object) -> list[dict]:
    """Return the objects of a list, leaving out anything else it holds."""
    return [item for item in as_list(value) if isinstance(item, dict)]
