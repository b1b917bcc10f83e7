"""The API at fixed request rates, idle and while the engine ingests.

Two reads: the top-10 leaderboard and one player's lookup. For each, the
ceiling is the most the served API answers back to back (wrk, a C client,
when installed; else bench.http_load --closed), the floor the median of one
request at a time. Then bench/http_load.py offers a fixed rate open loop,
first with the engine idle, then while a feed sends events for it to ingest.
Last, the top-10 read idle once more on an API with its rate limiter off,
to show what the limiter's per-request Redis round trip costs.
"""

import re
import shutil
import subprocess
import time

from bench.api_server import start_api
from bench.children import Child
from bench.context import Run, Tool, count_sent, feed
from bench.engine_stage import wait_applied
from bench.plan import Plan
from bench.report import Figure, Report

GAME = "halo"
# At least this share of the offered rate must be answered, with 200s.
ANSWERED_SHARE = 0.99
TARGETS = {"idle": 15.0, "ingesting": 30.0}
CEILING_SECONDS = 6


def endpoints(base_url: str, run: Run) -> dict[str, str]:
    """Return the URLs measured: the top-10 leaderboard and its leader's line."""
    board = run.keys.leaderboard(GAME, "score")
    leader = run.redis.zrevrange(board, 0, 0)[0]
    return {
        "top10": f"{base_url}/api/v1/games/{GAME}/leaderboard?limit=10",
        "player": f"{base_url}/api/v1/games/{GAME}/players/{leader}",
    }


def wrk_rate(url: str, seconds: int, connections: int) -> float | None:
    """Return wrk's requests/s against url, or None without wrk."""
    if not shutil.which("wrk"):
        return None
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"Requests/sec:\s+([0-9.]+)", out)
    return float(found.group(1)) if found else None


def _load(run: Run, name: str, url: str, *args: str) -> dict:
    tool = Tool(run, name, "bench.http_load", f"--url={url}", *args)
    return tool.result(timeout=300)


def api_reads(
    run: Run, plan: Plan, report: Report, engines: list[Child], base_url: str
) -> None:
    """Measure both reads: ceiling, floor, idle rate and rate while ingesting."""
    for name, url in endpoints(base_url, run).items():
        report.note_load(f"api {name}")
        ceiling = wrk_rate(url, CEILING_SECONDS, plan.api_connections)
        if ceiling is None:
            closed = _load(
                run,
                f"{name}-closed",
                url,
                "--closed",
                "--seconds=5",
                "--connections=32",
            )
            ceiling = closed["achieved_rate"]
        one = _load(
            run, f"{name}-one", url, "--closed", "--seconds=2", "--connections=1"
        )
        floor = one["latency_ms"]["p50"]
        idle = _load(
            run,
            f"{name}-idle",
            url,
            f"--rate={plan.api_idle_rate}",
            f"--seconds={plan.api_seconds}",
            f"--connections={plan.api_connections}",
        )
        _add(report, name, "idle", plan.api_idle_rate, idle, ceiling, floor)

        ingest = feed(
            run,
            f"ingest-{name}",
            plan.ingest_rate,
            plan.api_seconds + 6,
            seed=plan.seed + 200 + len(report.figures),
        )
        ingest.wait_sending(timeout=120)
        time.sleep(1)
        busy = _load(
            run,
            f"{name}-ingesting",
            url,
            f"--rate={plan.api_ingest_rate}",
            f"--seconds={plan.api_seconds}",
            f"--connections={plan.api_connections}",
        )
        count_sent(run, ingest.result(timeout=plan.api_seconds * 4 + 180))
        _add(report, name, "ingesting", plan.api_ingest_rate, busy, ceiling, floor)
        wait_applied(run, sum(run.sent.values()), engines, 300, "after the API")
    _without_limits(run, plan, report, base_url)


def _without_limits(run: Run, plan: Plan, report: Report, base_url: str) -> None:
    """Measure the top-10 read idle again with the rate limiter off."""
    report.note_load("api top10 without limits")
    child, unlimited = start_api(run, limits=False)
    url = endpoints(unlimited, run)["top10"]
    ceiling = wrk_rate(url, CEILING_SECONDS, plan.api_connections)
    if ceiling is None:
        ceiling = _load(
            run, "unlimited-closed", url, "--closed", "--seconds=5", "--connections=32"
        )["achieved_rate"]
    one = _load(run, "unlimited-one", url, "--closed", "--seconds=2", "--connections=1")
    idle = _load(
        run,
        "unlimited-idle",
        url,
        f"--rate={plan.api_idle_rate}",
        f"--seconds={plan.api_seconds}",
        f"--connections={plan.api_connections}",
    )
    child.stop()
    _add(
        report,
        "top10",
        "idle_unlimited",
        plan.api_idle_rate,
        idle,
        ceiling,
        one["latency_ms"]["p50"],
    )


def _add(
    report: Report,
    name: str,
    condition: str,
    offered: int,
    result: dict,
    ceiling: float,
    floor: float,
) -> None:
    label = {"top10": "top-10 leaderboard", "player": "player lookup"}[name]
    when = {
        "idle": "idle",
        "ingesting": "while ingesting",
        "idle_unlimited": "idle, rate limiter off",
    }[condition]
    ok = result["statuses"].get("200", 0)
    answered = ok / result["requests"] * result["achieved_rate"]
    targeted = name == "top10" and condition in TARGETS
    report.add(
        Figure(
            key=f"api.{name}.{condition}.rate",
            what=f"API {label}, {when}: answered at {offered:,} req/s offered",
            value=answered,
            unit="req/s",
            ceiling=ceiling,
            ceiling_what="back to back, idle (wrk)",
            at_least=offered * ANSWERED_SHARE if targeted else None,
            detail=result,
        )
    )
    report.add(
        Figure(
            key=f"api.{name}.{condition}.p99",
            what=f"API {label}, {when}: p99 at {offered:,} req/s",
            value=result["latency_ms"]["p99"],
            unit="ms",
            ceiling=floor,
            ceiling_what="floor: one request at a time",
            at_most=TARGETS.get(condition) if targeted else None,
        )
    )
