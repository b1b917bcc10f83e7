"""The notebooks' helpers on small hand-made frames, without Redis."""

import pandas as pd
import pytest

from pipeline.snapshots.analysis import (
    biggest_climbers,
    heat_grid,
    movers,
    profile,
    trajectories,
    weapon_rates,
)
from pipeline.snapshots.frames import heatmap_frame, kill_frame, player_frame


def standings(ranks: dict[str, list[int]]) -> pd.DataFrame:
    """Return a halo standings frame: player id to its rank at each snapshot."""
    times = pd.date_range("2027-01-15", periods=len(next(iter(ranks.values()))))
    rows = [
        {
            "snapshot_id": f"s{i}",
            "taken_at": times[i],
            "game": "halo",
            "player_id": pid,
            "name": pid.upper(),
            "score": 100 - rank,
            "rank_score": rank,
        }
        for pid, path in ranks.items()
        for i, rank in enumerate(path)
        if rank is not None
    ]
    return pd.DataFrame(rows)


def test_movers_rank_climbs_first_to_last_and_skip_newcomers():
    frame = standings(
        {"a": [3, 2, 1], "b": [1, 1, 2], "c": [2, 3, 3], "d": [None, 4, 4]}
    )

    moved = movers(frame, "halo")

    assert moved[["player_id", "climb"]].values.tolist() == [
        ["a", 2],
        ["b", -1],
        ["c", -1],
    ]
    assert moved.loc[0, "first_rank"] == 3 and moved.loc[0, "last_rank"] == 1


def test_biggest_climber_per_game_breaks_ties_by_player_id():
    frame = standings({"b": [3, 1], "a": [3, 1], "c": [1, 3]})

    climbers = biggest_climbers(frame)

    assert climbers[["game", "player_id", "climb", "snapshots"]].values.tolist() == [
        ["halo", "a", 2, 2]
    ]


def test_trajectories_follow_the_last_top_players_back_in_time():
    frame = standings({"a": [3, 1], "b": [1, 2], "c": [2, 3]})

    paths = trajectories(frame, "halo", top=2)

    assert sorted(paths["player_id"].unique()) == ["a", "b"]
    assert len(paths) == 4


def test_weapon_rates_count_kills_headshots_and_share_per_game():
    kills = kill_frame(
        {
            "halo": {
                "kills": [
                    {"t": 1, "weapon": "BR75", "headshot": True},
                    {"t": 2, "weapon": "BR75", "headshot": False},
                    {"t": 3, "weapon": "", "headshot": True},
                    {"t": 4, "weapon": "Needler", "headshot": False},
                ]
            }
        }
    )

    rates = weapon_rates(kills).set_index("weapon")

    assert rates.loc["BR75", ["kills", "headshots"]].tolist() == [2, 1]
    assert rates.loc["BR75", "headshot_rate"] == 0.5
    assert rates.loc["BR75", "share"] == 0.5
    assert rates.loc["unknown", "headshots"] == 1


def test_heat_grid_places_counts_by_row_and_col_and_leaves_off_grid_out():
    cells = heatmap_frame(
        {
            "halo": {
                "heatmaps": {"streets": {"kills": {"1:0": 4, "0:2": 1, "missing": 9}}}
            }
        }
    )

    grid = heat_grid(cells, "halo", "streets", "kills", size=3)

    assert grid.shape == (3, 3)
    assert grid.loc[0, 1] == 4 and grid.loc[2, 0] == 1
    assert grid.to_numpy().sum() == 5


def test_profile_sets_a_player_against_the_fields_median():
    players = player_frame(
        {
            "halo": {
                "players": {
                    "a": {"kills": 9, "deaths": 3, "matches": 3, "headshots": 3},
                    "b": {"kills": 2, "deaths": 2, "matches": 2},
                    "c": {"kills": 1, "deaths": 4, "matches": 1},
                }
            }
        }
    )

    card = profile(players, "halo", "a").set_index("metric")

    assert card.loc["kd", "player"] == 3
    assert card.loc["kd", "field_median"] == 1
    assert card.loc["kd", "better_than"] == pytest.approx(2 / 3)
    assert card.loc["headshot_rate", "player"] == pytest.approx(1 / 3)
    with pytest.raises(KeyError):
        profile(players, "halo", "nobody")
