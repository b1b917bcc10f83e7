"""Create the Kafka topics the stack needs: the events topic and its DLQ.

Both get TOPIC_PARTITIONS partitions (EVENTS_TOPIC, DEAD_LETTER_TOPIC name
them). Safe to run again: a topic that exists is left as it is, and a broker
that is still starting is retried. ``python -m stack up`` runs it for you;
by hand it is ``python -m pipeline.topics`` or ``ga-topics``.
"""

import logging

from kafka import KafkaAdminClient
from kafka.errors import KafkaError, TopicAlreadyExistsError
from tenacity import (
    before_sleep_log,
    retry,
    retry_if_exception,
    stop_after_delay,
    wait_exponential,
)

from pipeline.logs import configure_logging
from pipeline.settings import Settings, get_settings

log = logging.getLogger(__name__)

READY_TIMEOUT_SECONDS = 60
# -1 takes the broker's default.replication.factor, so a single local broker
# and a real cluster both get what they are configured for.
BROKER_DEFAULT = -1


def wanted_topics(settings: Settings) -> dict[str, int]:
    """Return the topic names and partition counts that settings ask for."""
    return {
        settings.events_topic: settings.topic_partitions,
        settings.dead_letter_topic: settings.topic_partitions,
    }


def is_broker_not_ready(exc: BaseException) -> bool:
    """Return whether exc means the broker may answer if asked again."""
    return isinstance(exc, KafkaError) and exc.retriable


def partition_counts(admin: KafkaAdminClient, topics: list[str]) -> dict[str, int]:
    """Return the partition count of each of topics that exists."""
    described = admin.describe_topics(topics)
    return {t["name"]: len(t["partitions"]) for t in described if t["error_code"] == 0}


def _create_missing(admin: KafkaAdminClient, wanted: dict[str, int]) -> list[str]:
    existing = set(admin.list_topics())
    missing = {name: n for name, n in wanted.items() if name not in existing}
    for name in sorted(set(wanted) & existing):
        log.debug("topic exists topic=%s", name)

    if missing:
        spec = {
            name: {"num_partitions": n, "replication_factor": BROKER_DEFAULT}
            for name, n in missing.items()
        }
        result = admin.create_topics(spec, raise_errors=False)
        for topic in result["topics"]:
            if (
                topic["error_code"]
                and topic["error_code"] != TopicAlreadyExistsError.errno
            ):
                raise KafkaError(f"creating topic={topic['name']} failed: {topic}")
        admin.wait_for_topics(list(missing))

    counts = partition_counts(admin, list(wanted))
    for name, n in wanted.items():
        if counts.get(name, n) != n:
            log.warning(
                "topic=%s has partitions=%d, TOPIC_PARTITIONS=%d; left as it is",
                name,
                counts[name],
                n,
            )
    return sorted(missing)


@retry(
    retry=retry_if_exception(is_broker_not_ready),
    stop=stop_after_delay(READY_TIMEOUT_SECONDS),
    wait=wait_exponential(multiplier=0.2, max=2),
    before_sleep=before_sleep_log(log, logging.INFO),
    reraise=True,
)
def ensure_topics(
    settings: Settings, admin: KafkaAdminClient | None = None
) -> list[str]:
    """Create the events and dead-letter topics if missing; return those created.

    admin, when given, is used and left open; otherwise one is made for the
    call from KAFKA_BOOTSTRAP_SERVERS.
    """
    if admin is not None:
        return _create_missing(admin, wanted_topics(settings))

    own = KafkaAdminClient(
        bootstrap_servers=settings.bootstrap_servers, client_id="ga-topics"
    )
    try:
        return _create_missing(own, wanted_topics(settings))
    finally:
        own.close()


def main() -> None:
    """Create the topics named by the environment, then exit."""
    configure_logging()

    settings = get_settings()
    created = ensure_topics(settings)

    log.info(
        "topics ready created=%s bootstrap_servers=%s",
        ",".join(created) or "none",
        settings.kafka_bootstrap_servers,
    )


if __name__ == "__main__":
    main()
