"""What an event writes for the minute trends: player lines and a trimmed index."""

from pipeline.effects import Layout, plan_event
from pipeline.events import parse_event
from pipeline.games import configured_games
from pipeline.keys import Keys
from tests.support import builders

KEYS = Keys("t")
LAYOUT = Layout(
    keys=KEYS, minute_retention_seconds=3600, heatmap_grid=10, kill_log_maxlen=100
)


def _plan(raw: dict) -> list[list]:
    event = parse_event(raw)
    return plan_event(event, configured_games()[event.game], LAYOUT)


def test_kill_writes_each_players_line_in_its_own_minute():
    raw = builders.kill(
        "halo", "m1", "p1", "p2", ("p3",), event_time="2024-05-01T10:00:59+00:00"
    )

    ops = _plan(raw)

    lines = KEYS.minute_lines("halo", "202405011000")
    written = {(op[2], op[3]) for op in ops if op[1] == lines and op[0] != "ea"}
    assert written == {
        ("p1:kills", 1),
        ("p2:deaths", 1),
        ("p1:score", 100),
        ("p3:score", 50),
    }
    assert ["ea", lines, 1714557600 + 60 + 3600] in ops


def test_every_event_trims_the_minute_index_to_the_retention():
    raw = builders.kill("halo", "m1", "p1", "p2", event_time="2024-05-01T10:00:00Z")

    ops = _plan(raw)

    assert ["zt", KEYS.minute_index("halo"), 1714557600 - 60 - 3600] in ops
