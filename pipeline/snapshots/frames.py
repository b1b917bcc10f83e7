"""Turn the ``games`` section of a snapshot document into tidy DataFrames.

Pure functions, one per frame. Each frame has its columns even when empty,
so code written against a busy snapshot also runs on a quiet one.
"""

import pandas as pd

from pipeline.keys import METRICS

GAME_COLUMNS = {
    "matches": "int64",
    "matches_ended": "int64",
    "events": "int64",
    "kills": "int64",
    "deaths": "int64",
    "rounds": "int64",
    "live_matches": "int64",
    "kill_log_length": "int64",
}
PLAYER_COLUMNS = {
    "name": "string",
    "team": "string",
    "kills": "int64",
    "deaths": "int64",
    "assists": "int64",
    "score": "float64",
    "matches": "int64",
    "wins": "int64",
    "headshots": "int64",
    "damage": "int64",
    "objectives": "int64",
}
MINUTE_COLUMNS = {
    "events": "int64",
    "kills": "int64",
    "deaths": "int64",
    "headshots": "int64",
    "score": "float64",
    "players": "int64",
    "matches": "int64",
}
KILL_COLUMNS = {
    "match": "string",
    "killer": "string",
    "victim": "string",
    "weapon": "string",
    "headshot": "bool",
    "map": "string",
    "x": "float64",
    "y": "float64",
    "kx": "float64",
    "ky": "float64",
}
POSITIONS = ("x", "y", "kx", "ky")
KILL_ORDER = ["game", "time", "match", "killer", "victim", "assisters", "weapon"]
KILL_ORDER += ["headshot", "map", *POSITIONS]
# Minute buckets are named by their UTC minute, as effects.py writes them.
MINUTE_FORMAT = "%Y%m%d%H%M"


def _typed(
    rows: list[dict],
    keys: dict[str, str],
    columns: dict[str, str],
    unknown: tuple[str, ...] = (),
) -> pd.DataFrame:
    # A counter a hash lacks is 0; a column named in unknown stays NaN.
    frame = pd.DataFrame(rows, columns=[*keys, *columns])
    for column, dtype in columns.items():
        if dtype in ("int64", "float64") and column not in unknown:
            frame[column] = frame[column].fillna(0)
        elif dtype == "bool":
            frame[column] = frame[column].fillna(False)
        frame[column] = frame[column].astype(dtype)
    return frame.astype(keys)


def game_frame(games: dict) -> pd.DataFrame:
    """Return one row per game: its counters and how many matches are live."""
    rows = [
        {
            "game": game,
            **body.get("counters", {}),
            "live_matches": len(body.get("live_matches", [])),
            "kill_log_length": body.get("kill_log_length", 0),
        }
        for game, body in games.items()
    ]
    frame = _typed(rows, {"game": "string"}, GAME_COLUMNS)
    return frame[["game", *GAME_COLUMNS]]


def player_frame(games: dict) -> pd.DataFrame:
    """Return one row per player and game with their stats and K/D."""
    rows = [
        {"game": game, "player_id": pid, **line}
        for game, body in games.items()
        for pid, line in body.get("players", {}).items()
    ]
    frame = _typed(rows, {"game": "string", "player_id": "string"}, PLAYER_COLUMNS)
    frame = frame[["game", "player_id", *PLAYER_COLUMNS]].copy()
    frame["kd"] = frame["kills"] / frame["deaths"].clip(lower=1)
    return frame.sort_values(["game", "player_id"], ignore_index=True)


def leaderboard_frame(games: dict) -> pd.DataFrame:
    """Return one row per board entry: game, metric, competition rank, value."""
    rows = [
        {"game": game, "metric": metric, "player_id": pid, "value": float(value)}
        for game, body in games.items()
        for metric in METRICS
        for pid, value in body.get("leaderboards", {}).get(metric, [])
    ]
    keys = {"game": "string", "metric": "string", "player_id": "string"}
    frame = _typed(rows, keys, {"value": "float64"})
    # Competition ranks: one more than the count of strictly greater values.
    ranks = frame.groupby(["game", "metric"])["value"].rank(
        method="min", ascending=False
    )
    frame.insert(2, "rank", ranks.fillna(0).astype("int64"))
    return frame.sort_values(
        ["game", "metric", "rank", "player_id"], ignore_index=True
    )[["game", "metric", "rank", "player_id", "value"]]


def minute_frame(games: dict) -> pd.DataFrame:
    """Return one row per game and UTC minute with that minute's counters."""
    rows = [
        {"game": game, "minute": minute, **stats}
        for game, body in games.items()
        for minute, stats in body.get("minutes", {}).items()
    ]
    keys = {"game": "string", "minute": "string"}
    frame = _typed(rows, keys, MINUTE_COLUMNS)
    frame["minute"] = pd.to_datetime(frame["minute"], format=MINUTE_FORMAT, utc=True)
    return frame.sort_values(["game", "minute"], ignore_index=True)


def heatmap_frame(games: dict) -> pd.DataFrame:
    """Return one row per heatmap cell: game, map, kind, cell, col, row, count.

    Off-grid counts (a missing position, an unlisted map, a point outside the
    map) have their reason as ``cell`` and no col or row.
    """
    rows = []
    for game, body in games.items():
        for map_id, kinds in body.get("heatmaps", {}).items():
            for kind, cells in kinds.items():
                for cell, count in cells.items():
                    col, row = cell.split(":") if ":" in cell else (None, None)
                    rows.append(
                        {
                            "game": game,
                            "map": map_id,
                            "kind": kind,
                            "cell": cell,
                            "col": col,
                            "row": row,
                            "count": count,
                        }
                    )
    keys = {"game": "string", "map": "string", "kind": "string", "cell": "string"}
    frame = pd.DataFrame(rows, columns=[*keys, "col", "row", "count"]).astype(keys)
    frame["col"] = pd.to_numeric(frame["col"]).astype("Int64")
    frame["row"] = pd.to_numeric(frame["row"]).astype("Int64")
    frame["count"] = frame["count"].astype("int64")
    return frame.sort_values(["game", "map", "kind", "cell"], ignore_index=True)


def kill_frame(games: dict) -> pd.DataFrame:
    """Return the kill-log tail of each game, oldest first, one row per kill.

    A kill logged without a position has NaN for x and y (kx, ky: the killer's).
    """
    rows = [
        {"game": game, **kill}
        for game, body in games.items()
        for kill in body.get("kills", [])
    ]
    columns = {"t": "int64", "assisters": "object", **KILL_COLUMNS}
    frame = _typed(rows, {"game": "string"}, columns, POSITIONS)
    frame.insert(1, "time", pd.to_datetime(frame.pop("t"), unit="ms", utc=True))
    frame["assisters"] = [a if isinstance(a, list) else [] for a in frame["assisters"]]
    return frame[KILL_ORDER]
