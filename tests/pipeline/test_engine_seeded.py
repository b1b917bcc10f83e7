"""A seeded simulation through the real Kafka and engine equals a recomputation.

The expected figures come from tests/support/recompute.py, which works from
the raw events read back from the topic, not from anything the engine wrote.
"""

import pytest
from tests.support.kafka import read_topic

from pipeline.games import configured_games
from pipeline.producer import EventProducer
from pipeline.simulator import simulate
from tests.support.engine import drain
from tests.support.recompute import recompute

GAMES = ("apex", "valorant", "halo")


@pytest.fixture
def seeded_run(settings):
    events = list(simulate(seed=11, matches=6, games=list(GAMES)))
    with EventProducer(settings) as producer:
        for event in events:
            producer.send(event)
    raw = [r.value for r in read_topic(settings, settings.events_topic)]
    assert len(raw) == len(events)
    drain(settings, len(raw), timeout=120)
    return recompute(raw, configured_games())


def test_every_player_of_every_game_matches_the_recomputation(
    seeded_run, redis_client, keys
):
    expected = seeded_run
    assert set(expected["game"]) == set(GAMES)

    for row in expected.itertuples():
        stats = redis_client.hgetall(keys.player(row.game, row.player_id))
        for column in ("kills", "deaths", "assists", "matches", "wins", "headshots"):
            assert int(stats.get(column, 0)) == getattr(row, column), (
                row.game,
                row.player_id,
                column,
            )
        assert float(stats.get("score", 0)) == pytest.approx(row.score)


def test_leaderboards_hold_every_player_with_the_recomputed_values(
    seeded_run, redis_client, keys
):
    for game, rows in seeded_run.groupby("game"):
        for metric in ("score", "kills", "kd"):
            board = dict(
                redis_client.zrange(
                    keys.leaderboard(game, metric), 0, -1, withscores=True
                )
            )
            want = dict(zip(rows["player_id"], rows[metric], strict=True))
            assert board.keys() == want.keys(), (game, metric)
            for pid, value in want.items():
                assert board[pid] == pytest.approx(value), (game, metric, pid)
