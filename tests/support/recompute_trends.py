"""Independent recomputations of the time-resolved figures from raw events.

Written apart from pipeline/effects.py and pipeline/trends.py on purpose: the
per-minute counts, the game counters and the heatmap cells are derived here
from the event stream with their own code, and players' points come from
tests/support/recompute.py.
"""

import math
from datetime import datetime

import orjson
import pandas as pd

from pipeline.games import Game
from tests.support.recompute import recompute


def named_players(event: dict) -> set[str]:
    """Return the players an event makes active."""
    ids = {p["player_id"] for p in event.get("players", [])}
    for field in ("killer_id", "victim_id", "player_id"):
        if field in event:
            ids.add(str(event[field]))
    return ids | set(event.get("assister_ids", []))


def minute_name(event: dict) -> str:
    """Return the UTC minute of an event, named as the trends name it."""
    t = datetime.fromisoformat(event["event_time"])
    return pd.Timestamp(t).tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:00Z")


def minutes_table(raw: list[bytes], games: dict[str, Game]) -> pd.DataFrame:
    """Return the per-minute figures, indexed by (game, minute)."""
    groups: dict[tuple[str, str], list[bytes]] = {}
    for value in raw:
        event = orjson.loads(value)
        groups.setdefault((event["game"], minute_name(event)), []).append(value)

    rows = []
    for (game, minute), values in groups.items():
        events = [orjson.loads(v) for v in values]
        lines = recompute(values, games)
        lines = lines[(lines.kills > 0) | (lines.deaths > 0) | (lines.score != 0)]
        fought = lines[(lines.kills > 0) | (lines.deaths > 0)]
        kds = fought.kills / fought.deaths.clip(lower=1)
        kinds = [e["type"] for e in events]
        rows.append(
            {
                "game": game,
                "minute": minute,
                "events": len(events),
                "kills": kinds.count("kill"),
                "deaths": kinds.count("kill") + kinds.count("death"),
                "headshots": sum(bool(e.get("headshot")) for e in events),
                "score": lines.score.sum(),
                "players": len(set().union(*map(named_players, events))),
                "matches": len({e["match_id"] for e in events}),
                "score_p50": lines.score.quantile(0.5) if len(lines) else 0,
                "score_p90": lines.score.quantile(0.9) if len(lines) else 0,
                "kd_p50": kds.quantile(0.5) if len(kds) else 0,
                "kd_p90": kds.quantile(0.9) if len(kds) else 0,
            }
        )
    return pd.DataFrame(rows).set_index(["game", "minute"]).sort_index()


def game_counters(raw: list[bytes]) -> pd.DataFrame:
    """Return per game: players named, matches started and live, events, kills."""
    rows = {}
    for value in raw:
        e = orjson.loads(value)
        row = rows.setdefault(
            e["game"],
            {"players": set(), "started": set(), "ended": set(), "events": 0},
        )
        row.setdefault("kills", 0)
        row["events"] += 1
        row["kills"] += e["type"] == "kill"
        row["players"] |= named_players(e)
        if e["type"] == "match_start":
            row["started"].add(e["match_id"])
        if e["type"] == "match_end":
            row["ended"].add(e["match_id"])
    return pd.DataFrame(
        {
            game: {
                "players": len(r["players"]),
                "matches": len(r["started"]),
                "live_matches": len(r["started"] - r["ended"]),
                "events": r["events"],
                "kills": r["kills"],
            }
            for game, r in rows.items()
        }
    ).T


def heat_cell(x: float, y: float, extent, n: int) -> str:
    """Return the grid cell of a point on a map of extent, or "outside"."""
    x0, y0, x1, y1 = extent
    if not (x0 <= x <= x1 and y0 <= y <= y1):
        return "outside"
    col = min(math.floor((x - x0) / (x1 - x0) * n), n - 1)
    row = min(math.floor((y - y0) / (y1 - y0) * n), n - 1)
    return f"{col}:{row}"


def heat_cells(
    events: list[dict],
    map_id: str,
    kind: str,
    extent,
    n: int,
    weapon: str | None = None,
    since: float | None = None,
) -> dict[str, int]:
    """Count where the kills (killer) or deaths (victim) of a map happened.

    With weapon or since only kills count, as the kill log holds only those.
    """
    counts: dict[str, int] = {}
    for e in events:
        if e.get("map") != map_id or e["type"] not in ("kill", "death"):
            continue
        if kind == "kills" and e["type"] != "kill":
            continue
        if (weapon is not None or since is not None) and e["type"] != "kill":
            continue
        if weapon is not None and e.get("weapon") != weapon:
            continue
        t = datetime.fromisoformat(e["event_time"]).timestamp()
        if since is not None and t < since:
            continue
        where = e.get("position")
        if kind == "kills":
            where = e.get("killer_position") or where
        name = (
            "missing" if where is None else heat_cell(where["x"], where["y"], extent, n)
        )
        counts[name] = counts.get(name, 0) + 1
    return counts
