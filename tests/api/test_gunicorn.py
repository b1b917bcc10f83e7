"""The API served for real: gunicorn with gevent workers on a loopback port."""

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest

POOL_SIZE = 4
REQUESTS = 50


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def server(api_server):
    """Run gunicorn on this test's settings, one worker, a Redis pool of 4."""
    return api_server(REDIS_MAX_CONNECTIONS=str(POOL_SIZE)).url


def test_gunicorn_serves_the_app(server, state):
    state.add_player("apex", "p1", kills=2)

    with urllib.request.urlopen(f"{server}/api/v1/games/apex/players/p1") as response:
        assert response.status == 200
        assert b'"kills":2' in response.read()


def test_fifty_concurrent_leaderboard_requests_all_answer_200(server, state):
    for i in range(100):
        state.add_player("apex", f"p{i:03d}", kills=i % 7, score=i / 3)
    url = f"{server}/api/v1/games/apex/leaderboard?limit=100"
    start = Barrier(REQUESTS)

    def request(_) -> int:
        start.wait()
        return fetch(url)

    with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
        statuses = list(pool.map(request, range(REQUESTS)))

    assert POOL_SIZE < REQUESTS
    assert statuses == [200] * REQUESTS
