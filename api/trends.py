"""How a game's play evolves: minute trends, top movers, trajectories, activity.

Every view reads through pipeline.trends.Trends, made once per app on the read
model's Redis pool.
"""

from flask import Blueprint, current_app

from api.errors import found_or_404
from api.extensions import read_model
from api.params import choice_arg, game_arg, int_arg, player_id_arg
from pipeline.trends import MOVER_METRICS, Trends

bp = Blueprint("trends", __name__)
# Longest window a request may ask for, in minutes, whatever the retention.
MAX_WINDOW = 24 * 60


def trends() -> Trends:
    """Return the current app's trends reader, made on first use."""
    extensions = current_app.extensions
    if "trends" not in extensions:
        model = read_model()
        extensions["trends"] = Trends(
            model.client,
            model.keys,
            model.games,
            heatmap_grid=current_app.config["HEATMAP_GRID"],
            max_future_skew_seconds=current_app.config["MAX_FUTURE_SKEW_SECONDS"],
        )
    return extensions["trends"]


def window_arg() -> int:
    """Return the window in minutes: 1 up to the retention (at most a day)."""
    retained = current_app.config["MINUTE_RETENTION_HOURS"] * 60
    return int_arg("window", default=60, low=1, high=min(retained, MAX_WINDOW))


@bp.get("/games/<game>/trends")
def show_trends(game: str) -> dict:
    """Show one row per minute of the window: counts, points and the field."""
    game = game_arg(game)
    window = window_arg()

    return {"game": game, "window": window, "minutes": trends().minutes(game, window)}


@bp.get("/games/<game>/trends/movers")
def show_movers(game: str) -> dict:
    """Show the players who gained most in the window and the places they climbed."""
    game = game_arg(game)
    window = window_arg()
    metric = choice_arg("metric", MOVER_METRICS, default="score")
    limit = int_arg("limit", default=10, low=1, high=100)

    movers = trends().movers(game, window, metric, limit)
    return {"game": game, "window": window, "metric": metric, "movers": movers}


@bp.get("/games/<game>/trends/players/<player_id>")
def show_trajectory(game: str, player_id: str) -> dict:
    """Show a player's minutes in the window beside the field's."""
    game = game_arg(game)
    player_id = player_id_arg(player_id)
    window = window_arg()
    found_or_404(read_model().player(game, player_id), "player", "player_id")

    minutes = trends().trajectory(game, player_id, window)
    return {"game": game, "player_id": player_id, "window": window, "minutes": minutes}


@bp.get("/games/<game>/activity")
def show_activity(game: str) -> dict:
    """Show events and kills by UTC weekday and hour over the retained minutes."""
    game = game_arg(game)

    return trends().activity(game)
