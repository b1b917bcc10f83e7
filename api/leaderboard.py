"""One page of a game's leaderboard by score, kills or K/D."""

from flask import Blueprint, Response

from api.board_cache import board_cache
from api.extensions import read_model
from api.params import choice_arg, game_arg, int_arg
from pipeline.keys import METRICS

bp = Blueprint("leaderboard", __name__)


@bp.get("/games/<game>/leaderboard")
def show_leaderboard(game: str) -> dict | Response:
    """Show a page of the leaderboard with competition ranks (kept per worker)."""
    game = game_arg(game)
    metric = choice_arg("metric", METRICS, default="score")
    limit = int_arg("limit", default=10, low=1, high=100)
    offset = int_arg("offset", default=0, low=0, high=10_000)

    model = read_model()
    cache = board_cache()
    if cache is None:
        return model.leaderboard(game, metric, limit, offset)
    return cache.page(
        game,
        (metric, limit, offset),
        lambda: model.leaderboard(game, metric, limit, offset),
    )
