"""An independent recomputation of player stats from raw events, with pandas.

Written apart from the engine on purpose: it reads the scoring rules from the
same configuration, but derives every figure from the event stream with its
own code (including the Valorant multi-kill count, which it recounts from the
kill order instead of trusting ``round_kill_number``).
"""

import orjson
import pandas as pd

from pipeline.games import Game

COLUMNS = ["kills", "deaths", "assists", "score", "matches", "wins", "headshots"]


def _unique(events: list[dict]) -> list[dict]:
    seen, out = set(), []
    for e in events:
        if e["event_id"] not in seen:
            seen.add(e["event_id"])
            out.append(e)
    return out


def recompute(raw_values: list[bytes], games: dict[str, Game]) -> pd.DataFrame:
    """Return one row per (game, player_id) with the stats the events imply."""
    events = _unique([orjson.loads(v) for v in raw_values])
    rows: list[dict] = []

    def add(game, pid, **stats):
        rows.append({"game": game, "player_id": str(pid), **stats})

    kills = [e for e in events if e["type"] == "kill"]
    kill_frame = pd.DataFrame(kills) if kills else pd.DataFrame()
    if not kill_frame.empty and "round" in kill_frame:
        kill_frame["nth"] = (
            kill_frame.groupby(
                ["game", "match_id", "round", "killer_id"], dropna=False
            ).cumcount()
            + 1
        )
    nth = dict(
        zip(kill_frame.get("event_id", []), kill_frame.get("nth", []), strict=False)
    )

    for e in events:
        g = e["game"]
        rules = games[g].scoring
        if e["type"] == "match_start":
            for p in e["players"]:
                add(g, p["player_id"], matches=1)
        elif e["type"] == "kill":
            points = rules.kill
            if rules.kill_bonus_by_enemies_alive:
                alive = e.get("enemies_alive") or 1
                table = rules.kill_bonus_by_enemies_alive
                points += table[min(alive, len(table)) - 1]
            if e.get("round") is not None and nth.get(e["event_id"], 1) > 1:
                points += rules.multi_kill
            add(
                g,
                e["killer_id"],
                kills=1,
                score=points,
                headshots=int(bool(e.get("headshot"))),
            )
            add(g, e["victim_id"], deaths=1)
            for a in e.get("assister_ids", []):
                add(g, a, assists=1, score=rules.assist)
        elif e["type"] == "death":
            add(g, e["victim_id"], deaths=1)
        elif e["type"] == "objective":
            add(g, e["player_id"], score=rules.objective.get(e["action"], 0))
        elif e["type"] == "player_totals":
            given = e.get("score")
            points = (
                given
                if given is not None
                else e.get("kills", 0) * rules.kill + e.get("assists", 0) * rules.assist
            )
            add(
                g,
                e["player_id"],
                kills=e.get("kills", 0),
                deaths=e.get("deaths", 0),
                assists=e.get("assists", 0),
                headshots=e.get("headshots", 0),
                score=points,
            )
        elif e["type"] == "round_end":
            for pid, dmg in e.get("damage", {}).items():
                add(g, pid, score=dmg * rules.damage)
        elif e["type"] == "match_end":
            for r in e["results"]:
                table = rules.placement
                pts = table[r["place"] - 1] if r["place"] <= len(table) else 0
                for pid in r["player_ids"]:
                    add(g, pid, score=pts, wins=int(r["place"] == 1))
    frame = pd.DataFrame(rows, columns=["game", "player_id", *COLUMNS]).fillna(0)
    totals = frame.groupby(["game", "player_id"], as_index=False)[COLUMNS].sum()
    for col in COLUMNS:
        if col != "score":
            totals[col] = totals[col].astype(int)
    totals["kd"] = totals["kills"] / totals["deaths"].clip(lower=1)
    return totals
