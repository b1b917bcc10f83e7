"""The read model over a real Redis seeded in the contract's layout."""

import pytest

from pipeline.games import configured_games
from pipeline.readmodel import ReadModel, as_count, as_score, connect
from tests.support.redis_state import RedisState


@pytest.fixture
def state(redis_client, keys):
    return RedisState(redis_client, keys)


@pytest.fixture
def model(settings, keys):
    client = connect(settings.redis_url, max_connections=4)
    yield ReadModel(client, keys, configured_games())
    client.close()


def ranks_and_ids(page):
    return [(e["rank"], e["player_id"]) for e in page["entries"]]


def test_as_score_rounds_and_keeps_integral_scores_integers():
    assert as_score(3.14159) == 3.14
    assert as_score(2.0) == 2 and isinstance(as_score(2.0), int)
    assert as_score(-0.001) == 0 and isinstance(as_score(-0.001), int)
    assert as_score(-5.5) == -5.5


def test_as_count_reads_stored_counters_as_ints():
    assert as_count("3") == 3 and as_count(None) == 0 and as_count("3.0") == 3


def test_competition_ranks_on_one_page(model, state):
    for i, kills in enumerate([18, 11, 11, 10, 9, 8, 7, 7]):
        state.add_player("apex", f"p{i}", kills=kills)

    page = model.leaderboard("apex", "kills", limit=8, offset=0)

    assert [e["rank"] for e in page["entries"]] == [1, 2, 2, 4, 5, 6, 7, 7]


def test_a_page_starting_inside_a_tie_takes_the_tie_rank(model, state):
    for i, kills in enumerate([18, 11, 11, 11, 10]):
        state.add_player("apex", f"p{i}", kills=kills)

    page = model.leaderboard("apex", "kills", limit=2, offset=2)

    assert [e["rank"] for e in page["entries"]] == [2, 2]
    assert model.leaderboard("apex", "kills", 2, 4)["entries"][0]["rank"] == 5


def test_order_inside_a_tie_is_descending_id_and_stable(model, state):
    for player_id in ["b", "a", "c"]:
        state.add_player("apex", player_id, score=1)

    first = model.leaderboard("apex", "score", 10, 0)
    second = model.leaderboard("apex", "score", 10, 0)

    assert ranks_and_ids(first) == [(1, "c"), (1, "b"), (1, "a")]
    assert ranks_and_ids(second) == ranks_and_ids(first)


def test_negative_and_fractional_scores_order_and_rank(model, state):
    for player_id, score in [("a", -5), ("b", 0), ("c", 3), ("d", -0.25)]:
        state.add_player("apex", player_id, score=score)

    page = model.leaderboard("apex", "score", 10, 0)

    assert [e["score"] for e in page["entries"]] == [3, 0, -0.25, -5]
    assert [e["rank"] for e in page["entries"]] == [1, 2, 3, 4]


def test_an_unknown_metric_or_bad_page_is_refused(model):
    with pytest.raises(ValueError):
        model.leaderboard("apex", "damage", 10, 0)
    with pytest.raises(ValueError):
        model.leaderboard("apex", "score", 0, 0)


def test_player_ranks_count_strictly_better_players(model, state):
    state.add_player("apex", "a", kills=5, deaths=5, score=10)
    state.add_player("apex", "b", kills=5, deaths=1, score=10)
    state.add_player("apex", "c", kills=1, deaths=1, score=12)

    player = model.player("apex", "a")

    assert player["ranks"] == {"score": 2, "kills": 1, "kd": 2}
    assert player["rank"] == 2


def test_player_averages_guard_against_zero_matches(model, state):
    state.add_player("apex", "p1", kills=2, deaths=0, assists=1, score=3, matches=0)

    player = model.player("apex", "p1")

    assert player["per_match"] == {
        "kills": 2.0,
        "deaths": 0.0,
        "assists": 1.0,
        "score": 3.0,
    }
    assert (player["kd"], player["kda"]) == (2.0, 3.0)


def test_unknown_player_is_none_and_a_bad_id_is_refused(model, state):
    state.add_player("apex", "p1")

    assert model.player("apex", "p2") is None
    with pytest.raises(ValueError):
        model.player("apex", "p*")


def test_list_games_counts_players_matches_and_live_matches(model, state):
    state.set_game("halo", matches=2, live=("m1", "m2"))
    state.add_player("halo", "p1")

    games = {game["id"]: game for game in model.list_games()}

    assert games["halo"] == {
        "id": "halo",
        "name": "Halo",
        "players": 1,
        "matches": 2,
        "live_matches": 2,
    }


def test_engine_status_lists_members_freshest_first(model, state, settings):
    state.set_engine_status(settings.kafka_group_id, "m1", age_seconds=30, lag=4)
    state.set_engine_status(settings.kafka_group_id, "m2", age_seconds=1, lag=0)

    members = model.engine_status(settings.kafka_group_id)

    assert [(m["member"], m["lag"]) for m in members] == [("m2", 0), ("m1", 4)]
    assert 0 <= members[0]["age_seconds"] < members[1]["age_seconds"]
