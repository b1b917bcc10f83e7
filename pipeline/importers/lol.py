"""League of Legends match-v5: a timeline and its match file become events.

The timeline holds what happened (``info.frames[].events[]``); the match file
holds who played (names, teams) and who won. They are paired by
``metadata.matchId``. Rules, beside those of ``pipeline.importers.common``:

- Players are the match file's participants: id from ``puuid``, name from
  ``riotIdGameName``, else ``summonerName``, else ``riotIdName`` (the first
  that is not empty, byte-exact), team from ``teamId``.
- Each ``CHAMPION_KILL`` is one event, with the id ``<matchId>.k<n>``: n counts
  the timeline's CHAMPION_KILL records from 0 in file order, so replaying the
  same file gives the same ids.
- A killer that is a participant makes a ``kill``. A killer that is not one
  (``killerId`` 0: a tower, minion or monster; or an id no participant has)
  makes a ``death`` with cause ``executed``; its assisters are dropped, as a
  death has none.
- ``assistingParticipantIds`` may be absent: the kill has no assisters. Ids
  there that are no participant, the killer or the victim, or repeats, are
  dropped.
- ``CHAMPION_SPECIAL_KILL`` (first blood, multi-kill, ace) names a kill that
  its own CHAMPION_KILL already counts: it adds nothing. Every other event type
  adds nothing either; both are counted in the replay's ``ignored``.
- ``position`` is where the victim fell; the killer's position is not given.
- A CHAMPION_KILL whose victim is no participant, or with a value that is no
  number, is skipped and counted.
- Times: ``timestamp`` is ms since the game started; the match file's
  ``gameStartTimestamp`` (else ``gameCreation``) is the source start. The match
  ends at the timeline's ``GAME_END`` (else its last frame).
- Map: ``mapId`` 11 is ``summoners_rift``, 12 ``howling_abyss``; others
  ``map-<mapId>``, and ``unknown`` when there is none.
- A value outside any one CHAMPION_KILL that cannot be read (a participant
  without ``puuid``) makes the whole file a ``SourceError``: nothing is sent.
"""

from datetime import UTC, datetime

from pipeline.importers.common import (
    BadValue,
    MatchReplay,
    SourceError,
    as_int,
    as_list,
    dicts,
    display_name,
    label,
    position,
    source_id,
)

GAME = "lol"
MAPS = {11: "summoners_rift", 12: "howling_abyss"}
NON_PLAYER_CAUSE = "executed"
NAME_FIELDS = ("riotIdGameName", "summonerName", "riotIdName")


def match_id_of(doc: dict) -> str:
    """Return the source match id of a timeline or match file."""
    metadata = doc.get("metadata")
    if not isinstance(metadata, dict) or "matchId" not in metadata:
        raise SourceError("no metadata.matchId")
    return str(metadata["matchId"])


def roster(match: dict) -> dict[int, dict]:
    """Map participantId to the player (player_id, name, team) of a match file."""
    players = {}
    for raw in dicts(match.get("info", {}).get("participants")):
        player_id = source_id(raw.get("puuid"), "puuid")
        names = (raw.get(key) for key in NAME_FIELDS)
        name = next((n for n in names if isinstance(n, str) and n), player_id)
        players[as_int(raw.get("participantId"), "participantId")] = {
            "player_id": player_id,
            "name": display_name(name, player_id),
            "team": source_id(raw.get("teamId"), "teamId"),
        }
    if not players:
        raise SourceError("the match file lists no participants")
    return players


def _map_id(raw: object) -> str:
    try:
        number = as_int(raw, "mapId")
    except BadValue:
        return "unknown"
    return MAPS.get(number, f"map-{number}")


def _timeline_events(timeline: dict) -> list[dict]:
    frames = dicts(timeline.get("info", {}).get("frames"))
    if not frames:
        raise SourceError("the timeline has no info.frames")
    return [event for frame in frames for event in dicts(frame.get("events"))]


def _end_ms(timeline: dict, events: list[dict]) -> int:
    for event in events:
        if event.get("type") == "GAME_END":
            return as_int(event.get("timestamp"), "GAME_END.timestamp")
    frames = dicts(timeline["info"]["frames"])
    return as_int(frames[-1].get("timestamp", 0), "frame.timestamp")


def _source_start(info: dict) -> datetime | None:
    for key in ("gameStartTimestamp", "gameCreation"):
        if key in info:
            millis = as_int(info[key], key)
            return datetime.fromtimestamp(millis / 1000, UTC)
    return None


def _assisters(event: dict, players: dict[int, dict], exclude: set[str]) -> list[str]:
    assisters: list[str] = []
    for raw in as_list(event.get("assistingParticipantIds")):
        helper = players.get(as_int(raw, "assistingParticipantIds"))
        if helper is None:
            continue
        pid = helper["player_id"]
        if pid not in exclude and pid not in assisters:
            assisters.append(pid)
    return assisters[:10]


def _champion_kill(
    replay: MatchReplay, event: dict, n: int, players: dict[int, dict], map_id: str
) -> None:
    victim = players.get(as_int(event.get("victimId"), "victimId"))
    if victim is None:
        raise BadValue(f"victimId {event.get('victimId')!r} is no participant")
    killer = players.get(as_int(event.get("killerId", 0), "killerId"))
    common = {
        "event_id": f"{replay.match_id}.k{n}",
        "victim_id": victim["player_id"],
        "map": map_id,
        "position": position(event.get("position"), "position"),
    }
    offset = as_int(event.get("timestamp"), "timestamp")
    if killer is None:
        replay.add(offset, type="death", cause=NON_PLAYER_CAUSE, **common)
        return

    both = {killer["player_id"], victim["player_id"]}
    replay.add(
        offset,
        type="kill",
        killer_id=killer["player_id"],
        assister_ids=_assisters(event, players, both),
        **common,
    )


def _match_end(
    replay: MatchReplay, match: dict, players: dict[int, dict], end_ms: int
) -> None:
    teams: dict[str, list[str]] = {}
    for player in players.values():
        teams.setdefault(player["team"], []).append(player["player_id"])
    winners = {
        source_id(t.get("teamId"), "teamId")
        for t in dicts(match.get("info", {}).get("teams"))
        if t.get("win") is True
    }
    results = [
        {"team": team, "place": 1 if team in winners else 2, "player_ids": ids}
        for team, ids in teams.items()
    ]
    replay.add(
        end_ms,
        type="match_end",
        event_id=f"{replay.match_id}.end",
        results=results,
        duration_seconds=end_ms / 1000,
    )


def read(timeline: dict, match: dict, source: str = "") -> MatchReplay:
    """Turn a match-v5 timeline and its match file into a match replay."""
    try:
        return _read(timeline, match, source)
    except BadValue as exc:
        raise SourceError(str(exc)) from None


def _read(timeline: dict, match: dict, source: str) -> MatchReplay:
    match_id = match_id_of(timeline)
    if match_id_of(match) != match_id:
        raise SourceError(f"timeline {match_id} and match {match_id_of(match)} differ")
    info = match.get("info", {})
    players = roster(match)
    map_id = _map_id(info.get("mapId"))
    replay = MatchReplay(GAME, source_id(match_id), source, _source_start(info))

    replay.add(
        0,
        type="match_start",
        event_id=f"{replay.match_id}.start",
        map=map_id,
        mode=label(info.get("gameMode")),
        players=list(players.values()),
    )
    events = _timeline_events(timeline)
    kills = 0
    for event in events:
        kind = event.get("type")
        if kind != "CHAMPION_KILL":
            replay.ignored[str(kind)] += 1
            continue
        try:
            _champion_kill(replay, event, kills, players, map_id)
        except BadValue as exc:
            replay.skipped[f"CHAMPION_KILL: {exc}"] += 1
        kills += 1
    _match_end(replay, match, players, _end_ms(timeline, events))
    return replay
