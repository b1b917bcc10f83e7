"""GET /api/v1/games/<game>/players/<id>: a player's line, exact ids and names."""

import pytest

BIG_ID = "76561198046048622"
NAMES = ["Черная смерть", "tuhti  sirpa", "Kaze ", "あユみ ホシゾラ"]


def get_player(client, player_id, game="apex"):
    return client.get(f"/api/v1/games/{game}/players/{player_id}")


def test_player_answers_totals_averages_and_ranks(client, state):
    state.add_player("apex", "top", kills=20, score=40)
    state.add_player(
        "apex",
        "p1",
        name="Bloodhound",
        team="t3",
        kills=9,
        deaths=4,
        assists=3,
        score=25.5,
        matches=3,
        wins=1,
        headshots=2,
        damage=1800,
    )

    response = get_player(client, "p1")

    assert response.status_code == 200
    assert response.get_json() == {
        "rank": 2,
        "player_id": "p1",
        "name": "Bloodhound",
        "team": "t3",
        "kills": 9,
        "assists": 3,
        "deaths": 4,
        "score": 25.5,
        "kd": 2.25,
        "matches": 3,
        "wins": 1,
        "headshots": 2,
        "damage": 1800,
        "kda": 3.0,
        "per_match": {"kills": 3.0, "deaths": 1.33, "assists": 1.0, "score": 8.5},
        "ranks": {"score": 2, "kills": 2, "kd": 2},
    }


def test_a_big_id_comes_back_as_the_exact_string(client, state):
    state.add_player("apex", BIG_ID, kills=3)

    player = get_player(client, BIG_ID).get_json()
    board = client.get("/api/v1/games/apex/leaderboard").get_json()

    assert player["player_id"] == BIG_ID
    assert board["entries"][0]["player_id"] == BIG_ID
    assert f'"player_id":"{BIG_ID}"' in get_player(client, BIG_ID).get_data(
        as_text=True
    )


@pytest.mark.parametrize("name", NAMES)
def test_names_come_back_byte_exact(client, state, name):
    state.add_player("apex", "p1", name=name)

    response = get_player(client, "p1")
    board = client.get("/api/v1/games/apex/leaderboard")

    assert response.get_json()["name"] == name
    assert board.get_json()["entries"][0]["name"] == name
    assert f'"name":"{name}"'.encode() in response.get_data()


def test_ten_players_sharing_a_name_stay_ten_rows(client, state):
    for i in range(10):
        state.add_player("apex", f"twin-{i}", name="Kaze ", kills=i)

    board = client.get("/api/v1/games/apex/leaderboard?limit=20").get_json()

    assert board["total"] == 10
    assert len({e["player_id"] for e in board["entries"]}) == 10
    assert {e["name"] for e in board["entries"]} == {"Kaze "}


@pytest.mark.parametrize("player_id", ["p*", "*", "a:b", "ga:lb", "-p1", "p%20q"])
def test_an_id_outside_the_id_pattern_answers_400(client, state, player_id):
    state.add_player("apex", "p1")

    response = get_player(client, player_id)

    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == "player_id"


def test_an_unknown_player_answers_404_json(client, state):
    state.add_player("apex", "p1")

    response = get_player(client, "p2")

    assert response.status_code == 404
    assert response.get_json()["error"] == {
        "code": "not_found",
        "message": "unknown player",
        "parameter": "player_id",
    }


def test_a_player_of_another_game_is_unknown_here(client, state):
    state.add_player("halo", "p1")

    assert get_player(client, "p1", game="apex").status_code == 404
    assert get_player(client, "p1", game="halo").status_code == 200
