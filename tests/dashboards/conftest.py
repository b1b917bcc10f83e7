"""Fixtures for the app's tests: pages run by AppTest on this test's Redis.

The app reads REDIS_URL and REDIS_KEY_PREFIX from the environment, so each test
points it at its own key prefix; data is seeded by the real engine.
"""

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from pipeline.simulator import simulate
from tests.support.seeding import apply_matches

APP = Path(__file__).parents[2] / "dashboards" / "app.py"
PAGE_TIMEOUT = 60


@pytest.fixture
def app_env(settings, monkeypatch):
    """Point the app at this test's Redis and key prefix."""
    monkeypatch.setenv("REDIS_URL", settings.redis_url)
    monkeypatch.setenv("REDIS_KEY_PREFIX", settings.redis_key_prefix)
    return settings


@pytest.fixture
def open_page(app_env):
    """Return a function that runs a page (overview, trends...) with URL params."""

    def open_(page: str = "overview", **params: str) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=PAGE_TIMEOUT)
        at.query_params.update(params)
        at.run()
        if page != "overview":
            at.switch_page(f"views/{page}.py").run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return open_


@pytest.fixture
def played(app_env) -> list[bytes]:
    """Six simulated matches of every game, applied by the real engine."""
    return apply_matches(app_env, simulate(seed=5, matches=6))


def _decode(values):
    # Plotly writes numeric arrays as base64 typed arrays ({"dtype","bdata"}).
    if isinstance(values, dict) and "bdata" in values:
        raw = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
        if "shape" in values:
            raw = raw.reshape([int(n) for n in str(values["shape"]).split(",")])
        return raw
    return values


def figures(at: AppTest) -> dict[str, dict]:
    """Return the page's plotly figures by title, arrays decoded."""
    found = {}
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        for trace in spec["data"]:
            for axis in ("x", "y", "z"):
                if axis in trace:
                    trace[axis] = _decode(trace[axis])
        title = spec["layout"].get("title", {}).get("text", "")
        found[title] = spec
    return found


def table_with(at: AppTest, column: str):
    """Return the first dataframe shown on the page that has column."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a {column!r} column")


def infos(at: AppTest) -> list[str]:
    """Return the texts of the page's info boxes (its empty states)."""
    return [info.value for info in at.info]
