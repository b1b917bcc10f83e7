"""DeadLetterWriter keeps a letter whose delivery failed until it is sent."""

import pytest
from kafka.errors import KafkaTimeoutError

from pipeline.dead_letters import DeadLetterWriter


class _Future:
    def __init__(self, error=None):
        self.error = error

    def get(self, timeout=None):
        if self.error:
            raise self.error


class _FlakyProducer:
    """Fails the first send of each value, as an expired batch would."""

    def __init__(self):
        self.sent = []

    def send(self, topic, key=None, value=None, headers=None):
        failed_before = value in [v for v, _ok in self.sent]
        self.sent.append((value, failed_before))
        return _Future(None if failed_before else KafkaTimeoutError("expired"))

    def flush(self, timeout=None):
        pass


def test_a_letter_that_failed_is_sent_again_by_the_next_flush():
    producer = _FlakyProducer()
    writer = DeadLetterWriter(producer, "dlq")
    writer.send(b"m1", b"bad", "malformed_json", "detail", ("events", 0, 7))

    with pytest.raises(KafkaTimeoutError):
        writer.flush()
    writer.flush()

    assert producer.sent == [(b"bad", False), (b"bad", True)]
    writer.flush()  # nothing left to send
    assert len(producer.sent) == 2
