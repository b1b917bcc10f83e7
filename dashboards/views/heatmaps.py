"""Heatmaps: where on each map kills and deaths happen, and when people play.

The density grid covers the map's extent from pipeline/games.toml. With no
weapon and all time it is the engine's own grid of every kill or death; with a
weapon or a time window it is recounted from the kill log (the latest
KILL_LOG_MAXLEN kills), and the page says when the log does not reach back far
enough. Activity sums the retained minute buckets by UTC weekday and hour. All
of it comes through pipeline.trends (dashboards.data), refreshed every
REFRESH_SECONDS.
"""

from datetime import datetime

import streamlit as st

from dashboards import data, figures
from dashboards.components import (
    chart,
    empty,
    game_picker,
    url_select,
    window_words,
)

# Constants ------------------------------------------------------------------
KINDS = ("kills", "deaths")
ALL_WEAPONS = "all"
# Time windows offered, in minutes; "all" reads the engine's grid.
SINCE = ("all", "5", "15", "60", "180")


def since_words(value: str) -> str:
    """Name a time-window option."""
    return "All time" if value == "all" else f"Last {window_words(int(value))}"


def when(iso_time: str) -> str:
    """Say a UTC time the way a person reads it."""
    return datetime.fromisoformat(iso_time).strftime("%d %b %Y %H:%M UTC")


# Components -------------------------------------------------------------------
def density_panel(grid: dict, map_name: str, weapon: str | None, since: str) -> None:
    """Draw the map's density, or say why there is nothing to draw."""
    kind = grid["kind"]
    if grid["total"] == 0 and grid["outside"] == 0 and grid["missing"] == 0:
        with_weapon = f" with {weapon}" if weapon else ""
        when = "" if since == "all" else f" in the {since_words(since).lower()}"
        empty(f"No {kind}{with_weapon} on {map_name}{when} yet.")
        return
    fig = figures.density_heatmap(grid["frame"], grid["extent"], kind, map_name)
    chart(fig, "density")
    st.caption(
        f"{grid['total']:,} {kind} placed on a {grid['grid']}x{grid['grid']} grid; "
        f"{grid['outside']:,} outside the map's extent, "
        f"{grid['missing']:,} without a position. "
        + (
            "Counted by the engine since the start."
            if grid["source"] == "grid"
            else "Recounted from the kill log (kills only)."
        )
    )
    if not grid["complete"]:
        st.warning(
            "The kill log no longer reaches back that far: older kills are "
            "missing from this view. Choose a shorter window or all time."
        )


def activity_panel(cells, since: str | None) -> None:
    """Draw events by weekday and hour, or say there are none yet."""
    st.subheader("Activity by hour of day and day of week")
    if cells.empty or cells["events"].sum() == 0:
        empty("No activity recorded yet.")
        return
    chart(figures.activity_heatmap(cells, "events"), "activity")
    st.caption(f"UTC; every retained minute since {when(since)}.")


# Layout -----------------------------------------------------------------------
st.title("Heatmaps")
src = data.source()
games = data.games(src)
cols = st.columns(5)
game = game_picker(games, container=cols[0])
maps = {m.id: m.name for m in games[game].maps}
map_id = url_select("Map", list(maps), "map", format_func=maps.get, container=cols[1])
kind = url_select("Show", KINDS, "kind", container=cols[2])
(version,) = data.versions(src, [game])
weapons = [ALL_WEAPONS, *data.weapons(src, game, version)]
wanted = st.query_params.get("weapon")
if wanted and wanted not in weapons:
    weapons.append(wanted)  # a link's weapon stays chosen until it is seen again
weapon = url_select(
    "Weapon",
    weapons,
    "weapon",
    format_func=lambda w: "All weapons" if w == ALL_WEAPONS else w,
    container=cols[3],
)
since = url_select("Time", SINCE, "since", format_func=since_words, container=cols[4])


@st.fragment(run_every=data.REFRESH_SECONDS)
def live(game: str, map_id: str, kind: str, weapon: str, since: str) -> None:
    """Draw the density and the activity grids; reruns on its own timer."""
    (version,) = data.versions(src, [game])
    chosen = None if weapon == ALL_WEAPONS else weapon
    minutes = None if since == "all" else int(since)
    grid = data.heatmap(src, game, map_id, kind, chosen, minutes, version)
    density_panel(grid, maps[map_id], chosen, since)
    cells, oldest = data.activity(src, game, version)
    activity_panel(cells, oldest)


if map_id is None:
    empty(f"{games[game].name} lists no maps in GAMES_CONFIG.")
else:
    live(game, map_id, kind, weapon, since)
