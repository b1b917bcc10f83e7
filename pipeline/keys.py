"""Every Redis key the stack uses, built in one place.

Nothing else spells a key. A prefix (REDIS_KEY_PREFIX, default ``ga``) keeps
one stack's keys apart from another's in the same Redis, which is also how the
tests isolate themselves. Ids in keys are validated against the schema's id
pattern before they get here, so no id can address another key.
"""

from dataclasses import dataclass

METRICS = ("score", "kills", "kd")


@dataclass(frozen=True)
class Keys:
    """Key builder for one key prefix."""

    prefix: str = "ga"

    def games(self) -> str:
        """Set of game ids that have seen at least one event."""
        return f"{self.prefix}:games"

    def game(self, game: str) -> str:
        """Hash of per-game counters (matches, events, kills...)."""
        return f"{self.prefix}:game:{game}"

    def leaderboard(self, game: str, metric: str) -> str:
        """Sorted set of player ids by one metric."""
        return f"{self.prefix}:lb:{game}:{metric}"

    def player(self, game: str, player_id: str) -> str:
        """Hash of one player's stats in one game (kills, deaths, name...)."""
        return f"{self.prefix}:player:{game}:{player_id}"

    def player_pattern(self, game: str) -> str:
        """SCAN pattern matching every player hash of a game."""
        return f"{self.prefix}:player:{game}:*"

    def live_matches(self, game: str) -> str:
        """Set of match ids started and not yet ended."""
        return f"{self.prefix}:live:{game}"

    def seen(self, game: str, match_id: str) -> str:
        """Set of event ids already applied for one match (exactly-once)."""
        return f"{self.prefix}:seen:{game}:{match_id}"

    def seen_dead_letters(self, topic: str, partition: int) -> str:
        """Set of source offsets already counted as dead letters."""
        return f"{self.prefix}:seendlq:{topic}:{partition}"

    def offsets(self, group_id: str) -> str:
        """Hash of topic:partition to the next offset the engine applied."""
        return f"{self.prefix}:offsets:{group_id}"

    def engine_status(self, group_id: str) -> str:
        """Hash of engine member id to its latest status JSON."""
        return f"{self.prefix}:engine:{group_id}"

    def dead_letters(self) -> str:
        """Hash of dead-letter reason to count."""
        return f"{self.prefix}:dlq:counts"

    def rate_limits(self) -> str:
        """Prefix of the API's rate-limit counters (flask-limiter's own keys)."""
        return f"{self.prefix}:ratelimit"

    def replayed_dead_letters(self, topic: str) -> str:
        """Set of "partition:offset" of the dead letters of topic already replayed."""
        return f"{self.prefix}:dlq:replayed:{topic}"

    def minute(self, game: str, minute: str) -> str:
        """Hash of one game's counters in one UTC minute (YYYYMMDDHHMM)."""
        return f"{self.prefix}:min:{game}:{minute}"

    def minute_index(self, game: str) -> str:
        """Sorted set of the minutes that have a bucket, scored by epoch minute."""
        return f"{self.prefix}:minidx:{game}"

    def minute_players(self, game: str, minute: str) -> str:
        """HyperLogLog of players active in one game-minute."""
        return f"{self.prefix}:minply:{game}:{minute}"

    def minute_matches(self, game: str, minute: str) -> str:
        """HyperLogLog of matches active in one game-minute."""
        return f"{self.prefix}:minmat:{game}:{minute}"

    def minute_lines(self, game: str, minute: str) -> str:
        """Hash of "player:metric" to a player's kills, deaths, points in a minute."""
        return f"{self.prefix}:minln:{game}:{minute}"

    def heatmap(self, game: str, map_id: str, kind: str) -> str:
        """Hash of grid cell "col:row" to count, for kind kills or deaths."""
        return f"{self.prefix}:heat:{game}:{map_id}:{kind}"

    def kill_log(self, game: str) -> str:
        """Capped stream of recent kills with position, weapon and time."""
        return f"{self.prefix}:kills:{game}"

    def snapshots(self) -> str:
        """Sorted set of snapshot ids scored by their time."""
        return f"{self.prefix}:snapshots"

    def snapshot(self, snapshot_id: str) -> str:
        """String holding one snapshot document."""
        return f"{self.prefix}:snapshot:{snapshot_id}"

    def updates_channel(self, game: str) -> str:
        """Pub/sub channel told when a game's leaderboards changed."""
        return f"{self.prefix}:updates:{game}"
