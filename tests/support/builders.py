"""Small builders for events, shared by the tests."""

import itertools
from datetime import UTC, datetime

_ids = itertools.count(1)


def _now() -> str:
    return datetime.now(UTC).isoformat()


def base(
    game: str,
    match_id: str,
    type_: str,
    event_id: str | None = None,
    event_time: str | None = None,
) -> dict:
    """Return the fields every event has."""
    return {
        "event_id": event_id or f"ev-{next(_ids)}",
        "game": game,
        "match_id": match_id,
        "event_time": event_time or _now(),
        "type": type_,
    }


def match_start(
    game: str,
    match_id: str,
    players: list[tuple[str, str, str]],
    map_id: str = "worlds_edge",
    **extra,
) -> dict:
    """A match_start with (player_id, name, team) triples."""
    roster = [{"player_id": p, "name": n, "team": t} for p, n, t in players]
    return {
        **base(game, match_id, "match_start", **extra),
        "map": map_id,
        "players": roster,
    }


def kill(
    game: str,
    match_id: str,
    killer: str,
    victim: str,
    assisters: tuple[str, ...] = (),
    **fields,
) -> dict:
    """A kill; extra keyword arguments become event fields."""
    ids = {k: fields.pop(k) for k in ("event_id", "event_time") if k in fields}
    return {
        **base(game, match_id, "kill", **ids),
        "killer_id": killer,
        "victim_id": victim,
        "assister_ids": list(assisters),
        **fields,
    }


def match_end(
    game: str, match_id: str, results: list[tuple[str, int, list[str]]], **extra
) -> dict:
    """A match_end with (team, place, player_ids) results."""
    rows = [{"team": t, "place": p, "player_ids": ids} for t, p, ids in results]
    return {**base(game, match_id, "match_end", **extra), "results": rows}
