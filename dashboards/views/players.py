"""Players: find a player by name or id, compare two to four side by side.

Lines (totals, K/D, KDA, ranks) come from the leaderboards and player hashes
through pipeline.readmodel; the running points over the window from the
per-minute player lines through pipeline.trends (both via dashboards.data).
Search covers the game's best SEARCH_LIMIT players by score. The comparison
refreshes every REFRESH_SECONDS.
"""

import pandas as pd
import streamlit as st

from dashboards import data, figures
from dashboards.components import (
    chart,
    empty,
    game_picker,
    url_multiselect,
    url_number,
    url_text,
    window_words,
)

# Constants ------------------------------------------------------------------
MAX_COMPARED = 4
NUMBER_WORDS = {2: "two", 3: "three", 4: "four"}
WINDOWS = (15, 60, 180, 360)
RESULTS_SHOWN = 50
RESULT_COLUMNS = {
    "rank": "Rank",
    "name": "Player",
    "player_id": "Id",
    "team": "Team",
    "score": "Score",
    "kills": "Kills",
    "deaths": "Deaths",
    "kd": "K/D",
    "matches": "Matches",
}


# Components -------------------------------------------------------------------
def results_table(found: pd.DataFrame, text: str) -> None:
    """Show the search results, or say nobody matched."""
    if found.empty:
        empty(f'No player\'s name or id contains "{text}".')
        return
    table = found[list(RESULT_COLUMNS)].rename(columns=RESULT_COLUMNS)
    st.dataframe(table, hide_index=True, width="stretch", key="results")


def player_card(line: pd.Series) -> None:
    """Show one player's line as metrics in a bordered column."""
    with st.container(border=True):
        st.markdown(
            f"**{line['name']}**  \n`{line['player_id']}` · team {line['team']}"
        )
        a, b = st.columns(2)
        a.metric("Score", f"{line['score']:,}")
        b.metric("Rank", f"#{line['rank']}")
        a.metric("Kills", f"{line['kills']:,}")
        b.metric("Deaths", f"{line['deaths']:,}")
        a.metric("K/D", f"{line['kd']:.2f}")
        b.metric("KDA", f"{line['kda']:.2f}")
        a.metric("Matches", f"{line['matches']:,}")
        b.metric("Wins", f"{line['wins']:,}")


def comparison(lines: pd.DataFrame, runs: pd.DataFrame, window: int) -> None:
    """Show the compared players side by side, then their charts."""
    for column, (_, line) in zip(st.columns(len(lines)), lines.iterrows(), strict=True):
        with column:
            player_card(line)
    pairs = zip(lines["name"], lines["player_id"], strict=True)
    labelled = lines.assign(label=[data.label(name, pid) for name, pid in pairs])
    chart(figures.compare_bars(labelled), "compare_bars")
    if runs.empty or (runs["score"] == 0).all():
        empty(f"None of them has scored in the last {window_words(window)}.")
        return
    labels = dict(zip(labelled["player_id"], labelled["label"], strict=True))
    chart(
        figures.compare_trajectories(runs.assign(label=runs["player_id"].map(labels))),
        "compare_trajectories",
    )


# Layout -----------------------------------------------------------------------
st.title("Players")
src = data.source()
games = data.games(src)
cols = st.columns([1, 1, 2])
game = game_picker(games, container=cols[0])
window = url_number("Window (minutes)", WINDOWS, "window", 60, container=cols[1])
(version,) = data.versions(src, [game])
board = data.board(src, game, version)

if board.empty:
    empty(f"No players in {games[game].name} yet.")
    st.stop()

with cols[2]:
    text = url_text("Search", "q", placeholder="a name or an id")
results_table(data.search(board, text, RESULTS_SHOWN), text)

labels = data.player_labels(src, game, version)
compared = url_multiselect(
    f"Compare two to {NUMBER_WORDS[MAX_COMPARED]} players",
    list(labels),
    "compare",
    max_selections=MAX_COMPARED,
    format_func=labels.get,
)


@st.fragment(run_every=data.REFRESH_SECONDS)
def live(game: str, compared: tuple[str, ...], window: int) -> None:
    """Draw the side-by-side comparison; reruns on its own timer."""
    (version,) = data.versions(src, [game])
    lines = data.player_lines(src, game, compared, version)
    runs = data.trajectories(src, game, compared, window, version)
    comparison(lines, runs, window)


if len(compared) < 2:
    empty(
        f"Pick two to {NUMBER_WORDS[MAX_COMPARED]} players above to compare them "
        "side by side."
    )
else:
    live(game, tuple(compared), window)
