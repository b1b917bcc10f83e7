"""Fixtures for the replay tests: the shipped match files and an API client.

The files live in ``shared/matches/`` beside the repository (CI clones the
repository next to a copy of ``shared/``). They are found from the repository
root, and a missing folder fails every test that needs it, loudly.
"""

import copy
from pathlib import Path

import orjson
import pytest

from api import create_app

REPO = Path(__file__).resolve().parents[2]
MATCHES = REPO / ".." / "shared" / "matches"
LOL_TIMELINE = "lol-match-v5-JP1_323466834-timeline.json"
LOL_MATCH = "lol-match-v5-JP1_323466834.json"
VALORANT = "valorant-val-match-v1-rounds.json"
HALO_SLAYER = "halo-infinite-match-stats.json"
HALO_CTF = "halo-infinite-match-stats-ctf.json"
_cache: dict[str, object] = {}


@pytest.fixture(scope="session")
def matches() -> Path:
    """Return the folder of shipped match files; fail if it is not there."""
    if not MATCHES.is_dir():
        pytest.fail(
            f"the shipped match files are missing: {MATCHES.resolve()} "
            "(shared/matches must sit beside the repository)",
            pytrace=False,
        )
    return MATCHES


@pytest.fixture
def load(matches):
    """Return a loader of a shipped file's JSON, as a fresh copy per call."""

    def read(name: str) -> object:
        if name not in _cache:
            _cache[name] = orjson.loads((matches / name).read_bytes())
        return copy.deepcopy(_cache[name])

    return read


@pytest.fixture
def api(settings):
    """Return a Flask test client of the API on this test's settings."""
    return create_app({"SETTINGS": settings}).test_client()
