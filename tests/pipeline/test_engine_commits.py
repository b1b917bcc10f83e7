"""The group's committed offsets follow Redis's, without a commit per batch."""

import orjson

from pipeline import engine as engine_module
from pipeline.engine import Engine
from tests.support.builders import kill
from tests.support.engine import applied_offsets
from tests.support.kafka import committed_offsets, produce_raw

EVENTS = 50


def test_batches_commit_at_most_once_an_interval_and_all_on_close(
    settings, monkeypatch
):
    values = [orjson.dumps(kill("halo", "m1", "a", "b")) for _ in range(EVENTS)]
    produce_raw(settings, values, key=b"m1")
    monkeypatch.setattr(engine_module, "COMMIT_INTERVAL_SECONDS", 3600)
    engine = Engine(settings.model_copy(update={"engine_batch_size": 1}))
    commits = []
    real_commit = engine.consumer.commit
    engine.consumer.commit = lambda *a, **kw: commits.append(1) or real_commit(*a, **kw)

    idle_steps = 0
    try:
        while applied_offsets(engine) < EVENTS:
            idle_steps += engine.step() == 0
    finally:
        engine.close()

    # One batch an event: a commit per batch would be fifty. Commits happen
    # on the first written batch, when a poll comes back empty, and on close.
    assert len(commits) <= 2 + idle_steps
    assert len(commits) < EVENTS // 5
    assert sum(committed_offsets(settings).values()) == EVENTS
