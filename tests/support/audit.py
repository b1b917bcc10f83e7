"""Compare what Redis holds with a recomputation from the raw events in Kafka.

The fault tests end here: every event the topic holds is recomputed by
tests/support/recompute.py, and each player's stored stats are checked
against it. Events lost and events counted twice come from the games'
``events`` counters against the distinct valid event ids in the topic; any
player whose kills, deaths, assists, matches, wins, headshots or score
differ from the recomputation is listed in ``wrong``.
"""

from dataclasses import dataclass, field

import orjson
import pytest
import redis

from pipeline.events import InvalidEvent, parse_event
from pipeline.games import Game
from pipeline.keys import Keys
from pipeline.settings import Settings
from tests.support.kafka import read_topic
from tests.support.recompute import recompute

COUNTS = ("kills", "deaths", "assists", "matches", "wins", "headshots")


@dataclass
class Audit:
    """What the topic says against what Redis holds."""

    records: int = 0
    events: int = 0
    applied: int = 0
    lost: int = 0
    doubled: int = 0
    wrong: list[tuple] = field(default_factory=list)

    def assert_exact(self) -> None:
        """Fail unless nothing was lost, nothing counted twice, nothing off."""
        assert (self.lost, self.doubled) == (0, 0), self
        assert self.wrong == [], self.wrong[:10]


def valid_values(raw: list[bytes]) -> list[bytes]:
    """Return the values that are schema-valid events."""
    kept = []
    for value in raw:
        try:
            parse_event(value)
        except InvalidEvent:
            continue
        kept.append(value)
    return kept


def audit(settings: Settings, client: redis.Redis, games: dict[str, Game]) -> Audit:
    """Recompute every player's stats from the events topic and compare."""
    keys = Keys(settings.redis_key_prefix)
    raw = [r.value for r in read_topic(settings, settings.events_topic, timeout=60)]
    values = valid_values(raw)
    expected = recompute(values, games)
    result = Audit(records=len(raw))
    result.events = len({orjson.loads(v)["event_id"] for v in values})
    result.applied = sum(
        int(client.hget(keys.game(g), "events") or 0) for g in set(expected["game"])
    )
    for row in expected.itertuples():
        stored = client.hgetall(keys.player(row.game, row.player_id))
        stored = {_text(k): _text(v) for k, v in stored.items()}
        for column in COUNTS:
            want, got = getattr(row, column), int(stored.get(column, 0))
            if want != got:
                result.wrong.append((row.game, row.player_id, column, want, got))
        score = float(stored.get("score", 0))
        if score != pytest.approx(row.score):
            result.wrong.append((row.game, row.player_id, "score", row.score, score))
    result.lost = max(result.events - result.applied, 0)
    result.doubled = max(result.applied - result.events, 0)
    return result


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
