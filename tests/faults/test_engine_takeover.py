"""Two engines in one group over four partitions; one is killed mid-stream."""

import socket

import pytest

from pipeline.simulator import simulate
from tests.support.audit import audit
from tests.support.faults import (
    EngineProcess,
    EventStream,
    applied_records,
    engine_members,
    wait_for,
)

PARTITIONS = 4


def member(engine: EngineProcess) -> str:
    return f"{socket.gethostname()}-{engine.pid}"


def partitions_of(client, settings, engine: EngineProcess) -> int:
    return engine_members(client, settings).get(member(engine), {}).get("partitions", 0)


@pytest.mark.parametrize("fault_settings", [PARTITIONS], indirect=True)
def test_the_surviving_engine_takes_over_the_killed_ones_partitions(
    fault_settings, fault_redis, games, engines, ledger
):
    events = list(simulate(seed=51, matches=12))
    first = engines("engine-a")
    # The second joins once the first holds all four: two members started
    # together sometimes leave one revoked right after its first assignment
    # and never rejoining (kafka-python 3; seen twice, cause not found).
    wait_for(
        lambda: partitions_of(fault_redis, fault_settings, first) == PARTITIONS,
        "the first engine holding the four partitions",
    )
    stream = EventStream(fault_settings, events, rate=60).start()
    second = engines("engine-b")

    def split() -> bool:
        shares = [
            partitions_of(fault_redis, fault_settings, e) for e in (first, second)
        ]
        return sorted(shares) == [2, 2]

    try:
        wait_for(split, "the four partitions split two and two", timeout=45)
    except AssertionError:
        raise AssertionError(first.dump_stacks() + second.dump_stacks()) from None
    wait_for(lambda: applied_records(fault_redis, fault_settings) >= 300, "300 applied")
    assert stream.sent < len(events), "the stream ended before the kill"
    first.kill()
    wait_for(
        lambda: partitions_of(fault_redis, fault_settings, second) == PARTITIONS,
        "the survivor holding all four partitions",
    )
    sent = stream.join()
    wait_for(
        lambda: applied_records(fault_redis, fault_settings) == sent,
        f"all {sent} records applied by the survivor",
        timeout=90,
    )
    assert second.stop() == 0, second.log()

    result = audit(fault_settings, fault_redis, games)
    ledger(result, sent, faults=1)
    assert result.records == sent == len(events)
    result.assert_exact()
