"""Who played a Valorant match, and on which team, from its rounds.

A whole match file lists its ``players`` (``subject``, ``gameName``,
``teamId``) and they are used as given. A rounds-only file names no one:

- Every subject seen (in ``playerStats``, as killer, victim or assistant) is a
  player, named by their id.
- The two sides are found from the kills: a killer and their victim are on
  opposite sides (a breadth-first walk from the first killer).
- A side is Red when the spike planters on it, or the defusers on the other
  side, say so: Red attacks rounds 1-12, Blue rounds 13-24, and in overtime
  Red attacks the odd rounds. The majority of those votes decides; with no
  plant or defuse at all, the side of the first killer is Red.
- Players that no kill connects to the first killer get the team ``unknown``.
"""

from collections import Counter, deque

from pipeline.importers.common import (
    BadValue,
    as_int,
    as_list,
    dicts,
    display_name,
    source_id,
)

UNKNOWN = "unknown"
HALF = 12
OVERTIME = 24


def kill_records(rounds: list[dict]) -> list[tuple[int, dict]]:
    """Return every (round index, kill) the rounds list, in file order."""
    return [
        (index, kill)
        for index, rnd in enumerate(rounds)
        for stats in dicts(rnd.get("playerStats"))
        for kill in dicts(stats.get("kills"))
    ]


def subject_id(value: object) -> str | None:
    """Return the player id of a subject, or None for no one (an empty killer)."""
    if value in (None, ""):
        return None
    return source_id(value, "subject")


def _known(value: object) -> str | None:
    # While gathering players, a value that is no id is no one; the record
    # holding it is skipped (and counted) when it is read as an event.
    try:
        return subject_id(value)
    except BadValue:
        return None


def red_attacks(round_num: int) -> bool:
    """Tell whether Red attacks in a round (roundNum counted from 0)."""
    if round_num < HALF:
        return True
    if round_num < OVERTIME:
        return False
    return round_num % 2 == 0


def _sides(kills: list[tuple[str, str]]) -> dict[str, int]:
    enemies: dict[str, set[str]] = {}
    for killer, victim in kills:
        enemies.setdefault(killer, set()).add(victim)
        enemies.setdefault(victim, set()).add(killer)
    side: dict[str, int] = {}
    if not kills:
        return side
    start = kills[0][0]
    side[start] = 0
    queue = deque([start])
    while queue:
        player = queue.popleft()
        for other in sorted(enemies[player]):
            if other not in side:
                side[other] = 1 - side[player]
                queue.append(other)
    return side


def infer_teams(rounds: list[dict], subjects: list[str]) -> dict[str, str]:
    """Return each subject's team (Red, Blue or unknown) by the module's rule."""
    pairs = []
    for _, kill in kill_records(rounds):
        killer, victim = _known(kill.get("killer")), _known(kill.get("victim"))
        if killer and victim and killer != victim:
            pairs.append((killer, victim))
    side = _sides(pairs)

    votes = Counter()
    for index, rnd in enumerate(rounds):
        try:
            round_num = as_int(rnd.get("roundNum", index), "roundNum")
        except BadValue:
            continue
        attackers = "Red" if red_attacks(round_num) else "Blue"
        defenders = "Blue" if attackers == "Red" else "Red"
        for key, colour in (("bombPlanter", attackers), ("bombDefuser", defenders)):
            player = _known(rnd.get(key))
            if player in side:
                votes[(side[player], colour)] += 1
    zero_red = votes[(0, "Red")] + votes[(1, "Blue")]
    zero_blue = votes[(0, "Blue")] + votes[(1, "Red")]
    colours = ("Red", "Blue") if zero_red >= zero_blue else ("Blue", "Red")
    return {s: colours[side[s]] if s in side else UNKNOWN for s in subjects}


def _subjects(rounds: list[dict]) -> list[str]:
    seen: dict[str, None] = {}
    for rnd in rounds:
        for stats in dicts(rnd.get("playerStats")):
            if player := _known(stats.get("subject")):
                seen[player] = None
    for _, kill in kill_records(rounds):
        for raw in [
            kill.get("killer"),
            kill.get("victim"),
            *as_list(kill.get("assistants")),
        ]:
            if player := _known(raw):
                seen[player] = None
    return list(seen)


def roster(doc: object, rounds: list[dict]) -> list[dict]:
    """Return the players (player_id, name, team) by the module's rule."""
    listed = doc.get("players") if isinstance(doc, dict) else None
    if isinstance(listed, list) and listed:
        players = []
        for raw in (r for r in listed if isinstance(r, dict)):
            player_id = source_id(raw.get("subject"), "subject")
            players.append(
                {
                    "player_id": player_id,
                    "name": display_name(raw.get("gameName"), player_id),
                    "team": source_id(raw.get("teamId") or UNKNOWN, "teamId"),
                }
            )
        return players
    subjects = _subjects(rounds)
    teams = infer_teams(rounds, subjects)
    return [{"player_id": s, "name": s, "team": teams[s]} for s in subjects]
