"""Fixtures for the API tests: an app on the test's settings, seeded state, and
the app served by gunicorn (api_server)."""

import pytest

from api import create_app
from tests.support.api_server import api_server  # noqa: F401  (a fixture)
from tests.support.redis_state import RedisState

PAGE_ORIGIN = "http://localhost:3000"


@pytest.fixture
def state(redis_client, keys):
    """Return a builder that seeds Redis under this test's key prefix."""
    return RedisState(redis_client, keys)


@pytest.fixture
def make_app(settings):
    """Return a factory of apps on this test's settings, with overrides."""

    def make(**overrides):
        return create_app({"SETTINGS": settings.model_copy(update=overrides)})

    return make


@pytest.fixture
def client(make_app):
    """Return a test client of an app on this test's settings."""
    return make_app().test_client()
