"""GET /api/v1/games lists every configured game with its counts."""

from pipeline.games import configured_games


def test_games_lists_every_configured_game_with_counts(client, state):
    state.set_game("apex", matches=4, matches_ended=3, live=("m4",))
    state.add_player("apex", "p1")
    state.add_player("apex", "p2")

    response = client.get("/api/v1/games")

    assert response.status_code == 200
    games = {game["id"]: game for game in response.get_json()["games"]}
    assert set(games) == set(configured_games())
    assert games["apex"] == {
        "id": "apex",
        "name": configured_games()["apex"].name,
        "players": 2,
        "matches": 4,
        "live_matches": 1,
    }


def test_games_without_events_show_zero_counts(client):
    response = client.get("/api/v1/games")

    for game in response.get_json()["games"]:
        assert (game["players"], game["matches"], game["live_matches"]) == (0, 0, 0)
