"""One page of a game's leaderboard by score, kills or K/D."""

from flask import Blueprint, Response, request

from api.board_cache import board_cache
from api.errors import ApiError
from api.extensions import read_model
from api.params import choice_arg, game_arg, int_arg
from pipeline.keys import METRICS

bp = Blueprint("leaderboard", __name__)


@bp.get("/games/<game>/leaderboard")
def show_leaderboard(game: str) -> dict | Response:
    """Show a page of the leaderboard with competition ranks (kept per worker)."""
    game = game_arg(game)
    metric, limit, offset = _page_args()

    model = read_model()
    cache = board_cache()
    if cache is None:
        return model.leaderboard(game, metric, limit, offset)
    return cache.page(
        game,
        (metric, limit, offset),
        lambda: model.leaderboard(game, metric, limit, offset),
    )


def _page_args() -> tuple[str, int, int]:
    return (
        choice_arg("metric", METRICS, default="score"),
        int_arg("limit", default=10, low=1, high=100),
        int_arg("offset", default=0, low=0, high=10_000),
    )


def answered_from_cache() -> bool:
    """Tell whether this request's page is held, current, in the worker's cache.

    Such a page costs no Redis, so the read limit does not count it (see
    api/limits.py); a request with bad parameters is counted, then refused.
    """
    cache = board_cache()
    game = (request.view_args or {}).get("game")
    if cache is None or not isinstance(game, str):
        return False
    try:
        params = _page_args()
    except ApiError:
        return False
    return cache.holds(game, params)
