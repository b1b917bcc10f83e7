"""Figure builders: a DataFrame in, a plotly figure out.

Pure on purpose (no Streamlit, no Redis), so plain pytest covers them. Frames
come from dashboards.data; times are UTC. An empty frame gives an empty figure
with a title, never an error; the pages say "no data" in words before drawing.
"""

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

TEMPLATE = "plotly_white"
HEIGHT = 320
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
COMPARED = ("score", "kills", "deaths", "assists", "kd", "kda")
FIELD_BAND = "rgba(99, 110, 250, 0.15)"
MAP_BACKGROUND = "#eef1f5"
# One distinct colour per game or player (Streamlit's own theme repeats blues).
PALETTE = px.colors.qualitative.Bold


def _style(fig: go.Figure, title: str, y_title: str = "") -> go.Figure:
    fig.update_layout(
        title=title,
        template=TEMPLATE,
        height=HEIGHT,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": -0.2, "title": None},
        xaxis_title=None,
        yaxis_title=y_title,
    )
    return fig


def per_minute_lines(
    frame: pd.DataFrame, column: str, title: str, y_title: str
) -> go.Figure:
    """Draw one line per game of a per-minute column."""
    if frame.empty:
        return _style(go.Figure(), title, y_title)
    fig = px.line(
        frame, x="minute", y=column, color="game", color_discrete_sequence=PALETTE
    )
    return _style(fig, title, y_title)


def events_per_minute(frame: pd.DataFrame) -> go.Figure:
    """Draw each game's events per minute."""
    return per_minute_lines(frame, "events", "Events per minute", "events")


def active_matches(frame: pd.DataFrame) -> go.Figure:
    """Draw each game's matches with an event in each minute."""
    return per_minute_lines(frame, "matches", "Active matches", "matches")


def kills_per_minute(frame: pd.DataFrame) -> go.Figure:
    """Draw a game's kills per minute as bars, headshots as a line over them."""
    fig = go.Figure()
    if not frame.empty:
        fig.add_bar(x=frame["minute"], y=frame["kills"], name="kills")
        fig.add_scatter(
            x=frame["minute"], y=frame["headshots"], name="headshots", mode="lines"
        )
    return _style(fig, "Kills per minute", "kills")


def _lines(frame: pd.DataFrame, columns: dict[str, str], dashed: set[str]):
    fig = go.Figure()
    if frame.empty:
        return fig
    for column, name in columns.items():
        fig.add_scatter(
            x=frame["minute"],
            y=frame[column],
            name=name,
            mode="lines",
            line={"dash": "dot" if column in dashed else "solid"},
        )
    return fig


def score_over_time(frame: pd.DataFrame) -> go.Figure:
    """Draw points per minute: the field's median and 90th percentile, the mean."""
    columns = {
        "score_p50": "median player",
        "score_p90": "90th percentile",
        "score_per_player": "per active player",
    }
    fig = _lines(frame, columns, dashed={"score_per_player"})
    return _style(fig, "Points per player per minute", "points")


def kd_over_time(frame: pd.DataFrame) -> go.Figure:
    """Draw K/D per minute: the game's, and the field's median and 90th percentile."""
    columns = {"kd_p50": "median player", "kd_p90": "90th percentile", "kd": "game"}
    fig = _lines(frame, columns, dashed={"kd"})
    return _style(fig, "K/D per minute", "K/D")


def climb_label(climb: float | None) -> str:
    """Say places climbed: "+3", "-1", "=" for none, "new" when not ranked before."""
    if climb is None or pd.isna(climb):
        return "new"
    return f"{int(climb):+d}" if climb else "="


def movers_chart(frame: pd.DataFrame, metric: str) -> go.Figure:
    """Draw the window's gains as horizontal bars, best on top, places climbed."""
    title = f"Top movers by {metric}"
    if frame.empty:
        return _style(go.Figure(), title)
    ordered = frame.iloc[::-1]
    labels = [climb_label(c) for c in ordered["climb"]]
    fig = go.Figure(
        go.Bar(
            x=ordered[metric],
            y=ordered["name"].where(ordered["name"] != "", ordered["player_id"]),
            orientation="h",
            text=labels,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x} (places: %{text})<extra></extra>",
        )
    )
    fig = _style(fig, title, "")
    fig.update_layout(
        xaxis_title=f"{metric} gained (label: places climbed)",
        margin={"l": 10, "r": 40, "t": 50, "b": 10},
    )
    return fig


def trajectory_chart(frame: pd.DataFrame, name: str) -> go.Figure:
    """Draw a player's points per minute inside the field's median-to-p90 band."""
    title = f"{name} against the field"
    fig = go.Figure()
    if not frame.empty:
        x = frame["minute"]
        fig.add_scatter(
            x=x,
            y=frame["field_score_p90"],
            name="field 90th percentile",
            mode="lines",
            line={"width": 0},
        )
        fig.add_scatter(
            x=x,
            y=frame["field_score_p50"],
            name="field median",
            mode="lines",
            fill="tonexty",
            fillcolor=FIELD_BAND,
            line={"dash": "dot"},
        )
        fig.add_scatter(x=x, y=frame["score"], name=name, mode="lines+markers")
    return _style(fig, title, "points per minute")


def density_heatmap(
    frame: pd.DataFrame, extent: list[float], kind: str, map_name: str
) -> go.Figure:
    """Draw a map's grid (rows y, columns x, world units) over its whole extent."""
    # Empty cells are left out, so the map's background shows through them.
    z = frame.where(frame > 0).to_numpy(dtype=float)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(frame.columns),
            y=list(frame.index),
            colorscale="YlOrRd",
            zmin=0,
            colorbar={"title": kind},
            hoverongaps=False,
            hovertemplate="x %{x}, y %{y}: %{z}<extra></extra>",
        )
    )
    x0, y0, x1, y1 = extent
    fig = _style(fig, f"{kind.capitalize()} on {map_name}")
    fig.update_layout(
        height=560, xaxis_title="x", yaxis_title="y", plot_bgcolor=MAP_BACKGROUND
    )
    fig.update_xaxes(range=[x0, x1], constrain="domain")
    fig.update_yaxes(range=[y0, y1], scaleanchor="x", scaleratio=1)
    return fig


def activity_heatmap(frame: pd.DataFrame, column: str = "events") -> go.Figure:
    """Draw a weekday by hour-of-day grid (UTC) of a count."""
    grid = (
        frame.pivot_table(index="weekday", columns="hour", values=column, aggfunc="sum")
        .reindex(index=range(7), columns=range(24))
        .fillna(0)
    )
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=[f"{h:02d}" for h in grid.columns],
            y=list(WEEKDAYS),
            colorscale="Blues",
            colorbar={"title": column},
            hovertemplate="%{y} %{x}:00 UTC: %{z}<extra></extra>",
        )
    )
    fig = _style(fig, f"{column.capitalize()} by hour of day and day of week (UTC)")
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(xaxis_title="hour of day")
    return fig


def compare_bars(frame: pd.DataFrame) -> go.Figure:
    """Draw players' totals side by side: one panel per figure, own scale each."""
    title = "Side by side"
    if frame.empty:
        return _style(go.Figure(), title)
    long = frame.melt(id_vars=["label"], value_vars=list(COMPARED), var_name="figure")
    fig = px.bar(
        long,
        x="label",
        y="value",
        color="label",
        color_discrete_sequence=PALETTE,
        facet_col="figure",
        facet_col_spacing=0.04,
    )
    fig = _style(fig, title)
    fig.update_yaxes(matches=None, showticklabels=True, title=None)
    fig.update_xaxes(showticklabels=False, title=None)
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=")[-1]))
    return fig


def compare_trajectories(frame: pd.DataFrame) -> go.Figure:
    """Draw each player's running points over the window."""
    title = "Points over the window"
    if frame.empty:
        return _style(go.Figure(), title)
    fig = px.line(
        frame, x="minute", y="cum_score", color="label", color_discrete_sequence=PALETTE
    )
    return _style(fig, title, "points since the window's start")
