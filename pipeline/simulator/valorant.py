"""One Valorant match: 5 v 5 rounds until a team wins 13 (by 2 after 12-12).

Red attacks the first half, blue the second; in overtime the sides swap every
round. A round is a run of duels between an attacker and a defender, won on
skill, until one side is wiped, the spike detonates or time runs out. The
attackers may plant the spike on the round's site; a planted spike must be
defused once the attackers are down. Every kill says how many of the victim's
team were alive just before it (``enemies_alive``) and which of the killer's
kills in the round it is (``round_kill_number``); every ``round_end`` carries
the score and each player's damage: a victim takes 100 to 150 damage, dealt by
the killer (at least MIN_KILLER_DAMAGE) and the assisters, and a survivor may
have taken some chip damage.
"""

from collections import Counter
from collections.abc import Generator, Iterator

from pipeline.events import Kill, MatchEnd, MatchStart, Objective, RoundEnd, TeamResult
from pipeline.simulator.match import (
    Match,
    Timed,
    away,
    beats,
    near,
    roster,
    split,
)
from pipeline.simulator.players import PlayerProfile

TEAMS = ["red", "blue"]
WEAPONS = (
    "Vandal", "Phantom", "Operator", "Sheriff", "Ghost", "Spectre", "Judge",
    "Marshal", "Odin", "Classic", "Melee",
)  # fmt: skip
BUY_PHASE_SECONDS = 30
PLANT_CHANCE = 0.2
TIMEOUT_CHANCE = 0.05
DETONATE_CHANCE = 0.12
DEFUSE_CHANCE = 0.85
ASSIST_CHANCE = 0.25
HEADSHOT_CHANCE = 0.3
ARMOR = (0, 25, 50, 50)
MIN_KILLER_DAMAGE = 50
SITE_SPREAD = 1500

Teams = dict[str, list[PlayerProfile]]


def attacking_team(round_no: int, half: int) -> str:
    """Return who attacks this round: red, then blue, then turns in overtime."""
    if round_no <= half:
        return TEAMS[0]
    if round_no <= 2 * half:
        return TEAMS[1]
    return TEAMS[(round_no - 2 * half - 1) % 2]


def is_decided(scores: dict[str, int], rounds_to_win: int) -> bool:
    """Return whether a team has ``rounds_to_win`` and leads by 2."""
    high, low = max(scores.values()), min(scores.values())
    return high >= rounds_to_win and high - low >= 2


def other(team: str) -> str:
    """Return the opposing team."""
    return TEAMS[1] if team == TEAMS[0] else TEAMS[0]


def split_damage(
    match: Match, killer: PlayerProfile, assisters: list[PlayerProfile]
) -> dict[str, int]:
    """Return who dealt how much of one victim's health and armor."""
    rng = match.rng
    health = 100 + rng.choice(ARMOR)
    budget = health - MIN_KILLER_DAMAGE
    dealt: dict[str, int] = {}
    for assister in assisters:
        # A flash or a recon dart assists without any damage.
        share = rng.randint(1, min(60, budget)) if budget and rng.random() < 0.7 else 0
        dealt[assister.player_id] = share
        budget -= share
    dealt[killer.player_id] = health - sum(dealt.values())
    return dealt


class Round:
    """One round being played: who is alive, kills so far, damage dealt."""

    def __init__(self, match: Match, teams: Teams, number: int, at: float):
        self.match, self.teams, self.number = match, teams, number
        half = match.game.rounds_to_win - 1 if match.game.rounds_to_win else 12
        self.attackers = attacking_team(number, half)
        self.defenders = other(self.attackers)
        self.alive = {t: list(members) for t, members in teams.items()}
        self.team_of = {p.player_id: t for t, ms in teams.items() for p in ms}
        self.kills: Counter[str] = Counter()
        self.damage = {p.player_id: 0 for t in TEAMS for p in teams[t]}
        self.site = match.rng.choice(match.hotspots[:3])
        self.at = at + BUY_PHASE_SECONDS

    def duel(self) -> Timed:
        """Return the kill of one duel between an attacker and a defender."""
        rng, match = self.match.rng, self.match
        a = rng.choice(self.alive[self.attackers])
        d = rng.choice(self.alive[self.defenders])
        killer, victim = (a, d) if beats(rng, a.skill, d.skill) else (d, a)
        side, victim_side = (
            self.team_of[killer.player_id],
            self.team_of[victim.player_id],
        )
        enemies_alive = len(self.alive[victim_side])
        self.alive[victim_side].remove(victim)
        self.kills[killer.player_id] += 1
        helpers = [
            p
            for p in self.teams[side]
            if p is not killer and rng.random() < ASSIST_CHANCE
        ]
        for pid, dealt in split_damage(match, killer, helpers).items():
            self.damage[pid] += dealt
        spot = near(rng, match.map, self.site, SITE_SPREAD)
        return match.emit(
            self.at,
            Kill,
            killer_id=killer.player_id,
            victim_id=victim.player_id,
            assister_ids=[p.player_id for p in helpers],
            weapon=rng.choice(WEAPONS),
            headshot=rng.random() < HEADSHOT_CHANCE,
            map=match.map.id,
            position=spot,
            killer_position=away(rng, match.map, spot, 300, 3000),
            round=self.number,
            enemies_alive=enemies_alive,
            round_kill_number=self.kills[killer.player_id],
        )

    def objective(self, team: str, action: str) -> Timed:
        """Return a spike plant or defuse by an alive player of ``team``."""
        player = self.match.rng.choice(self.alive[team])
        return self.match.emit(
            self.at,
            Objective,
            player_id=player.player_id,
            action=action,
            round=self.number,
        )

    def add_chip_damage(self) -> None:
        """Credit damage that survivors took but lived through."""
        rng = self.match.rng
        for team in TEAMS:
            for _ in self.alive[team]:
                if rng.random() < 0.5:
                    shooter = rng.choice(self.teams[other(team)])
                    self.damage[shooter.player_id] += rng.randint(1, 99)

    def play(self) -> Generator[Timed, None, str]:
        """Yield the round's kills and objectives; return the winning team."""
        rng, attackers, defenders = self.match.rng, self.attackers, self.defenders
        planted, winner = False, None
        while self.alive[attackers] and self.alive[defenders]:
            self.at += rng.uniform(2, 14)
            if not planted and rng.random() < PLANT_CHANCE:
                planted = True
                yield self.objective(attackers, "spike_plant")
            elif not planted and rng.random() < TIMEOUT_CHANCE:
                winner = defenders
                break
            elif planted and rng.random() < DETONATE_CHANCE:
                winner = attackers
                break
            else:
                yield self.duel()
        if winner is None and not self.alive[attackers]:
            winner = defenders
            if planted and rng.random() < DEFUSE_CHANCE:
                self.at += rng.uniform(4, 7)
                yield self.objective(defenders, "spike_defuse")
            elif planted:
                winner = attackers
        self.add_chip_damage()
        return winner or attackers


def play(match: Match, profiles: list[PlayerProfile]) -> Iterator[Timed]:
    """Yield one match's events, from match_start to match_end."""
    game = match.game
    to_win = game.rounds_to_win or 13
    teams = split(profiles, TEAMS, game.team_size)
    players = [p for t in TEAMS for p in roster(teams[t], t)]
    yield match.emit(0, MatchStart, map=match.map.id, mode=game.mode, players=players)

    scores, at, number = dict.fromkeys(TEAMS, 0), 0.0, 0
    while not is_decided(scores, to_win):
        number += 1
        round_ = Round(match, teams, number, at)
        winner = yield from round_.play()
        scores[winner] += 1
        at = round_.at + match.rng.uniform(3, 7)
        yield match.emit(
            at,
            RoundEnd,
            round=number,
            winning_team=winner,
            team_scores=dict(scores),
            damage=round_.damage,
        )

    winner = max(scores, key=scores.__getitem__)
    results = [
        TeamResult(
            team=t,
            place=1 if t == winner else 2,
            player_ids=[p.player_id for p in teams[t]],
        )
        for t in TEAMS
    ]
    yield match.emit(at, MatchEnd, results=results, duration_seconds=round(at, 1))
