"""The engine killed with SIGKILL mid-stream, then started again: exact totals."""

import socket

from pipeline.simulator import simulate
from tests.support.audit import audit
from tests.support.faults import (
    EventStream,
    applied_records,
    engine_members,
    wait_for,
)

KILL_AT = (0.15, 0.55)


def test_an_engine_killed_twice_mid_stream_loses_and_doubles_nothing(
    fault_settings, fault_redis, games, engines, ledger
):
    events = list(simulate(seed=21, matches=12))
    stream = EventStream(fault_settings, events, rate=60).start()
    engine = engines("engine-1")

    for n, share in enumerate(KILL_AT, start=2):
        at = int(share * len(events))
        wait_for(
            lambda at=at: applied_records(fault_redis, fault_settings) >= at,
            f"{at} records applied",
        )
        assert stream.sent < len(events), "the stream ended before the kill"
        engine.kill()
        engine = engines(f"engine-{n}")
    sent = stream.join()
    wait_for(
        lambda: applied_records(fault_redis, fault_settings) == sent,
        f"all {sent} records applied",
        timeout=90,
    )
    member = f"{socket.gethostname()}-{engine.pid}"
    wait_for(lambda: member in engine_members(fault_redis, fault_settings), member)
    assert engine.stop() == 0, engine.log()

    result = audit(fault_settings, fault_redis, games)
    ledger(result, sent, faults=len(KILL_AT))
    assert result.records == sent == len(events)
    result.assert_exact()
