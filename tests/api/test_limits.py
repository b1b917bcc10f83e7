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

    boards = [client.get("/api/v1/games/halo/leaderboard") for _ in range(4)]
    games = [client.get("/api/v1/games").status_code for _ in range(5)]

    assert [r.status_code for r in boards] == [200, 200, 200, 429]
    refused = boards[-1]
    assert refused.get_json()["error"]["code"] == "too_many_requests"
    assert "Retry-After" in refused.headers
    assert refused.headers["X-Content-Type-Options"] == "nosniff"
    assert games == [200] * 5


def test_limits_can_be_turned_off(make_app):
    client = make_app(rate_limits_enabled=False, rate_limit_reads="1 per minute")

    codes = {
        client.test_client().get("/api/v1/games/halo/leaderboard").status_code
        for _ in range(3)
    }

    assert codes == {200}
