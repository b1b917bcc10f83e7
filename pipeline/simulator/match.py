"""What every simulated match shares: ids, the match clock, maps and duels.

A game module's ``play(match, roster)`` is a generator of ``Timed`` events.
Events are built when the generator is resumed, so ``event_time`` is the wall
clock at emission; ``Timed.at`` is the simulated match time in seconds, which
the rules (Halo's time limit, match durations) are written against.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from random import Random
from typing import NamedTuple, get_args

from pipeline.events import EventBase, Kill, Player, Position
from pipeline.games import Game, MapInfo
from pipeline.simulator.players import PlayerProfile

# A duel's odds grow with skill ** SKILL_EXPONENT (Bradley-Terry style).
SKILL_EXPONENT = 1.6
HOTSPOTS_PER_MAP = 5


class Timed(NamedTuple):
    """An event and the match time (seconds from the start) it happened at."""

    at: float
    event: EventBase


def utc_now() -> datetime:
    """Return the wall clock in UTC."""
    return datetime.now(UTC)


def event_type(kind: type[EventBase]) -> str:
    """Return the ``type`` tag of an event class."""
    return get_args(kind.model_fields["type"].annotation)[0]


def beats(rng: Random, a: float, b: float) -> bool:
    """Return whether strength ``a`` wins a duel against strength ``b``."""
    pa, pb = a**SKILL_EXPONENT, b**SKILL_EXPONENT
    return rng.random() < pa / (pa + pb)


def clamp(map_info: MapInfo, x: float, y: float) -> Position:
    """Return the point moved inside the map's extent."""
    x0, y0, x1, y1 = map_info.extent
    return Position(x=round(min(x1, max(x0, x)), 1), y=round(min(y1, max(y0, y)), 1))


def hotspots(map_info: MapInfo, count: int = HOTSPOTS_PER_MAP) -> list[Position]:
    """Return the map's fight hotspots: fixed per map, inside its middle area."""
    rng = Random(f"hotspots:{map_info.id}")
    x0, y0, x1, y1 = map_info.extent
    w, h = x1 - x0, y1 - y0
    return [
        Position(
            x=round(x0 + w * rng.uniform(0.15, 0.85), 1),
            y=round(y0 + h * rng.uniform(0.15, 0.85), 1),
        )
        for _ in range(count)
    ]


def near(rng: Random, map_info: MapInfo, center: Position, spread: float) -> Position:
    """Return a point scattered around ``center``, inside the map."""
    return clamp(map_info, rng.gauss(center.x, spread), rng.gauss(center.y, spread))


def away(
    rng: Random, map_info: MapInfo, point: Position, low: float, high: float
) -> Position:
    """Return a point at a distance between ``low`` and ``high`` from ``point``."""
    angle = rng.uniform(0, 2 * math.pi)
    distance = rng.uniform(low, high)
    return clamp(
        map_info,
        point.x + distance * math.cos(angle),
        point.y + distance * math.sin(angle),
    )


@dataclass
class Match:
    """One match in progress: its id, game, map, random source and clock."""

    game: Game
    match_id: str
    map: MapInfo
    rng: Random
    clock: Callable[[], datetime] = utc_now
    _seq: int = field(default=0, repr=False)

    @cached_property
    def hotspots(self) -> list[Position]:
        """Return this map's fight hotspots."""
        return hotspots(self.map)

    def emit(self, at: float, kind: type[EventBase], **fields) -> Timed:
        """Build the next event of this match, stamped with the wall clock now."""
        self._seq += 1
        event = kind(
            event_id=f"{self.match_id}.{self._seq:04d}",
            game=self.game.id,
            match_id=self.match_id,
            event_time=self.clock(),
            type=event_type(kind),
            **fields,
        )
        return Timed(round(at, 3), event)


def roster(profiles: list[PlayerProfile], team: str) -> list[Player]:
    """Return the schema's Player records for one team."""
    return [Player(player_id=p.player_id, name=p.name, team=team) for p in profiles]


def split(
    profiles: list[PlayerProfile], teams: list[str], size: int
) -> dict[str, list[PlayerProfile]]:
    """Return the profiles dealt into teams of ``size``, in order."""
    return {t: profiles[i * size : (i + 1) * size] for i, t in enumerate(teams)}


@dataclass(frozen=True)
class KillStyle:
    """How a game's kills look: weapons, assist and headshot odds, and how far
    from the victim the killer stands."""

    weapons: tuple[str, ...]
    assist_chance: float
    headshot_chance: float
    reach: tuple[float, float]


def kill_at(
    match: "Match",
    at: float,
    killer: PlayerProfile,
    victim: PlayerProfile,
    teammates: list[PlayerProfile],
    spot: Position,
    style: KillStyle,
) -> Timed:
    """Return a kill at ``spot``; each of the killer's teammates may assist."""
    rng = match.rng
    assisters = [
        p.player_id
        for p in teammates
        if p is not killer and rng.random() < style.assist_chance
    ]
    return match.emit(
        at,
        Kill,
        killer_id=killer.player_id,
        victim_id=victim.player_id,
        assister_ids=assisters,
        weapon=rng.choice(style.weapons),
        headshot=rng.random() < style.headshot_chance,
        map=match.map.id,
        position=spot,
        killer_position=away(rng, match.map, spot, *style.reach),
    )
