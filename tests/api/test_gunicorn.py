"""The API served for real: gunicorn with gevent workers on a loopback port."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier

import pytest

ROOT = Path(__file__).resolve().parents[2]
POOL_SIZE = 4
REQUESTS = 50


def spare_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_until_serving(url: str, server: subprocess.Popen, within: float = 20) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"gunicorn did not serve {url} within {within} s")


@pytest.fixture
def server(settings):
    """Run gunicorn on this test's settings, one worker, a Redis pool of 4."""
    port = spare_port()
    env = {
        **os.environ,
        "REDIS_URL": settings.redis_url,
        "REDIS_KEY_PREFIX": settings.redis_key_prefix,
        "REDIS_MAX_CONNECTIONS": str(POOL_SIZE),
        "KAFKA_BOOTSTRAP_SERVERS": settings.kafka_bootstrap_servers,
        "KAFKA_GROUP_ID": settings.kafka_group_id,
        "GAMES_CONFIG": str(settings.games_config),
        "WEB_CONCURRENCY": "1",
    }
    command = [
        *(sys.executable, "-m", "gunicorn", "-c", "api/gunicorn.conf.py"),
        *("--bind", f"127.0.0.1:{port}", "api:create_app()"),
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(f"{base}/api/v1/games", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


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
