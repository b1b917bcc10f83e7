"""Writes consumed batches into Redis in one atomic script call per batch."""

from dataclasses import dataclass, field
from importlib.resources import files

import orjson
import redis

from pipeline.effects import Op
from pipeline.keys import Keys

_SCRIPT = files("pipeline").joinpath("apply_batch.lua").read_text(encoding="utf-8")


@dataclass
class Batch:
    """What one poll of the consumer changes: events, offsets, dead letters."""

    events: list[tuple[str, str, str, list[Op]]] = field(default_factory=list)
    offsets: dict[str, int] = field(default_factory=dict)
    dead_letters: dict[str, int] = field(default_factory=dict)

    def add_event(
        self, keys: Keys, game: str, match_id: str, event_id: str, ops: list[Op]
    ) -> None:
        """Queue an event's operations, applied only if its id is new."""
        seen = keys.seen(game, match_id)
        self.events.append((seen, event_id, keys.updates_channel(game), ops))

    def add_dead_letter(
        self, keys: Keys, reason: str, topic: str, partition: int, offset: int
    ) -> None:
        """Count one message sent to the dead-letter topic, once per source offset."""
        self.dead_letters[reason] = self.dead_letters.get(reason, 0) + 1
        seen = keys.seen_dead_letters(topic, partition)
        op = ["hi", keys.dead_letters(), reason, 1]
        self.events.append((seen, str(offset), "", [op]))

    def advance(self, topic: str, partition: int, next_offset: int) -> None:
        """Record the next offset to consume on a partition."""
        self.offsets[f"{topic}:{partition}"] = next_offset


@dataclass(frozen=True)
class Applied:
    """How many events of a batch took effect and how many were repeats."""

    applied: int
    duplicates: int


class Store:
    """The engine's writer: one Lua call applies a whole batch."""

    def __init__(
        self, client: redis.Redis, keys: Keys, group_id: str, dedupe_ttl_seconds: int
    ):
        self._client = client
        self._keys = keys
        self._group_id = group_id
        self._ttl = dedupe_ttl_seconds
        self._script = client.register_script(_SCRIPT)

    def apply(self, batch: Batch) -> Applied:
        """Apply a batch; either all of it is written or none of it."""
        payload = orjson.dumps(
            {
                "events": batch.events,
                "ttl": self._ttl,
                "offsets_key": self._keys.offsets(self._group_id),
                "offsets": batch.offsets,
                "dead_letters_key": self._keys.dead_letters(),
                "dead_letters": batch.dead_letters,
            }
        )
        applied, duplicates = self._script(args=[payload])
        return Applied(int(applied), int(duplicates))

    def stored_offsets(self) -> dict[str, int]:
        """Return topic:partition to the next offset to apply, as Redis has it."""
        raw = self._client.hgetall(self._keys.offsets(self._group_id))
        return {_text(k): int(v) for k, v in raw.items()}


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
