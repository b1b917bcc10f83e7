"""Redis's ceiling on the exact writes the engine sends, at realistic sizes.

Simulated events are folded into batches by the engine's own code
(pipeline.store) and applied with its script, back to back, into the memory
stage's keys, so boards hold tens of thousands of players and the seen sets,
minute lines and kill logs are full-sized. Folding happens before the clock
starts. The ceiling is the events Redis applies per second of its own CPU,
one core's worth; the value is the rate one client gets calling back to back
(encoding each batch's argument included).
"""

import time
from itertools import islice

from tqdm import tqdm

from bench.context import Run
from bench.engine_stage import redis_cpu_seconds
from bench.plan import Plan
from bench.report import Figure, Report
from pipeline.effects import Layout
from pipeline.games import configured_games
from pipeline.keys import Keys
from pipeline.simulator import simulate
from pipeline.store import Batch, Store

BATCH = 2_000


def redis_ceiling(run: Run, plan: Plan, report: Report, keys: Keys) -> float:
    """Apply folded batches back to back; report events/s and Redis CPU."""
    s = run.settings
    layout = Layout.from_settings(s, keys)
    store = Store(run.redis, keys, "redis-ceiling", s.dedupe_ttl_seconds)
    games = configured_games()
    batches, events = [], 0
    batch = Batch(layout)
    for event in islice(simulate(seed=plan.seed + 400), plan.redis_events):
        batch.add_event(event, games[event.game])
        events += 1
        if len(batch.events) == BATCH:
            batches.append(batch)
            batch = Batch(layout)
    if batch.events:
        batches.append(batch)
    cpu0, start = redis_cpu_seconds(run), time.perf_counter()
    for batch in tqdm(batches, desc="redis", unit=" batches"):
        store.apply(batch)
    seconds = time.perf_counter() - start
    cpu = redis_cpu_seconds(run) - cpu0
    ceiling = events / cpu if cpu > 0 else None
    report.add(
        Figure(
            key="redis.events_per_second",
            what="Redis: apply_batch.lua on folded batches, one client",
            value=events / seconds,
            unit="events/s",
            ceiling=ceiling,
            ceiling_what="per second of Redis CPU",
            detail={
                "events": events,
                "batches": len(batches),
                "redis_cpu_us_per_event": cpu / events * 1e6,
            },
        )
    )
    return ceiling
