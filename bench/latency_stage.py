"""Latency from an event's creation to its effect being readable through the API.

At each offered rate a feed (bench/feed.py) sends simulated events open loop
for a while, with probe kills among them; a prober (bench/prober.py) watches
the probe player through the API. The floor is the median at the lowest rate,
what one event costs with hardly any queue in front of it.
"""

import time

from bench.children import Child
from bench.context import Run, count_sent, feed
from bench.engine_stage import wait_applied
from bench.feed import PROBE_GAME
from bench.plan import Plan
from bench.prober import Prober
from bench.report import Figure, Report
from bench.stats import summary_ms

LATENCY_TARGET_MS = 100
# Below this share of the offered rate, the feed itself fell behind.
FEED_SHARE = 0.95
TARGET_RATE = 10_000


def probe_kills(run: Run) -> int:
    """Return the probe player's kills as Redis holds them now."""
    key = run.keys.player(PROBE_GAME, f"{run.id}-prober")
    return int(run.redis.hget(key, "kills") or 0)


def event_to_api(
    run: Run, plan: Plan, report: Report, engines: list[Child], api_url: str
) -> None:
    """Offer each rate in turn; report p50, p95 and p99 of the probes' latency."""
    prober = Prober(api_url, PROBE_GAME, f"{run.id}-prober")
    prober.start()
    floor = None
    try:
        for n, offered in enumerate(plan.latency_rates):
            report.note_load(f"latency {offered}/s")
            before = probe_kills(run)
            tool = feed(
                run,
                f"feed-{offered}",
                offered,
                plan.latency_seconds,
                seed=plan.seed + 100 + n,
                probes=plan.probes_per_second,
            )
            sent = tool.result(timeout=plan.latency_seconds * 4 + 180)
            count_sent(run, sent)
            wait_applied(run, sum(run.sent.values()), engines, 300, f"at {offered}/s")
            _wait_seen(prober, before + len(sent["probes"]))
            latencies = prober.latencies(sent["probes"], before)
            ms = summary_ms(latencies)
            floor = floor or ms["p50"]
            _add(report, offered, sent, ms, floor)
            if sent["achieved_rate"] < offered * FEED_SHARE:
                report.notes.append(
                    f"at {offered:,} events/s the feed sent only "
                    f"{sent['achieved_rate']:,.0f}/s: the machine could not offer "
                    "the rate, so that latency is not a measure of the pipeline"
                )
    finally:
        prober.stop()
    report.notes.append(
        "event-to-API latency: each probe's time from creation to the first API "
        "answer showing it; answers are polled every 4 ms, so figures are high "
        "by up to about 5 ms"
    )


def _wait_seen(prober: Prober, kills: int, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if prober.seen and prober.seen[-1][1] >= kills:
            return
        time.sleep(0.05)


def _add(report: Report, offered: int, sent: dict, ms: dict, floor: float) -> None:
    detail = {
        "offered_rate": offered,
        "achieved_rate": sent["achieved_rate"],
        "max_behind_seconds": sent["max_behind_seconds"],
        "probes": len(sent["probes"]),
        "probes_seen": ms["count"],
        "latency_ms": ms,
    }
    for q in ("p50", "p95", "p99"):
        target = LATENCY_TARGET_MS if q == "p99" and offered == TARGET_RATE else None
        report.add(
            Figure(
                key=f"latency.{offered}.{q}",
                what=f"event -> API at {offered:,} events/s, {q}",
                value=ms[q],
                unit="ms",
                ceiling=floor,
                ceiling_what="floor: p50 at the lowest rate",
                at_most=target,
                detail=detail if q == "p99" else {},
            )
        )
