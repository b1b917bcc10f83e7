"""Points each event is worth to each player, from a game's scoring rules.

Pure functions: an event and a game in, player id to points out. The engine
adds these to the players' scores; nothing here touches Redis.
"""

from pipeline.events import Kill, MatchEnd, Objective, PlayerTotals, RoundEnd
from pipeline.games import Game


def kill_points(game: Game, kill: Kill) -> dict[str, float]:
    """Return the points a kill gives its killer and assisters."""
    rules = game.scoring
    points = rules.kill
    bonuses = rules.kill_bonus_by_enemies_alive
    if bonuses:
        # A kill whose source did not say how many enemies were alive earns the
        # smallest bonus: the rule never rewards a fact it was not given.
        alive = kill.enemies_alive or 1
        points += bonuses[min(alive, len(bonuses)) - 1]
    if kill.round_kill_number and kill.round_kill_number > 1:
        points += rules.multi_kill
    awarded = {kill.killer_id: points}
    for assister in kill.assister_ids:
        awarded[assister] = awarded.get(assister, 0) + rules.assist
    return awarded


def round_points(game: Game, round_end: RoundEnd) -> dict[str, float]:
    """Return the points each player's damage in a round is worth."""
    per_point = game.scoring.damage
    return {pid: dmg * per_point for pid, dmg in round_end.damage.items()}


def placement_points(game: Game, match_end: MatchEnd) -> dict[str, float]:
    """Return the placement points every player of every team earns."""
    table = game.scoring.placement
    awarded: dict[str, float] = {}
    for result in match_end.results:
        points = table[result.place - 1] if result.place <= len(table) else 0
        for pid in result.player_ids:
            awarded[pid] = awarded.get(pid, 0) + points
    return awarded


def objective_points(game: Game, objective: Objective) -> dict[str, float]:
    """Return the points an objective action is worth to its player."""
    return {objective.player_id: game.scoring.objective.get(objective.action, 0)}


def totals_points(game: Game, totals: PlayerTotals) -> dict[str, float]:
    """Return a match's totals in points: the source's score, else the rules'."""
    if totals.score is not None:
        return {totals.player_id: totals.score}
    rules = game.scoring
    return {totals.player_id: totals.kills * rules.kill + totals.assists * rules.assist}
