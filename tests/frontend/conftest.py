"""Fixtures for the page's tests: the API served by gunicorn (api_server)."""

from tests.support.api_server import api_server  # noqa: F401  (a fixture)
