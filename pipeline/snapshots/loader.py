"""Load snapshots into pandas: one as a set of frames, or many as one tidy frame.

``load_snapshot()`` returns the newest snapshot (or the newest at or before a
time) as a ``Snapshot`` of DataFrames; ``load_range()`` returns every player
line of every snapshot in a time range, one row each, for trend work. Both
read REDIS_URL and REDIS_KEY_PREFIX through pipeline.settings unless given
settings or a client, and raise ``NoSnapshots`` when there is nothing to load.
The columns are listed in notebooks/README.md.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import redis

from pipeline.keys import METRICS, Keys
from pipeline.settings import Settings, get_settings
from pipeline.snapshots import archive
from pipeline.snapshots.frames import (
    game_frame,
    heatmap_frame,
    kill_frame,
    leaderboard_frame,
    minute_frame,
    player_frame,
)

Moment = datetime | pd.Timestamp | str | float | int


class NoSnapshots(LookupError):
    """There is no snapshot to load where or when one was asked for."""


@dataclass(frozen=True)
class Snapshot:
    """One snapshot of the live state as DataFrames; each has a ``game`` column."""

    id: str
    taken_at: pd.Timestamp
    offsets: dict[str, int]
    format_version: int
    games: pd.DataFrame
    players: pd.DataFrame
    leaderboards: pd.DataFrame
    minutes: pd.DataFrame
    heatmaps: pd.DataFrame
    kills: pd.DataFrame
    heatmap_grid: int | None = None


def as_epoch(moment: Moment) -> float:
    """Return a time as epoch seconds; a time without a zone is taken as UTC."""
    if isinstance(moment, int | float) and not isinstance(moment, bool):
        return float(moment)
    stamp = pd.Timestamp(moment)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize("UTC")
    return stamp.timestamp()


def as_timestamp(epoch: float) -> pd.Timestamp:
    """Return epoch seconds as a UTC Timestamp, to the microsecond."""
    return pd.Timestamp(round(epoch * 1_000_000), unit="us", tz="UTC")


def to_snapshot(document: dict) -> Snapshot:
    """Return a snapshot document (current format) as DataFrames."""
    games = document["games"]
    return Snapshot(
        id=document["id"],
        taken_at=as_timestamp(document["taken_at"]),
        offsets=dict(document["offsets"]),
        format_version=document.get("upgraded_from", document["format_version"]),
        games=game_frame(games),
        players=player_frame(games),
        leaderboards=leaderboard_frame(games),
        minutes=minute_frame(games),
        heatmaps=heatmap_frame(games),
        kills=kill_frame(games),
        heatmap_grid=document.get("heatmap_grid"),
    )


@contextmanager
def _client(
    settings: Settings | None, client: redis.Redis | None
) -> Iterator[tuple[redis.Redis, Keys]]:
    settings = settings or get_settings()
    keys = Keys(settings.redis_key_prefix)
    if client is not None:
        yield client, keys
        return
    own = archive.connect(settings)
    try:
        yield own, keys
    finally:
        own.close()


def _iso(epoch: float) -> str:
    return as_timestamp(epoch).isoformat(timespec="seconds")


def _nothing_at(r: redis.Redis, keys: Keys, when: float | None) -> NoSnapshots:
    oldest = archive.entries(r, keys)[:1]
    if not oldest:
        return NoSnapshots(
            f"no snapshots yet under key prefix {keys.prefix!r}: the running "
            "stack takes one every SNAPSHOT_INTERVAL_SECONDS, or take one now "
            "with `python -m pipeline.snapshots take` (check REDIS_URL and "
            "REDIS_KEY_PREFIX point at the stack)"
        )
    return NoSnapshots(
        f"no snapshot at or before {_iso(when)}; the oldest kept is "
        f"{oldest[0].id}, taken at {_iso(oldest[0].taken_at)}"
    )


def load_snapshot(
    at: Moment | None = None,
    *,
    settings: Settings | None = None,
    client: redis.Redis | None = None,
) -> Snapshot:
    """Return the newest snapshot, or the newest taken at or before ``at``.

    Raises NoSnapshots when there is none.
    """
    when = None if at is None else as_epoch(at)
    with _client(settings, client) as (r, keys):
        entry = archive.at_or_before(r, keys, when)
        document = archive.fetch(r, keys, entry.id) if entry else None
        if document is None:
            raise _nothing_at(r, keys, when)
    return to_snapshot(document)


def load_snapshot_by_id(
    snapshot_id: str,
    *,
    settings: Settings | None = None,
    client: redis.Redis | None = None,
) -> Snapshot:
    """Return the snapshot with this id; raise NoSnapshots when it is not kept."""
    with _client(settings, client) as (r, keys):
        document = archive.fetch(r, keys, snapshot_id)
    if document is None:
        raise NoSnapshots(f"no snapshot {snapshot_id!r}; list them with `list`")
    return to_snapshot(document)


def list_snapshots(
    *, settings: Settings | None = None, client: redis.Redis | None = None
) -> pd.DataFrame:
    """Return the kept snapshots, oldest first: id, taken_at and stored bytes."""
    with _client(settings, client) as (r, keys):
        listed = archive.entries(r, keys)
        stored = archive.sizes(r, keys, [e.id for e in listed])
    return pd.DataFrame(
        {
            "id": pd.Series([e.id for e in listed], dtype="string"),
            "taken_at": pd.Series(
                [as_timestamp(e.taken_at) for e in listed], dtype="datetime64[us, UTC]"
            ),
            "bytes": pd.Series(stored, dtype="int64"),
        }
    )


def standings(snapshot: Snapshot) -> pd.DataFrame:
    """Return one row per player of a snapshot: stats and a rank on each board."""
    ranks = snapshot.leaderboards.pivot_table(
        index=["game", "player_id"], columns="metric", values="rank", aggfunc="min"
    )
    ranks = ranks.reindex(columns=list(METRICS)).add_prefix("rank_")
    ranks.columns.name = None
    frame = snapshot.players.merge(
        ranks.reset_index(), on=["game", "player_id"], how="left"
    )
    for metric in METRICS:
        frame[f"rank_{metric}"] = frame[f"rank_{metric}"].astype("Int64")
    frame.insert(0, "taken_at", snapshot.taken_at)
    frame.insert(0, "snapshot_id", snapshot.id)
    return frame


def load_range(
    start: Moment | None = None,
    end: Moment | None = None,
    *,
    settings: Settings | None = None,
    client: redis.Redis | None = None,
) -> pd.DataFrame:
    """Return the standings of every snapshot taken from start to end, tidy.

    One row per snapshot, game and player, oldest snapshot first, with the
    player's stats and ``rank_score``, ``rank_kills`` and ``rank_kd``. Either
    bound may be left out. Raises NoSnapshots when the range holds none.
    """
    low = None if start is None else as_epoch(start)
    high = None if end is None else as_epoch(end)
    with _client(settings, client) as (r, keys):
        listed = archive.entries(r, keys, low, high)
        documents = [archive.fetch(r, keys, e.id) for e in listed]
        kept = [d for d in documents if d is not None]
        if not kept:
            raise _nothing_between(r, keys, low, high)
    frames = [standings(to_snapshot(d)) for d in kept]
    return pd.concat(frames, ignore_index=True)


def _nothing_between(
    r: redis.Redis, keys: Keys, low: float | None, high: float | None
) -> NoSnapshots:
    listed = archive.entries(r, keys)
    if not listed:
        return _nothing_at(r, keys, None)
    since = "the first" if low is None else _iso(low)
    until = "now" if high is None else _iso(high)
    return NoSnapshots(
        f"no snapshots from {since} to {until}; {len(listed)} kept, taken from "
        f"{_iso(listed[0].taken_at)} to {_iso(listed[-1].taken_at)}"
    )
