"""Seed Redis with snapshots taken by the real engine, and keep the raw events.

``seed_snapshots`` sends a seeded simulation to the test's topic in chunks; after
each chunk the real engine drains it and a snapshot is taken. It returns the
raw events read back from the topic at each snapshot, so tests can recompute
what every snapshot should hold without trusting the engine.
"""

import math
from dataclasses import dataclass

from pipeline.producer import EventProducer
from pipeline.settings import Settings
from pipeline.simulator import simulate
from pipeline.snapshots.service import Taken, take_snapshot
from tests.support.engine import drain
from tests.support.kafka import read_topic

GAMES = ("apex", "valorant", "halo")


@dataclass(frozen=True)
class Seeded:
    """The snapshots taken and, for each, the raw events it reflects."""

    taken: list[Taken]
    cuts: list[list[bytes]]

    @property
    def raw(self) -> list[bytes]:
        """Return every raw event sent, as read back from the topic."""
        return self.cuts[-1]


def seed_snapshots(
    settings: Settings, seed: int = 11, matches: int = 6, chunks: int = 3
) -> Seeded:
    """Send a seeded simulation in chunks; after each, drain and take a snapshot."""
    events = list(simulate(seed=seed, matches=matches, games=list(GAMES)))
    size = math.ceil(len(events) / chunks)
    taken, cuts = [], []
    engine = None
    try:
        with EventProducer(settings) as producer:
            for start in range(0, len(events), size):
                for event in events[start : start + size]:
                    producer.send(event)
                producer.flush()
                raw = [r.value for r in read_topic(settings, settings.events_topic)]
                engine = drain(
                    settings, len(raw), timeout=120, engine=engine, close=False
                )
                taken.append(take_snapshot(settings))
                cuts.append(raw)
    finally:
        if engine is not None:
            engine.close()
    return Seeded(taken, cuts)
