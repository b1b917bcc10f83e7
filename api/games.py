"""The list of games the stack knows, with their live counts."""

from flask import Blueprint

from api.extensions import read_model

bp = Blueprint("games", __name__)


@bp.get("/games")
def list_games() -> dict:
    """List every configured game with its players, matches and live matches."""
    return {"games": read_model().list_games()}
