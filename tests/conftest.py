"""Fixtures every test can use: the real Kafka and Redis, isolated per test.

The services are found through KAFKA_BOOTSTRAP_SERVERS and REDIS_URL, which
``python -m stack test`` sets for the test profile. When they do not answer,
the run stops with an error: a missing service is never a skip.
"""

import uuid
from collections.abc import Iterator

import pytest
import redis
from kafka import KafkaAdminClient

from pipeline.keys import Keys
from pipeline.settings import Settings
from pipeline.topics import ensure_topics
from tests.support.kafka import admin_client, delete_topics

SERVICES_MISSING = 3
TEST_PARTITIONS = 3


def _kafka_problem(settings: Settings) -> str | None:
    try:
        KafkaAdminClient(
            bootstrap_servers=settings.bootstrap_servers, bootstrap_timeout_ms=10_000
        ).close()
    except Exception as exc:
        return f"Kafka at {settings.kafka_bootstrap_servers} does not answer: {exc}"
    return None


def _redis_problem(settings: Settings) -> str | None:
    client = redis.Redis.from_url(settings.redis_url, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.RedisError as exc:
        return f"Redis at {settings.redis_url} does not answer: {exc}"
    finally:
        client.close()
    return None


@pytest.fixture(scope="session", autouse=True)
def services() -> Settings:
    """Check once that Kafka and Redis answer; stop the whole run if not."""
    base = Settings()
    problems = [p for p in (_kafka_problem(base), _redis_problem(base)) if p]
    if problems:
        pytest.exit(
            "\n".join(problems)
            + "\nRun the tests with `python -m stack test` (or `make test`), or "
            "start the services with `python -m stack services --profile test` "
            "and export the variables it prints.",
            returncode=SERVICES_MISSING,
        )
    return base


@pytest.fixture(scope="session")
def kafka_admin(services: Settings) -> Iterator[KafkaAdminClient]:
    """Return one admin client for the session, for creating and deleting."""
    admin = admin_client(services)
    yield admin
    admin.close()


@pytest.fixture
def settings(services: Settings, kafka_admin: KafkaAdminClient) -> Iterator[Settings]:
    """Return settings with topics, group id and key prefix of this test only.

    Both topics exist (3 partitions) when the test starts; afterwards they,
    the consumer group and every Redis key under the prefix are removed.
    """
    run = f"t-{uuid.uuid4().hex[:12]}"
    test_settings = Settings(
        events_topic=f"{run}-events",
        dead_letter_topic=f"{run}-dlq",
        kafka_group_id=f"{run}-group",
        redis_key_prefix=run,
        topic_partitions=TEST_PARTITIONS,
    )
    ensure_topics(test_settings, admin=kafka_admin)

    yield test_settings

    delete_topics(
        kafka_admin, [test_settings.events_topic, test_settings.dead_letter_topic]
    )
    try:
        kafka_admin.delete_groups([test_settings.kafka_group_id])
    except Exception:
        pass  # a group that never committed has nothing to delete
    _delete_keys(test_settings)


def _delete_keys(settings: Settings, batch_size: int = 500) -> None:
    client = redis.Redis.from_url(settings.redis_url)
    pattern = f"{settings.redis_key_prefix}:*"
    try:
        batch = []
        for key in client.scan_iter(match=pattern, count=batch_size):
            batch.append(key)
            if len(batch) == batch_size:
                client.unlink(*batch)
                batch.clear()
        if batch:
            client.unlink(*batch)
    finally:
        client.close()


@pytest.fixture
def redis_client(settings: Settings) -> Iterator[redis.Redis]:
    """Return a Redis client on settings.redis_url that decodes to str."""
    client = redis.Redis.from_url(settings.redis_url, decode_responses=True)
    yield client
    client.close()


@pytest.fixture
def keys(settings: Settings) -> Keys:
    """Return the key builder for this test's Redis key prefix."""
    return Keys(settings.redis_key_prefix)
