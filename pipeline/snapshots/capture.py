"""Read the live state and the offsets it reflects, as one snapshot document.

Everything is read in one MULTI, the engine's applied offsets included, so the
document is the state exactly as it stood after the batch those offsets end
(the kill log's tail is read just after, up to the newest entry the MULTI saw).
Which players, minutes and maps to read has to be known before the MULTI, so
the offsets hash and every game's counters are WATCHed first: the engine
writes both in every batch, so a batch applied between the look-up and the
MULTI makes the transaction fail, and it is tried again.
"""

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

import redis

from pipeline.games import Game
from pipeline.keys import METRICS, Keys
from pipeline.settings import Settings
from pipeline.snapshots.format import FORMAT_VERSION, snapshot_id

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 20
RETRY_PAUSE_SECONDS = 0.01
TEXT_FIELDS = ("name", "team")
FLOAT_FIELDS = ("score",)
KILL_NUMBERS = ("x", "y", "kx", "ky")
NO_MAP = "none"


class Contended(RuntimeError):
    """The state kept changing under every attempt to read it."""


def text(value: bytes | str) -> str:
    """Return a Redis reply as str."""
    return value.decode() if isinstance(value, bytes) else value


def number(raw: bytes | str | None, as_float: bool = False) -> int | float:
    """Return a stored counter as an int (a float for fractional fields)."""
    if raw is None or raw == b"" or raw == "":
        return 0.0 if as_float else 0
    value = float(raw)
    return value if as_float or not value.is_integer() else int(value)


def player_line(raw: Mapping) -> dict:
    """Return a player hash with counts as ints, score as a float."""
    line = {}
    for field, value in raw.items():
        field = text(field)
        if field in TEXT_FIELDS:
            line[field] = text(value)
        else:
            line[field] = number(value, as_float=field in FLOAT_FIELDS)
    return line


def counters(raw: Mapping) -> dict:
    """Return a hash of counters with numbers as numbers."""
    return {
        text(k): number(v, as_float=text(k) in FLOAT_FIELDS) for k, v in raw.items()
    }


def kill_entry(entry_id: bytes | str, raw: Mapping) -> dict:
    """Return one kill-log entry with typed fields."""
    fields = {text(k): text(v) for k, v in raw.items()}
    kill = {
        "id": text(entry_id),
        "t": int(fields.get("t", 0)),
        "match": fields.get("match", ""),
        "killer": fields.get("killer", ""),
        "victim": fields.get("victim", ""),
        "assisters": [a for a in fields.get("assisters", "").split(",") if a],
        "weapon": fields.get("weapon", ""),
        "headshot": fields.get("headshot") == "1",
        "map": fields.get("map", ""),
    }
    for field in KILL_NUMBERS:
        kill[field] = float(fields[field]) if field in fields else None
    return kill


Sink = Callable[[Any], None]


def into(target: dict, key: str, convert: Callable[[Any], Any]) -> Sink:
    """Return a sink that stores convert(reply) as target[key]."""

    def sink(reply: Any) -> None:
        target[key] = convert(reply)

    return sink


def into_if_any(target: dict, key: str, convert: Callable[[Any], Any]) -> Sink:
    """Return a sink like ``into`` that skips an empty reply (a missing key)."""

    def sink(reply: Any) -> None:
        if reply:
            target[key] = convert(reply)

    return sink


def board(reply: list) -> list[list]:
    """Return a ZREVRANGE WITHSCORES reply as [player_id, value] pairs."""
    return [[text(member), value] for member, value in reply]


def kill_tail(reply: list) -> list[dict]:
    """Return an XREVRANGE reply as kill entries, oldest first."""
    return [kill_entry(entry_id, fields) for entry_id, fields in reversed(reply)]


class _Queue:
    """Commands queued in one MULTI, each with the sink its reply goes to."""

    def __init__(self, pipe: redis.client.Pipeline):
        self.pipe = pipe
        self.sinks: list[Sink] = []

    def read(self, sink: Sink, command: str, *args: Any) -> None:
        getattr(self.pipe, command)(*args)
        self.sinks.append(sink)

    def deliver(self, replies: list) -> None:
        for sink, reply in zip(self.sinks, replies, strict=True):
            sink(reply)


def _newest_id(reply: list) -> str | None:
    return text(reply[0][0]) if reply else None


def _queue_game(q: _Queue, keys: Keys, game: str, wanted: dict) -> dict:
    doc: dict = {"players": {}, "leaderboards": {}, "minutes": {}, "heatmaps": {}}
    q.read(into(doc, "counters", counters), "hgetall", keys.game(game))
    live = keys.live_matches(game)
    q.read(into(doc, "live_matches", lambda r: sorted(map(text, r))), "smembers", live)
    for metric in METRICS:
        lb = keys.leaderboard(game, metric)
        q.read(into(doc["leaderboards"], metric, board), "zrevrange", lb, 0, -1, True)
    for pid in wanted["players"]:
        sink = into(doc["players"], pid, player_line)
        q.read(sink, "hgetall", keys.player(game, pid))
    for minute in wanted["minutes"]:
        _queue_minute(q, keys, game, minute, doc["minutes"])
    for map_id in wanted["maps"]:
        heat = doc["heatmaps"].setdefault(map_id, {})
        for kind in ("kills", "deaths"):
            key = keys.heatmap(game, map_id, kind)
            q.read(into_if_any(heat, kind, counters), "hgetall", key)
    log_key = keys.kill_log(game)
    q.read(into(doc, "kill_log_length", int), "xlen", log_key)
    q.read(into(doc, "kill_log_end", _newest_id), "xrevrange", log_key, "+", "-", 1)
    return doc


def _read_kill_tails(
    client: redis.Redis, keys: Keys, games: dict[str, dict], count: int
) -> None:
    # The kill log only grows at its end, so the newest entries up to the last
    # id seen inside the MULTI are the tail as it stood then; reading them
    # afterwards keeps a long XREVRANGE from holding Redis inside the MULTI.
    # (Trimming takes entries from the other end, KILL_LOG_MAXLEN >> count.)
    pipe = client.pipeline(transaction=False)
    ends = {g: doc.pop("kill_log_end") for g, doc in games.items()}
    wanted = [g for g, end in ends.items() if end is not None and count]
    for g in wanted:
        pipe.xrevrange(keys.kill_log(g), ends[g], "-", count)
    tails = dict(zip(wanted, pipe.execute(), strict=True)) if wanted else {}
    for g, doc in games.items():
        doc["kills"] = kill_tail(tails.get(g, []))


def _queue_minute(q: _Queue, keys: Keys, game: str, minute: str, into_: dict):
    bucket: dict = {}

    def stats(reply: dict) -> None:
        if reply:
            bucket.update(counters(reply))
            into_[minute] = bucket

    q.read(stats, "hgetall", keys.minute(game, minute))
    q.read(into(bucket, "players", int), "pfcount", keys.minute_players(game, minute))
    q.read(into(bucket, "matches", int), "pfcount", keys.minute_matches(game, minute))


def _look_up(
    pipe: redis.client.Pipeline,
    keys: Keys,
    settings: Settings,
    games: Mapping[str, Game],
) -> dict[str, dict[str, list[str]]]:
    # Runs between WATCH and MULTI: which players, minutes and maps to read.
    ids = sorted(text(g) for g in pipe.smembers(keys.games()))
    if ids:
        pipe.watch(*(keys.game(g) for g in ids))
    # Minute buckets older than MINUTE_RETENTION_HOURS have expired.
    since = time.time() - settings.minute_retention_hours * 3600 - 120
    wanted = {}
    for g in ids:
        players = pipe.zrange(keys.leaderboard(g, "score"), 0, -1)
        minutes = pipe.zrangebyscore(keys.minute_index(g), since, "+inf")
        # Only the maps GAMES_CONFIG lists, and "none": keys.py has no pattern
        # to find the heatmaps of other maps (see notebooks/README.md, Limits).
        maps = [m.id for m in games[g].maps] if g in games else []
        wanted[g] = {
            "players": [text(p) for p in players],
            "minutes": [text(m) for m in minutes],
            "maps": [*maps, NO_MAP],
        }
    return wanted


def _seconds(reply: tuple[int, int]) -> float:
    return reply[0] + reply[1] / 1_000_000


def _offsets(reply: dict) -> dict[str, int]:
    return {text(tp): int(offset) for tp, offset in reply.items()}


def _attempt(
    pipe: redis.client.Pipeline, settings: Settings, games: Mapping[str, Game]
) -> dict:
    keys = Keys(settings.redis_key_prefix)
    offsets_key = keys.offsets(settings.kafka_group_id)
    pipe.watch(offsets_key, keys.games())
    wanted = _look_up(pipe, keys, settings, games)

    pipe.multi()
    q = _Queue(pipe)
    state: dict = {"games": {}}
    q.read(into(state, "taken_at", _seconds), "time")
    q.read(into(state, "offsets", _offsets), "hgetall", offsets_key)
    for g, reads in wanted.items():
        state["games"][g] = _queue_game(q, keys, g, reads)
    q.deliver(pipe.execute())
    for doc in state["games"].values():
        doc["heatmaps"] = {m: kinds for m, kinds in doc["heatmaps"].items() if kinds}
    return state


def capture(client: redis.Redis, settings: Settings, games: Mapping[str, Game]) -> dict:
    """Return a snapshot document of the live state, as of one instant.

    Reads the keys under REDIS_KEY_PREFIX and the offsets of KAFKA_GROUP_ID,
    with the newest SNAPSHOT_KILL_LOG_ENTRIES kills of each game. Raises
    ``Contended`` when the engine applied a batch during each of MAX_ATTEMPTS
    reads.
    """
    for attempt in range(1, MAX_ATTEMPTS + 1):
        with client.pipeline(transaction=True) as pipe:
            try:
                state = _attempt(pipe, settings, games)
            except redis.WatchError:
                log.debug("state changed while reading attempt=%d", attempt)
                # Let the engine's next batch land before reading again.
                time.sleep(RETRY_PAUSE_SECONDS * attempt)
                continue
        keys = Keys(settings.redis_key_prefix)
        entries = settings.snapshot_kill_log_entries
        _read_kill_tails(client, keys, state["games"], entries)
        return {
            "format_version": FORMAT_VERSION,
            "id": snapshot_id(state["taken_at"]),
            "taken_at": state["taken_at"],
            "key_prefix": settings.redis_key_prefix,
            "group_id": settings.kafka_group_id,
            "offsets": state["offsets"],
            "heatmap_grid": settings.heatmap_grid,
            "games": state["games"],
        }
    raise Contended(f"state changed during each of {MAX_ATTEMPTS} reads")
