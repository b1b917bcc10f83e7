"""The end-of-run check: everything sent was applied, once, and counted.

The run counts every event it sends to its topic, by type. At the end the
topic must hold exactly that many records, the engine must have applied all
of them (its offsets in Redis), and the game counters in Redis, written in
the same script as every other effect, must add up to the same events, kills,
deaths and matches. No dead letters. A run that dropped, doubled or skipped
events fails here however fast it was.
"""

from kafka import KafkaConsumer, TopicPartition

from bench.context import Run
from bench.engine_stage import applied
from bench.report import Report
from pipeline.games import configured_games


def topic_records(run: Run) -> int:
    """Return how many records the run's events topic holds."""
    s = run.settings
    consumer = KafkaConsumer(bootstrap_servers=s.bootstrap_servers, group_id=None)
    try:
        partitions = consumer.partitions_for_topic(s.events_topic) or set()
        ends = consumer.end_offsets(
            [TopicPartition(s.events_topic, p) for p in partitions]
        )
        return sum(ends.values())
    finally:
        consumer.close()


def game_counters(run: Run) -> dict[str, int]:
    """Return the per-game counters summed over every configured game."""
    totals: dict[str, int] = {}
    for game in configured_games():
        for field, value in run.redis.hgetall(run.keys.game(game)).items():
            totals[field] = totals.get(field, 0) + int(value)
    return totals


def check_totals(run: Run, report: Report) -> bool:
    """Compare what was sent with Kafka and Redis; record the outcome."""
    sent = run.sent
    events = sum(sent.values())
    counters = game_counters(run)
    expected = {
        "records in the topic": (topic_records(run), events),
        "records applied (engine offsets)": (applied(run), events),
        "events counted in Redis": (counters.get("events", 0), events),
        "kills": (counters.get("kills", 0), sent["kill"]),
        "deaths": (counters.get("deaths", 0), sent["kill"] + sent["death"]),
        "matches started": (counters.get("matches", 0), sent["match_start"]),
        "matches ended": (counters.get("matches_ended", 0), sent["match_end"]),
        "dead letters": (len(run.redis.hgetall(run.keys.dead_letters())), 0),
    }
    checks = {
        name: {"found": found, "expected": want, "ok": found == want}
        for name, (found, want) in expected.items()
    }
    ok = all(c["ok"] for c in checks.values())
    wrong = [
        f"{n}: {c['found']} != {c['expected']}"
        for n, c in checks.items()
        if not c["ok"]
    ]
    report.totals = {
        "ok": ok,
        "events_sent": events,
        "sent_by_type": dict(sent),
        "checks": checks,
        "summary": (
            f"{events:,} events sent = in the topic = applied = counted in Redis"
            if ok
            else "; ".join(wrong)
        ),
    }
    return ok
