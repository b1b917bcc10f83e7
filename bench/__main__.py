"""Benchmark the whole pipeline, each stage beside its ceiling: ``python -m bench``.

``python -m bench [--quick] [--out bench/results/latest.json] [--keep]``

Starts or reuses Kafka and Redis (the stack's profile whose addresses
KAFKA_BOOTSTRAP_SERVERS and REDIS_URL name; the dev profile by default),
makes topics, a group and a key prefix of its own, then measures in order:
memory per player, Redis's ceiling, the producer filling a backlog, the bare
consumer loops over it, the engine draining it, event-to-API latency at fixed
offered rates, the API at fixed request rates idle and while ingesting, and
push to connected spectators. It prints a table, writes the JSON, and exits 1
when the totals check fails (targets not met are reported, not failed).
``--quick`` runs every stage small, in about a minute, to prove it works.
"""

import argparse
import logging
import os
import platform
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench import (
    api_server,
    api_stage,
    engine_stage,
    kafka_stage,
    latency_stage,
    memory_stage,
    push_stage,
    redis_stage,
    totals,
)
from bench.context import Run, results_path
from bench.plan import FULL, QUICK, Plan
from bench.report import Report
from pipeline.logs import configure_logging
from pipeline.settings import Settings
from stack import services
from stack.profiles import PROFILES

log = logging.getLogger("bench")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="every stage, small")
    parser.add_argument("--out", help="JSON path (default bench/results/latest.json)")
    parser.add_argument("--keep", action="store_true", help="keep topics and keys")
    return parser.parse_args(argv)


def machine() -> dict:
    """Return what the figures ran on."""
    memory = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = int(line.split()[1]) * 1024
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "memory_bytes": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


@contextmanager
def services_for(settings: Settings) -> Iterator[None]:
    """Start or reuse the stack's services that settings point at."""
    for profile in PROFILES.values():
        if (
            profile.bootstrap_servers == settings.kafka_bootstrap_servers
            and profile.redis_url == settings.redis_url
        ):
            with services.borrowed(profile) as statuses:
                log.info("services profile=%s %s", profile.name, statuses)
                yield
            return
    log.info(
        "services at %s and %s, as given",
        settings.kafka_bootstrap_servers,
        settings.redis_url,
    )
    yield


def stage(report: Report, name: str) -> None:
    """Announce a stage and note the load as it starts."""
    report.note_load(name)
    print(f"\n== {name} (load {os.getloadavg()[0]:.2f})", file=sys.stderr, flush=True)


def measure(run: Run, plan: Plan, report: Report) -> None:
    """Run every stage in order."""
    stage(report, "memory per player")
    mem_keys = memory_stage.memory_per_player(run, plan, report)
    stage(report, "Redis ceiling")
    redis_stage.redis_ceiling(run, plan, report, mem_keys)
    stage(report, "producer")
    kafka_stage.produce_backlog(run, plan, report)
    stage(report, "consumer ceilings")
    read_parse = kafka_stage.consumer_ceilings(run, report)
    stage(report, "engine drain")
    engines = engine_stage.drain_backlog(run, plan, report, read_parse)
    stage(report, "API start")
    _, api_url = api_server.start_api(run)
    stage(report, "event-to-API latency")
    latency_stage.event_to_api(run, plan, report, engines, api_url)
    stage(report, "API reads")
    api_stage.api_reads(run, plan, report, engines, api_url)
    stage(report, "push")
    push_stage.push(run, plan, report, engines, api_url)
    stage(report, "totals check")
    engine_stage.wait_applied(run, sum(run.sent.values()), engines, 120, "final")
    totals.check_totals(run, report)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the table, write the JSON, return the exit code."""
    args = parse_args(argv)
    configure_logging()
    plan = QUICK if args.quick else FULL
    command = "python -m bench" + (" --quick" if args.quick else "")
    report = Report(mode=plan.name, command=command, machine=machine())
    settings = Settings()
    started = time.time()
    with services_for(settings):
        run = Run(settings, keep=args.keep)
        try:
            measure(run, plan, report)
        finally:
            run.close()
    report.notes.append(f"run {run.id}, {time.time() - started:.0f} s in all")
    report.note_load("end")
    out = results_path(args.out)
    report.write(out)
    print(report.table())
    print(f"\nJSON: {out}", file=sys.stderr)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
