"""Every notebook runs top to bottom on seeded snapshots and gets the right answer.

The snapshots come from a seeded simulation through the real Kafka and engine
(tests/support/snapshots.py); what each notebook's `answer` should be is
recomputed from the raw events with tests/support/recompute.py and plain
counting here, never read from what the engine wrote.
"""

from collections import Counter

import orjson
import pandas as pd
import pytest

from pipeline.games import configured_games
from tests.support.recompute import recompute
from tests.support.snapshots import GAMES


def competition_ranks(stats: pd.DataFrame) -> pd.Series:
    """Return each player's rank by score, ties sharing the best rank."""
    ranks = stats["score"].rank(method="min", ascending=False).astype(int)
    return pd.Series(ranks.values, index=stats["player_id"])


def test_getting_started_names_each_games_leader_by_score(seeded, run_notebook):
    expected = recompute(seeded.raw, configured_games())

    answer = run_notebook("01-getting-started.ipynb")

    assert set(answer) == set(GAMES)
    for game, stats in expected.groupby("game"):
        best = stats["score"].max()
        leaders = set(stats.loc[stats["score"] == best, "player_id"])
        assert answer[game]["player_id"] in leaders, game
        assert answer[game]["score"] == pytest.approx(best), game


def test_standings_over_time_finds_each_games_biggest_climber(seeded, run_notebook):
    games = configured_games()
    first = recompute(seeded.cuts[0], games)
    last = recompute(seeded.cuts[-1], games)
    assert set(first["game"]) == set(GAMES), "every game must be in the first cut"

    answer = run_notebook("02-standings-over-time.ipynb")

    assert set(answer) == set(GAMES)
    for game in GAMES:
        before = competition_ranks(first[first["game"] == game])
        after = competition_ranks(last[last["game"] == game])
        climb = (before - after).dropna().astype(int)
        got = answer[game]
        assert got["snapshots"] == len(seeded.taken)
        assert got["climb"] == climb.max(), game
        assert climb[got["player_id"]] == climb.max(), game
        assert got["first_rank"] == before[got["player_id"]]
        assert got["last_rank"] == after[got["player_id"]]


def _kills(raw: list[bytes]) -> list[dict]:
    events = {e["event_id"]: e for e in map(orjson.loads, raw)}
    return [e for e in events.values() if e["type"] == "kill"]


def test_maps_and_weapons_counts_weapons_maps_and_the_leaders_rates(
    seeded, run_notebook
):
    kills = _kills(seeded.raw)
    by_weapon = Counter(f"{k['game']}/{k.get('weapon') or 'unknown'}" for k in kills)
    headshots = Counter(
        f"{k['game']}/{k.get('weapon') or 'unknown'}" for k in kills if k["headshot"]
    )
    by_map = Counter(f"{k['game']}/{k.get('map') or 'none'}" for k in kills)
    stats = recompute(seeded.raw, configured_games())

    answer = run_notebook("03-maps-and-weapons.ipynb")

    assert answer["weapons"] == {w: [n, headshots[w]] for w, n in by_weapon.items()}
    assert answer["kills_by_map"] == dict(by_map)
    player = answer["player"]
    field = stats[stats["game"] == player["game"]]
    leaders = field.loc[field["score"] == field["score"].max(), "player_id"]
    assert player["player_id"] in set(leaders)
    mine = field.set_index("player_id").loc[player["player_id"]]
    matches = max(mine["matches"], 1)
    assert player["kd"] == pytest.approx(mine["kills"] / max(mine["deaths"], 1))
    assert player["headshot_rate"] == pytest.approx(
        mine["headshots"] / max(mine["kills"], 1)
    )
    assert player["kills_per_match"] == pytest.approx(mine["kills"] / matches)
    assert player["score_per_match"] == pytest.approx(mine["score"] / matches)
    assert player["win_rate"] == pytest.approx(mine["wins"] / matches)
