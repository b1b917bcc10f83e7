"""Rate limits on writes and on expensive reads, counted in Redis."""

import hashlib

from tests.support.builders import kill

KEY = "limits-test-key"
HEADERS = {"X-API-Key": KEY}


def test_writes_over_the_limit_get_a_json_429_per_key(make_app, keys, redis_client):
    client = make_app(
        api_key_sha256=hashlib.sha256(KEY.encode()).hexdigest(),
        rate_limit_ingest="2 per minute",
    ).test_client()

    codes = [
        client.post(
            "/api/v1/events", json=kill("halo", "m1", "a", "b"), headers=HEADERS
        ).status_code
        for _ in range(3)
    ]
    other_key = client.post("/api/v1/events", json={}, headers={"X-API-Key": "x"})

    assert codes == [202, 202, 429]
    assert other_key.status_code == 401  # counted apart, and then refused
    assert list(redis_client.scan_iter(f"{keys.rate_limits()}:*"))


def test_expensive_reads_are_limited_and_cheap_ones_are_not(make_app, state):
    state.add_player("halo", "p1", kills=1)
    client = make_app(rate_limit_reads="3 per minute").test_client()

    # Pages of their own, so no worker's cache answers them.
    boards = [
        client.get(f"/api/v1/games/halo/leaderboard?offset={i}") for i in range(4)
    ]
    games = [client.get("/api/v1/games").status_code for _ in range(5)]

    assert [r.status_code for r in boards] == [200, 200, 200, 429]
    refused = boards[-1]
    assert refused.get_json()["error"]["code"] == "too_many_requests"
    assert "Retry-After" in refused.headers
    assert refused.headers["X-Content-Type-Options"] == "nosniff"
    assert games == [200] * 5


def test_a_page_the_worker_holds_is_not_counted(make_app, state):
    state.add_player("halo", "p1", kills=1)
    app = make_app(rate_limit_reads="2 per minute")
    client = app.test_client()
    board = "/api/v1/games/halo/leaderboard?limit=5"
    # Counted; starts the worker's update subscriber.
    client.get("/api/v1/games/halo/leaderboard")
    assert app.extensions["stream_hub"].wait_subscribed(5)

    held = [client.get(board).status_code for _ in range(5)]
    other_page = client.get(board + "&offset=1")
    bad = client.get("/api/v1/games/halo/leaderboard?limit=0")

    # The first of the five is read and counted, the others come from the cache.
    assert held == [200] * 5
    assert other_page.status_code == 429
    assert bad.status_code == 429


def test_limits_can_be_turned_off(make_app):
    client = make_app(rate_limits_enabled=False, rate_limit_reads="1 per minute")

    codes = {
        client.test_client().get("/api/v1/games/halo/leaderboard").status_code
        for _ in range(3)
    }

    assert codes == {200}
