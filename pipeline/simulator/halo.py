"""One Halo Slayer match: 4 v 4, first team to the kill limit or the time limit.

Kills come from duels between a random pair of enemies, won by skill, with the
killer's teammates as likely assisters. A fall or a grenade of one's own now
and then is a ``death`` that no team scores. The match ends at the kill that
reaches ``kill_limit`` or at ``time_limit_seconds`` of match time; a tied
score at the time limit gives both teams first place.
"""

from collections.abc import Iterator

from pipeline.events import Death, MatchEnd, MatchStart, TeamResult
from pipeline.simulator.match import (
    KillStyle,
    Match,
    Timed,
    beats,
    kill_at,
    near,
    roster,
    split,
)
from pipeline.simulator.players import PlayerProfile

TEAMS = ["eagle", "cobra"]
WEAPONS = (
    "BR75", "MA40 AR", "MK50 Sidekick", "Bulldog", "S7 Sniper", "Needler",
    "Energy Sword", "Gravity Hammer", "Frag Grenade", "Melee",
)  # fmt: skip
SELF_DEATHS = ("fall", "own_grenade", "vehicle")
SELF_DEATH_CHANCE = 0.04
ASSIST_CHANCE = 0.3
HEADSHOT_CHANCE = 0.35
STYLE = KillStyle(WEAPONS, ASSIST_CHANCE, HEADSHOT_CHANCE, reach=(2, 30))


def kill_pace(match: Match) -> float:
    """Return this match's mean seconds between kills (both teams together)."""
    # Around 7 s the stronger team reaches 50 near the 12-minute mark, so
    # both endings (kill limit, time limit) happen regularly.
    return match.rng.uniform(6.0, 9.0)


def duel(match: Match, teams: dict[str, list[PlayerProfile]], at: float) -> Timed:
    """Return a kill between one random player of each team."""
    rng = match.rng
    a, b = rng.choice(teams[TEAMS[0]]), rng.choice(teams[TEAMS[1]])
    killer, victim = (a, b) if beats(rng, a.skill, b.skill) else (b, a)
    side = next(t for t, members in teams.items() if killer in members)
    spot = near(rng, match.map, rng.choice(match.hotspots), 12)
    return kill_at(match, at, killer, victim, teams[side], spot, STYLE)


def self_death(match: Match, players: list[PlayerProfile], at: float) -> Timed:
    """Return a death without a killer: a fall, one's own grenade."""
    rng = match.rng
    return match.emit(
        at,
        Death,
        victim_id=rng.choice(players).player_id,
        cause=rng.choice(SELF_DEATHS),
        map=match.map.id,
        position=near(rng, match.map, rng.choice(match.hotspots), 20),
    )


def results(
    teams: dict[str, list[PlayerProfile]], kills: dict[str, int]
) -> list[TeamResult]:
    """Return place 1 for the most kills (both teams on a tie), else 2."""
    best = max(kills.values())
    return [
        TeamResult(
            team=t,
            place=1 if kills[t] == best else 2,
            player_ids=[p.player_id for p in teams[t]],
        )
        for t in TEAMS
    ]


def play(match: Match, profiles: list[PlayerProfile]) -> Iterator[Timed]:
    """Yield one Slayer match's events, from match_start to match_end."""
    rng, game = match.rng, match.game
    limit, time_limit = game.kill_limit or 50, game.time_limit_seconds or 720
    teams = split(profiles, TEAMS, game.team_size)
    players = [p for t in TEAMS for p in roster(teams[t], t)]
    yield match.emit(0, MatchStart, map=match.map.id, mode=game.mode, players=players)

    team_of = {p.player_id: p.team for p in players}
    kills = dict.fromkeys(TEAMS, 0)
    pace, at = kill_pace(match), 0.0
    while max(kills.values()) < limit:
        at += rng.expovariate(1 / pace)
        if at > time_limit:
            at = float(time_limit)
            break
        if rng.random() < SELF_DEATH_CHANCE:
            yield self_death(match, profiles, at)
            continue
        kill = duel(match, teams, at)
        kills[team_of[kill.event.killer_id]] += 1
        yield kill

    yield match.emit(
        at, MatchEnd, results=results(teams, kills), duration_seconds=round(at, 1)
    )
