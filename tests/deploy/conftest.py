"""Fixtures of the deploy checks: the compose files, read from disk.

These checks read files and start nothing, so they replace the suite's
session-wide `services` fixture (Kafka and Redis must answer) with one that
asks for no service: `pytest tests/deploy` runs on a machine without them.
"""

import pytest

from tests.deploy import files


@pytest.fixture(scope="session")
def services() -> None:
    """Need no Kafka or Redis: the deploy checks only read files."""
    return None


@pytest.fixture(scope="session")
def compose() -> dict:
    """Return docker-compose.yml as plain data."""
    return files.load(files.COMPOSE_FILE)


@pytest.fixture(scope="session")
def dev() -> dict:
    """Return docker-compose.dev.yml as plain data."""
    return files.load(files.DEV_FILE)


@pytest.fixture(scope="session")
def services_of(compose: dict, dev: dict) -> dict[str, list[dict]]:
    """Return each service's definitions: the base one, then the dev one if any."""
    merged = {name: [svc] for name, svc in compose["services"].items()}
    for name, svc in dev["services"].items():
        merged.setdefault(name, []).append(svc)
    return merged
