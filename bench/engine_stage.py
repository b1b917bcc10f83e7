"""The engine, as ``python -m pipeline.engine``, draining the backlog.

Progress is the sum of the offsets the engine has applied, as Redis holds them
(written in the same script as the effects). The rate counts from the first
applied batch to the last, so start-up and joining the group do not count
against it. The engine keeps running afterwards for the latency and API
stages.
"""

import time

from tqdm import tqdm

from bench.children import Child, python_module
from bench.context import Run
from bench.plan import Plan
from bench.report import Figure, Report

ENGINE_TARGET = 30_000
POLL_SECONDS = 0.25


def applied(run: Run) -> int:
    """Return how many records the run's engine has applied."""
    offsets = run.redis.hgetall(run.keys.offsets(run.settings.kafka_group_id))
    return sum(int(v) for v in offsets.values())


def redis_cpu_seconds(run: Run) -> float:
    """Return the CPU time the Redis server has used so far."""
    info = run.redis.info("cpu")
    return info["used_cpu_user"] + info["used_cpu_sys"]


def wait_applied(
    run: Run, total: int, engine: Child, timeout: float, desc: str = "engine"
) -> None:
    """Wait until the engine has applied total records, or fail."""
    deadline = time.monotonic() + timeout
    with tqdm(total=total, desc=desc, unit=" events", leave=False, delay=2) as bar:
        while (done := applied(run)) < total:
            bar.update(done - bar.n)
            if not engine.alive():
                raise RuntimeError(f"the engine exited:\n{engine.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the engine applied {done} of {total} in time")
            time.sleep(POLL_SECONDS)
        bar.update(done - bar.n)


def start_engine(run: Run) -> Child:
    """Start one engine member on the run's topic, group and prefix."""
    return run.start("engine", python_module("pipeline.engine"))


def drain_backlog(
    run: Run, plan: Plan, report: Report, read_parse: float | None
) -> Child:
    """Start the engine on the backlog; report its rate, CPU and memory."""
    total = sum(run.sent.values())
    engine = start_engine(run)
    # Until the first batch is applied, the rate counts from the start.
    samples = [(time.perf_counter(), 0)]
    cpu0, redis0 = engine.cpu_seconds(), redis_cpu_seconds(run)
    with tqdm(total=total, desc="engine drain", unit=" events") as bar:
        while (done := applied(run)) < total:
            if done and samples[0][1] == 0:
                samples = []
                cpu0, redis0 = engine.cpu_seconds(), redis_cpu_seconds(run)
            if done:
                samples.append((time.perf_counter(), done))
            bar.update(done - bar.n)
            if not engine.alive():
                raise RuntimeError(f"the engine exited:\n{engine.log_tail()}")
            time.sleep(POLL_SECONDS)
        samples.append((time.perf_counter(), done))
        bar.update(done - bar.n)

    (t0, n0), (t1, n1) = samples[0], samples[-1]
    events = n1 - n0
    seconds = t1 - t0
    value = events / seconds if seconds > 0 else None
    cpu = engine.cpu_seconds() - cpu0
    redis_cpu = redis_cpu_seconds(run) - redis0
    half = read_parse / 2 if read_parse else None
    report.add(
        Figure(
            key="engine.events_per_second",
            what=f"engine: draining a backlog of {total:,} events",
            value=value,
            unit="events/s",
            ceiling=read_parse,
            ceiling_what="bare loop, read + parse",
            at_least=max(ENGINE_TARGET, half or 0),
            note="target: 30,000 events/s and half the read + parse loop",
            detail={
                "events_timed": events,
                "seconds": seconds,
                "engine_cpu_us_per_event": cpu / events * 1e6 if events else None,
                "redis_cpu_us_per_event": redis_cpu / events * 1e6 if events else None,
                "samples": [(round(t - t0, 2), n) for t, n in samples],
            },
        )
    )
    memory = engine.memory()
    report.add(
        Figure(
            key="engine.rss_bytes",
            what="engine: resident size after the drain (peak in detail)",
            value=memory["rss"] / 2**20,
            unit="MiB",
            detail=memory,
        )
    )
    return engine
