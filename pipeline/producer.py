"""Send events to Kafka: validated, keyed by match id, durable and in order.

``EventProducer`` wraps kafka-python's ``KafkaProducer``. Every event is checked
against the schema (pipeline.events) before it leaves the process, so an invalid
one raises ``InvalidEvent`` and is never sent. Messages are keyed by match id:
the default partitioner hashes the key, so one match's events land on one
partition, and the idempotent producer keeps them in order there even when a
batch is retried. The broker address and topic come from ``Settings``
(KAFKA_BOOTSTRAP_SERVERS, EVENTS_TOPIC).
"""

import logging
import threading
from typing import Any, Self

from kafka import KafkaProducer
from kafka.errors import KafkaTimeoutError
from kafka.producer.future import FutureRecordMetadata
from pydantic_core import PydanticSerializationError
from tenacity import (
    before_sleep_log,
    retry,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from pipeline.events import EventBase, InvalidEvent, encode_event, parse_event
from pipeline.settings import Settings, get_settings

log = logging.getLogger(__name__)

# acks="all" waits for every in-sync replica. Idempotence is kafka-python 3's
# default (KIP-679): on brokers from 0.11 on, retried batches are neither
# duplicated nor reordered. It is left at that default rather than forced, so
# that an older broker degrades to at-least-once with a warning instead of
# refusing to connect; the engine drops duplicate event ids either way.
# retries stays at its default (unbounded): delivery_timeout_ms bounds how long
# a transient error (leader change, broker restart) is retried.
PRODUCER_CONFIG: dict[str, Any] = {
    "acks": "all",
    # Wait up to 20 ms to fill a batch: negligible latency for a live view,
    # far fewer requests at hundreds of events per second.
    "linger_ms": 20,
    "batch_size": 64 * 1024,
    # lz4 costs the producer a fifth less CPU than gzip and the consumer less
    # too (docs/benchmarks.md); on a network it still shrinks JSON well.
    "compression_type": "lz4",
    "delivery_timeout_ms": 120_000,
    "request_timeout_ms": 30_000,
    "retry_backoff_ms": 200,
    # kafka-python backs off up to 30 s between reconnects, so queued events
    # would wait that long after a broker outage; 2 s at most.
    "reconnect_backoff_max_ms": 2000,
}
# Connecting is retried this many times (each try waits up to
# bootstrap_timeout_ms) so that a producer started with the broker can wait for it.
CONNECT_ATTEMPTS = 4


class DeliveryFailed(RuntimeError):
    """Some records were not acknowledged by Kafka; ``count`` says how many."""

    def __init__(self, count: int, first: BaseException):
        super().__init__(f"{count} record(s) not delivered; first error: {first!r}")
        self.count = count
        self.first = first


def _validated(event: EventBase | dict) -> tuple[bytes, str]:
    """Return the wire form and match id of a valid event, or raise InvalidEvent."""
    if isinstance(event, EventBase):
        # Re-read the wire form: an instance built without validation
        # (model_construct, model_copy) must not slip through.
        try:
            value = encode_event(event)
        except (PydanticSerializationError, TypeError, ValueError) as exc:
            raise InvalidEvent("invalid_field", str(exc)[:200]) from None
        parsed = parse_event(value)
    elif isinstance(event, dict):
        parsed = parse_event(event)
        value = encode_event(parsed)
    else:
        raise InvalidEvent("not_an_object", f"got {type(event).__name__}")
    return value, parsed.match_id


def _as_key(key: bytes | str | None) -> bytes | None:
    return key.encode("utf-8") if isinstance(key, str) else key


@retry(
    retry=retry_if_exception_type(KafkaTimeoutError),
    stop=stop_after_attempt(CONNECT_ATTEMPTS),
    wait=wait_exponential(min=1, max=10),
    before_sleep=before_sleep_log(log, logging.WARNING),
    reraise=True,
)
def _connect(config: dict[str, Any]) -> KafkaProducer:
    return KafkaProducer(**config)


class EventProducer:
    """Validate, serialise and send events to the events topic."""

    def __init__(self, settings: Settings | None = None, **overrides: Any):
        """Connect to KAFKA_BOOTSTRAP_SERVERS; ``overrides`` go to KafkaProducer."""
        self.settings = settings or get_settings()
        self.topic = self.settings.events_topic
        config = {
            **PRODUCER_CONFIG,
            "bootstrap_servers": self.settings.bootstrap_servers,
            **overrides,
        }
        self._producer = _connect(config)
        self.idempotent = bool(self._producer.config["enable_idempotence"])
        if not self.idempotent:
            log.warning(
                "producer is not idempotent: a retried batch may be duplicated "
                "or reordered topic=%s",
                self.settings.events_topic,
            )
        self._lock = threading.Lock()
        self._failed = 0
        self._first_error: BaseException | None = None
        log.info(
            "producer connected bootstrap_servers=%s topic=%s idempotent=%s",
            self.settings.kafka_bootstrap_servers,
            self.topic,
            self.idempotent,
        )

    def send(self, event: EventBase | dict) -> FutureRecordMetadata:
        """Validate one event and queue it, keyed by its match id."""
        value, match_id = _validated(event)
        if len(value) > self.settings.max_event_bytes:
            raise InvalidEvent(
                "oversized", f"{len(value)} bytes > {self.settings.max_event_bytes}"
            )
        return self.send_raw(value, match_id)

    def send_raw(
        self,
        value: bytes,
        key: bytes | str | None,
        headers: list[tuple[str, bytes]] | None = None,
    ) -> FutureRecordMetadata:
        """Queue bytes exactly as given, unvalidated (for tools that must)."""
        future = self._producer.send(
            self.topic, value=value, key=_as_key(key), headers=headers
        )
        future.add_errback(self._on_error)
        return future

    def flush(self, timeout: float | None = None) -> None:
        """Send everything queued; raise DeliveryFailed if any record failed."""
        self._producer.flush(timeout)
        with self._lock:
            failed, first = self._failed, self._first_error
            self._failed, self._first_error = 0, None
        if failed:
            raise DeliveryFailed(failed, first)

    def close(self, timeout: float | None = None) -> None:
        """Flush, then close the connection even when the flush failed."""
        try:
            self.flush(timeout)
        finally:
            self._producer.close(timeout)
            log.info("producer closed topic=%s", self.topic)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _on_error(self, error: BaseException) -> None:
        # Runs on kafka-python's sender thread.
        with self._lock:
            self._failed += 1
            if self._first_error is None:
                self._first_error = error
        log.error("event not delivered topic=%s error=%r", self.topic, error)
