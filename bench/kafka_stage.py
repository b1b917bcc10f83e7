"""The producer filling the backlog, and the bare consumer loops over it.

The producer figure is the simulator's own path (simulate, EventProducer with
its settings, Kafka); its ceiling is a bare KafkaProducer with the same
settings sending the same kind of events already encoded. The consumer
ceilings are bare kafka-python loops over the backlog, outside any group:
reading only, then reading and parsing each value as the engine does.
"""

import time
from datetime import timedelta
from itertools import islice

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from tqdm import tqdm

from bench.context import Run
from bench.plan import Plan
from bench.report import Figure, Report
from bench.stats import rate
from pipeline.events import encode_event
from pipeline.games import configured_games
from pipeline.producer import PRODUCER_CONFIG, EventProducer
from pipeline.simulator import simulate
from pipeline.validation import utcnow, validate_message


def produce_backlog(run: Run, plan: Plan, report: Report) -> None:
    """Send the backlog through the simulator's producer; report events/s."""
    n = plan.backlog_events
    events = islice(simulate(seed=plan.seed), n)
    with EventProducer(run.settings) as producer:
        start = time.perf_counter()
        for event in tqdm(events, total=n, desc="producer", unit=" events"):
            producer.send(event)
            run.sent[event.type] += 1
        producer.flush()
        elapsed = time.perf_counter() - start

    ceiling = _bare_producer_rate(run, plan)
    report.add(
        Figure(
            key="producer.events_per_second",
            what=f"producer: simulator -> EventProducer, {n:,} events",
            value=rate(n, elapsed),
            unit="events/s",
            ceiling=ceiling,
            ceiling_what="bare KafkaProducer, same settings",
            detail={"events": n, "seconds": elapsed, "config": _config()},
        )
    )


def _config() -> dict:
    return {k: v for k, v in PRODUCER_CONFIG.items() if isinstance(v, int | str)}


def _bare_producer_rate(run: Run, plan: Plan) -> float | None:
    n = plan.producer_ceiling_events
    values = [
        (e.match_id.encode(), encode_event(e))
        for e in islice(simulate(seed=plan.seed + 1), n)
    ]
    topic = run.scratch_topic("producer")
    producer = KafkaProducer(
        bootstrap_servers=run.settings.bootstrap_servers, **PRODUCER_CONFIG
    )
    try:
        start = time.perf_counter()
        for key, value in tqdm(values, desc="bare producer", unit=" events"):
            producer.send(topic, key=key, value=value)
        producer.flush()
        return rate(n, time.perf_counter() - start)
    finally:
        producer.close()


def consumer_ceilings(run: Run, report: Report) -> float | None:
    """Read the backlog bare, then read and parse it; return the parse rate."""
    read_only = _read_all(run, "read only", parse=False)
    report.add(
        Figure(
            key="consumer.read_per_second",
            what="consumer: bare kafka-python loop, read only",
            value=read_only,
            unit="records/s",
        )
    )
    parsed = _read_all(run, "read + parse", parse=True)
    report.add(
        Figure(
            key="consumer.read_parse_per_second",
            what="consumer: bare loop, read + parse (validate_message)",
            value=parsed,
            unit="records/s",
            ceiling=read_only,
            ceiling_what="read only",
        )
    )
    return parsed


def _read_all(run: Run, label: str, parse: bool) -> float | None:
    s = run.settings
    games = configured_games()
    skew = timedelta(seconds=s.max_future_skew_seconds)
    max_age = timedelta(days=s.max_event_age_days)
    consumer = KafkaConsumer(
        bootstrap_servers=s.bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
        max_poll_records=s.engine_batch_size,
    )
    try:
        partitions = sorted(consumer.partitions_for_topic(s.events_topic) or ())
        assigned = [TopicPartition(s.events_topic, p) for p in partitions]
        consumer.assign(assigned)
        consumer.seek_to_beginning(*assigned)
        total = sum(consumer.end_offsets(assigned).values())
        now = utcnow()
        count, start = 0, None
        with tqdm(total=total, desc=label, unit=" records") as bar:
            while count < total:
                polled = consumer.poll(timeout_ms=500)
                if polled and start is None:
                    start = time.perf_counter()
                for records in polled.values():
                    if parse:
                        for r in records:
                            validate_message(
                                r.value, games, now, s.max_event_bytes, skew, max_age
                            )
                    count += len(records)
                    bar.update(len(records))
        return rate(count, time.perf_counter() - start) if start else None
    finally:
        consumer.close()
