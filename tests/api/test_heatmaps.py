"""GET /api/v1/games/<game>/heatmap and /kills: grids, filters, parameters."""

import time
from datetime import UTC, datetime

import pytest

from pipeline.trends import minute_of
from tests.support import builders
from tests.support.seeding import apply_events

ROSTER = [("p1", "Ana", "a"), ("p2", "Bo", "b")]


def at(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat()


def kill(t: float, weapon: str, x: float, y: float) -> dict:
    return builders.kill(
        "halo",
        "m1",
        "p1",
        "p2",
        event_time=at(t),
        map="live_fire",
        weapon=weapon,
        position={"x": x, "y": y},
    )


@pytest.fixture
def played(settings):
    """Three kills on Live Fire, one of them outside the map's extent."""
    base = minute_of(time.time()) - 60
    apply_events(
        settings,
        [
            builders.match_start("halo", "m1", ROSTER, event_time=at(base)),
            kill(base + 1, "br75", -100, -100),
            kill(base + 2, "sniper", 100, 100),
            kill(base + 3, "sniper", 500, 0),
        ],
    )
    return base


def get_json(client, path, **params):
    response = client.get(f"/api/v1/games/halo{path}", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_heatmap_answers_a_grid_over_the_maps_extent(client, played, settings):
    body = get_json(client, "/heatmap", map="live_fire", kind="deaths")

    n = settings.heatmap_grid
    assert body["extent"] == [-100, -100, 100, 100] and body["grid"] == n
    assert len(body["z"]) == n and len(body["x"]) == n
    assert body["z"][0][0] == 1 and body["z"][n - 1][n - 1] == 1
    assert (body["total"], body["outside"], body["missing"]) == (2, 1, 0)
    assert body["source"] == "grid"


def test_heatmap_filters_by_weapon_and_since(client, played):
    sniper = get_json(client, "/heatmap", map="live_fire", weapon="sniper")
    late = get_json(client, "/heatmap", map="live_fire", since=at(played + 2))
    epoch = get_json(client, "/heatmap", map="live_fire", since=str(played + 2))

    assert (sniper["total"], sniper["outside"], sniper["source"]) == (1, 1, "kill_log")
    assert (late["total"], late["outside"]) == (1, 1)
    assert epoch["z"] == late["z"]


def test_kills_answer_the_filtered_log_latest_first(client, played):
    body = get_json(client, "/kills", weapon="sniper", limit=1)
    windowed = get_json(client, "/kills", since=played + 1, until=played + 2)

    assert [k["x"] for k in body["kills"]] == [500]
    assert [k["weapon"] for k in windowed["kills"]] == ["br75"]
    assert windowed["kills"][0]["time"].endswith("Z")


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/heatmap", {}, "map"),
        ("/heatmap", {"map": "live fire"}, "map"),
        ("/heatmap", {"map": "live_fire", "kind": "assists"}, "kind"),
        ("/heatmap", {"map": "live_fire", "since": "yesterday"}, "since"),
        ("/heatmap", {"map": "live_fire", "since": "2024-05-01T10:00"}, "since"),
        ("/heatmap", {"map": "live_fire", "weapon": "x" * 65}, "weapon"),
        ("/kills", {"since": "20", "until": "10"}, "until"),
        ("/kills", {"limit": "1001"}, "limit"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, path, params, parameter):
    response = client.get(f"/api/v1/games/halo{path}", query_string=params)

    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == parameter


def test_a_map_the_game_does_not_list_is_a_404(client):
    response = client.get("/api/v1/games/halo/heatmap", query_string={"map": "ascent"})

    assert response.status_code == 404
    assert response.get_json()["error"]["parameter"] == "map"
