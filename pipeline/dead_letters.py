"""The dead-letter topic: messages the engine could not apply, with why.

A dead letter keeps the original key and value byte for byte; its headers say
the reason code, a human detail and where it came from, so it can be listed
and replayed after a fix:

    python -m pipeline.dead_letters list [--reason R] [--since 2h]
    python -m pipeline.dead_letters replay [--reason R] [--since 2026-05-01T10:00]

``list`` prints one JSON line per dead letter of DEAD_LETTER_TOPIC. ``replay``
sends the original bytes again, with the original key, to EVENTS_TOPIC. Each
dead letter is replayed once: its coordinates (partition and offset in the
dead-letter topic) go into the Redis set ``replayed_dead_letters(topic)``
once Kafka has acknowledged the copy, and a later replay skips them. A set
rather than a consumer group's offsets, so that a replay filtered by reason
does not move past the letters it left out. Should a replay die between the
acknowledgement and the set, its letters are sent once more on the next run;
the engine applies each event id once, so nothing is counted twice.
"""

import argparse
import logging
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import orjson
import redis
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import KafkaError
from kafka.producer.future import FutureRecordMetadata

from pipeline.keys import Keys
from pipeline.logs import configure_logging
from pipeline.producer import EventProducer
from pipeline.settings import Settings, get_settings

log = logging.getLogger(__name__)

DETAIL_LIMIT = 1000
_AGO = re.compile(r"([0-9]+)([smhd])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
READ_TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True)
class DeadLetter:
    """One message of the dead-letter topic, with where it came from and why."""

    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    reason: str
    detail: str
    source: str
    dead_lettered_at: datetime | None
    first_source: str = ""

    @property
    def coordinates(self) -> str:
        """Return "partition:offset" in the dead-letter topic."""
        return f"{self.partition}:{self.offset}"

    def summary(self) -> dict:
        """Return what ``list`` prints for this letter."""
        at = self.dead_lettered_at
        return {
            "partition": self.partition,
            "offset": self.offset,
            "reason": self.reason,
            "detail": self.detail,
            "source": self.source,
            "dead_lettered_at": at.isoformat() if at else None,
            "bytes": len(self.value) if self.value is not None else None,
        }


FIRST_SOURCE = "first_source"


def first_source(headers, source: tuple[str, int, int]) -> tuple[str, int, int]:
    """Return where a message was first consumed, through any replays of it.

    A replayed dead letter carries its first source in a header; counting a
    letter by that source means a message that fails again after a replay
    is still one dead letter, however often it is replayed.
    """
    for name, value in headers or ():
        if name == FIRST_SOURCE:
            topic, partition, offset = value.decode().rsplit(":", 2)
            if partition.isdigit() and offset.isdigit():
                return topic, int(partition), int(offset)
    return source


def dead_letter_headers(
    reason: str,
    detail: str,
    topic: str,
    partition: int,
    offset: int,
    first: tuple[str, int, int] | None = None,
) -> list[tuple[str, bytes]]:
    """Return the Kafka headers that describe why and whence a message failed."""
    first = first or (topic, partition, offset)
    return [
        (FIRST_SOURCE, ":".join(map(str, first)).encode()),
        ("reason", reason.encode()),
        ("detail", detail[:DETAIL_LIMIT].encode("utf-8", "replace")),
        ("source_topic", topic.encode()),
        ("source_partition", str(partition).encode()),
        ("source_offset", str(offset).encode()),
        ("dead_lettered_at", str(int(time.time() * 1000)).encode()),
    ]


def from_record(record) -> DeadLetter:
    """Read a consumed dead-letter record's headers into a DeadLetter."""
    headers = {name: value.decode("utf-8", "replace") for name, value in record.headers}
    millis = headers.get("dead_lettered_at", "")
    at = datetime.fromtimestamp(int(millis) / 1000, UTC) if millis.isdigit() else None
    source = ":".join(
        headers.get(name, "?")
        for name in ("source_topic", "source_partition", "source_offset")
    )
    return DeadLetter(
        partition=record.partition,
        offset=record.offset,
        key=record.key,
        value=record.value,
        reason=headers.get("reason", "unknown"),
        detail=headers.get("detail", ""),
        source=source,
        dead_lettered_at=at,
        first_source=headers.get(FIRST_SOURCE, source),
    )


def parse_since(text: str, now: datetime) -> datetime:
    """Return the time --since means: "90s", "30m", "2h", "7d" ago, or ISO 8601.

    An ISO time without a zone is taken as UTC.
    """
    ago = _AGO.fullmatch(text.strip())
    if ago:
        amount, unit = ago.groups()
        return now - timedelta(**{_UNITS[unit]: int(amount)})
    try:
        at = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--since wants 30m, 2h, 7d or an ISO time, not {text!r}"
        ) from None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def is_wanted(letter: DeadLetter, reason: str | None, since: datetime | None) -> bool:
    """Return whether a letter passes the --reason and --since filters."""
    if reason is not None and letter.reason != reason:
        return False
    if since is not None:
        return letter.dead_lettered_at is not None and letter.dead_lettered_at >= since
    return True


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
        first: tuple[str, int, int] | None = None,
    ) -> None:
        """Queue one rejected message with its reason and source offset."""
        headers = dead_letter_headers(reason, detail, *source, first=first)
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


def read_dead_letters(
    settings: Settings, timeout: float = READ_TIMEOUT_SECONDS
) -> Iterator[DeadLetter]:
    """Yield every letter of DEAD_LETTER_TOPIC up to its end when called.

    No consumer group is used, so reading commits nothing and changes nothing.
    """
    consumer = KafkaConsumer(
        bootstrap_servers=settings.bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
    )
    try:
        topic = settings.dead_letter_topic
        partitions = [
            TopicPartition(topic, p)
            for p in sorted(consumer.partitions_for_topic(topic))
        ]
        if not partitions:
            log.warning("dead-letter topic missing or empty topic=%s", topic)
            return
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)
        deadline = time.monotonic() + timeout
        while any(consumer.position(tp) < end[tp] for tp in partitions):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{topic} not read to its end in {timeout:.0f}s")
            for records in consumer.poll(timeout_ms=500).values():
                for record in records:
                    if record.offset < end[TopicPartition(topic, record.partition)]:
                        yield from_record(record)
    finally:
        consumer.close()


@dataclass
class Replayed:
    """What one replay did."""

    sent: int = 0
    already: int = 0
    empty: int = 0


def replay(
    settings: Settings, client: redis.Redis, letters: Sequence[DeadLetter]
) -> Replayed:
    """Send each letter's original key and bytes to EVENTS_TOPIC, once."""
    done_key = Keys(settings.redis_key_prefix).replayed_dead_letters(
        settings.dead_letter_topic
    )
    done = {m.decode() for m in client.smembers(done_key)}
    result, sent = Replayed(), []
    with EventProducer(settings) as producer:
        for letter in letters:
            if letter.coordinates in done:
                result.already += 1
            elif letter.value is None:
                result.empty += 1  # a tombstone holds nothing to replay
            else:
                first = [(FIRST_SOURCE, letter.first_source.encode())]
                producer.send_raw(letter.value, letter.key, headers=first)
                sent.append(letter.coordinates)
        producer.flush()
    if sent:
        client.sadd(done_key, *sent)
    result.sent = len(sent)
    log.info(
        "replayed sent=%d already=%d empty=%d topic=%s",
        result.sent,
        result.already,
        result.empty,
        settings.events_topic,
    )
    return result


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Return the parsed command line."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.dead_letters",
        description="List or replay the dead letters of DEAD_LETTER_TOPIC.",
    )
    parser.add_argument("command", choices=("list", "replay"))
    parser.add_argument("--reason", help="only letters with this reason code")
    parser.add_argument(
        "--since",
        type=lambda text: parse_since(text, datetime.now(UTC)),
        help="only letters dead-lettered since: 30m, 2h, 7d or an ISO time",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None, settings: Settings | None = None) -> int:
    """Run ``list`` or ``replay``; return the exit code."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    configure_logging()
    settings = settings or get_settings()
    letters = [
        letter
        for letter in read_dead_letters(settings)
        if is_wanted(letter, args.reason, args.since)
    ]

    if args.command == "list":
        for letter in letters:
            print(orjson.dumps(letter.summary()).decode())
        counts = Counter(letter.reason for letter in letters)
        print(f"{len(letters)} dead letters {dict(counts)}", file=sys.stderr)
        return 0
    client = redis.Redis.from_url(settings.redis_url)
    try:
        result = replay(settings, client, letters)
    finally:
        client.close()
    print(
        f"replayed {result.sent} to {settings.events_topic}; skipped "
        f"{result.already} replayed before and {result.empty} without a value"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
