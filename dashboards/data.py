"""Data access for every page: one cached Redis client, briefly cached queries.

The app reads Redis only through pipeline.readmodel and pipeline.trends, at the
REDIS_URL and REDIS_KEY_PREFIX of the environment (GAMES_CONFIG, HEATMAP_GRID,
MAX_FUTURE_SKEW_SECONDS and MINUTE_RETENTION_HOURS too; see pipeline.settings).

Live views stay honest in two ways. A query result lives QUERY_TTL_SECONDS,
less than the REFRESH_SECONDS at which the live panels rerun, so no cache
outlives a refresh. And every cached query takes the game's event count, read
fresh on every run, as part of its key: a rerun after a new event never gets
the answer from before it.
"""

import time
from typing import NamedTuple

import pandas as pd
import streamlit as st

from pipeline.games import Game, load_games
from pipeline.keys import Keys
from pipeline.readmodel import ReadModel, connect
from pipeline.settings import Settings
from pipeline.trends import Trends

REFRESH_SECONDS = 10
QUERY_TTL_SECONDS = 5
# The app's own pool; a page runs its queries one after another.
MAX_CONNECTIONS = 8
# Players searched and offered for comparison: the best this many by score.
SEARCH_LIMIT = 5000
# Ids longer than this are shortened in labels (the tables show them whole).
SHORT_ID = 20


class Source(NamedTuple):
    """Where the app reads from, as the environment says; part of every cache key."""

    redis_url: str
    key_prefix: str
    games_config: str
    heatmap_grid: int
    max_future_skew_seconds: int
    minute_retention_hours: int


class Readers(NamedTuple):
    """The two readers of the Redis layout, on one pool."""

    model: ReadModel
    trends: Trends


def source() -> Source:
    """Read the environment afresh (cheap), so a changed prefix takes effect."""
    s = Settings()
    return Source(
        s.redis_url,
        s.redis_key_prefix,
        str(s.games_config),
        s.heatmap_grid,
        s.max_future_skew_seconds,
        s.minute_retention_hours,
    )


@st.cache_resource(show_spinner=False)
def _readers(src: Source) -> Readers:
    client = connect(src.redis_url, MAX_CONNECTIONS)
    keys = Keys(src.key_prefix)
    games = load_games(src.games_config)
    trends = Trends(
        client,
        keys,
        games,
        heatmap_grid=src.heatmap_grid,
        max_future_skew_seconds=src.max_future_skew_seconds,
    )
    return Readers(ReadModel(client, keys, games), trends)


def readers(src: Source | None = None) -> Readers:
    """Return the readers for src (default: the environment's), made once."""
    return _readers(src or source())


def games(src: Source) -> dict[str, Game]:
    """Return the configured games, keyed by id, in their configured order."""
    return readers(src).model.games


def versions(src: Source, game_ids: list[str]) -> tuple[int, ...]:
    """Return each game's event count now; never cached."""
    counts = readers(src).trends.event_counts(game_ids)
    return tuple(counts[g] for g in game_ids)


def _times(frame: pd.DataFrame, column: str = "minute") -> pd.DataFrame:
    if not frame.empty:
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def counters(src: Source, version: tuple[int, ...]) -> pd.DataFrame:
    """Return one row per game: players, matches, live matches, events, kills."""
    r = readers(src)
    rows = []
    for line in r.model.list_games():
        totals = r.trends.totals(line["id"])
        rows.append({**line, "events": totals["events"], "kills": totals["kills"]})
    return pd.DataFrame(rows)


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def minutes(
    src: Source, game_ids: tuple[str, ...], window: int, version: tuple[int, ...]
) -> pd.DataFrame:
    """Return the window's minutes of each game, one row per game and minute."""
    r = readers(src)
    now = time.time()
    rows = [
        {"game": game, **row}
        for game in game_ids
        for row in r.trends.minutes(game, window, now=now)
    ]
    return _times(pd.DataFrame(rows))


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def movers(
    src: Source, game: str, window: int, metric: str, limit: int, version: int
) -> pd.DataFrame:
    """Return the window's top movers of a game."""
    return pd.DataFrame(readers(src).trends.movers(game, window, metric, limit))


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def trajectories(
    src: Source, game: str, player_ids: tuple[str, ...], window: int, version: int
) -> pd.DataFrame:
    """Return the players' minutes beside the field's, one row per player-minute."""
    r = readers(src)
    now = time.time()
    rows = [
        {"player_id": pid, **row}
        for pid in player_ids
        for row in r.trends.trajectory(game, pid, window, now=now)
    ]
    return _times(pd.DataFrame(rows))


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def board(src: Source, game: str, version: int) -> pd.DataFrame:
    """Return the game's best SEARCH_LIMIT players by score, with their lines."""
    page = readers(src).model.leaderboard(game, "score", limit=SEARCH_LIMIT)
    return pd.DataFrame(page["entries"])


def search(board: pd.DataFrame, text: str, limit: int) -> pd.DataFrame:
    """Return up to limit board rows whose name or id holds text, ignoring case."""
    if not text:
        return board.head(limit)
    needle = text.casefold()
    names = board["name"].str.casefold().str.contains(needle, regex=False)
    ids = board["player_id"].str.casefold().str.contains(needle, regex=False)
    return board[names | ids].head(limit)


def short_id(player_id: str) -> str:
    """Shorten a long id (a Riot PUUID) for a label; short ids stay whole."""
    if len(player_id) <= SHORT_ID:
        return player_id
    return player_id[: SHORT_ID - 4] + "…"


def label(name: str, player_id: str) -> str:
    """Name a player for a chart or a picker: "name (id)"."""
    return f"{name} ({short_id(player_id)})"


def player_labels(src: Source, game: str, version: int) -> dict[str, str]:
    """Return the game's players as id -> "name (id)", best score first."""
    entries = board(src, game, version)
    if entries.empty:
        return {}
    pairs = zip(entries["name"], entries["player_id"], strict=True)
    return {pid: label(name, pid) for name, pid in pairs}


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def player_lines(
    src: Source, game: str, player_ids: tuple[str, ...], version: int
) -> pd.DataFrame:
    """Return the players' full lines (totals, KDA, ranks), in the order asked."""
    model = readers(src).model
    lines = [model.player(game, pid) for pid in player_ids]
    return pd.DataFrame([line for line in lines if line is not None])


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def heatmap(
    src: Source,
    game: str,
    map_id: str,
    kind: str,
    weapon: str | None,
    since_minutes: int | None,
    version: int,
) -> dict:
    """Return a map's density grid as a frame (rows y, columns x) and its counts.

    ``since_minutes`` counts back from now; None reads the engine's grid.
    """
    since = None if since_minutes is None else time.time() - 60 * since_minutes
    grid = readers(src).trends.heatmap(game, map_id, kind, weapon, since)
    frame = pd.DataFrame(grid["z"], index=grid["y"], columns=grid["x"])
    return {**grid, "frame": frame}


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def activity(src: Source, game: str, version: int) -> tuple[pd.DataFrame, str | None]:
    """Return events and kills by UTC weekday and hour, and the oldest minute."""
    found = readers(src).trends.activity(game)
    return pd.DataFrame(found["cells"]), found["since"]


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def weapons(src: Source, game: str, version: int) -> list[str]:
    """Return the weapons of the game's latest kills, most used first."""
    return readers(src).trends.weapons(game)
