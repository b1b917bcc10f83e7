"""Halo Infinite match stats: per-player totals become the game's score.

The file holds totals, not events: no kill says who died, so no ``kill``
event can be built from it, and this importer makes none. What the product
shows for a Halo match is what the file states and the schema can carry:

- Who played: every entry of ``Players``. ``PlayerId`` ``xuid(<digits>)``
  becomes the digits (a 64-bit Xbox id, kept exact as a string); any other id
  (a bot's ``bid(...)``) follows the common id rule. The file has no
  gamertags, so the name is the ``PlayerId`` as written. The team is
  ``LastTeamId``, and the stats are those of that team's ``PlayerTeamStats``
  entry (else the first entry).
- The game's own figures: one ``player_totals`` event per player (id
  ``<match>.totals.<player>``) with ``Kills``, ``Deaths``, ``Assists`` and
  ``HeadshotKills``, and ``CoreStats.Score`` (kills in Slayer, captures in
  CTF) as the source's own score. Score is the figure the file's ``Rank``
  follows: in the Slayer file the Scores 18, 11, 11, 10, 9, 8, 7, 7 hold the
  Ranks 1, 2, 2, 4, 5, 6, 7, 7 (competition ranking), while ``PersonalScore``
  (2050, 1420, 1300, ...) would split the tie. So the product's leaderboard by
  score ranks a replayed match as the game did. A Score may be negative.
- Who won: ``match_end`` places each team at its ``Rank`` (a player of a
  match without teams is a team of one at the player's ``Rank``).
- KDA (which may be negative), personal score, play time and mode stats
  (``CaptureTheFlagStats``...) are read into ``HaloPlayer`` for callers and
  tests, but not sent: the product derives K/D and KDA from the counts.
- Times: the match starts at ``MatchInfo.StartTime`` and ends at ``EndTime``
  (else start + ``Duration``); the totals are stamped at the end. The match's
  ``duration_seconds`` is ``Duration`` (play time, which excludes the lead-in
  that EndTime - StartTime includes). ISO 8601 durations (``PT9M9.4211615S``)
  are read to the fraction of a second.
- Map: ``MapVariant.AssetId`` through MAPS (``fortress``, ``empyrean``),
  else the asset id itself (``unknown`` without one). Mode:
  ``GameVariantCategory`` through MODES, else ``category-<n>``.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from pipeline.importers.common import (
    BadValue,
    MatchReplay,
    SourceError,
    as_float,
    as_int,
    dicts,
    display_name,
    source_id,
)

GAME = "halo"
MAPS = {
    "a54808fb-9bf5-432a-a3c3-f76cbea944c1": "fortress",
    "70dd38c5-2eb7-4db3-8901-0dfca292ff18": "empyrean",
}
MODES = {6: "slayer", 15: "ctf"}
_XUID = re.compile(r"^xuid\((\d{1,20})\)$")
_DURATION = re.compile(
    r"^P(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)


@dataclass(frozen=True)
class HaloPlayer:
    """One player's totals as the file states them."""

    player_id: str
    name: str
    team: str
    rank: int
    outcome: int
    score: int
    personal_score: int
    kills: int
    deaths: int
    assists: int
    kda: float
    headshots: int
    time_played_seconds: float | None
    mode_stats: dict = field(default_factory=dict)


def player_id_of(raw: object) -> str:
    """Return the product id of a Halo PlayerId by the module's rule."""
    if isinstance(raw, str) and (found := _XUID.fullmatch(raw)):
        return found.group(1)
    return source_id(raw, "PlayerId")


def duration_seconds(text: object) -> float | None:
    """Read an ISO 8601 duration such as PT9M9.4211615S; None if it is not one."""
    found = _DURATION.fullmatch(text) if isinstance(text, str) else None
    if not found or text in ("P", "PT"):
        return None
    parts = {k: float(v) for k, v in found.groupdict().items() if v}
    return timedelta(
        days=parts.get("d", 0),
        hours=parts.get("h", 0),
        minutes=parts.get("m", 0),
        seconds=parts.get("s", 0),
    ).total_seconds()


def _time(text: object, what: str) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadValue(f"{what}: {text!r} is not an ISO time") from None
    if moment.tzinfo is None:
        raise BadValue(f"{what}: {text!r} has no time zone")
    return moment


def _team_stats(raw: dict) -> dict:
    entries = dicts(raw.get("PlayerTeamStats"))
    if not entries:
        raise BadValue(f"player {raw.get('PlayerId')!r} has no PlayerTeamStats")
    last = raw.get("LastTeamId")
    chosen = next((e for e in entries if e.get("TeamId") == last), entries[0])
    stats = chosen.get("Stats")
    return stats if isinstance(stats, dict) else {}


def read_player(raw: dict) -> HaloPlayer:
    """Read one entry of ``Players`` into its totals."""
    player_id = player_id_of(raw.get("PlayerId"))
    stats = _team_stats(raw)
    core = stats.get("CoreStats")
    core = core if isinstance(core, dict) else {}
    played = raw.get("ParticipationInfo")
    played = played if isinstance(played, dict) else {}
    return HaloPlayer(
        player_id=player_id,
        name=display_name(raw.get("PlayerId"), player_id),
        team=source_id(raw.get("LastTeamId", player_id), "LastTeamId"),
        rank=as_int(raw.get("Rank"), "Rank"),
        outcome=as_int(raw.get("Outcome", 0), "Outcome"),
        score=as_int(core.get("Score", 0), "Score"),
        personal_score=as_int(core.get("PersonalScore", 0), "PersonalScore"),
        kills=as_int(core.get("Kills", 0), "Kills"),
        deaths=as_int(core.get("Deaths", 0), "Deaths"),
        assists=as_int(core.get("Assists", 0), "Assists"),
        kda=as_float(core.get("KDA", 0), "KDA"),
        headshots=as_int(core.get("HeadshotKills", 0), "HeadshotKills"),
        time_played_seconds=duration_seconds(played.get("TimePlayed")),
        mode_stats={
            k: v for k, v in stats.items() if k not in ("CoreStats", "PvpStats")
        },
    )


def players(doc: dict) -> list[HaloPlayer]:
    """Return every player's totals; raise SourceError if one cannot be read."""
    entries = dicts(doc.get("Players"))
    if not entries:
        raise SourceError("no Players")
    try:
        return [read_player(raw) for raw in entries]
    except BadValue as exc:
        raise SourceError(str(exc)) from None


def _results(doc: dict, roster: list[HaloPlayer]) -> list[dict]:
    info = doc.get("MatchInfo", {})
    if info.get("TeamsEnabled") is False:
        return [
            {"team": p.player_id, "place": p.rank, "player_ids": [p.player_id]}
            for p in roster
        ]
    places = {
        source_id(t.get("TeamId"), "TeamId"): as_int(t.get("Rank"), "Rank")
        for t in dicts(doc.get("Teams"))
    }
    members: dict[str, list[str]] = {}
    for p in roster:
        members.setdefault(p.team, []).append(p.player_id)
    worst = max(places.values(), default=0) + 1
    return [
        {"team": team, "place": places.get(team, worst), "player_ids": ids}
        for team, ids in members.items()
    ]


def _clock(info: dict) -> tuple[datetime | None, int]:
    start = _time(info.get("StartTime"), "StartTime")
    end = _time(info.get("EndTime"), "EndTime")
    if start and end and end >= start:
        return start, int((end - start).total_seconds() * 1000)
    seconds = duration_seconds(info.get("Duration"))
    return start, int((seconds or 0) * 1000)


def _map_id(info: dict) -> str:
    variant = info.get("MapVariant")
    asset = variant.get("AssetId") if isinstance(variant, dict) else None
    if not asset:
        return "unknown"
    return MAPS.get(asset) or source_id(asset, "MapVariant.AssetId")


def _mode(info: dict) -> str:
    try:
        category = as_int(info.get("GameVariantCategory"), "GameVariantCategory")
    except BadValue:
        return "unknown"
    return MODES.get(category, f"category-{category}")


def _add_totals(replay: MatchReplay, roster: list[HaloPlayer], end_ms: int) -> None:
    for p in roster:
        replay.add(
            end_ms,
            type="player_totals",
            event_id=f"{replay.match_id}.totals.{p.player_id}",
            player_id=p.player_id,
            kills=p.kills,
            deaths=p.deaths,
            assists=p.assists,
            headshots=min(p.headshots, p.kills),
            score=p.score,
        )


def read(doc: dict, source: str = "") -> MatchReplay:
    """Turn a Halo Infinite match stats file into a match replay."""
    try:
        return _read(doc, source)
    except BadValue as exc:
        raise SourceError(str(exc)) from None


def _read(doc: dict, source: str) -> MatchReplay:
    info = doc.get("MatchInfo")
    if not isinstance(info, dict) or "MatchId" not in doc:
        raise SourceError("no MatchId and MatchInfo")
    roster = players(doc)
    start, end_ms = _clock(info)
    replay = MatchReplay(GAME, source_id(doc["MatchId"], "MatchId"), source, start)

    replay.add(
        0,
        type="match_start",
        event_id=f"{replay.match_id}.start",
        map=_map_id(info),
        mode=_mode(info),
        players=[
            {"player_id": p.player_id, "name": p.name, "team": p.team} for p in roster
        ],
    )
    _add_totals(replay, roster, end_ms)
    replay.add(
        end_ms,
        type="match_end",
        event_id=f"{replay.match_id}.end",
        results=_results(doc, roster),
        duration_seconds=duration_seconds(info.get("Duration")) or end_ms / 1000,
    )
    return replay
