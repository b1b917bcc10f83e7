"""The figure builders as plain functions: a frame in, the figure's data out."""

import math

import pandas as pd
import pytest

from dashboards import figures

MINUTES = pd.to_datetime(
    ["2024-05-01T10:00Z", "2024-05-01T10:01Z", "2024-05-01T10:02Z"], utc=True
)


def minutes_frame(**columns) -> pd.DataFrame:
    return pd.DataFrame({"minute": MINUTES, **columns})


def trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def test_events_per_minute_draws_one_line_per_game():
    frame = pd.concat(
        [
            minutes_frame(game="Halo", events=[1, 2, 3], matches=[1, 1, 0]),
            minutes_frame(game="Apex", events=[0, 5, 0], matches=[0, 1, 0]),
        ]
    )

    fig = figures.events_per_minute(frame)

    assert [t.name for t in fig.data] == ["Halo", "Apex"]
    assert list(trace(fig, "Apex").y) == [0, 5, 0]
    assert fig.layout.title.text == "Events per minute"


def test_active_matches_plots_the_matches_column():
    frame = minutes_frame(game="Halo", events=[1, 2, 3], matches=[1, 2, 0])

    fig = figures.active_matches(frame)

    assert list(fig.data[0].y) == [1, 2, 0]


def test_kills_per_minute_puts_headshots_over_the_kill_bars():
    frame = minutes_frame(kills=[4, 0, 2], headshots=[1, 0, 2])

    fig = figures.kills_per_minute(frame)

    assert trace(fig, "kills").type == "bar"
    assert list(trace(fig, "kills").y) == [4, 0, 2]
    assert list(trace(fig, "headshots").y) == [1, 0, 2]


@pytest.mark.parametrize(
    "build",
    [
        figures.kills_per_minute,
        figures.score_over_time,
        figures.kd_over_time,
        figures.events_per_minute,
        figures.compare_bars,
        figures.compare_trajectories,
    ],
)
def test_an_empty_frame_gives_an_empty_figure_with_its_title(build):
    fig = build(pd.DataFrame())

    assert fig.data == ()
    assert fig.layout.title.text


def test_score_and_kd_over_time_draw_the_field_and_the_game():
    frame = minutes_frame(
        score_p50=[10, 20, 30],
        score_p90=[40, 50, 60],
        score_per_player=[15, 25, 35],
        kd=[1.0, 0.9, 1.1],
        kd_p50=[1.0, 1.0, 0.5],
        kd_p90=[3.0, 2.0, 2.5],
    )

    score = figures.score_over_time(frame)
    kd = figures.kd_over_time(frame)

    assert list(trace(score, "median player").y) == [10, 20, 30]
    assert list(trace(score, "90th percentile").y) == [40, 50, 60]
    assert trace(score, "per active player").line.dash == "dot"
    assert list(trace(kd, "game").y) == [1.0, 0.9, 1.1]
    assert list(trace(kd, "90th percentile").y) == [3.0, 2.0, 2.5]


@pytest.mark.parametrize(
    ("climb", "label"), [(3, "+3"), (-1, "-1"), (0, "="), (None, "new")]
)
def test_climb_label_says_places_climbed(climb, label):
    assert figures.climb_label(climb) == label


def test_movers_chart_puts_the_best_on_top_and_labels_the_climb():
    frame = pd.DataFrame(
        {
            "player_id": ["p1", "p2", "p3"],
            "name": ["Ana", "", "Cy"],
            "score": [30, 20, 10],
            "kills": [3, 2, 1],
            "climb": [2, None, 0],
        }
    )

    fig = figures.movers_chart(frame, "score")

    bars = fig.data[0]
    # Horizontal bars draw bottom-up, so the best comes last.
    assert list(bars.y) == ["Cy", "p2", "Ana"]
    assert list(bars.x) == [10, 20, 30]
    assert list(bars.text) == ["=", "new", "+2"]


def test_trajectory_chart_sets_the_player_inside_the_field_band():
    frame = minutes_frame(
        score=[100, 0, 50], field_score_p50=[20, 30, 40], field_score_p90=[80, 90, 99]
    )

    fig = figures.trajectory_chart(frame, "Ana")

    assert [t.name for t in fig.data] == [
        "field 90th percentile",
        "field median",
        "Ana",
    ]
    assert fig.data[1].fill == "tonexty"
    assert list(trace(fig, "Ana").y) == [100, 0, 50]
    assert fig.layout.title.text == "Ana against the field"


def test_density_heatmap_spans_the_maps_extent_and_leaves_empty_cells_out():
    frame = pd.DataFrame([[0, 2], [1, 0]], index=[-50.0, 50.0], columns=[-50.0, 50.0])

    fig = figures.density_heatmap(frame, [-100, -100, 100, 100], "kills", "Live Fire")

    heat = fig.data[0]
    assert list(heat.x) == [-50.0, 50.0] and list(heat.y) == [-50.0, 50.0]
    z = [[None if math.isnan(v) else v for v in row] for row in heat.z]
    assert z == [[None, 2], [1, None]]
    assert list(fig.layout.xaxis.range) == [-100, 100]
    assert list(fig.layout.yaxis.range) == [-100, 100]
    assert fig.layout.title.text == "Kills on Live Fire"


def test_activity_heatmap_lays_counts_out_by_weekday_and_hour():
    cells = pd.DataFrame(
        {"weekday": [0, 2, 2], "hour": [0, 13, 13], "events": [5, 1, 2]}
    )

    fig = figures.activity_heatmap(cells)

    z = fig.data[0].z
    assert len(z) == 7 and all(len(row) == 24 for row in z)
    assert z[0][0] == 5 and z[2][13] == 3
    assert sum(map(sum, z)) == 8
    assert list(fig.data[0].y) == list(figures.WEEKDAYS)


def test_compare_bars_gives_each_figure_its_own_panel():
    frame = pd.DataFrame(
        {
            "label": ["Ana (p1)", "Bo (p2)"],
            "score": [1000, 10],
            "kills": [10, 1],
            "deaths": [2, 3],
            "assists": [0, 4],
            "kd": [5.0, 0.33],
            "kda": [5.0, 1.67],
        }
    )

    fig = figures.compare_bars(frame)

    panels = {a.text for a in fig.layout.annotations}
    assert panels == set(figures.COMPARED)
    bars = {(t.name, t.xaxis): list(t.y) for t in fig.data}
    assert bars[("Ana (p1)", "x")] == [1000]


def test_compare_trajectories_draws_a_line_per_player():
    frame = pd.concat(
        [
            minutes_frame(label="Ana (p1)", cum_score=[0, 100, 150]),
            minutes_frame(label="Bo (p2)", cum_score=[50, 50, 60]),
        ]
    )

    fig = figures.compare_trajectories(frame)

    assert list(trace(fig, "Bo (p2)").y) == [50, 50, 60]
