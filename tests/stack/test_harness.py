"""The fixtures and Kafka helpers that every other test stands on."""

from kafka import KafkaConsumer, TopicPartition
from kafka.structs import OffsetAndMetadata

from pipeline.settings import Settings
from tests.support.kafka import committed_offsets, produce_raw, read_topic


def test_each_test_gets_its_own_topics_group_and_prefix(settings, services):
    names = {
        settings.events_topic,
        settings.dead_letter_topic,
        settings.kafka_group_id,
        settings.redis_key_prefix,
    }

    assert len(names) == 4
    assert services.events_topic not in names
    assert all(name.startswith(settings.redis_key_prefix) for name in names)


def test_produced_values_read_back_in_order(settings: Settings):
    values = [f"event-{i}".encode() for i in range(20)]

    produce_raw(settings, values, key=b"m1")
    records = read_topic(settings, settings.events_topic)

    assert [r.value for r in records] == values
    assert {r.key for r in records} == {b"m1"}


def test_an_empty_topic_reads_as_no_records(settings: Settings):
    assert read_topic(settings, settings.dead_letter_topic) == []


def test_committed_offsets_are_the_group_commits(settings: Settings):
    produce_raw(settings, [b"a", b"b", b"c"], key=b"m1")
    partition = read_topic(settings, settings.events_topic)[0].partition
    tp = TopicPartition(settings.events_topic, partition)
    consumer = KafkaConsumer(
        bootstrap_servers=settings.bootstrap_servers,
        group_id=settings.kafka_group_id,
        enable_auto_commit=False,
    )

    try:
        consumer.assign([tp])
        consumer.commit({tp: OffsetAndMetadata(2)})
    finally:
        consumer.close()

    assert committed_offsets(settings) == {tp: 2}


def test_a_group_that_never_committed_has_no_offsets(settings: Settings):
    assert committed_offsets(settings) == {}


def test_redis_keys_carry_the_test_prefix(settings, redis_client, keys):
    redis_client.sadd(keys.games(), "halo")

    assert redis_client.smembers(f"{settings.redis_key_prefix}:games") == {"halo"}
