"""Small computations over loaded snapshots that the notebooks share.

Pure functions of the loader's frames (see pipeline.snapshots.loader), so
they are tested on their own and the notebooks stay short.
"""

import numpy as np
import pandas as pd

from pipeline.snapshots.loader import Snapshot

PROFILE_METRICS = {
    "kd": "K/D",
    "kills_per_match": "kills per match",
    "assists_per_match": "assists per match",
    "score_per_match": "score per match",
    "headshot_rate": "headshot rate",
    "win_rate": "win rate",
}


def top_players(snapshot: Snapshot, metric: str = "score", n: int = 5) -> pd.DataFrame:
    """Return each game's best n players on one board, with their stats."""
    board = snapshot.leaderboards[snapshot.leaderboards["metric"] == metric]
    best = board.groupby("game", group_keys=False).head(n)
    stats = snapshot.players.drop(columns=[metric], errors="ignore")
    top = best.merge(stats, on=["game", "player_id"], how="left")
    return top.rename(columns={"value": metric}).drop(columns="metric")


def trajectories(
    standings: pd.DataFrame, game: str, metric: str = "score", top: int = 10
) -> pd.DataFrame:
    """Return the rank over time of the players in a game's last top ``top``."""
    rank = f"rank_{metric}"
    played = standings[standings["game"] == game]
    last = played[played["taken_at"] == played["taken_at"].max()]
    leaders = last.nsmallest(top, rank, keep="all")["player_id"]
    picked = played[played["player_id"].isin(leaders)]
    columns = ["taken_at", "player_id", "name", rank, metric]
    return picked[columns].sort_values(["taken_at", rank], ignore_index=True)


def movers(standings: pd.DataFrame, game: str, metric: str = "score") -> pd.DataFrame:
    """Return how far each player's rank moved from the first snapshot to the last.

    ``climb`` is first rank minus last rank: positive for a player who rose.
    Only players on the board in both snapshots are compared. Sorted by climb,
    biggest first, then by player id.
    """
    rank = f"rank_{metric}"
    played = standings[standings["game"] == game]
    first_at, last_at = played["taken_at"].min(), played["taken_at"].max()
    first = played[played["taken_at"] == first_at][["player_id", rank]]
    last = played[played["taken_at"] == last_at][["player_id", "name", rank, metric]]
    both = first.merge(last, on="player_id", suffixes=("_first", "_last"))
    both = both.rename(
        columns={f"{rank}_first": "first_rank", f"{rank}_last": "last_rank"}
    )
    both["climb"] = (both["first_rank"] - both["last_rank"]).astype("int64")
    return both.sort_values(
        ["climb", "player_id"], ascending=[False, True], ignore_index=True
    )


def weapon_rates(kills: pd.DataFrame) -> pd.DataFrame:
    """Return kills, headshots, headshot rate and share of kills per game and weapon.

    A kill logged without a weapon counts under ``unknown``.
    """
    named = kills.assign(weapon=kills["weapon"].replace("", "unknown"))
    rates = named.groupby(["game", "weapon"], as_index=False).agg(
        kills=("headshot", "size"), headshots=("headshot", "sum")
    )
    rates["headshots"] = rates["headshots"].astype("int64")
    rates["headshot_rate"] = rates["headshots"] / rates["kills"]
    rates["share"] = rates["kills"] / rates.groupby("game")["kills"].transform("sum")
    return rates.sort_values(
        ["game", "kills", "weapon"], ascending=[True, False, True], ignore_index=True
    )


def heat_grid(
    heatmaps: pd.DataFrame, game: str, map_id: str, kind: str, size: int
) -> pd.DataFrame:
    """Return one heatmap as a size x size grid of counts (rows by row, cols by col).

    Off-grid counts (no position, a point outside the map) are left out.
    """
    cells = heatmaps[
        (heatmaps["game"] == game)
        & (heatmaps["map"] == map_id)
        & (heatmaps["kind"] == kind)
        & heatmaps["col"].notna()
    ]
    grid = cells.pivot_table(
        index="row", columns="col", values="count", aggfunc="sum", fill_value=0
    )
    full = range(size)
    return grid.reindex(index=full, columns=full, fill_value=0).astype("int64")


def heat_grids(
    snapshot: Snapshot, game: str, kind: str = "kills"
) -> tuple[list[str], np.ndarray]:
    """Return the maps of a game with on-grid counts, and their grids stacked.

    The array is maps x rows x cols, in the order of the list of maps.
    """
    cells = snapshot.heatmaps
    on_grid = cells[(cells["game"] == game) & (cells["kind"] == kind)]
    maps = sorted(on_grid.loc[on_grid["col"].notna(), "map"].unique())
    size = snapshot.heatmap_grid or 0
    grids = [heat_grid(cells, game, m, kind, size).to_numpy() for m in maps]
    return maps, np.stack(grids) if grids else np.zeros((0, size, size), "int64")


def per_player_rates(players: pd.DataFrame) -> pd.DataFrame:
    """Return each player's rates: the PROFILE_METRICS, one column each."""
    matches = players["matches"].clip(lower=1)
    return pd.DataFrame(
        {
            "game": players["game"],
            "player_id": players["player_id"],
            "kd": players["kills"] / players["deaths"].clip(lower=1),
            "kills_per_match": players["kills"] / matches,
            "assists_per_match": players["assists"] / matches,
            "score_per_match": players["score"] / matches,
            "headshot_rate": players["headshots"] / players["kills"].clip(lower=1),
            "win_rate": players["wins"] / matches,
        }
    )


def profile(players: pd.DataFrame, game: str, player_id: str) -> pd.DataFrame:
    """Return one player's rates against the game's field.

    One row per metric: the player's value, the field's median and the share
    of the field the player does better than (0 to 1).
    """
    field = per_player_rates(players[players["game"] == game])
    mine = field[field["player_id"] == player_id]
    if mine.empty:
        raise KeyError(f"no player {player_id!r} in game {game!r}")
    rows = []
    for metric, label in PROFILE_METRICS.items():
        value = float(mine[metric].iloc[0])
        rows.append(
            {
                "metric": metric,
                "label": label,
                "player": value,
                "field_median": float(field[metric].median()),
                "better_than": float((field[metric] < value).mean()),
            }
        )
    return pd.DataFrame(rows)


def biggest_climbers(standings: pd.DataFrame, metric: str = "score") -> pd.DataFrame:
    """Return, per game, the player who climbed most from first snapshot to last.

    The rows of ``movers`` at the top of each game, with how many snapshots the
    game appears in; a game with nobody in both snapshots has no row.
    """
    rows = []
    for game, played in standings.groupby("game"):
        moved = movers(played, game, metric)
        if not moved.empty:
            snapshots = played["snapshot_id"].nunique()
            rows.append({"game": game, "snapshots": snapshots, **moved.iloc[0]})
    columns = ["game", "player_id", "name", "first_rank", "last_rank", "climb"]
    return pd.DataFrame(rows, columns=[*columns, metric, "snapshots"])
