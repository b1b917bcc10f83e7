"""pipeline.trends against the real engine's output, checked by recomputation.

Events are built here, produced to the real Kafka and applied by the real
engine; the expected figures are recomputed from the raw events with pandas
(tests/support/recompute.py for players' points), never read from Redis.
"""

import time
from datetime import UTC, datetime

import orjson
import pandas as pd
import pytest

from pipeline.games import configured_games
from pipeline.trends import Trends, minute_label, minute_of
from tests.support import builders
from tests.support.recompute import recompute
from tests.support.recompute_trends import heat_cells, minutes_table
from tests.support.seeding import apply_events

GAME = "halo"
MAP = "live_fire"
EXTENT = (-100, -100, 100, 100)
ROSTER = [("p1", "Ana", "a"), ("p2", "Bo", "a"), ("p3", "Cy", "b"), ("p4", "Di", "b")]


def at(seconds: float) -> str:
    """Return an ISO event time ``seconds`` after the epoch."""
    return datetime.fromtimestamp(seconds, UTC).isoformat()


def death(match_id: str, victim: str, t: float, **fields) -> dict:
    """A death without a killer."""
    event = builders.base(GAME, match_id, "death", event_time=at(t))
    return {**event, "victim_id": victim, "cause": "fall", **fields}


def kill(killer: str, victim: str, t: float, *assisters: str, **fields) -> dict:
    """A kill on the test's map at time t."""
    return builders.kill(
        GAME, "m1", killer, victim, assisters, event_time=at(t), map=MAP, **fields
    )


def match_events(base: int) -> list[dict]:
    """A short match over three minutes from base, with one late kill last."""
    return [
        builders.match_start(GAME, "m1", ROSTER, map_id=MAP, event_time=at(base + 1)),
        kill("p1", "p3", base + 10, "p2", headshot=True, weapon="br75"),
        kill("p1", "p4", base + 20, weapon="sniper"),
        kill("p3", "p1", base + 70, weapon="br75"),
        death("m1", "p2", base + 80, map=MAP),
        kill("p2", "p4", base + 130, "p1", weapon="br75"),
        # Produced after the kills of the next minutes, stamped in the first.
        kill("p4", "p2", base + 59, weapon="sniper"),
    ]


@pytest.fixture
def trends(settings, redis_client):
    return Trends.from_settings(settings, client=redis_client)


def test_minutes_equal_a_recomputation_from_the_events(settings, trends):
    base = minute_of(time.time()) - 5 * 60
    raw = apply_events(settings, match_events(base))

    rows = trends.minutes(GAME, window=5, now=base + 4 * 60 + 30)

    expected = minutes_table(raw, configured_games()).loc[GAME]
    shown = pd.DataFrame(rows).set_index("minute")
    assert len(shown) == 5
    for minute, want in expected.iterrows():
        got = shown.loc[minute]
        for column in ("events", "kills", "deaths", "headshots", "players", "matches"):
            assert got[column] == want[column], (minute, column)
        for column in ("score", "score_p50", "score_p90", "kd_p50"):
            assert got[column] == pytest.approx(want[column], abs=0.01), column
    quiet = shown.drop(expected.index)
    assert (quiet[["events", "kills", "players", "matches"]] == 0).all().all()


def test_late_event_lands_in_the_minute_it_happened(settings, trends):
    base = minute_of(time.time()) - 5 * 60

    apply_events(settings, match_events(base))

    rows = trends.minutes(GAME, window=3, now=base + 2 * 60)
    assert [r["kills"] for r in rows] == [3, 1, 1]
    assert [r["minute"] for r in rows] == [
        datetime.fromtimestamp(base + 60 * i, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        for i in range(3)
    ]


def test_movers_rank_the_window_gains_against_the_board_before(settings, trends):
    base = minute_of(time.time()) - 5 * 60
    early = [
        builders.match_start(GAME, "m0", ROSTER, map_id=MAP, event_time=at(base - 900)),
        builders.kill(GAME, "m0", "p3", "p2", event_time=at(base - 890)),
        builders.kill(GAME, "m0", "p3", "p1", event_time=at(base - 880)),
    ]
    raw = apply_events(settings, early + match_events(base))

    movers = trends.movers(GAME, window=5, metric="score", now=base + 4 * 60)

    games = configured_games()
    inside = recompute(raw[len(early) :], games).set_index("player_id")
    after = recompute(raw, games).set_index("player_id")
    before = recompute(raw[: len(early)], games).set_index("player_id")
    ranks_after = after.score.rank(method="min", ascending=False)
    ranks_before = before.score.reindex(after.index, fill_value=0).rank(
        method="min", ascending=False
    )
    gained = inside[inside.score != 0].sort_values("score", ascending=False)
    assert [m["player_id"] for m in movers][:1] == [gained.index[0]]
    for m in movers:
        pid = m["player_id"]
        assert m["score"] == pytest.approx(inside.score[pid])
        assert (m["kills"], m["deaths"]) == (inside.kills[pid], inside.deaths[pid])
        assert m["rank"] == ranks_after[pid]
        was = ranks_before[pid] if before.score.get(pid, 0) else None
        assert m["rank_before"] == was
        assert m["climb"] == (None if was is None else was - m["rank"])
        assert m["name"] == dict((p, n) for p, n, _ in ROSTER)[pid]
    assert {m["player_id"] for m in movers} == set(
        inside[
            (inside[["kills", "deaths"]].sum(axis=1) > 0) | (inside.score != 0)
        ].index
    )


def test_trajectory_runs_the_players_sums_beside_the_field(settings, trends):
    base = minute_of(time.time()) - 5 * 60
    apply_events(settings, match_events(base))

    rows = trends.trajectory(GAME, "p1", window=3, now=base + 2 * 60)

    # p1: two kills (200) in minute 0, killed in minute 1, an assist (50) in 2.
    assert [r["score"] for r in rows] == [200, 0, 50]
    assert [r["cum_score"] for r in rows] == [200, 200, 250]
    assert [r["cum_kd"] for r in rows] == [2.0, 2.0, 2.0]
    # Minute 0's field: p1 200, p2 50 (assist), p4 100; p3 died with no points.
    assert rows[0]["field_players"] == 4
    assert rows[0]["field_score_p50"] == 75


def positioned_events(base: int) -> list[dict]:
    """Kills and a death at known places on the test map."""

    def pos(x, y):
        return {"x": x, "y": y}

    return [
        builders.match_start(GAME, "m1", ROSTER, map_id=MAP, event_time=at(base)),
        kill(
            "p1",
            "p3",
            base + 1,
            weapon="br75",
            position=pos(10, 10),
            killer_position=pos(-90, -60),
        ),
        kill("p1", "p4", base + 2, weapon="sniper", position=pos(100, 100)),
        kill(
            "p2",
            "p4",
            base + 3,
            weapon="sniper",
            position=pos(150, 0),
            killer_position=pos(99, -99),
        ),
        kill("p3", "p2", base + 70, weapon="br75"),
        death("m1", "p1", base + 80, map=MAP, position=pos(-10, 60)),
    ]


def expected_cells(events: list[dict], kind: str, n: int, **filters):
    return heat_cells(events, MAP, kind, EXTENT, n, **filters)


def shown_cells(heatmap: dict) -> dict[str, int]:
    cells = {
        f"{col}:{row}": count
        for row, counts in enumerate(heatmap["z"])
        for col, count in enumerate(counts)
        if count
    }
    for name in ("missing", "unmapped", "outside"):
        if heatmap[name]:
            cells[name] = heatmap[name]
    return cells


@pytest.mark.parametrize("kind", ["kills", "deaths"])
def test_heatmap_grid_counts_every_position_as_recomputed(settings, redis_client, kind):
    settings = settings.model_copy(update={"heatmap_grid": 4})
    trends = Trends.from_settings(settings, client=redis_client)
    base = minute_of(time.time()) - 3 * 60
    events = positioned_events(base)
    apply_events(settings, events)

    heatmap = trends.heatmap(GAME, MAP, kind)

    assert heatmap["source"] == "grid"
    assert heatmap["x"] == [-75, -25, 25, 75] and heatmap["y"] == [-75, -25, 25, 75]
    assert shown_cells(heatmap) == expected_cells(events, kind, 4)


@pytest.mark.parametrize("kind", ["kills", "deaths"])
def test_filtered_heatmap_is_recounted_from_the_kill_log(settings, redis_client, kind):
    settings = settings.model_copy(update={"heatmap_grid": 4})
    trends = Trends.from_settings(settings, client=redis_client)
    base = minute_of(time.time()) - 3 * 60
    events = positioned_events(base)
    apply_events(settings, events)

    by_weapon = trends.heatmap(GAME, MAP, kind, weapon="sniper")
    by_time = trends.heatmap(GAME, MAP, kind, since=base + 2)

    assert by_weapon["source"] == "kill_log" and by_weapon["complete"]
    assert shown_cells(by_weapon) == expected_cells(events, kind, 4, weapon="sniper")
    assert shown_cells(by_time) == expected_cells(events, kind, 4, since=base + 2)


def test_kill_log_filters_by_map_weapon_and_time(settings, trends):
    base = minute_of(time.time()) - 3 * 60
    events = positioned_events(base)
    apply_events(settings, events)

    br75 = trends.kills(GAME, map_id=MAP, weapon="br75")
    windowed = trends.kills(GAME, since=base + 2, until=base + 70)
    elsewhere = trends.kills(GAME, map_id="streets")

    assert [k["victim_id"] for k in br75] == ["p2", "p3"]
    assert [k["victim_id"] for k in windowed] == ["p4", "p4"]
    assert elsewhere == []
    assert br75[1]["x"] == 10 and br75[1]["kx"] == -90 and br75[1]["map"] == MAP
    assert trends.weapons(GAME) == ["br75", "sniper"] or set(trends.weapons(GAME)) == {
        "br75",
        "sniper",
    }


def test_minute_index_and_buckets_keep_to_the_retention(settings, redis_client, keys):
    settings = settings.model_copy(update={"minute_retention_hours": 1})
    trends = Trends.from_settings(settings, client=redis_client)
    now = time.time()
    old, recent = now - 3 * 3600, now - 60
    apply_events(
        settings,
        [
            builders.kill(GAME, "m1", "p1", "p2", event_time=at(old)),
            builders.kill(GAME, "m1", "p1", "p3", event_time=at(recent)),
        ],
    )

    index = redis_client.zrange(keys.minute_index(GAME), 0, -1)

    assert index == [minute_label(minute_of(recent))]
    assert not redis_client.exists(keys.minute(GAME, minute_label(minute_of(old))))
    assert sum(c["kills"] for c in trends.activity(GAME)["cells"]) == 1


def test_activity_sums_events_by_weekday_and_hour(settings, trends):
    base = minute_of(time.time()) - 5 * 60
    raw = apply_events(settings, match_events(base))

    activity = trends.activity(GAME)

    events = pd.DataFrame([orjson.loads(v) for v in raw])
    times = pd.to_datetime(events.event_time)
    expected = events.groupby([times.dt.weekday, times.dt.hour]).size().to_dict()
    shown = {(c["weekday"], c["hour"]): c["events"] for c in activity["cells"]}
    assert {k: v for k, v in shown.items() if v} == expected
    assert len(activity["cells"]) == 7 * 24
