"""Read the live statistics out of Redis in the shapes the API and the app show.

This is the one module that reads the layout of docs/contracts.md; the Flask API
and the Streamlit app call it rather than spelling keys or commands. Every page
is read in two round trips at most: the page of ids, then one pipeline for the
players' hashes and the rank of the page's first entry.

Ranks are competition ranks: one more than the number of strictly greater
scores, so ties share a rank and the next rank skips. Inside a tie the order is
Redis's own (descending player id), stable across calls and pages.

The client must decode responses (``decode_responses=True``); ``connect`` makes
one that does.
"""

import math
import re
import time
from collections.abc import Mapping
from datetime import datetime

import orjson
import redis

from pipeline.events import ID_PATTERN
from pipeline.games import Game, configured_games, load_games
from pipeline.keys import METRICS, Keys
from pipeline.settings import Settings

COUNT_FIELDS = ("kills", "deaths", "assists", "matches", "wins", "headshots", "damage")
PER_MATCH_FIELDS = ("kills", "deaths", "assists", "score")
_ID = re.compile(ID_PATTERN)


def connect(url: str, max_connections: int, timeout: float = 5.0) -> redis.Redis:
    """Open a client on a pool of at most max_connections to the Redis at url.

    A caller that finds every connection busy waits up to ``timeout`` seconds
    for one instead of failing at once.
    """
    pool = redis.BlockingConnectionPool.from_url(
        url,
        max_connections=max_connections,
        timeout=timeout,
        decode_responses=True,
        socket_connect_timeout=2,
        socket_timeout=5,
        health_check_interval=30,
    )
    return redis.Redis(connection_pool=pool)


def is_valid_id(value: str) -> bool:
    """Tell whether a game or player id matches the event schema's id pattern."""
    return bool(_ID.fullmatch(value))


def as_count(raw: str | None) -> int:
    """Return a stored counter as an int (0 when absent)."""
    if raw is None or raw == "":
        return 0
    try:
        return int(raw)
    except ValueError:
        return int(float(raw))


def as_score(value: float) -> int | float:
    """Round a score to 2 decimals; an integral score comes back as an int."""
    rounded = round(value, 2)
    if rounded == int(rounded):
        return int(rounded)
    return rounded


def ratio(numerator: float, denominator: float) -> float:
    """Return numerator / max(denominator, 1), rounded to 2 decimals."""
    return round(numerator / max(denominator, 1), 2)


def _metric_value(metric: str, score: float) -> int | float:
    # A leaderboard score shown the way the entry field of that name is shown.
    if metric == "kills":
        return int(score)
    if metric == "kd":
        return round(score, 2)
    return as_score(score)


def _above(score: float) -> str:
    # ZCOUNT's exclusive lower bound; repr round-trips the double Redis returned.
    return f"({score!r}"


def _entry(player_id: str, stats: Mapping[str, str]) -> dict:
    counts = {field: as_count(stats.get(field)) for field in COUNT_FIELDS}
    return {
        "player_id": player_id,
        "name": stats.get("name", ""),
        "team": stats.get("team", ""),
        "kills": counts["kills"],
        "assists": counts["assists"],
        "deaths": counts["deaths"],
        "score": as_score(float(stats.get("score") or 0)),
        "kd": ratio(counts["kills"], counts["deaths"]),
        "matches": counts["matches"],
        "wins": counts["wins"],
    }


def _parse_time(value: object) -> float | None:
    # Epoch seconds (or milliseconds), or an ISO 8601 string with a zone.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value / 1000 if value > 1e12 else float(value)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value).timestamp()
        except ValueError:
            return None
    return None


def _age_order(member: dict) -> float:
    age = member["age_seconds"]
    return math.inf if age is None else age


class ReadModel:
    """Queries over one stack's Redis keys, for the games it is configured with."""

    def __init__(
        self,
        client: redis.Redis,
        keys: Keys,
        games: Mapping[str, Game] | None = None,
    ):
        self.client = client
        self.keys = keys
        self.games = dict(configured_games() if games is None else games)

    @classmethod
    def from_settings(cls, settings: Settings) -> "ReadModel":
        """Build a read model on its own pool, as the settings describe.

        Uses REDIS_URL, REDIS_MAX_CONNECTIONS, REDIS_KEY_PREFIX and GAMES_CONFIG.
        """
        client = connect(settings.redis_url, settings.redis_max_connections)
        keys = Keys(settings.redis_key_prefix)
        return cls(client, keys, load_games(settings.games_config))

    def has_game(self, game: str) -> bool:
        """Tell whether a game id is one the stack is configured for."""
        return game in self.games

    def ping(self) -> bool:
        """Return True when Redis answers PING; raise redis errors otherwise."""
        return bool(self.client.ping())

    def list_games(self) -> list[dict]:
        """Return every configured game with its player, match and live counts."""
        pipe = self.client.pipeline(transaction=False)
        for game in self.games:
            pipe.zcard(self.keys.leaderboard(game, "score"))
            pipe.hget(self.keys.game(game), "matches")
            pipe.scard(self.keys.live_matches(game))
        replies = pipe.execute()

        games = []
        for i, (game_id, game) in enumerate(self.games.items()):
            players, matches, live = replies[3 * i : 3 * i + 3]
            games.append(
                {
                    "id": game_id,
                    "name": game.name,
                    "players": int(players),
                    "matches": as_count(matches),
                    "live_matches": int(live),
                }
            )
        return games

    def leaderboard(
        self, game: str, metric: str = "score", limit: int = 10, offset: int = 0
    ) -> dict:
        """Return one page of a game's leaderboard, best first, with ranks."""
        if metric not in METRICS:
            raise ValueError(f"metric must be one of {', '.join(METRICS)}")
        if limit < 1 or offset < 0:
            raise ValueError("limit must be at least 1 and offset at least 0")
        board = self.keys.leaderboard(game, metric)

        pipe = self.client.pipeline(transaction=True)
        pipe.zrevrange(board, offset, offset + limit - 1, withscores=True)
        pipe.zcard(board)
        page, total = pipe.execute()

        entries = self._entries(game, metric, page, offset) if page else []
        return {
            "game": game,
            "metric": metric,
            "limit": limit,
            "offset": offset,
            "total": int(total),
            "entries": entries,
        }

    def _entries(
        self, game: str, metric: str, page: list[tuple[str, float]], offset: int
    ) -> list[dict]:
        pipe = self.client.pipeline(transaction=False)
        pipe.zcount(self.keys.leaderboard(game, metric), _above(page[0][1]), "+inf")
        for player_id, _ in page:
            pipe.hgetall(self.keys.player(game, player_id))
        above_first, *hashes = pipe.execute()

        entries = []
        rank = above_first + 1
        for position, ((player_id, score), stats) in enumerate(
            zip(page, hashes, strict=True)
        ):
            if position and score != page[position - 1][1]:
                rank = offset + position + 1
            entry = _entry(player_id, stats)
            # Show the value the rank was computed from, so a page reads sorted.
            entry[metric] = _metric_value(metric, score)
            entries.append({"rank": rank, **entry})
        return entries

    def player(self, game: str, player_id: str) -> dict | None:
        """Return one player's line with averages and ranks, or None if unknown."""
        if not is_valid_id(player_id):
            raise ValueError("player_id does not match the id pattern")
        boards = {metric: self.keys.leaderboard(game, metric) for metric in METRICS}

        pipe = self.client.pipeline(transaction=True)
        pipe.hgetall(self.keys.player(game, player_id))
        for board in boards.values():
            pipe.zscore(board, player_id)
        stats, *scores = pipe.execute()
        if not stats:
            return None

        ranks = self._ranks(boards, dict(zip(METRICS, scores, strict=True)))
        line = _entry(player_id, stats)
        matches = line["matches"]
        return {
            "rank": ranks["score"],
            **line,
            "headshots": as_count(stats.get("headshots")),
            "damage": as_count(stats.get("damage")),
            "kda": ratio(line["kills"] + line["assists"], line["deaths"]),
            "per_match": {
                field: ratio(float(line[field]), matches) for field in PER_MATCH_FIELDS
            },
            "ranks": ranks,
        }

    def _ranks(
        self, boards: dict[str, str], scores: dict[str, float | None]
    ) -> dict[str, int | None]:
        ranked = [metric for metric, score in scores.items() if score is not None]
        pipe = self.client.pipeline(transaction=False)
        for metric in ranked:
            pipe.zcount(boards[metric], _above(scores[metric]), "+inf")
        above = dict(zip(ranked, pipe.execute(), strict=True)) if ranked else {}
        return {
            metric: above[metric] + 1 if metric in above else None for metric in METRICS
        }

    def engine_status(self, group_id: str, now: float | None = None) -> list[dict]:
        """Return each engine member's status, freshest first, with its age."""
        raw = self.client.hgetall(self.keys.engine_status(group_id))
        now = time.time() if now is None else now

        members = []
        for member, text in raw.items():
            try:
                status = orjson.loads(text)
            except orjson.JSONDecodeError:
                status = {}
            if not isinstance(status, dict):
                status = {}
            updated = _parse_time(status.get("updated_at"))
            members.append(
                {
                    "member": member,
                    "state": status.get("state"),
                    "lag": status.get("lag"),
                    "age_seconds": None if updated is None else round(now - updated, 1),
                }
            )
        return sorted(members, key=_age_order)
