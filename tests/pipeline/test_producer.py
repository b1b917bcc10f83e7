"""EventProducer against the real Kafka: wire form, keys, partitions, refusals."""

from collections import defaultdict
from datetime import UTC, datetime

import pytest

from pipeline.events import InvalidEvent, Kill, encode_event, parse_event
from pipeline.producer import EventProducer
from pipeline.simulator import simulate
from tests.support import builders
from tests.support.kafka import read_topic

NOW = datetime.now(UTC)


@pytest.fixture
def producer(settings):
    with EventProducer(settings) as producer:
        yield producer


def sent_records(settings):
    return read_topic(settings, settings.events_topic)


def test_events_come_back_byte_equal_and_keyed_by_match_id(settings, producer):
    events = list(simulate(seed=5, matches=6))

    for event in events:
        producer.send(event)
    producer.flush()
    records = sent_records(settings)

    assert sorted(r.value for r in records) == sorted(encode_event(e) for e in events)
    for record in records:
        assert record.key == parse_event(record.value).match_id.encode()


def test_a_match_stays_on_one_partition_in_order(settings, producer):
    events = list(simulate(seed=6, matches=9, concurrency=9))
    expected = defaultdict(list)
    for event in events:
        expected[event.match_id].append(encode_event(event))

    for event in events:
        producer.send(event)
    producer.flush()
    by_match, partitions = defaultdict(list), defaultdict(set)
    for record in sent_records(settings):
        match_id = record.key.decode()
        by_match[match_id].append(record.value)
        partitions[match_id].add(record.partition)

    assert by_match == expected
    assert all(len(p) == 1 for p in partitions.values())
    assert len(set().union(*partitions.values())) > 1


def test_a_dict_event_is_validated_and_sent_in_wire_form(settings, producer):
    event = builders.kill("halo", "m-1", 76561197960287930, "p2", ("p3",))

    producer.send(event)
    producer.flush()
    (record,) = sent_records(settings)

    assert record.value == encode_event(parse_event(event))
    assert parse_event(record.value).killer_id == "76561197960287930"
    assert record.key == b"m-1"


def test_invalid_events_raise_and_are_not_sent(settings, producer):
    good = builders.kill("halo", "m-1", "p1", "p2")
    unknown_field = {**good, "event_id": "e-2", "ping_ms": 40}
    self_kill = Kill.model_construct(
        **{**good, "event_id": "e-3", "event_time": NOW, "victim_id": "p1"}
    )
    unencodable = Kill.model_construct(**{**good, "event_id": "e-4", "event_time": NOW})
    object.__setattr__(unencodable, "position", object())

    producer.send(good)
    with pytest.raises(InvalidEvent) as unknown:
        producer.send(unknown_field)
    with pytest.raises(InvalidEvent) as invalid:
        producer.send(self_kill)
    with pytest.raises(InvalidEvent):
        producer.send(unencodable)
    with pytest.raises(InvalidEvent) as not_an_object:
        producer.send(["a list"])
    producer.flush()

    assert unknown.value.reason == "unknown_field"
    assert invalid.value.reason == "invalid_field"
    assert not_an_object.value.reason == "not_an_object"
    assert [r.value for r in sent_records(settings)] == [
        encode_event(parse_event(good))
    ]


def test_an_event_over_the_size_limit_is_refused(settings):
    players = [(f"p{i:03d}", "n" * 60, "t") for i in range(30)]
    big = builders.match_start("apex", "m-1", players)
    small = settings.model_copy(update={"max_event_bytes": 1024})

    with EventProducer(small) as producer, pytest.raises(InvalidEvent) as refused:
        producer.send(big)

    assert refused.value.reason == "oversized"
    assert sent_records(settings) == []


def test_send_raw_sends_bytes_as_they_are(settings, producer):
    producer.send_raw(b"\xff not json", key="m-9")
    producer.send_raw(b'{"type": "kill"}', key=None)
    producer.flush()

    records = sent_records(settings)

    assert sorted((r.key, r.value) for r in records if r.key) == [
        (b"m-9", b"\xff not json")
    ]
    assert [r.value for r in records if r.key is None] == [b'{"type": "kill"}']


def test_the_producer_is_idempotent_on_a_current_broker(producer):
    assert producer.idempotent
