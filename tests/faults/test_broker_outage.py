"""The Kafka broker stopped mid-stream and started again (case 4).

The issue asks for a minute without the broker; the test keeps it down for
OUTAGE_SECONDS (20 s, about 30 s with the stop and the start) so that the
whole fault file stays within a few minutes. That still outlasts what the
clients would ride out without noticing: the engine's 10 s group session,
and many reconnect attempts of the producer and the consumer.
"""

import time

from api import create_app
from pipeline.keys import Keys
from pipeline.producer import EventProducer
from pipeline.simulator import simulate
from tests.support.audit import audit
from tests.support.builders import kill
from tests.support.faults import (
    EventStream,
    applied_records,
    wait_for,
)

OUTAGE_SECONDS = 20


def health(client) -> tuple[int, dict]:
    response = client.get("/healthz")
    return response.status_code, response.get_json()


def test_producer_and_engine_ride_out_a_broker_outage(
    fault_stack, fault_settings, fault_redis, games, engines, ledger
):
    events = list(simulate(seed=31, matches=12))
    api = create_app({"SETTINGS": fault_settings, "KAFKA_CHECK_TTL": 0.0})
    client = api.test_client()
    engine = engines("engine")
    stream = EventStream(fault_settings, events, rate=30).start()
    wait_for(lambda: applied_records(fault_redis, fault_settings) >= 100, "100 applied")
    wait_for(lambda: health(client)[0] == 200, "health ok before the outage")

    fault_stack.stop_kafka()
    stopped = time.monotonic()
    status, body = health(client)
    time.sleep(max(0.0, stopped + OUTAGE_SECONDS - time.monotonic()))
    assert stream.sent < len(events), "the stream ended before the broker came back"
    fault_stack.start_kafka()
    sent = stream.join()
    wait_for(
        lambda: applied_records(fault_redis, fault_settings) == sent,
        f"all {sent} records applied after the outage",
        timeout=120,
    )

    assert status == 503
    assert body["status"] == "degraded"
    assert body["checks"]["kafka"]["ok"] is False
    # Case 4: one more event reaches the leaderboard, same engine process.
    late = kill("halo", "after-outage", "late-killer", "late-victim")
    with EventProducer(fault_settings) as producer:
        producer.send(late)
    board = Keys(fault_settings.redis_key_prefix).leaderboard("halo", "kills")
    wait_for(lambda: fault_redis.zscore(board, "late-killer") == 1, "the late kill")
    assert engine.alive()
    wait_for(lambda: health(client)[0] == 200, "health ok after the outage")
    assert engine.stop() == 0, engine.log()

    result = audit(fault_settings, fault_redis, games)
    ledger(result, sent + 1, faults=1)
    assert result.records == sent + 1 == len(events) + 1
    result.assert_exact()
