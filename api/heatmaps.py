"""Where on each map the fights happen: density grids and the kill log behind them."""

import math
from datetime import datetime

from flask import Blueprint, request

from api.errors import bad_parameter, found_or_404
from api.params import choice_arg, game_arg, int_arg
from api.trends import trends
from pipeline.readmodel import is_valid_id
from pipeline.trends import HEAT_KINDS

bp = Blueprint("heatmaps", __name__)
MAX_LABEL = 64


# 2100-01-01T00:00:00Z: later times are no match's, and beyond year 9999 they
# are no datetime's either.
LATEST_TIME = 4_102_444_800


def time_arg(name: str) -> float | None:
    """Return a time parameter (ISO 8601 with a zone, or epoch seconds) or None."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        value = None
    if value is None:
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise bad_parameter(
                name, f"{name} must be ISO 8601 with a zone or epoch seconds"
            )
        value = moment.timestamp()
    if not math.isfinite(value) or not 0 <= value < LATEST_TIME:
        raise bad_parameter(name, f"{name} must be a time from 1970 to 2099")
    return value


def map_arg(game: str, required: bool) -> str | None:
    """Return the map parameter: one of the game's maps (404 when not)."""
    map_id = request.args.get("map") or None
    if map_id is None:
        if required:
            raise bad_parameter("map", "map is required")
        return None
    if not is_valid_id(map_id):
        raise bad_parameter("map", "map is not a valid map id")
    return found_or_404(
        map_id if trends().map_info(game, map_id) else None, "map", "map"
    )


def weapon_arg() -> str | None:
    """Return the weapon parameter, 1 to 64 printable characters, or None."""
    weapon = request.args.get("weapon") or None
    if weapon is not None and (len(weapon) > MAX_LABEL or not weapon.isprintable()):
        raise bad_parameter("weapon", "weapon must be 1 to 64 printable characters")
    return weapon


@bp.get("/games/<game>/heatmap")
def show_heatmap(game: str) -> dict:
    """Show a map's kill or death density as a grid over the map's extent."""
    game = game_arg(game)
    map_id = map_arg(game, required=True)
    kind = choice_arg("kind", HEAT_KINDS, default="kills")
    weapon = weapon_arg()
    since = time_arg("since")

    return trends().heatmap(game, map_id, kind, weapon, since)


@bp.get("/games/<game>/kills")
def list_kills(game: str) -> dict:
    """List the latest logged kills that pass the map, weapon and time filters."""
    game = game_arg(game)
    map_id = map_arg(game, required=False)
    weapon = weapon_arg()
    since, until = time_arg("since"), time_arg("until")
    limit = int_arg("limit", default=100, low=1, high=1000)
    if since is not None and until is not None and until <= since:
        raise bad_parameter("until", "until must be later than since")

    kills = trends().kills(game, map_id, weapon, since, until, limit)
    return {"game": game, "kills": kills}
