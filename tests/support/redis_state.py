"""Write Redis state in the layout of docs/contracts.md, for tests of the readers.

The engine writes this layout for real; tests of the read model and the API seed
it here instead, so they do not depend on the engine's scoring. Every key comes
from pipeline.keys.
"""

import time

import orjson
import redis

from pipeline.keys import Keys


class RedisState:
    """Seed games, players and engine status under one key prefix."""

    def __init__(self, client: redis.Redis, keys: Keys):
        self.client = client
        self.keys = keys

    def add_player(
        self,
        game: str,
        player_id: str,
        *,
        name: str | None = None,
        team: str = "t1",
        kills: int = 0,
        deaths: int = 0,
        assists: int = 0,
        score: float = 0,
        matches: int = 1,
        wins: int = 0,
        headshots: int = 0,
        damage: int = 0,
    ) -> None:
        """Write one player's hash and put them on the game's three leaderboards."""
        stats = {
            "name": player_id if name is None else name,
            "team": team,
            "kills": kills,
            "deaths": deaths,
            "assists": assists,
            "score": score,
            "matches": matches,
            "wins": wins,
            "headshots": headshots,
            "damage": damage,
        }
        boards = {"score": score, "kills": kills, "kd": kills / max(deaths, 1)}

        pipe = self.client.pipeline(transaction=True)
        pipe.sadd(self.keys.games(), game)
        pipe.hset(self.keys.player(game, player_id), mapping=stats)
        for metric, value in boards.items():
            pipe.zadd(self.keys.leaderboard(game, metric), {player_id: value})
        pipe.execute()

    def set_game(
        self,
        game: str,
        *,
        matches: int = 0,
        matches_ended: int = 0,
        events: int = 0,
        live: tuple[str, ...] = (),
    ) -> None:
        """Write a game's counters and its set of live matches."""
        pipe = self.client.pipeline(transaction=True)
        pipe.sadd(self.keys.games(), game)
        pipe.hset(
            self.keys.game(game),
            mapping={
                "matches": matches,
                "matches_ended": matches_ended,
                "events": events,
            },
        )
        if live:
            pipe.sadd(self.keys.live_matches(game), *live)
        pipe.execute()

    def set_engine_status(
        self,
        group_id: str,
        member: str = "engine-1",
        *,
        state: str = "running",
        lag: int = 0,
        age_seconds: float = 0,
    ) -> None:
        """Write one engine member's status as if it reported age_seconds ago."""
        status = {"state": state, "lag": lag, "updated_at": time.time() - age_seconds}
        self.client.hset(
            self.keys.engine_status(group_id), member, orjson.dumps(status)
        )
