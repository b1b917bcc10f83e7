"""Overview: live counters per game, events per minute and active matches.

Counters are each game's running totals (game hash, leaderboards, live-match
set); the charts are the per-minute buckets of the chosen window. All of it is
read through dashboards.data and refreshed every REFRESH_SECONDS.
"""

import streamlit as st

from dashboards import data, figures
from dashboards.components import chart, empty, url_number, window_words

# Constants ------------------------------------------------------------------
WINDOWS = (15, 60, 180, 360)
COUNTER_COLUMNS = {
    "name": "Game",
    "players": "Players",
    "live_matches": "Live matches",
    "matches": "Matches",
    "events": "Events",
    "kills": "Kills",
}


# Data access ------------------------------------------------------------------
def load(src: data.Source, window: int):
    """Return the counters per game and the window's minutes of every game."""
    game_ids = list(data.games(src))
    version = data.versions(src, game_ids)
    counters = data.counters(src, version)
    minutes = data.minutes(src, tuple(game_ids), window, version)
    return counters, minutes


# Components -------------------------------------------------------------------
def totals_row(counters) -> None:
    """Show the totals over every game as metrics."""
    cols = st.columns(4)
    cols[0].metric("Events", f"{counters['events'].sum():,}")
    cols[1].metric("Kills", f"{counters['kills'].sum():,}")
    cols[2].metric("Live matches", f"{counters['live_matches'].sum():,}")
    cols[3].metric("Players", f"{counters['players'].sum():,}")


def counters_table(counters) -> None:
    """Show one row of running counters per game."""
    table = counters[list(COUNTER_COLUMNS)].rename(columns=COUNTER_COLUMNS)
    st.dataframe(table, hide_index=True, width="stretch")


# Layout -----------------------------------------------------------------------
st.title("Overview")
window = url_number(
    "Window (minutes)", WINDOWS, "window", default=60, container=st.columns(4)[0]
)
src = data.source()


@st.fragment(run_every=data.REFRESH_SECONDS)
def live(window: int) -> None:
    """Draw the counters and the per-minute charts; reruns on its own timer."""
    counters, minutes = load(src, window)
    totals_row(counters)
    counters_table(counters)
    if minutes.empty or minutes["events"].sum() == 0:
        empty(f"No events in the last {window_words(window)} yet.")
        return
    # Games without an event in the window would only draw a line at zero.
    busy = minutes.groupby("game")["events"].transform("sum") > 0
    names = counters.set_index("id")["name"]
    named = minutes[busy].assign(game=lambda f: f["game"].map(names))
    left, right = st.columns(2)
    with left:
        chart(figures.events_per_minute(named), "events_per_minute")
    with right:
        chart(figures.active_matches(named), "active_matches")
    st.caption(f"UTC minutes by event time; refreshed every {data.REFRESH_SECONDS} s.")


live(window)
