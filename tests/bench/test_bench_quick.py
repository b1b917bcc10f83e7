"""``python -m bench --quick`` runs every stage against the test services.

It proves the benchmark works, nothing more: no timing is asserted. The
JSON must hold every figure the full run reports, and the totals check (every
event sent applied once and counted) must have passed.
"""

import json
import subprocess
import sys

from stack.paths import ROOT

FIGURES = {
    "memory.state_bytes_per_player",
    "memory.bytes_per_player",
    "redis.events_per_second",
    "producer.events_per_second",
    "consumer.read_per_second",
    "consumer.read_parse_per_second",
    "engine.one_member.events_per_second",
    "engine.events_per_second",
    "engine.rss_bytes",
    "latency.300.p50",
    "latency.300.p95",
    "latency.300.p99",
    "push.delivery.p99",
    *(
        f"api.{read}.{condition}.{what}"
        for read in ("top10", "player")
        for condition in ("idle", "ingesting")
        for what in ("rate", "p99")
    ),
    "api.top10.idle_unlimited.rate",
    "api.top10.idle_unlimited.p99",
}


def test_quick_run_reports_every_figure_and_passes_the_totals_check(services, tmp_path):
    out = tmp_path / "quick.json"

    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=280,
    )

    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text())
    assert result["mode"] == "quick"
    assert set(result["figures"]) == FIGURES
    assert all(f["value"] is not None for f in result["figures"].values())
    assert result["totals"]["ok"] is True
    assert all(check["ok"] for check in result["totals"]["checks"].values())
    assert result["totals"]["events_sent"] > 0
    engine = result["figures"]["engine.events_per_second"]["detail"]
    assert engine["members"] == 2 and engine["events_timed"] > 0
    assert "totals check passed" in done.stdout
