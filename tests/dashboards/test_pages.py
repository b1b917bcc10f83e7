"""Every page, run by AppTest on engine-written data, against a recomputation.

Six simulated matches of every game go through the real Kafka and engine; the
expected numbers are recomputed from the raw events (tests/support/), never
read back from Redis.
"""

import time

import orjson
import pandas as pd
import pytest

from pipeline.games import configured_games
from pipeline.readmodel import as_score
from tests.dashboards.conftest import figures, infos, table_with
from tests.support.recompute import recompute
from tests.support.recompute_trends import game_counters, heat_cells, minutes_table


def events_of(raw: list[bytes]) -> list[dict]:
    return [orjson.loads(v) for v in raw]


def by_minute(spec: dict, name: str) -> dict[pd.Timestamp, float]:
    """Return one trace of a figure as minute -> value, zero minutes left out."""
    trace = next(t for t in spec["data"] if t.get("name") == name)
    minutes = pd.to_datetime(pd.Series(trace["x"]), utc=True)
    return {m: v for m, v in zip(minutes, trace["y"], strict=True) if v}


def expected_by_minute(table: pd.DataFrame, game: str, column: str) -> dict:
    rows = table.loc[game][column]
    return {pd.Timestamp(m): v for m, v in rows.items() if v}


def test_overview_counts_and_minutes_equal_a_recomputation(open_page, played):
    at = open_page("overview")

    games = configured_games()
    expected = game_counters(played)
    shown = table_with(at, "Live matches").set_index("Game")
    for game_id, want in expected.iterrows():
        row = shown.loc[games[game_id].name]
        assert row["Players"] == want["players"]
        assert row["Matches"] == want["matches"]
        assert row["Live matches"] == want["live_matches"]
        assert (row["Events"], row["Kills"]) == (want["events"], want["kills"])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Events"] == f"{len(played):,}"
    assert metrics["Kills"] == f"{expected['kills'].sum():,}"

    table = minutes_table(played, games)
    charts = figures(at)
    for game_id in expected.index:
        name = games[game_id].name
        assert by_minute(charts["Events per minute"], name) == expected_by_minute(
            table, game_id, "events"
        )
        assert by_minute(charts["Active matches"], name) == expected_by_minute(
            table, game_id, "matches"
        )


def test_trends_minutes_movers_and_trajectory_equal_a_recomputation(open_page, played):
    at = open_page("trends", game="halo", window="60", metric="kills")

    games = configured_games()
    table = minutes_table(played, games).loc["halo"]
    shown = table_with(at, "headshots")
    shown = shown.assign(minute=shown["minute"].dt.strftime("%Y-%m-%dT%H:%M:00Z"))
    shown = shown.set_index("minute")
    for minute, want in table.iterrows():
        for column in ("events", "kills", "deaths", "headshots"):
            assert shown.loc[minute, column] == want[column], (minute, column)
        assert shown.loc[minute, "score"] == pytest.approx(want["score"], abs=0.01)
    kills = by_minute(figures(at)["Kills per minute"], "kills")
    assert kills == {pd.Timestamp(m): v for m, v in table["kills"].items() if v}

    players = recompute(played, games).query("game == 'halo'").set_index("player_id")
    movers = table_with(at, "Places climbed")
    best = players.sort_values(["kills"], ascending=False)["kills"]
    assert list(movers["Kills"]) == list(best.head(len(movers)))
    for _, row in movers.iterrows():
        assert row["Kills"] == players.kills[row["Id"]]
        assert row["Deaths"] == players.deaths[row["Id"]]
        assert row["Points gained"] == pytest.approx(players.score[row["Id"]])
    # Every point of the seeded run is inside the window: nobody ranked before.
    assert set(movers["Places climbed"]) == {"new"}

    top = players.sort_values("score", ascending=False).iloc[0]
    caption = next(c.value for c in at.caption if c.value.startswith("Over the"))
    assert f"{top.kills} kills, {top.deaths} deaths" in caption
    assert f"{top.score:g} points" in caption


@pytest.mark.parametrize("kind", ["kills", "deaths"])
def test_heatmap_equals_the_recounted_positions(open_page, played, app_env, kind):
    at = open_page("heatmaps", game="halo", map="live_fire", kind=kind)

    live_fire = configured_games()["halo"].map_info("live_fire")
    n = app_env.heatmap_grid
    want = heat_cells(events_of(played), "live_fire", kind, live_fire.extent, n)
    spec = figures(at)[f"{kind.capitalize()} on Live Fire"]
    z = pd.DataFrame(spec["data"][0]["z"]).fillna(0)
    shown = {
        f"{col}:{row}": int(z.iloc[row, col])
        for row in range(n)
        for col in range(n)
        if z.iloc[row, col]
    }
    assert shown == {k: v for k, v in want.items() if ":" in k}
    placed = sum(shown.values())
    caption = next(c.value for c in at.caption if "placed on" in c.value)
    assert caption.startswith(f"{placed:,} {kind} placed on a {n}x{n} grid")
    assert f"{want.get('outside', 0):,} outside" in caption


def test_heatmap_filters_by_weapon_and_time(open_page, played, app_env):
    events = events_of(played)
    weapon = pd.Series(
        [e["weapon"] for e in events if e.get("map") == "live_fire" and "weapon" in e]
    ).mode()[0]

    at = open_page("heatmaps", game="halo", map="live_fire", weapon=weapon, since="15")

    live_fire = configured_games()["halo"].map_info("live_fire")
    since = time.time() - 15 * 60
    want = heat_cells(
        events,
        "live_fire",
        "kills",
        live_fire.extent,
        app_env.heatmap_grid,
        weapon=weapon,
        since=since,
    )
    caption = next(c.value for c in at.caption if "placed on" in c.value)
    placed = sum(v for k, v in want.items() if ":" in k)
    assert caption.startswith(f"{placed:,} kills placed")
    assert "Recounted from the kill log" in caption
    assert at.selectbox(key="url:weapon").value == weapon


def test_activity_sums_every_event_by_weekday_and_hour(open_page, played):
    at = open_page("heatmaps", game="valorant", map="haven")

    spec = figures(at)["Events by hour of day and day of week (UTC)"]
    times = pd.to_datetime(
        [e["event_time"] for e in events_of(played) if e["game"] == "valorant"],
        utc=True,
    )
    z = pd.DataFrame(spec["data"][0]["z"])
    expected = pd.Series(1, index=times).groupby([times.weekday, times.hour]).sum()
    for (day, hour), count in expected.items():
        assert z.iloc[day, hour] == count
    assert z.to_numpy().sum() == len(times)


def test_players_search_and_comparison_equal_a_recomputation(open_page, played):
    players = recompute(played, configured_games()).query("game == 'valorant'")
    players = players.set_index("player_id")
    pair = list(players.sort_values("score", ascending=False).index[:2])

    at = open_page("players", game="valorant", q=pair[0], compare=",".join(pair))

    results = table_with(at, "Team")
    assert list(results["Id"]) == [pair[0]]
    metrics = [(m.label, m.value) for m in at.metric]
    cards = [dict(metrics[i : i + 8]) for i in range(0, len(metrics), 8)]
    assert len(cards) == 2
    for pid, card in zip(pair, cards, strict=True):
        want = players.loc[pid]
        assert card["Kills"] == f"{want.kills:,}"
        assert card["Deaths"] == f"{want.deaths:,}"
        assert card["Score"] == f"{as_score(want.score):,}"
        assert card["K/D"] == f"{want.kd:.2f}"
    assert "Points over the window" in figures(at)


@pytest.mark.parametrize(
    ("page", "params", "words"),
    [
        ("overview", {}, "No events in the last hour yet."),
        ("trends", {"game": "halo"}, "No matches in the last hour yet."),
        ("heatmaps", {"game": "apex"}, "No kills on World's Edge yet."),
        ("players", {"game": "apex"}, "No players in Apex Legends yet."),
    ],
)
def test_an_empty_stack_is_said_in_words(open_page, page, params, words):
    at = open_page(page, **params)

    assert words in infos(at)
