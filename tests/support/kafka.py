"""Kafka helpers for the tests: raw produce, read a whole topic, group offsets.

Each helper opens its own client on settings.bootstrap_servers and closes it,
so a test needs no fixture beyond ``settings``.
"""

import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord
from kafka.errors import GroupIdNotFoundError, KafkaError
from tenacity import retry, retry_if_exception, stop_after_delay, wait_fixed

from pipeline.settings import Settings

SEND_TIMEOUT_SECONDS = 30


def _is_retriable(exc: BaseException) -> bool:
    return isinstance(exc, KafkaError) and exc.retriable


def admin_client(settings: Settings) -> KafkaAdminClient:
    """Return an admin client on the test's bootstrap servers."""
    return KafkaAdminClient(
        bootstrap_servers=settings.bootstrap_servers, client_id="tests-admin"
    )


def produce_raw(
    settings: Settings, values: list[bytes], key: bytes | None = None
) -> None:
    """Send values as they are to the events topic, in order, and flush."""
    producer = KafkaProducer(bootstrap_servers=settings.bootstrap_servers, acks="all")
    try:
        sent = [producer.send(settings.events_topic, value=v, key=key) for v in values]
        producer.flush(timeout=SEND_TIMEOUT_SECONDS)
        for future in sent:
            future.get(timeout=SEND_TIMEOUT_SECONDS)
    finally:
        producer.close()


def read_topic(
    settings: Settings, topic: str, timeout: float = 15.0
) -> list[ConsumerRecord]:
    """Return every record of topic from the beginning to its end offsets.

    No consumer group is used, so nothing is committed. Records come sorted
    by partition, then offset. Raises TimeoutError if the end is not reached.
    """
    consumer = KafkaConsumer(
        bootstrap_servers=settings.bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
    )
    try:
        partitions = consumer.partitions_for_topic(topic) or set()
        assigned = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(assigned)
        consumer.seek_to_beginning(*assigned)
        end = consumer.end_offsets(assigned)

        records: list[ConsumerRecord] = []
        deadline = time.monotonic() + timeout
        while any(consumer.position(tp) < end[tp] for tp in assigned):
            if time.monotonic() > deadline:
                raise TimeoutError(f"read {len(records)} records of {topic}: {end}")
            for batch in consumer.poll(timeout_ms=200).values():
                records.extend(batch)
    finally:
        consumer.close()
    return sorted(records, key=lambda r: (r.partition, r.offset))


@retry(
    retry=retry_if_exception(_is_retriable),
    stop=stop_after_delay(30),
    wait=wait_fixed(0.2),
    reraise=True,
)
def committed_offsets(settings: Settings) -> dict[TopicPartition, int]:
    """Return the offsets that settings.kafka_group_id has committed.

    A group that never committed gives an empty dict. Retries while the
    broker's group coordinator is still loading.
    """
    admin = admin_client(settings)
    try:
        groups = admin.list_group_offsets(settings.kafka_group_id)
    except GroupIdNotFoundError:
        return {}
    finally:
        admin.close()
    offsets = groups.get(settings.kafka_group_id, {})
    return {tp: meta.offset for tp, meta in offsets.items() if meta.offset >= 0}


def delete_topics(admin: KafkaAdminClient, topics: list[str]) -> None:
    """Delete topics, ignoring those that do not exist."""
    admin.delete_topics(topics, raise_errors=False)
