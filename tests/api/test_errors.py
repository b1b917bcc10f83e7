"""Every error is JSON; CORS headers ride on errors too; security headers always."""

import socket

import pytest

from tests.api.conftest import PAGE_ORIGIN

ORIGIN = {"Origin": PAGE_ORIGIN}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def assert_json_error(response, status, code):
    assert response.status_code == status
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["code"] == code
    assert set(error) == {"code", "message", "parameter"}


@pytest.mark.parametrize("path", ["/nope", "/api/v1", "/api/v1/games/apex"])
def test_an_unknown_route_answers_404_json(client, path):
    response = client.get(path)

    assert_json_error(response, 404, "not_found")


def test_a_wrong_method_answers_405_json_with_allow(client):
    response = client.post("/api/v1/games")

    assert_json_error(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


def test_a_404_for_the_page_carries_cors(client, state):
    state.add_player("apex", "p1")

    response = client.get("/api/v1/games/apex/players/ghost", headers=ORIGIN)

    assert_json_error(response, 404, "not_found")
    assert response.headers["Access-Control-Allow-Origin"] == PAGE_ORIGIN


def test_a_failure_inside_a_view_answers_500_json_with_cors(client, state, keys):
    state.add_player("apex", "p1")
    state.client.hset(keys.player("apex", "p1"), "kills", "not-a-number")

    response = client.get("/api/v1/games/apex/players/p1", headers=ORIGIN)

    assert_json_error(response, 500, "internal_error")
    assert response.headers["Access-Control-Allow-Origin"] == PAGE_ORIGIN
    assert "not-a-number" not in response.get_data(as_text=True)


def test_redis_down_answers_503_json_with_cors(make_app):
    client = make_app(redis_url=f"redis://127.0.0.1:{closed_port()}/0").test_client()

    response = client.get("/api/v1/games/apex/leaderboard", headers=ORIGIN)

    assert_json_error(response, 503, "unavailable")
    assert response.headers["Access-Control-Allow-Origin"] == PAGE_ORIGIN


@pytest.mark.parametrize(
    "path", ["/api/v1/games", "/api/v1/games/apex/leaderboard", "/healthz"]
)
def test_a_preflight_from_the_page_is_allowed(client, path):
    headers = {**ORIGIN, "Access-Control-Request-Method": "GET"}

    response = client.options(path, headers=headers)

    assert response.status_code in (200, 204)
    assert response.headers["Access-Control-Allow-Origin"] == PAGE_ORIGIN
    assert "GET" in response.headers["Access-Control-Allow-Methods"]


def test_a_disallowed_origin_gets_no_cors_header(client):
    headers = {"Origin": "http://evil.example"}

    response = client.get("/api/v1/games", headers=headers)
    missing = client.get("/api/v1/games/apex/players/ghost", headers=headers)

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Origin" not in missing.headers


def test_cors_origins_come_from_the_settings(make_app):
    client = make_app(cors_origins="https://caster.example").test_client()

    allowed = client.get("/api/v1/games", headers={"Origin": "https://caster.example"})
    page = client.get("/api/v1/games", headers=ORIGIN)

    assert allowed.headers["Access-Control-Allow-Origin"] == "https://caster.example"
    assert "Access-Control-Allow-Origin" not in page.headers


@pytest.mark.parametrize("path", ["/api/v1/games", "/nope"])
def test_security_headers_are_on_every_answer(client, path):
    response = client.get(path)

    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "no-referrer"
