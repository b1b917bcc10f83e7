"""Live views stay live: a new kill shows on the next rerun; late events keep time.

Case 14 (no stale live views) and case 6 (late events land in their own
minute), through the real Kafka, engine and Redis.
"""

import ast
import time
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from dashboards import data
from tests.dashboards.conftest import figures, table_with
from tests.support import builders
from tests.support.seeding import apply_events

DASHBOARDS = Path(data.__file__).parent
ROSTER = [("p1", "Ana", "a"), ("p2", "Bo", "b")]


def at(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat()


def halo_kills(overview) -> int:
    return int(table_with(overview, "Kills").set_index("Game").loc["Halo", "Kills"])


def trend_kills(trends) -> int:
    bars = next(t for t in figures(trends)["Kills per minute"]["data"])
    return int(sum(bars["y"]))


def test_a_new_kill_shows_on_the_next_rerun(open_page, app_env):
    now = time.time()
    apply_events(
        app_env,
        [
            builders.match_start("halo", "m1", ROSTER, event_time=at(now - 2)),
            builders.kill("halo", "m1", "p1", "p2", event_time=at(now - 1)),
        ],
    )
    overview = open_page("overview")
    trends = open_page("trends", game="halo")
    players = open_page("players", game="halo", compare="p1,p2")
    assert (halo_kills(overview), trend_kills(trends)) == (1, 1)

    apply_events(app_env, [builders.kill("halo", "m1", "p1", "p2")])
    overview.run()
    trends.run()
    players.run()

    assert (halo_kills(overview), trend_kills(trends)) == (2, 2)
    cards = {m.label: m.value for m in players.metric[:8]}
    assert cards["Kills"] == "2"


def test_late_kill_shows_in_the_minute_it_happened(open_page, app_env):
    base = int(time.time() // 60 * 60) - 4 * 60
    apply_events(
        app_env,
        [
            builders.match_start("halo", "m1", ROSTER, event_time=at(base + 1)),
            builders.kill("halo", "m1", "p1", "p2", event_time=at(base + 70)),
            # Arrives after the kill of the next minute, stamped in this one.
            builders.kill("halo", "m1", "p2", "p1", event_time=at(base + 59)),
        ],
    )

    trends = open_page("trends", game="halo", window="15")

    shown = table_with(trends, "headshots").set_index("minute")["kills"]
    first, second = (
        pd.Timestamp(base, unit="s", tz="UTC"),
        pd.Timestamp(base + 60, unit="s", tz="UTC"),
    )
    assert (shown[first], shown[second]) == (1, 1)
    assert shown.drop([first, second]).eq(0).all()


def test_no_cache_outlives_the_refresh_interval():
    assert data.QUERY_TTL_SECONDS < data.REFRESH_SECONDS
    for path in DASHBOARDS.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) == "st.cache_data":
                ttl = {k.arg: _name(k.value) for k in node.keywords}.get("ttl")
                assert ttl == "QUERY_TTL_SECONDS", (path.name, node.lineno)
            if isinstance(node, ast.Call) and _name(node.func) == "st.fragment":
                every = {k.arg: _name(k.value) for k in node.keywords}["run_every"]
                assert every == "data.REFRESH_SECONDS", (path.name, node.lineno)


def _name(node: ast.AST) -> str:
    return ast.unparse(node)
