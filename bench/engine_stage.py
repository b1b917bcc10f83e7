"""The engine, as ``python -m pipeline.engine``, draining the backlog.

The backlog is drained twice: first by one member alone, under a consumer
group and key prefix of its own (``<run>-one``), then by ``engine_members``
members of the run's group, which keep running for the latency, API and push
stages. One member is one Python process, bound to one core; a group of
members is how the engine uses more than one (it is a Kafka consumer group:
each member takes some of the partitions).

Progress is the sum of the offsets applied, as Redis holds them (written in
the same script as the effects). A rate counts from the first applied batch
to the last, so start-up and joining the group do not count against it.
"""

import time
from dataclasses import dataclass

from tqdm import tqdm

from bench.children import Child, python_module
from bench.context import Run
from bench.plan import Plan
from bench.report import Figure, Report
from pipeline.keys import Keys

ENGINE_TARGET = 30_000
POLL_SECONDS = 0.25


@dataclass(frozen=True)
class Group:
    """A consumer group of engine members and the key prefix they write."""

    group_id: str
    keys: Keys


def run_group(run: Run) -> Group:
    """Return the run's own group: the one the later stages read."""
    return Group(run.settings.kafka_group_id, run.keys)


def applied(run: Run, group: Group | None = None) -> int:
    """Return how many records a group (the run's by default) has applied."""
    group = group or run_group(run)
    offsets = run.redis.hgetall(group.keys.offsets(group.group_id))
    return sum(int(v) for v in offsets.values())


def redis_cpu_seconds(run: Run) -> float:
    """Return the CPU time the Redis server has used so far."""
    info = run.redis.info("cpu")
    return info["used_cpu_user"] + info["used_cpu_sys"]


def wait_applied(
    run: Run, total: int, engines: list[Child], timeout: float, desc: str = "engine"
) -> None:
    """Wait until the run's engines have applied total records, or fail."""
    deadline = time.monotonic() + timeout
    with tqdm(total=total, desc=desc, unit=" events", leave=False, delay=2) as bar:
        while (done := applied(run)) < total:
            bar.update(done - bar.n)
            _check_alive(engines)
            if time.monotonic() > deadline:
                raise RuntimeError(f"the engine applied {done} of {total} in time")
            time.sleep(POLL_SECONDS)
        bar.update(done - bar.n)


def _check_alive(engines: list[Child]) -> None:
    for engine in engines:
        if not engine.alive():
            raise RuntimeError(f"{engine.name} exited:\n{engine.log_tail()}")


def start_engines(run: Run, count: int, group: Group, name: str) -> list[Child]:
    """Start count members of a group on the run's topic."""
    env = run.env(KAFKA_GROUP_ID=group.group_id, REDIS_KEY_PREFIX=group.keys.prefix)
    return [
        run.start(f"{name}-{i}", python_module("pipeline.engine"), env=env)
        for i in range(1, count + 1)
    ]


def drain_backlog(
    run: Run, plan: Plan, report: Report, read_parse: float | None
) -> list[Child]:
    """Drain the backlog with one member, then with the group; report both."""
    total = sum(run.sent.values())
    half = read_parse / 2 if read_parse else None

    alone = Group(f"{run.id}-one", Keys(f"{run.id}-one"))
    run.extra_groups.append(alone.group_id)
    single = start_engines(run, 1, alone, "engine-alone")
    rate, detail = _drain(run, total, single, alone, "one member")
    memory = single[0].memory()
    single[0].stop()
    report.add(
        _rate(
            "engine.one_member.events_per_second",
            f"engine, one member: draining a backlog of {total:,} events",
            rate,
            read_parse,
            detail,
        )
    )
    report.add(
        Figure(
            key="engine.rss_bytes",
            what="engine, one member: resident size after the drain (peak in detail)",
            value=memory["rss"] / 2**20,
            unit="MiB",
            detail=memory,
        )
    )

    members = plan.engine_members
    engines = start_engines(run, members, run_group(run), "engine")
    rate, detail = _drain(run, total, engines, run_group(run), f"{members} members")
    report.add(
        _rate(
            "engine.events_per_second",
            f"engine, {members} members of one group: the same backlog",
            rate,
            read_parse,
            detail,
            at_least=max(ENGINE_TARGET, half or 0),
            note="target: 30,000 events/s and half the read + parse loop",
        )
    )
    return engines


def _rate(
    key: str,
    what: str,
    rate: float | None,
    read_parse: float | None,
    detail: dict,
    **target,
) -> Figure:
    return Figure(
        key=key,
        what=what,
        value=rate,
        unit="events/s",
        ceiling=read_parse,
        ceiling_what="bare loop, read + parse",
        detail=detail,
        **target,
    )


def _drain(
    run: Run, total: int, engines: list[Child], group: Group, desc: str
) -> tuple[float | None, dict]:
    # Until the first batch is applied, the rate counts from the start.
    samples = [(time.perf_counter(), 0)]
    cpu0, redis0 = _cpu(engines), redis_cpu_seconds(run)
    with tqdm(total=total, desc=f"engine drain, {desc}", unit=" events") as bar:
        while (done := applied(run, group)) < total:
            if done and samples[0][1] == 0:
                samples = []
                cpu0, redis0 = _cpu(engines), redis_cpu_seconds(run)
            if done:
                samples.append((time.perf_counter(), done))
            bar.update(done - bar.n)
            _check_alive(engines)
            time.sleep(POLL_SECONDS)
        samples.append((time.perf_counter(), done))
        bar.update(done - bar.n)

    (t0, n0), (t1, n1) = samples[0], samples[-1]
    events, seconds = n1 - n0, t1 - t0
    cpu = _cpu(engines) - cpu0
    redis_cpu = redis_cpu_seconds(run) - redis0
    detail = {
        "members": len(engines),
        "events_timed": events,
        "seconds": seconds,
        "engine_cpu_us_per_event": cpu / events * 1e6 if events else None,
        "redis_cpu_us_per_event": redis_cpu / events * 1e6 if events else None,
        "samples": [(round(t - t0, 2), n) for t, n in samples],
    }
    return (events / seconds if seconds > 0 else None), detail


def _cpu(engines: list[Child]) -> float:
    return sum(engine.cpu_seconds() for engine in engines)
