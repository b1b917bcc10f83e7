"""Writes consumed batches into Redis in one atomic script call per batch.

A batch's events are folded into one set of writes (pipeline.batch_effects).
The script first checks every event id against its match's seen set and
writes nothing if any was applied before; the store then folds the batch again
without those and calls once more. So each event takes effect once, and a
batch without repeats, the usual case, costs one round trip.
"""

from dataclasses import dataclass, field
from importlib.resources import files

import orjson
import redis

from pipeline.batch_effects import BatchEffects
from pipeline.effects import Layout
from pipeline.events import Event
from pipeline.games import Game
from pipeline.keys import Keys

_SCRIPT = files("pipeline").joinpath("apply_batch.lua").read_text(encoding="utf-8")


@dataclass
class Batch:
    """What one poll of the consumer changes: events, offsets, dead letters.

    Events are folded as they are added. ``events`` keeps them, each with its
    seen set and id, so the batch can be folded again without some of them.
    """

    layout: Layout
    events: list[tuple[str, str, Event, Game]] = field(default_factory=list)
    offsets: dict[str, int] = field(default_factory=dict)
    dead_letters: dict[str, int] = field(default_factory=dict)
    # (seen set, source offset, reason) of each dead letter.
    rejected: list[tuple[str, str, str]] = field(default_factory=list)
    # Events whose id came twice in this batch, or was applied before.
    duplicates: int = 0

    def __post_init__(self) -> None:
        self.effects = BatchEffects(self.layout)
        self._ids: set[tuple[str, str]] = set()

    def add_event(self, event: Event, game: Game) -> None:
        """Queue an event, applied only if its id is new.

        If the rules fail on the event, it is left out and the error raised.
        """
        seen = self.layout.keys.seen(event.game, event.match_id)
        if (seen, event.event_id) in self._ids:
            self.duplicates += 1
            return
        try:
            self.effects.add(event, game)
        except Exception:
            self._refold(self.events)
            raise
        self._ids.add((seen, event.event_id))
        self.events.append((seen, event.event_id, event, game))

    def add_dead_letter(
        self, reason: str, topic: str, partition: int, offset: int
    ) -> None:
        """Count one message sent to the dead-letter topic, once per source offset."""
        self.dead_letters[reason] = self.dead_letters.get(reason, 0) + 1
        seen = self.layout.keys.seen_dead_letters(topic, partition)
        self.rejected.append((seen, str(offset), reason))

    def advance(self, topic: str, partition: int, next_offset: int) -> None:
        """Record the next offset to consume on a partition."""
        self.offsets[f"{topic}:{partition}"] = next_offset

    def drop(self, applied_before: set[tuple[str, str]]) -> None:
        """Leave out events and dead letters that Redis has already applied."""
        kept = [e for e in self.events if (e[0], e[1]) not in applied_before]
        self.duplicates += len(self.events) - len(kept)
        self.rejected = [r for r in self.rejected if r[:2] not in applied_before]
        self._refold(kept)

    def ids(self) -> dict[str, list[str]]:
        """Return the ids to check and mark, by seen set."""
        by_set: dict[str, list[str]] = {}
        for seen, event_id, *_ in self.events:
            by_set.setdefault(seen, []).append(event_id)
        for seen, offset, _ in self.rejected:
            by_set.setdefault(seen, []).append(offset)
        return by_set

    def _refold(self, events: list[tuple[str, str, Event, Game]]) -> None:
        self.effects = BatchEffects(self.layout)
        for *_, event, game in events:
            self.effects.add(event, game)
        self.events = list(events)
        self._ids = {(e[0], e[1]) for e in events}


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
        while True:
            reply = self._script(args=[self._payload(batch)])
            if int(reply[0]) == 1:
                return Applied(len(batch.events), batch.duplicates)
            pairs = [_text(v) for v in reply[1]]
            before = len(batch.events) + len(batch.rejected)
            batch.drop(set(zip(pairs[::2], pairs[1::2], strict=True)))
            if len(batch.events) + len(batch.rejected) == before:
                raise RuntimeError(f"script named repeats not in the batch: {pairs}")

    def _payload(self, batch: Batch) -> bytes:
        ops = batch.effects.operations()
        counts: dict[str, int] = {}
        for *_, reason in batch.rejected:
            counts[reason] = counts.get(reason, 0) + 1
        if counts:
            letters = [self._keys.dead_letters()]
            for pair in counts.items():
                letters += pair
            ops["hi"].append(letters)
        channels = {self._keys.updates_channel(e[2].game) for e in batch.events}
        return orjson.dumps(
            {
                **ops,
                "seen": [item for pair in batch.ids().items() for item in pair],
                "ttl": self._ttl,
                "offsets_key": self._keys.offsets(self._group_id),
                "offsets": batch.offsets,
                "channels": sorted(channels),
                "applied": len(batch.events),
            }
        )

    def stored_offsets(self) -> dict[str, int]:
        """Return topic:partition to the next offset to apply, as Redis has it."""
        raw = self._client.hgetall(self._keys.offsets(self._group_id))
        return {_text(k): int(v) for k, v in raw.items()}


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
