"""pipeline.topics creates the events and dead-letter topics, once."""

from kafka.admin import KafkaAdminClient

from pipeline.settings import Settings
from pipeline.topics import ensure_topics, partition_counts
from tests.support.kafka import delete_topics


def test_ensure_topics_creates_both_with_topic_partitions(
    settings: Settings, kafka_admin: KafkaAdminClient
):
    fresh = settings.model_copy(
        update={
            "events_topic": f"{settings.events_topic}-new",
            "dead_letter_topic": f"{settings.dead_letter_topic}-new",
            "topic_partitions": 5,
        }
    )
    names = [fresh.events_topic, fresh.dead_letter_topic]

    try:
        created = ensure_topics(fresh)
        counts = partition_counts(kafka_admin, names)
    finally:
        delete_topics(kafka_admin, names)

    assert created == sorted(names)
    assert counts == {name: 5 for name in names}


def test_ensure_topics_twice_creates_nothing_the_second_time(
    settings: Settings, kafka_admin: KafkaAdminClient
):
    names = [settings.events_topic, settings.dead_letter_topic]

    again = ensure_topics(settings)

    assert again == []
    assert partition_counts(kafka_admin, names) == {name: 3 for name in names}


def test_ensure_topics_leaves_an_existing_topic_as_it_is(
    settings: Settings, kafka_admin: KafkaAdminClient
):
    wider = settings.model_copy(update={"topic_partitions": 6})

    created = ensure_topics(wider, admin=kafka_admin)

    assert created == []
    assert partition_counts(kafka_admin, [settings.events_topic]) == {
        settings.events_topic: 3
    }
