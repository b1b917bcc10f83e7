"""Redis restarted mid-stream: the engine waits, resumes, applies nothing twice.

Redis runs with ``appendonly yes`` (stack/redis.py). A SIGTERM lets it write
its file and stop; a SIGKILL does not, so with the default ``appendfsync
everysec`` up to a second of writes may be gone when it comes back, offsets
and effects together (one Lua call per batch). Either way the totals must
come out exact.

Not covered, and not handled: a Redis that comes back with *older* state
than it acknowledged (a restore from an older snapshot, a failover to a
lagging replica, a machine crash between fsyncs). The engine keeps its
consumer positions and does not read the offsets in Redis again until a
rebalance, so the events in between would be missing (see
``Engine.resume``).
"""

import signal
import time

import pytest

from api import create_app
from pipeline.simulator import simulate
from tests.support.audit import audit
from tests.support.faults import EventStream, applied_records, wait_for

DOWN_SECONDS = 3


def health(client) -> tuple[int, dict]:
    response = client.get("/healthz")
    return response.status_code, response.get_json()


@pytest.mark.parametrize(
    "signum", [signal.SIGTERM, signal.SIGKILL], ids=["term", "kill"]
)
def test_the_engine_waits_for_redis_and_resumes_exactly(
    signum, fault_stack, fault_settings, fault_redis, games, engines, ledger
):
    events = list(simulate(seed=41, matches=8))
    client = create_app({"SETTINGS": fault_settings}).test_client()
    engine = engines("engine")
    stream = EventStream(fault_settings, events, rate=80).start()
    wait_for(lambda: applied_records(fault_redis, fault_settings) >= 200, "200 applied")

    fault_stack.stop_redis(signum)
    status, body = health(client)
    time.sleep(DOWN_SECONDS)
    fault_stack.start_redis()
    assert stream.sent < len(events), "the stream ended before Redis came back"
    sent = stream.join()
    wait_for(
        lambda: applied_records(fault_redis, fault_settings) == sent,
        f"all {sent} records applied after the restart",
        timeout=90,
    )
    assert status == 503
    assert body["checks"]["redis"]["ok"] is False
    assert engine.alive()
    assert engine.stop() == 0, engine.log()

    result = audit(fault_settings, fault_redis, games)
    ledger(result, sent, faults=1)
    assert result.records == sent == len(events)
    result.assert_exact()
