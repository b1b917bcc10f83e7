"""An unexpected error rebuilds the engine member instead of ending its process.

Under ``make up`` the process manager stops every app when one exits, so an
engine that died on an error would take the page and the API down with it.
"""

import time

import orjson

from tests.support.builders import kill
from tests.support.faults import EngineProcess
from tests.support.kafka import produce_raw


def wait_for(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_a_failing_batch_restarts_the_member_and_later_events_apply(
    settings, redis_client, keys, tmp_path
):
    # A key of the wrong type makes the batch script fail inside Redis.
    redis_client.set(keys.player("halo", "a"), "not a hash")
    produce_raw(settings, [orjson.dumps(kill("halo", "m1", "a", "b"))], key=b"m1")
    engine = EngineProcess(settings, tmp_path, "engine")
    try:
        wait_for(lambda: "engine failed; restarting" in engine.log())
        assert engine.alive()

        redis_client.delete(keys.player("halo", "a"))
        later = kill("halo", "m1", "c", "d", event_id="later")
        produce_raw(settings, [orjson.dumps(later)], key=b"m1")
        wait_for(lambda: redis_client.hget(keys.player("halo", "c"), "kills") == "1")

        assert engine.alive()
        assert engine.stop() == 0
    finally:
        if engine.alive():
            engine.kill()
