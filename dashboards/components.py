"""Pieces every page uses: filters kept in the URL, charts, empty states.

A filter reads its value from the page's query string (st.query_params), falls
back to its default when the value is missing or no longer an option, and
writes the chosen value back, so a link or a reload shows the same view.
"""

from collections.abc import Callable, Sequence

import plotly.graph_objects as go
import streamlit as st

from pipeline.games import Game


def _remember(param: str, value: str | None) -> None:
    if value is None or value == "":
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get(param) != value:
        st.query_params[param] = value


def url_select(
    label: str,
    options: Sequence[str],
    param: str,
    default: str | None = None,
    format_func: Callable[[str], str] = str,
    container=st,
) -> str | None:
    """Show a select box whose choice lives in the URL under param."""
    options = list(options)
    if not options:
        return None
    wanted = st.query_params.get(param, default)
    index = options.index(wanted) if wanted in options else 0
    value = container.selectbox(
        label, options, index=index, format_func=format_func, key=f"url:{param}"
    )
    _remember(param, value)
    return value


def url_number(
    label: str, options: Sequence[int], param: str, default: int, container=st
) -> int:
    """Show a select box of numbers (a window in minutes) kept in the URL."""
    names = [str(n) for n in options]
    chosen = url_select(label, names, param, str(default), container=container)
    return int(chosen)


def url_multiselect(
    label: str,
    options: Sequence[str],
    param: str,
    max_selections: int,
    format_func: Callable[[str], str] = str,
    default: Sequence[str] = (),
) -> list[str]:
    """Show a multi-select whose choices live in the URL, comma-separated."""
    raw = st.query_params.get(param)
    wanted = raw.split(",") if raw else list(default)
    chosen = [o for o in wanted if o in options][:max_selections]
    values = st.multiselect(
        label,
        list(options),
        default=chosen,
        max_selections=max_selections,
        format_func=format_func,
        key=f"url:{param}",
    )
    _remember(param, ",".join(values))
    return values


def url_text(label: str, param: str, placeholder: str = "") -> str:
    """Show a text box whose text lives in the URL under param."""
    value = st.text_input(
        label,
        value=st.query_params.get(param, ""),
        placeholder=placeholder,
        key=f"url:{param}",
    )
    _remember(param, value.strip())
    return value.strip()


def game_picker(games: dict[str, Game], container=st) -> str:
    """Show the game filter (URL: game)."""
    return url_select(
        "Game",
        list(games),
        "game",
        format_func=lambda g: games[g].name,
        container=container,
    )


def chart(fig: go.Figure, key: str) -> None:
    """Draw a figure across the page's width."""
    st.plotly_chart(fig, key=key, width="stretch")


def empty(message: str) -> None:
    """Say in words that there is nothing to show yet."""
    st.info(message, icon=":material/hourglass_empty:")


def window_words(minutes: int) -> str:
    """Say a window in minutes the way a person would."""
    if minutes % 60 == 0:
        hours = minutes // 60
        return "hour" if hours == 1 else f"{hours} hours"
    return f"{minutes} minutes"
