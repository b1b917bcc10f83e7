from pipeline.events import parse_event
from pipeline.games import configured_games
from pipeline.scoring import (
    kill_points,
    placement_points,
    round_points,
    totals_points,
)
from tests.support.builders import base, kill, match_end

GAMES = configured_games()


def test_apex_kill_scores_one_point_and_assists_nothing():
    event = parse_event(kill("apex", "m", "a", "b", assisters=("c",)))

    points = kill_points(GAMES["apex"], event)

    assert points == {"a": 1, "c": 0}


def test_apex_placement_points_follow_the_tournament_table():
    results = [(f"t{p}", p, [f"p{p}"]) for p in range(1, 21)]
    event = parse_event(match_end("apex", "m", results))

    points = placement_points(GAMES["apex"], event)

    expected = [12, 9, 7, 5, 4, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    assert [points[f"p{p}"] for p in range(1, 21)] == expected


def test_valorant_kill_bonus_depends_on_enemies_alive_and_multi_kills():
    game = GAMES["valorant"]
    first = parse_event(
        kill(
            "valorant",
            "m",
            "a",
            "b",
            round=1,
            enemies_alive=5,
            round_kill_number=1,
            assisters=("c",),
        )
    )
    third = parse_event(
        kill("valorant", "m", "a", "d", round=1, enemies_alive=3, round_kill_number=3)
    )

    assert kill_points(game, first) == {"a": 150, "c": 25}
    assert kill_points(game, third) == {"a": 110 + 50}


def test_valorant_damage_scores_one_point_each():
    event = parse_event(
        {
            **base("valorant", "m", "round_end"),
            "round": 2,
            "winning_team": "red",
            "damage": {"a": 187, "b": 0},
        }
    )

    assert round_points(GAMES["valorant"], event) == {"a": 187, "b": 0}


def test_halo_kill_and_assist_points():
    event = parse_event(kill("halo", "m", "a", "b", assisters=("c", "d")))

    assert kill_points(GAMES["halo"], event) == {"a": 100, "c": 50, "d": 50}


def test_totals_take_the_sources_own_score_when_given():
    given = parse_event(
        {
            **base("halo", "m", "player_totals"),
            "player_id": "a",
            "kills": 3,
            "assists": 2,
            "score": -4,
        }
    )
    ruled = parse_event(
        {
            **base("halo", "m", "player_totals"),
            "player_id": "a",
            "kills": 3,
            "assists": 2,
        }
    )

    assert totals_points(GAMES["halo"], given) == {"a": -4}
    assert totals_points(GAMES["halo"], ruled) == {"a": 3 * 100 + 2 * 50}
