"""One Apex Legends match: 20 squads of 3, the last squad alive wins.

Fights break out between two squads still in the game, inside a ring that
shrinks towards a random end zone. A duel is won on skill, helped by how many
teammates stand with the fighter; alive teammates often assist. Now and then
a player dies to the ring (a ``death``). A squad whose three players are all
dead is out, placed by how many squads were left: the first out is 20th.
"""

import math
from collections.abc import Iterator

from pipeline.events import Death, MatchEnd, MatchStart, Position, TeamResult
from pipeline.simulator.match import (
    KillStyle,
    Match,
    Timed,
    beats,
    clamp,
    kill_at,
    roster,
    split,
)
from pipeline.simulator.players import PlayerProfile

WEAPONS = (
    "R-301 Carbine", "Flatline", "Wingman", "Peacekeeper", "R-99", "Volt SMG",
    "Longbow DMR", "Kraber", "Mastiff", "Hemlok", "Spitfire", "Melee",
)  # fmt: skip
RING_DEATH_CHANCE = 0.05
ASSIST_CHANCE = 0.4
HEADSHOT_CHANCE = 0.25
STYLE = KillStyle(WEAPONS, ASSIST_CHANCE, HEADSHOT_CHANCE, reach=(5, 120))
# Each extra alive teammate makes a fighter this much stronger.
TEAMMATE_EDGE = 0.3
MEAN_SECONDS_BETWEEN_FIGHTS = 22.0


def squad_ids(count: int) -> list[str]:
    """Return the squads' team ids: squad_01, squad_02, ..."""
    return [f"squad_{i:02d}" for i in range(1, count + 1)]


class Ring:
    """The ring: a circle shrinking from the whole map to an end zone."""

    def __init__(self, match: Match):
        x0, y0, x1, y1 = match.map.extent
        self.start = Position(x=(x0 + x1) / 2, y=(y0 + y1) / 2)
        self.end = Position(
            x=match.rng.uniform(x0 + (x1 - x0) * 0.25, x1 - (x1 - x0) * 0.25),
            y=match.rng.uniform(y0 + (y1 - y0) * 0.25, y1 - (y1 - y0) * 0.25),
        )
        self.full = max(x1 - x0, y1 - y0) / 2

    def point(self, match: Match, progress: float) -> Position:
        """Return a random point inside the ring at ``progress`` (0 to 1)."""
        rng = match.rng
        cx = self.start.x + (self.end.x - self.start.x) * progress
        cy = self.start.y + (self.end.y - self.start.y) * progress
        radius = self.full * max(0.03, 1 - progress)
        angle, r = rng.uniform(0, 2 * math.pi), radius * math.sqrt(rng.random())
        return clamp(match.map, cx + r * math.cos(angle), cy + r * math.sin(angle))


def strength(player: PlayerProfile, squad: list[PlayerProfile]) -> float:
    """Return a fighter's strength: skill, raised by alive teammates."""
    return player.skill * (1 + TEAMMATE_EDGE * (len(squad) - 1))


def fight(
    match: Match, alive: dict[str, list[PlayerProfile]], at: float, spot: Position
) -> Timed:
    """Return a kill between players of two random squads still in the game."""
    rng = match.rng
    one, other = rng.sample(sorted(alive), 2)
    a, b = rng.choice(alive[one]), rng.choice(alive[other])
    if beats(rng, strength(a, alive[one]), strength(b, alive[other])):
        killer, victim, side = a, b, one
    else:
        killer, victim, side = b, a, other
    return kill_at(match, at, killer, victim, alive[side], spot, STYLE)


def play(match: Match, profiles: list[PlayerProfile]) -> Iterator[Timed]:
    """Yield one battle royale's events, from match_start to match_end."""
    rng, game = match.rng, match.game
    teams = squad_ids(game.teams)
    squads = split(profiles, teams, game.team_size)
    alive = {t: list(members) for t, members in squads.items()}
    squad_of = {p.player_id: t for t, members in squads.items() for p in members}
    players = [p for t in teams for p in roster(squads[t], t)]
    yield match.emit(0, MatchStart, map=match.map.id, mode=game.mode, players=players)

    ring, places, at = Ring(match), {}, 0.0
    total = len(profiles)
    while len(alive) > 1:
        at += rng.expovariate(1 / MEAN_SECONDS_BETWEEN_FIGHTS)
        dead = total - sum(len(m) for m in alive.values())
        spot = ring.point(match, dead / total)
        if rng.random() < RING_DEATH_CHANCE:
            victim = rng.choice([p for t in sorted(alive) for p in alive[t]])
            timed = match.emit(
                at,
                Death,
                victim_id=victim.player_id,
                cause="ring",
                map=match.map.id,
                position=spot,
            )
        else:
            timed = fight(match, alive, at, spot)
        yield timed
        victim_id = timed.event.victim_id
        squad = squad_of[victim_id]
        alive[squad] = [p for p in alive[squad] if p.player_id != victim_id]
        if not alive[squad]:
            places[squad] = len(alive)
            del alive[squad]

    (winner,) = alive
    places[winner] = 1
    results = [
        TeamResult(team=t, place=places[t], player_ids=[p.player_id for p in squads[t]])
        for t in sorted(teams, key=places.__getitem__)
    ]
    yield match.emit(at, MatchEnd, results=results, duration_seconds=round(at, 1))
