"""GET /api/v1/games/<game>/leaderboard: ranks, paging, numbers, parameters."""

import pytest

ENTRY_FIELDS = [
    "rank",
    "player_id",
    "name",
    "team",
    "kills",
    "assists",
    "deaths",
    "score",
    "kd",
    "matches",
    "wins",
]


def get_board(client, **params):
    response = client.get("/api/v1/games/apex/leaderboard", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_leaderboard_answers_the_contract_shape(client, state):
    state.add_player(
        "apex", "p1", name="Wraith", team="t7", kills=3, deaths=2, assists=1, score=5
    )

    board = get_board(client)

    assert {k: v for k, v in board.items() if k != "entries"} == {
        "game": "apex",
        "metric": "score",
        "limit": 10,
        "offset": 0,
        "total": 1,
    }
    assert list(board["entries"][0]) == ENTRY_FIELDS
    assert board["entries"][0] == {
        "rank": 1,
        "player_id": "p1",
        "name": "Wraith",
        "team": "t7",
        "kills": 3,
        "assists": 1,
        "deaths": 2,
        "score": 5,
        "kd": 1.5,
        "matches": 1,
        "wins": 0,
    }


def test_ties_share_a_rank_and_the_next_rank_skips(client, state):
    for i, kills in enumerate([18, 11, 11, 10, 9, 8, 7, 7]):
        state.add_player("apex", f"p{i}", kills=kills)

    board = get_board(client, metric="kills")

    assert [e["kills"] for e in board["entries"]] == [18, 11, 11, 10, 9, 8, 7, 7]
    assert [e["rank"] for e in board["entries"]] == [1, 2, 2, 4, 5, 6, 7, 7]


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_ranks_are_right_on_every_page(client, state, limit):
    for i, kills in enumerate([18, 11, 11, 10, 9, 8, 7, 7]):
        state.add_player("apex", f"p{i}", kills=kills)

    ranks = []
    for offset in range(0, 8, limit):
        page = get_board(client, metric="kills", limit=limit, offset=offset)
        ranks += [e["rank"] for e in page["entries"]]

    assert ranks == [1, 2, 2, 4, 5, 6, 7, 7]


def test_paging_through_fifty_tied_players_shows_each_once(client, state):
    ids = {f"player-{i:02d}" for i in range(50)}
    for player_id in ids:
        state.add_player("apex", player_id, score=0)

    seen = []
    for offset in range(0, 50, 7):
        page = get_board(client, limit=7, offset=offset)
        assert all(e["rank"] == 1 for e in page["entries"])
        seen += [e["player_id"] for e in page["entries"]]

    assert sorted(seen) == sorted(ids)
    assert seen == [e["player_id"] for e in get_board(client, limit=50)["entries"]]


def test_negative_scores_sort_below_zero(client, state):
    for player_id, score in [("neg", -5), ("zero", 0), ("pos", 3)]:
        state.add_player("apex", player_id, score=score)

    board = get_board(client)

    assert [e["score"] for e in board["entries"]] == [3, 0, -5]
    assert [e["rank"] for e in board["entries"]] == [1, 2, 3]
    assert [e["player_id"] for e in board["entries"]] == ["pos", "zero", "neg"]


def test_counts_are_json_integers_and_scores_are_rounded(client, state):
    state.add_player("apex", "p1", kills=3, deaths=3, assists=2, score=3.14159)
    state.add_player("apex", "p2", kills=1, deaths=3, score=2.0)

    response = client.get("/api/v1/games/apex/leaderboard")

    text = response.get_data(as_text=True)
    assert '"kills":3,' in text and '"kills":3.0' not in text
    first, second = response.get_json()["entries"]
    assert first["score"] == 3.14 and second["score"] == 2
    assert isinstance(second["score"], int)
    assert second["kd"] == 0.33
    assert all(
        type(entry[field]) is int
        for entry in (first, second)
        for field in ("rank", "kills", "assists", "deaths", "matches", "wins")
    )


def test_metric_kd_ranks_by_kills_per_death(client, state):
    state.add_player("apex", "sharp", kills=10, deaths=2)
    state.add_player("apex", "busy", kills=30, deaths=15)
    state.add_player("apex", "fresh", kills=4, deaths=0)

    board = get_board(client, metric="kd")

    assert [(e["player_id"], e["kd"]) for e in board["entries"]] == [
        ("sharp", 5.0),
        ("fresh", 4.0),
        ("busy", 2.0),
    ]


def test_a_page_past_the_end_is_empty_with_the_total(client, state):
    state.add_player("apex", "p1")

    board = get_board(client, offset=10)

    assert board["entries"] == [] and board["total"] == 1


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"limit": "-3"}, "limit"),
        ({"limit": "abc"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": ""}, "limit"),
        ({"limit": "1.5"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"offset": "10001"}, "offset"),
        ({"metric": "foo"}, "metric"),
        ({"metric": "SCORE"}, "metric"),
    ],
)
def test_bad_query_parameters_answer_400_naming_them(client, params, parameter):
    response = client.get("/api/v1/games/apex/leaderboard", query_string=params)

    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_parameter"
    assert error["parameter"] == parameter
    assert error["message"]


def test_limit_and_offset_bounds_are_accepted(client):
    board = get_board(client, limit=100, offset=10000)

    assert (board["limit"], board["offset"]) == (100, 10000)


@pytest.mark.parametrize("game", ["fortnite", "APEX", "apex*"])
def test_unknown_game_answers_404_json(client, game):
    response = client.get(f"/api/v1/games/{game}/leaderboard")

    assert response.status_code == 404
    assert response.get_json()["error"]["parameter"] == "game"
