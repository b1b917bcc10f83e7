"""Fixtures of the fault tests: a Kafka and a Redis of their own, per session.

Every test here is marked ``faults`` (select them with ``-m faults``, leave
them out with ``-m "not faults"``); CI runs them with the rest. The figures
each test sends and checks are summed up at the end of the run.
"""

import uuid
from collections.abc import Iterator

import pytest
import redis

from pipeline.games import configured_games
from pipeline.settings import Settings
from pipeline.topics import ensure_topics
from tests.support.audit import Audit
from tests.support.faults import EngineProcess, FaultStack
from tests.support.kafka import admin_client

FIGURES = {"tests": 0, "events_sent": 0, "faults": 0, "lost": 0, "doubled": 0}


def pytest_collection_modifyitems(items):
    """Mark every test of this folder ``faults``."""
    for item in items:
        if "tests/faults/" in item.nodeid:
            item.add_marker(pytest.mark.faults)


def pytest_terminal_summary(terminalreporter):
    """Print what the fault tests sent and how much of it was lost or doubled."""
    if FIGURES["tests"]:
        terminalreporter.write_line(
            "fault tests: {tests} audited, {events_sent} events sent, {faults} faults "
            "survived, {lost} events lost, {doubled} counted twice".format(**FIGURES)
        )


@pytest.fixture(scope="session")
def fault_stack() -> Iterator[FaultStack]:
    """Start a Kafka and a Redis of this run, empty; stop them at the end."""
    stack = FaultStack()
    stack.start()
    yield stack
    stack.close()


@pytest.fixture
def fault_settings(request, fault_stack: FaultStack) -> Settings:
    """Return settings on the fault stack with this test's topics, group, prefix."""
    run = f"f-{uuid.uuid4().hex[:10]}"
    settings = Settings(
        kafka_bootstrap_servers=fault_stack.profile.bootstrap_servers,
        redis_url=fault_stack.profile.redis_url,
        events_topic=f"{run}-events",
        dead_letter_topic=f"{run}-dlq",
        kafka_group_id=f"{run}-group",
        redis_key_prefix=run,
        # A test asks for more with parametrize(..., indirect=True).
        topic_partitions=getattr(request, "param", 3),
        # Small batches, so a fault lands in the middle of many of them.
        engine_batch_size=50,
    )
    admin = admin_client(settings)
    try:
        ensure_topics(settings, admin=admin)
    finally:
        admin.close()
    return settings


@pytest.fixture
def fault_redis(fault_settings: Settings) -> Iterator[redis.Redis]:
    """Return a client of the fault stack's Redis (it reconnects after restarts)."""
    client = redis.Redis.from_url(
        fault_settings.redis_url, decode_responses=True, socket_timeout=5
    )
    yield client
    client.close()


@pytest.fixture
def engines(fault_settings, tmp_path) -> Iterator:
    """Return a function that starts a named engine; all are killed at the end."""
    started: list[EngineProcess] = []

    def start(name: str) -> EngineProcess:
        started.append(EngineProcess(fault_settings, tmp_path, name))
        return started[-1]

    yield start
    for engine in started:
        if engine.alive():
            engine.kill()


@pytest.fixture
def games():
    """Return the configured games, for recomputing."""
    return configured_games()


@pytest.fixture
def ledger():
    """Return a function that adds one test's audited figures to the summary."""

    def record(result: Audit, sent: int, faults: int) -> None:
        FIGURES["tests"] += 1
        FIGURES["events_sent"] += sent
        FIGURES["faults"] += faults
        FIGURES["lost"] += result.lost
        FIGURES["doubled"] += result.doubled

    return record
