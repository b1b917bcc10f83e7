"""A headless Chromium screenshot of every page, with real data in it.

Forty simulated matches, their event times spread over the last 45 minutes,
go through the real Kafka and engine; then ``streamlit run dashboards/app.py``
serves them and the system's Chromium (CHROMIUM, default /usr/bin/chromium)
photographs each page. A page that shows an exception fails the test. The
pictures go to SCREENSHOT_DIR when it is set (docs/images/ takes one or two of
them for the README), else to the test's temporary directory.
"""

import itertools
import os
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from pipeline.games import configured_games
from pipeline.simulator import simulate
from tests.support.browser import screenshot
from tests.support.faults import free_port
from tests.support.recompute import recompute
from tests.support.seeding import apply_matches

ROOT = Path(__file__).parents[2]
HISTORY = timedelta(minutes=45)
MATCHES = 40
SEED = 21
MIN_PNG_BYTES = 40_000


def spread_clock(calls: int, span: timedelta):
    """Return a clock that walks from now - span to now in ``calls`` steps."""
    start = datetime.now(UTC) - span
    step = span / max(calls, 1)
    ticks = itertools.count()
    return lambda: start + step * next(ticks)


def _count_clock_calls() -> int:
    calls = 0

    def clock():
        nonlocal calls
        calls += 1
        return datetime.now(UTC)

    for _ in simulate(seed=SEED, matches=MATCHES, clock=clock):
        pass
    return calls


@pytest.fixture
def history(app_env) -> list[bytes]:
    """Forty matches whose events happened over the last 45 minutes."""
    clock = spread_clock(_count_clock_calls(), HISTORY)
    return apply_matches(app_env, simulate(seed=SEED, matches=MATCHES, clock=clock))


@pytest.fixture
def app_url(app_env):
    """Serve the app with streamlit run on a free port; stop it afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "REDIS_URL": app_env.redis_url,
        "REDIS_KEY_PREFIX": app_env.redis_key_prefix,
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboards/app.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise AssertionError("streamlit run did not come up") from None
            time.sleep(0.5)
    yield url
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()


def pages(raw: list[bytes]) -> dict[str, str]:
    """Return each page's name and a URL path that fills it with data."""
    games = configured_games()
    players = recompute(raw, games).query("game == 'valorant'")
    pair = players.sort_values("score", ascending=False)["player_id"].head(2)
    events = [e for e in map(orjson.loads, raw) if e["game"] == "apex"]
    busiest = Counter(e["map"] for e in events if e["type"] == "kill").most_common(1)
    return {
        "overview": "",
        "trends": "trends?game=apex&window=30&metric=score",
        "heatmaps": f"heatmaps?game=apex&map={busiest[0][0]}&kind=kills&since=all",
        "players": f"players?game=valorant&window=60&compare={','.join(pair)}",
    }


def test_every_page_renders_with_real_data(history, app_url, tmp_path):
    out = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)

    shots = {
        name: screenshot(f"{app_url}/{path}", out / f"dashboard-{name}.png")
        for name, path in pages(history).items()
    }

    for name, png in shots.items():
        assert png.stat().st_size > MIN_PNG_BYTES, name
