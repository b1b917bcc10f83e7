"""The snapshot document: its versions, how it is stored and how it is upgraded.

A snapshot is one JSON document, stored as a Redis string under
``Keys.snapshot(id)`` and listed in ``Keys.snapshots()`` scored by the epoch
seconds it was taken at. A document of SNAPSHOT_COMPRESS_MIN_BYTES or more is
stored gzip-compressed; readers tell the two apart by gzip's magic bytes.

Every document says its ``format_version``. ``decode`` upgrades an older one
to the current shape, so nothing past this module sees an old version.
notebooks/README.md describes the fields of every version.
"""

import gzip
from datetime import UTC, datetime

import orjson

FORMAT_VERSION = 1
GZIP_MAGIC = b"\x1f\x8b"
GZIP_LEVEL = 6


class UnknownFormat(ValueError):
    """A stored snapshot is of a format this code cannot read."""


def snapshot_id(taken_at: float) -> str:
    """Return the id of a snapshot taken at epoch seconds: UTC, sorts by time."""
    return datetime.fromtimestamp(taken_at, UTC).strftime("%Y%m%dT%H%M%S.%fZ")


def encode(document: dict, compress_min_bytes: int) -> bytes:
    """Return the stored form of a document: JSON, gzipped when it is large."""
    raw = orjson.dumps(document)
    if len(raw) < compress_min_bytes:
        return raw
    return gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0)


def decode(stored: bytes) -> dict:
    """Return the document a stored snapshot holds, in the current format."""
    if stored.startswith(GZIP_MAGIC):
        stored = gzip.decompress(stored)
    try:
        document = orjson.loads(stored)
    except orjson.JSONDecodeError as exc:
        raise UnknownFormat(f"snapshot is not JSON: {exc}") from None
    if not isinstance(document, dict):
        raise UnknownFormat("snapshot is not a JSON object")
    return upgrade(document)


def version_of(document: dict) -> int:
    """Return a document's format version (version 0 called the field version)."""
    version = document.get("format_version", document.get("version"))
    if not isinstance(version, int) or isinstance(version, bool):
        raise UnknownFormat(f"snapshot has no format_version: {version!r}")
    return version


def upgrade(document: dict) -> dict:
    """Return a document in the current format, upgrading older versions.

    An upgraded document says the version it was stored in as ``upgraded_from``.
    """
    version = version_of(document)
    if version > FORMAT_VERSION:
        raise UnknownFormat(
            f"snapshot format_version {version} is newer than this reader "
            f"({FORMAT_VERSION}); update gaming-analytics to read it"
        )
    if version < 0:
        raise UnknownFormat(f"snapshot format_version {version} does not exist")
    original = version
    while version < FORMAT_VERSION:
        document = _UPGRADES[version](document)
        version = document["format_version"]
    if original != FORMAT_VERSION:
        document["upgraded_from"] = original
    return document


def _epoch(value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.timestamp()
    raise UnknownFormat(f"snapshot taken_at is not a time: {value!r}")


def _v0_to_v1(old: dict) -> dict:
    # Version 0 held players and leaderboards keyed by game at the top level,
    # an ISO taken_at, and nothing else; version 1 groups everything by game.
    taken_at = _epoch(old.get("taken_at"))
    players = old.get("players") or {}
    boards = old.get("leaderboards") or {}
    games = {
        game: {
            "counters": {},
            "live_matches": [],
            "players": players.get(game, {}),
            "leaderboards": boards.get(game, {}),
            "minutes": {},
            "heatmaps": {},
            "kills": [],
            "kill_log_length": 0,
        }
        for game in sorted(set(players) | set(boards))
    }
    return {
        "format_version": 1,
        "id": snapshot_id(taken_at),
        "taken_at": taken_at,
        "key_prefix": None,
        "group_id": None,
        "offsets": {tp: int(n) for tp, n in (old.get("offsets") or {}).items()},
        "heatmap_grid": None,
        "games": games,
    }


_UPGRADES = {0: _v0_to_v1}
