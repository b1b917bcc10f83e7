"""The dead-letter topic: messages the engine could not apply, with why.

A dead letter keeps the original key and value byte for byte; its headers say
the reason code, a human detail and where it came from, so it can be listed
and replayed after a fix.
"""

import logging
import time

from kafka import KafkaProducer
from kafka.errors import KafkaError
from kafka.producer.future import FutureRecordMetadata

log = logging.getLogger(__name__)

DETAIL_LIMIT = 1000


def dead_letter_headers(
    reason: str, detail: str, topic: str, partition: int, offset: int
) -> list[tuple[str, bytes]]:
    """Return the Kafka headers that describe why and whence a message failed."""
    return [
        ("reason", reason.encode()),
        ("detail", detail[:DETAIL_LIMIT].encode("utf-8", "replace")),
        ("source_topic", topic.encode()),
        ("source_partition", str(partition).encode()),
        ("source_offset", str(offset).encode()),
        ("dead_lettered_at", str(int(time.time() * 1000)).encode()),
    ]


class DeadLetterWriter:
    """Sends rejected messages to the dead-letter topic."""

    def __init__(self, producer: KafkaProducer, topic: str):
        self._producer = producer
        self._topic = topic
        self._pending: list[tuple[FutureRecordMetadata, tuple]] = []

    def send(
        self,
        key: bytes | None,
        value: bytes | None,
        reason: str,
        detail: str,
        source: tuple[str, int, int],
    ) -> None:
        """Queue one rejected message with its reason and source offset."""
        headers = dead_letter_headers(reason, detail, *source)
        self._queue((key, value, headers))
        log.warning(
            "dead letter reason=%s source=%s:%s:%s detail=%s",
            reason,
            *source,
            detail[:200],
        )

    def flush(self, timeout: float = 30.0) -> None:
        """Block until Kafka has every queued dead letter; raise if one failed.

        A letter that failed (its delivery timed out while the broker was
        away) is queued again before the error goes on, so a retried flush
        sends it instead of forgetting it.
        """
        if not self._pending:
            return
        self._producer.flush(timeout=timeout)
        pending, self._pending = self._pending, []
        failed: BaseException | None = None
        for future, message in pending:
            try:
                future.get(timeout=timeout)
            except KafkaError as exc:
                failed = failed or exc
                self._queue(message)
        if failed is not None:
            raise failed

    def _queue(self, message: tuple) -> None:
        key, value, headers = message
        future = self._producer.send(self._topic, key=key, value=value, headers=headers)
        self._pending.append((future, message))
