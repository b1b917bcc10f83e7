"""GET /api/v1/games/<game>/trends, /trends/movers, /trends/players/<id>, /activity."""

import time
from datetime import UTC, datetime

import pytest

from pipeline.trends import minute_of
from tests.support import builders
from tests.support.seeding import apply_events

ROSTER = [("p1", "Ana", "a"), ("p2", "Bo", "b")]


def at(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat()


@pytest.fixture
def played(settings):
    """Two kills by p1 in the previous minute, through the real engine."""
    base = minute_of(time.time()) - 60
    apply_events(
        settings,
        [
            builders.match_start("halo", "m1", ROSTER, event_time=at(base)),
            builders.kill("halo", "m1", "p1", "p2", event_time=at(base + 1)),
            builders.kill("halo", "m1", "p1", "p2", event_time=at(base + 2)),
        ],
    )
    return base


def label(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def get_json(client, path, **params):
    response = client.get(f"/api/v1/games/halo{path}", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# The windows below are wider than the two minutes the events need, so a
# clock that ticks into the next minute during a test still covers them.


def test_trends_answer_a_row_per_minute_with_integer_counts(client, played):
    body = get_json(client, "/trends", window=4)

    assert (body["game"], body["window"]) == ("halo", 4)
    rows = {m["minute"]: m for m in body["minutes"]}
    row = rows[label(played)]
    assert (row["events"], row["kills"], row["players"]) == (3, 2, 2)
    assert row["score"] == 200 and isinstance(row["kills"], int)
    assert row["kd"] == 1.0
    assert sum(m["events"] for m in body["minutes"]) == 3


def test_movers_answer_the_window_gains_and_ranks(client, played):
    body = get_json(client, "/trends/movers", window=5, metric="kills")

    top = body["movers"][0]
    assert (top["player_id"], top["name"], top["kills"]) == ("p1", "Ana", 2)
    # Nobody had a kill before the window, so nobody was ranked yet.
    assert (top["rank"], top["rank_before"], top["climb"]) == (1, None, None)


def test_trajectory_answers_the_players_minutes(client, played):
    body = get_json(client, "/trends/players/p1", window=4)

    expected = [200 if m["minute"] >= label(played) else 0 for m in body["minutes"]]
    assert [m["cum_score"] for m in body["minutes"]] == expected
    assert expected[-1] == 200


def test_activity_answers_every_weekday_and_hour(client, played):
    body = get_json(client, "/activity")

    assert len(body["cells"]) == 7 * 24
    assert sum(c["events"] for c in body["cells"]) == 3


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/trends", {"window": "0"}, "window"),
        ("/trends", {"window": "abc"}, "window"),
        ("/trends", {"window": "1441"}, "window"),
        ("/trends/movers", {"metric": "kd"}, "metric"),
        ("/trends/movers", {"limit": "0"}, "limit"),
        ("/trends/players/bad:id", {}, "player_id"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, path, params, parameter):
    response = client.get(f"/api/v1/games/halo{path}", query_string=params)

    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == parameter


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/games/nope/trends", "game"),
        ("/api/v1/games/nope/activity", "game"),
        ("/api/v1/games/halo/trends/players/nobody", "player_id"),
    ],
)
def test_unknown_game_or_player_is_a_404(client, path, parameter):
    response = client.get(path)

    assert response.status_code == 404
    assert response.get_json()["error"]["parameter"] == parameter
