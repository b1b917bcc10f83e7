"""Validate path and query parameters; a bad one is a 400 that names it."""

import re
from collections.abc import Iterable

from flask import request

from api.errors import bad_parameter, found_or_404
from api.extensions import read_model
from pipeline.readmodel import is_valid_id

_DIGITS = re.compile(r"[0-9]{1,9}")


def int_arg(name: str, default: int, low: int, high: int) -> int:
    """Return query parameter name as an int in [low, high], or default."""
    raw = request.args.get(name)
    if raw is None:
        return default
    if not _DIGITS.fullmatch(raw) or not low <= int(raw) <= high:
        raise bad_parameter(name, f"{name} must be an integer from {low} to {high}")
    return int(raw)


def choice_arg(name: str, choices: Iterable[str], default: str) -> str:
    """Return query parameter name when it is one of choices, or default."""
    choices = tuple(choices)
    value = request.args.get(name, default)
    if value not in choices:
        raise bad_parameter(name, f"{name} must be one of {', '.join(choices)}")
    return value


def game_arg(game: str) -> str:
    """Return the game id from the path, or 404 when no such game is configured."""
    return found_or_404(game if read_model().has_game(game) else None, "game", "game")


def player_id_arg(player_id: str) -> str:
    """Return the player id from the path when it matches the schema's id pattern."""
    if not is_valid_id(player_id):
        raise bad_parameter("player_id", "player_id is not a valid player id")
    return player_id
