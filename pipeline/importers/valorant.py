"""Valorant match API: ``roundResults`` become kills, deaths and round ends.

The input is an object with ``roundResults`` (or the bare list of rounds); a
whole match file's ``matchInfo`` and ``players`` are used when present (who
played is ``pipeline.importers.valorant_roster``'s rule). Rules, beside those
of ``pipeline.importers.common``:

- Match id: ``matchInfo.matchId``; a file without one gets ``val-`` + the
  first 16 hex digits of the SHA-256 of its rounds, so the same file always
  gives the same id.
- Map: ``matchInfo.mapId`` through MAPS (``/Game/Maps/Triad/Triad`` is
  ``haven``; an asset not in MAPS is its last path part in lower case); else
  the map the caller names (``--map``); else ``unknown``, whose kills the
  heatmap counts as ``unmapped``.
- Round n of the product is ``roundNum`` + 1 (the API counts from 0); a round
  without a readable ``roundNum`` is its place in the list, from 1.
- Kills of a round are ordered by ``gameTime`` (file order breaks ties); the
  n-th has the id ``<match>.r<round>.k<n>``, n from 0. ``enemies_alive``
  counts the victim's team alive before the kill, the victim included (from
  the team's size, at most 5; not set for a victim of team ``unknown``);
  ``round_kill_number`` is the killer's n-th kill of the round.
- A kill whose killer is its victim, or whose killer is no player of the
  match (the spike, a fall), is a ``death`` with the cause
  ``finishingDamage.damageType`` in lower case (``bomb``), else ``world``; its
  assistants are dropped, as a death has none.
- ``assistants`` may be missing or empty; the killer, the victim and repeats
  are dropped from it.
- ``victimLocation`` is where the victim fell, in the map's own coordinates
  (negative ones kept: on Haven every y is); the killer's entry in
  ``playerLocations``, if any, is where they stood.
- ``finishingDamage.damageItem`` is the weapon (an asset id), when given.
- A plant and a defuse are ``objective`` events ``spike_plant`` and
  ``spike_defuse``, at their round times.
- Round end: at the round's last kill, plant or defuse, with the winning
  team, the rounds each team has won so far, and each player's damage to
  players of another team (``damage`` may be null; damage to oneself or a
  team-mate does not count). A round without ``winningTeam`` has no end.
- Match end: at the last round's end; places by rounds won, competition
  ranked (a draw shares place 1). Players of team ``unknown`` are in none.
- Times: ``gameTime`` is ms since the match began; ``matchInfo
  .gameStartMillis`` is the source start, which a rounds-only file lacks.
- A kill, plant, defuse or damage entry without a victim or with a value
  that is no number is skipped and counted; the rest of the round stands.
"""

import hashlib
from collections import Counter
from datetime import UTC, datetime

import orjson

from pipeline.importers.common import (
    BadValue,
    MatchReplay,
    SourceError,
    as_int,
    as_list,
    dicts,
    label,
    position,
    source_id,
)
from pipeline.importers.valorant_roster import UNKNOWN, roster, subject_id

GAME = "valorant"
MAPS = {
    "/Game/Maps/Ascent/Ascent": "ascent",
    "/Game/Maps/Duality/Duality": "bind",
    "/Game/Maps/Triad/Triad": "haven",
}
MAX_ALIVE = 5
MAX_ASSISTERS = 10


def rounds_of(doc: object) -> list[dict]:
    """Return the rounds of a Valorant document, or raise SourceError."""
    rounds = doc.get("roundResults") if isinstance(doc, dict) else doc
    if not isinstance(rounds, list) or not all(isinstance(r, dict) for r in rounds):
        raise SourceError("no roundResults list")
    return rounds


def _match_info(doc: object) -> dict:
    info = doc.get("matchInfo") if isinstance(doc, dict) else None
    return info if isinstance(info, dict) else {}


def _match_id(doc: object, rounds: list[dict]) -> str:
    info = _match_info(doc)
    if info.get("matchId"):
        return source_id(info["matchId"], "matchId")
    digest = hashlib.sha256(orjson.dumps(rounds, option=orjson.OPT_SORT_KEYS))
    return f"val-{digest.hexdigest()[:16]}"


def _map_id(doc: object, given: str | None) -> str:
    raw = _match_info(doc).get("mapId")
    if isinstance(raw, str) and raw.strip("/"):
        return MAPS.get(raw) or source_id(raw.rstrip("/").rsplit("/", 1)[-1].lower())
    return given or UNKNOWN


def _source_start(doc: object) -> datetime | None:
    info = _match_info(doc)
    if "gameStartMillis" not in info:
        return None
    millis = as_int(info["gameStartMillis"], "gameStartMillis")
    return datetime.fromtimestamp(millis / 1000, UTC)


def _killer_position(kill: dict, killer: str | None) -> dict | None:
    for seen in dicts(kill.get("playerLocations")):
        if killer and subject_id(seen.get("subject")) == killer:
            return position(seen.get("location"), "playerLocations.location")
    return None


def _assisters(kill: dict, killer: str, victim: str) -> list[str]:
    helpers: list[str] = []
    for raw in as_list(kill.get("assistants")):
        pid = subject_id(raw)
        if pid and pid not in (killer, victim) and pid not in helpers:
            helpers.append(pid)
    return helpers[:MAX_ASSISTERS]


def _round_number(rnd: dict, index: int) -> int:
    try:
        return as_int(rnd["roundNum"], "roundNum") + 1
    except (KeyError, BadValue):
        return index + 1


def _parse_kill(kill: dict) -> dict:
    victim = subject_id(kill.get("victim"))
    if victim is None:
        raise BadValue("kill without victim")
    killer = subject_id(kill.get("killer"))
    finishing = kill.get("finishingDamage")
    finishing = finishing if isinstance(finishing, dict) else {}
    return {
        "game_ms": as_int(kill.get("gameTime"), "gameTime"),
        "round_ms": as_int(kill.get("roundTime", 0), "roundTime"),
        "killer": killer,
        "victim": victim,
        "assisters": _assisters(kill, killer or "", victim),
        "position": position(kill.get("victimLocation"), "victimLocation"),
        "killer_position": _killer_position(kill, killer),
        "cause": label(str(finishing.get("damageType") or "world").lower()),
        "weapon": label(finishing.get("damageItem")),
    }


class _Match:
    """What reading one match's rounds keeps between rounds."""

    def __init__(self, replay: MatchReplay, players: list[dict], map_id: str):
        self.replay = replay
        self.map_id = map_id
        self.teams = {p["player_id"]: p["team"] for p in players}
        self.sizes = Counter(t for t in self.teams.values() if t != UNKNOWN)
        self.wins: Counter = Counter({team: 0 for team in self.sizes})
        self.clock = 0

    def read_round(self, rnd: dict, index: int) -> None:
        """Add one round's kills, deaths, objectives and end to the replay."""
        number = _round_number(rnd, index)
        kills = self._kills(rnd, number)
        start = kills[0]["game_ms"] - kills[0]["round_ms"] if kills else self.clock
        offsets = [start, *self._add_kills(kills, number)]
        offsets += self._add_objectives(rnd, number, start)
        self.clock = max(offsets)
        self._add_round_end(rnd, number)

    def _kills(self, rnd: dict, number: int) -> list[dict]:
        parsed = []
        stats = dicts(rnd.get("playerStats"))
        records = (kill for s in stats for kill in dicts(s.get("kills")))
        for order, kill in enumerate(records):
            try:
                parsed.append({**_parse_kill(kill), "order": order})
            except BadValue as exc:
                self.replay.skipped[f"round {number} kill: {exc}"] += 1
        return sorted(parsed, key=lambda k: (k["game_ms"], k["order"]))

    def _add_kills(self, kills: list[dict], number: int) -> list[int]:
        alive = {team: min(size, MAX_ALIVE) for team, size in self.sizes.items()}
        nth: Counter = Counter()
        for n, kill in enumerate(kills):
            team = self.teams.get(kill["victim"], UNKNOWN)
            enemies = max(alive[team], 1) if team in alive else None
            if team in alive:
                alive[team] = max(alive[team] - 1, 0)
            common = {
                "event_id": f"{self.replay.match_id}.r{number}.k{n}",
                "victim_id": kill["victim"],
                "map": self.map_id,
                "position": kill["position"],
                "round": number,
            }
            killer = kill["killer"]
            if killer is None or killer == kill["victim"] or killer not in self.teams:
                cause = kill["cause"] or "world"
                self.replay.add(kill["game_ms"], type="death", cause=cause, **common)
                continue
            nth[killer] += 1
            self.replay.add(
                kill["game_ms"],
                type="kill",
                killer_id=killer,
                assister_ids=kill["assisters"],
                weapon=kill["weapon"],
                killer_position=kill["killer_position"],
                enemies_alive=enemies,
                round_kill_number=nth[killer],
                **common,
            )
        return [kill["game_ms"] for kill in kills]

    def _add_objectives(self, rnd: dict, number: int, start: int) -> list[int]:
        offsets = []
        for who, when, action in (
            ("bombPlanter", "plantRoundTime", "spike_plant"),
            ("bombDefuser", "defuseRoundTime", "spike_defuse"),
        ):
            try:
                player = subject_id(rnd.get(who))
                offset = start + as_int(rnd.get(when, 0), when)
            except BadValue as exc:
                self.replay.skipped[f"round {number} {action}: {exc}"] += 1
                continue
            if player not in self.teams:
                continue
            self.replay.add(
                offset,
                type="objective",
                event_id=f"{self.replay.match_id}.r{number}.{action}",
                player_id=player,
                action=action,
                round=number,
            )
            offsets.append(offset)
        return offsets

    def _damage(self, rnd: dict, number: int) -> dict[str, int]:
        dealt: Counter = Counter()
        for stats in dicts(rnd.get("playerStats")):
            for hit in dicts(stats.get("damage")):
                try:
                    dealer = subject_id(stats.get("subject"))
                    receiver = subject_id(hit.get("receiver"))
                    amount = as_int(hit.get("damage", 0), "damage")
                except BadValue as exc:
                    self.replay.skipped[f"round {number} damage: {exc}"] += 1
                    continue
                if dealer and self._is_enemy(dealer, receiver):
                    dealt[dealer] += max(amount, 0)
        return {pid: total for pid, total in dealt.items() if total}

    def _is_enemy(self, dealer: str, receiver: str | None) -> bool:
        # Damage to oneself or a team-mate earns nothing; unknown teams count.
        if receiver is None or receiver == dealer:
            return False
        team = self.teams.get(dealer, UNKNOWN)
        return team == UNKNOWN or team != self.teams.get(receiver, UNKNOWN)

    def _add_round_end(self, rnd: dict, number: int) -> None:
        if not rnd.get("winningTeam"):
            self.replay.skipped[f"round {number}: no winningTeam"] += 1
            return
        winner = source_id(rnd["winningTeam"], "winningTeam")
        self.wins[winner] += 1
        self.replay.add(
            self.clock,
            type="round_end",
            event_id=f"{self.replay.match_id}.r{number}.end",
            round=number,
            winning_team=winner,
            team_scores=dict(self.wins),
            damage=self._damage(rnd, number),
        )

    def add_match_end(self) -> None:
        """Add the match's end, placing teams by rounds won."""
        members: dict[str, list[str]] = {}
        for pid, team in self.teams.items():
            if team != UNKNOWN:
                members.setdefault(team, []).append(pid)
        if not members:
            self.replay.skipped["match end: no team known"] += 1
            return
        results = [
            {
                "team": team,
                "place": 1 + sum(w > self.wins[team] for w in self.wins.values()),
                "player_ids": ids,
            }
            for team, ids in members.items()
        ]
        self.replay.add(
            self.clock,
            type="match_end",
            event_id=f"{self.replay.match_id}.end",
            results=results,
            duration_seconds=self.clock / 1000,
        )


def read(doc: object, map_id: str | None = None, source: str = "") -> MatchReplay:
    """Turn Valorant rounds into a match replay; map_id names an unnamed map."""
    try:
        return _read(doc, map_id, source)
    except BadValue as exc:
        raise SourceError(str(exc)) from None


def _read(doc: object, map_id: str | None, source: str) -> MatchReplay:
    rounds = rounds_of(doc)
    players = roster(doc, rounds)
    if not players:
        raise SourceError("the rounds name no player")
    replay = MatchReplay(GAME, _match_id(doc, rounds), source, _source_start(doc))
    match = _Match(replay, players, _map_id(doc, map_id))

    replay.add(
        0,
        type="match_start",
        event_id=f"{replay.match_id}.start",
        map=match.map_id,
        mode=label(_match_info(doc).get("queueID")),
        players=players,
    )
    for index, rnd in enumerate(rounds):
        match.read_round(rnd, index)
    match.add_match_end()
    return replay
