"""Trends: kills per minute, points and K/D over time, top movers, trajectories.

Per game and UTC minute from the engine's minute buckets and player lines (see
docs/contracts.md), read through pipeline.trends by dashboards.data. Movers
are the players who gained most in the window; the trajectory sets a player's
points per minute inside the band between the field's median and 90th
percentile. The charts refresh every REFRESH_SECONDS.
"""

import pandas as pd
import streamlit as st

from dashboards import data, figures
from dashboards.components import (
    chart,
    empty,
    game_picker,
    url_number,
    url_select,
    window_words,
)

# Constants ------------------------------------------------------------------
WINDOWS = (15, 30, 60, 180, 360)
MOVER_METRICS = ("score", "kills")
MOVERS_SHOWN = 10
MOVER_COLUMNS = {
    "name": "Player",
    "player_id": "Id",
    "score": "Points gained",
    "kills": "Kills",
    "deaths": "Deaths",
    "kd": "K/D",
    "rank": "Rank now",
    "rank_before": "Rank before",
    "climb": "Places climbed",
}
MINUTE_COLUMNS = ["minute", "events", "kills", "deaths", "headshots", "score"]


# Components -------------------------------------------------------------------
def minute_charts(minutes: pd.DataFrame, window: int) -> None:
    """Draw kills per minute, then points and K/D over time, with the numbers."""
    if minutes["events"].sum() == 0:
        empty(f"No matches in the last {window_words(window)} yet.")
        return
    chart(figures.kills_per_minute(minutes), "kills_per_minute")
    left, right = st.columns(2)
    with left:
        chart(figures.score_over_time(minutes), "score_over_time")
    with right:
        chart(figures.kd_over_time(minutes), "kd_over_time")
    with st.expander("Minute by minute"):
        table = minutes[MINUTE_COLUMNS].iloc[::-1]
        st.dataframe(table, hide_index=True, width="stretch", key="minutes_table")


def movers_panel(movers: pd.DataFrame, metric: str, window: int) -> None:
    """Show the top movers as a chart and a table."""
    st.subheader("Top movers")
    if movers.empty:
        empty(f"Nobody has scored or fought in the last {window_words(window)} yet.")
        return
    chart(figures.movers_chart(movers, metric), "movers_chart")
    shown = movers.assign(
        climb=movers["climb"].map(figures.climb_label),
        rank_before=movers["rank_before"].map(
            lambda r: "—" if r is None or pd.isna(r) else f"{int(r)}"
        ),
    )
    table = shown[list(MOVER_COLUMNS)].rename(columns=MOVER_COLUMNS)
    st.dataframe(table, hide_index=True, width="stretch", key="movers_table")


def trajectory_panel(trajectory: pd.DataFrame, label: str, window: int) -> None:
    """Show a player's minutes against the field's."""
    st.subheader("A player against the field")
    if trajectory.empty or (trajectory[["kills", "deaths", "score"]] == 0).all().all():
        empty(f"{label} has not played in the last {window_words(window)}.")
        return
    chart(figures.trajectory_chart(trajectory, label), "trajectory_chart")
    last = trajectory.iloc[-1]
    st.caption(
        f"Over the window: {last['cum_score']:g} points, {last['cum_kills']} kills, "
        f"{last['cum_deaths']} deaths, K/D {last['cum_kd']:.2f}."
    )


# Layout -----------------------------------------------------------------------
st.title("Trends")
src = data.source()
games = data.games(src)
cols = st.columns(4)
game = game_picker(games, container=cols[0])
window = url_number("Window (minutes)", WINDOWS, "window", 60, container=cols[1])
metric = url_select("Movers by", MOVER_METRICS, "metric", container=cols[2])
(version,) = data.versions(src, [game])
players = data.player_labels(src, game, version)
player = url_select(
    "Player",
    list(players),
    "player",
    format_func=players.get,
    container=cols[3],
)


@st.fragment(run_every=data.REFRESH_SECONDS)
def live(game: str, window: int, metric: str, player: str | None) -> None:
    """Draw every chart of the page; reruns on its own timer."""
    (version,) = data.versions(src, [game])
    minutes = data.minutes(src, (game,), window, version)
    minute_charts(minutes, window)
    movers = data.movers(src, game, window, metric, MOVERS_SHOWN, version)
    movers_panel(movers, metric, window)
    if player is None:
        st.subheader("A player against the field")
        empty("No players in this game yet.")
        return
    trajectory = data.trajectories(src, game, (player,), window, version)
    trajectory_panel(trajectory, players[player], window)


live(game, window, metric, player)
