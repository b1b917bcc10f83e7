"""Folded batches leave Redis exactly as applying one event at a time would.

The reference applies each event's ``plan_event`` operations in order, once
per new id, with the script the store used before it folded batches
(tests/support/one_by_one.lua). The store folds each batch
(pipeline.batch_effects) and applies it in one call. Both get the same events
in the same batches, repeats included, under two key prefixes; then every key
they left is compared: values, scores, members, stream entries, expiry times.
"""

from datetime import UTC, datetime, timedelta
from itertools import cycle
from pathlib import Path

import orjson
import pytest

from pipeline.effects import Layout, plan_event
from pipeline.games import configured_games
from pipeline.keys import Keys
from pipeline.simulator import simulate
from pipeline.store import Batch, Store

REFERENCE = Path(__file__).parents[1] / "support" / "one_by_one.lua"
# Short, so that the run spans more than the retention: minutes are trimmed
# from the index and the oldest buckets expire.
RETENTION_SECONDS = 3600
SEEN_TTL = 3600
BATCH_SIZES = (1, 3, 250, 40, 1000, 7)


class SteppingClock:
    """Two seconds further on each call; every 50th event is 90 minutes late."""

    def __init__(self, start: datetime):
        self.now = start
        self.calls = 0

    def __call__(self) -> datetime:
        self.calls += 1
        self.now += timedelta(seconds=2)
        if self.calls % 50 == 0:
            return self.now - timedelta(minutes=90)
        return self.now


def batches(events: list) -> list[list]:
    """Cut events into batches of varied sizes, with repeats in and across them."""
    out, i = [], 0
    for size in cycle(BATCH_SIZES):
        if i >= len(events):
            return out
        chunk = events[i : i + size]
        # A redelivered tail of the previous batch, and one event twice.
        chunk = events[max(i - 2, 0) : i] + chunk + chunk[:1]
        out.append(chunk)
        i += size


def layout(prefix: str) -> Layout:
    return Layout(
        keys=Keys(prefix),
        minute_retention_seconds=RETENTION_SECONDS,
        heatmap_grid=20,
        kill_log_maxlen=100_000,
    )


def dump(client, prefix: str) -> dict:
    """Return every key under prefix, without it, with its content and expiry."""
    state = {}
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        kind = client.type(key)
        if kind == "hash":
            value = client.hgetall(key)
        elif kind == "zset":
            value = client.zrange(key, 0, -1, withscores=True)
        elif kind == "set":
            value = sorted(client.smembers(key))
        elif kind == "stream":
            value = [fields for _, fields in client.xrange(key)]
        else:  # the HyperLogLogs
            value = client.pfcount(key)
        state[key.removeprefix(prefix)] = (kind, value, client.expiretime(key))
    return state


@pytest.fixture
def run_both(redis_client, keys):
    """Apply batches both ways; return both prefixes' dumps and the counts."""
    games = configured_games()
    one, fold = layout(f"{keys.prefix}:one"), layout(f"{keys.prefix}:fold")
    reference = redis_client.register_script(REFERENCE.read_text())
    store = Store(redis_client, fold.keys, "group", SEEN_TTL)

    def run(batch_list: list[list]) -> tuple[dict, dict, int, int]:
        applied_one = applied_fold = 0
        for events in batch_list:
            planned = [
                [
                    one.keys.seen(e.game, e.match_id),
                    e.event_id,
                    plan_event(e, games[e.game], one),
                ]
                for e in events
            ]
            applied_one += reference(args=[orjson.dumps(planned)])
            for seen, *_ in planned:
                redis_client.expire(seen, SEEN_TTL)

            batch = Batch(fold)
            for e in events:
                batch.add_event(e, games[e.game])
            applied_fold += store.apply(batch).applied
        return (
            dump(redis_client, one.keys.prefix),
            dump(redis_client, fold.keys.prefix),
            applied_one,
            applied_fold,
        )

    return run


def without_ttl(state: dict, part: str) -> dict:
    return {k: v[:2] for k, v in state.items() if part in k}


def test_folded_batches_leave_what_one_event_at_a_time_leaves(run_both):
    clock = SteppingClock(datetime.now(UTC) - timedelta(hours=2))
    events = list(simulate(seed=21, matches=15, clock=clock))

    one, fold, applied_one, applied_fold = run_both(batches(events))

    assert applied_fold == applied_one == len(events)
    assert one.keys() == fold.keys()
    # Seen sets expire a TTL after their batch, whose second may differ.
    seen = [k for k in one if k.startswith(":seen:")]
    for key in seen:
        assert one[key][:2] == fold[key][:2]
        assert abs(one[key][2] - fold[key][2]) <= 5
    rest = {k: v for k, v in one.items() if k not in seen}
    assert rest == {k: fold[k] for k in rest}


def test_the_comparison_covers_trimmed_minutes_and_expired_buckets(run_both):
    clock = SteppingClock(datetime.now(UTC) - timedelta(hours=2))
    events = list(simulate(seed=22, matches=12, clock=clock))
    first = min(e.event_time for e in events).strftime("%Y%m%d%H%M")

    one, fold, *_ = run_both(batches(events))

    index = [k for k in fold if k.startswith(":minidx:")]
    assert index
    for key in index:
        minutes = [m for m, _ in fold[key][1]]
        assert first not in minutes
    assert not any(k.endswith(first) for k in fold)
    assert any(k.startswith(":kills:") for k in fold)
    assert without_ttl(one, ":minln:") == without_ttl(fold, ":minln:")
