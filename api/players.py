"""One player's line in one game: totals, averages and ranks."""

from flask import Blueprint

from api.errors import found_or_404
from api.extensions import read_model
from api.params import game_arg, player_id_arg

bp = Blueprint("players", __name__)


@bp.get("/games/<game>/players/<player_id>")
def show_player(game: str, player_id: str) -> dict:
    """Show a player's stats, per-match averages and ranks per metric."""
    game = game_arg(game)
    player_id = player_id_arg(player_id)

    player = read_model().player(game, player_id)
    return found_or_404(player, "player", "player_id")
