"""What one event changes in Redis, as a list of operations.

``plan_event`` is pure: it turns a validated event into the operations the
store's batch script applies, so the rules can be read and tested without
Redis. The rules (the ``_apply_*`` functions) are written once, against the
small vocabulary of ``EffectWriter``; ``plan_event`` writes them out as
operations, and ``pipeline.batch_effects`` folds a whole batch of events into
one set of sums with the same rules.

Operations are short lists, the first item naming the command:
``hi`` HINCRBY, ``hf`` HINCRBYFLOAT, ``hs`` HSET, ``zi`` ZINCRBY, ``sa`` SADD,
``sr`` SREM, ``pf`` PFADD, ``za`` ZADD, ``zn`` ZADD NX at zero, ``zt``
ZREMRANGEBYSCORE below a score, ``ea`` EXPIREAT, ``xa`` XADD with an
approximate MAXLEN, and ``kd``, which recomputes a player's K/D from the hash.

Minute buckets expire MINUTE_RETENTION_HOURS after their minute, and each event
trims the minute index of entries older than that, so neither outgrows the
retention.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from pipeline.events import (
    Death,
    Event,
    Kill,
    MatchEnd,
    MatchStart,
    Objective,
    PlayerTotals,
    Position,
    RoundEnd,
)
from pipeline.games import Game, MapInfo
from pipeline.keys import Keys
from pipeline.scoring import (
    kill_points,
    objective_points,
    placement_points,
    round_points,
    totals_points,
)
from pipeline.settings import Settings

Op = list
# Player stats that also count in the minute lines and in the K/D board.
LINE_STATS = ("kills", "deaths")


@dataclass(frozen=True)
class Layout:
    """The settings that shape what an event writes."""

    keys: Keys
    minute_retention_seconds: int
    heatmap_grid: int
    kill_log_maxlen: int

    @classmethod
    def from_settings(cls, settings: Settings, keys: Keys) -> "Layout":
        """Return the layout that settings ask for, writing under keys."""
        return cls(
            keys=keys,
            minute_retention_seconds=settings.minute_retention_hours * 3600,
            heatmap_grid=settings.heatmap_grid,
            kill_log_maxlen=settings.kill_log_maxlen,
        )


@dataclass(frozen=True)
class Minute:
    """The UTC minute an event falls in, and how long its buckets live."""

    label: str
    epoch: int
    expiry: int
    # Minute-index entries scored below this are beyond the retention.
    retained: int


def minute_of(event_time: datetime, retention_seconds: int) -> Minute:
    """Return the minute of an event time, with its expiry and trim score."""
    t = event_time.astimezone(UTC)
    epoch = int(t.timestamp()) // 60 * 60
    return Minute(
        label=t.strftime("%Y%m%d%H%M"),
        epoch=epoch,
        expiry=epoch + 60 + retention_seconds,
        retained=epoch - 60 - retention_seconds,
    )


def grid_cell(game: Game, map_id: str | None, pos: Position | None, n: int) -> str:
    """Return the heatmap cell "col:row" of a position, or why it has none.

    A missing position is ``missing``; a map the game does not list is
    ``unmapped``; a point beyond the map's extent is ``outside``. These are
    counted beside the cells so nothing is dropped silently.
    """
    if pos is None:
        return "missing"
    return map_cell(game.map_info(map_id) if map_id else None, pos, n)


def map_cell(info: MapInfo | None, pos: Position, n: int) -> str:
    """Return the heatmap cell of a position on a map (see ``grid_cell``)."""
    if info is None:
        return "unmapped"
    x0, y0, x1, y1 = info.extent
    if not (x0 <= pos.x <= x1 and y0 <= pos.y <= y1):
        return "outside"
    col = min(int((pos.x - x0) / (x1 - x0) * n), n - 1)
    row = min(int((pos.y - y0) / (y1 - y0) * n), n - 1)
    return f"{col}:{row}"


def kill_log_fields(e: Kill) -> list:
    """Return a kill's entry in the kill log, as alternating fields and values."""
    fields = [
        "t", int(e.event_time.timestamp() * 1000),
        "match", e.match_id,
        "killer", e.killer_id,
        "victim", e.victim_id,
        "assisters", ",".join(e.assister_ids),
        "weapon", e.weapon or "",
        "headshot", int(e.headshot),
        "map", e.map or "",
    ]  # fmt: skip
    if e.position is not None:
        fields += ("x", e.position.x, "y", e.position.y)
    if e.killer_position is not None:
        fields += ("kx", e.killer_position.x, "ky", e.killer_position.y)
    return fields


class EffectWriter:
    """What the rules can say about an event, in the words of the game.

    The public methods are the rules' vocabulary and decide which figures an
    event moves; the underscored primitives, which subclasses provide, decide
    how each figure is written. ``game`` is the game of the event in hand.
    """

    game: Game
    layout: Layout

    def player_add(self, pid: str, stat: str, n: int) -> None:
        """Count n of a stat for a player (kills and deaths also per minute)."""
        self._player_incr(pid, stat, n)
        self._name(pid)
        if stat in LINE_STATS:
            self._touch(pid)
            self._line(pid, stat, n)

    def player_score(self, pid: str, points: float) -> None:
        """Give a player points: hash, score board, minute and minute line."""
        self._name(pid)
        if points:
            self._player_score(pid, points)
            self._board_incr("score", pid, points)
            self._minute_incr("score", points)
            self._line(pid, "score", points)

    def board_add(self, metric: str, pid: str, n: float) -> None:
        """Move a player up one leaderboard by n."""
        self._board_incr(metric, pid, n)

    def game_add(self, stat: str, n: int = 1) -> None:
        """Count n of a stat for the game."""
        self._game_incr(stat, n)

    def minute_add(self, stat: str, n: float = 1) -> None:
        """Count n of a stat in the event's minute."""
        self._minute_incr(stat, n)

    def identify(self, pid: str, name: str, team: str) -> None:
        """Record a player's display name and team."""
        raise NotImplementedError

    def match_live(self, match_id: str, live: bool) -> None:
        """Add a match to the game's live matches, or take it off."""
        raise NotImplementedError

    def active(self, player_ids: list[str]) -> None:
        """Count players as active in the event's minute."""
        raise NotImplementedError

    def heat(self, kind: str, map_id: str | None, pos: Position | None) -> None:
        """Count a kill or death in its heatmap cell."""
        raise NotImplementedError

    def log_kill(self, fields: list) -> None:
        """Append a kill to the game's capped kill log."""
        raise NotImplementedError

    # -- primitives ------------------------------------------------------------

    def _player_incr(self, pid: str, stat: str, n: int) -> None:
        raise NotImplementedError

    def _player_score(self, pid: str, points: float) -> None:
        raise NotImplementedError

    def _board_incr(self, metric: str, pid: str, n: float) -> None:
        raise NotImplementedError

    def _game_incr(self, stat: str, n: int) -> None:
        raise NotImplementedError

    def _minute_incr(self, stat: str, n: float) -> None:
        raise NotImplementedError

    def _line(self, pid: str, stat: str, n: float) -> None:
        raise NotImplementedError

    def _name(self, pid: str) -> None:
        raise NotImplementedError

    def _touch(self, pid: str) -> None:
        raise NotImplementedError


class _Plan(EffectWriter):
    """Writes one event's effects out as a list of operations, in order."""

    def __init__(self, event: Event, game: Game, layout: Layout):
        self.event = event
        self.game = game
        self.layout = layout
        self.keys = layout.keys
        self.ops: list[Op] = []
        self.touched: set[str] = set()
        self.named: set[str] = set()
        self.has_lines = False
        self.minute = minute_of(event.event_time, layout.minute_retention_seconds)

    def identify(self, pid: str, name: str, team: str) -> None:
        key = self.keys.player(self.game.id, pid)
        self.ops.append(["hs", key, "name", name, "team", team])

    def match_live(self, match_id: str, live: bool) -> None:
        key = self.keys.live_matches(self.game.id)
        self.ops.append(["sa" if live else "sr", key, match_id])

    def active(self, player_ids: list[str]) -> None:
        g, m = self.game.id, self.minute.label
        self.ops.append(["pf", self.keys.minute_players(g, m), *player_ids])

    def heat(self, kind: str, map_id: str | None, pos: Position | None) -> None:
        cell = grid_cell(self.game, map_id, pos, self.layout.heatmap_grid)
        key = self.keys.heatmap(self.game.id, map_id or "none", kind)
        self.ops.append(["hi", key, cell, 1])

    def log_kill(self, fields: list) -> None:
        key = self.keys.kill_log(self.game.id)
        self.ops.append(["xa", key, self.layout.kill_log_maxlen, *fields])

    def _player_incr(self, pid: str, stat: str, n: int) -> None:
        self.ops.append(["hi", self.keys.player(self.game.id, pid), stat, n])

    def _player_score(self, pid: str, points: float) -> None:
        self.ops.append(["hf", self.keys.player(self.game.id, pid), "score", points])

    def _board_incr(self, metric: str, pid: str, n: float) -> None:
        self.ops.append(["zi", self.keys.leaderboard(self.game.id, metric), pid, n])

    def _game_incr(self, stat: str, n: int) -> None:
        self.ops.append(["hi", self.keys.game(self.game.id), stat, n])

    def _minute_incr(self, stat: str, n: float) -> None:
        # Scores may be fractional; HINCRBY would refuse a field once it is.
        op = "hf" if stat == "score" else "hi"
        key = self.keys.minute(self.game.id, self.minute.label)
        self.ops.append([op, key, stat, n])

    def _line(self, pid: str, stat: str, n: float) -> None:
        # A player's own figures in this minute, for trends against the field.
        op = "hf" if stat == "score" else "hi"
        key = self.keys.minute_lines(self.game.id, self.minute.label)
        self.ops.append([op, key, f"{pid}:{stat}", n])
        self.has_lines = True

    def _name(self, pid: str) -> None:
        self.named.add(pid)

    def _touch(self, pid: str) -> None:
        self.touched.add(pid)

    def finish(self) -> list[Op]:
        g, m, k = self.game.id, self.minute, self.keys
        self.game_add("events")
        self.minute_add("events")
        self.ops.append(["pf", k.minute_matches(g, m.label), self.event.match_id])
        self.ops.append(["za", k.minute_index(g), m.epoch, m.label])
        self.ops.append(["zt", k.minute_index(g), m.retained])
        buckets = [
            k.minute(g, m.label),
            k.minute_players(g, m.label),
            k.minute_matches(g, m.label),
        ]
        if self.has_lines:
            buckets.append(k.minute_lines(g, m.label))
        for key in buckets:
            self.ops.append(["ea", key, m.expiry])
        self.ops.append(["sa", k.games(), g])
        # Every player an event names is on every board, even at zero.
        for pid in sorted(self.named):
            for metric in ("score", "kills"):
                self.ops.append(["zn", k.leaderboard(g, metric), pid])
            if pid in self.touched:
                self.ops.append(["kd", k.player(g, pid), k.leaderboard(g, "kd"), pid])
            else:
                self.ops.append(["zn", k.leaderboard(g, "kd"), pid])
        return self.ops


def _apply_match_start(p: EffectWriter, e: MatchStart) -> None:
    for player in e.players:
        p.identify(player.player_id, player.name, player.team)
        p.player_add(player.player_id, "matches", 1)
    p.match_live(e.match_id, True)
    p.game_add("matches")
    p.active([pl.player_id for pl in e.players])


def _apply_kill(p: EffectWriter, e: Kill) -> None:
    p.player_add(e.killer_id, "kills", 1)
    p.player_add(e.victim_id, "deaths", 1)
    p.board_add("kills", e.killer_id, 1)
    if e.headshot:
        p.player_add(e.killer_id, "headshots", 1)
        p.minute_add("headshots")
    for assister in e.assister_ids:
        p.player_add(assister, "assists", 1)
    for pid, points in kill_points(p.game, e).items():
        p.player_score(pid, points)
    p.game_add("kills")
    p.game_add("deaths")
    p.minute_add("kills")
    p.minute_add("deaths")
    p.active([e.killer_id, e.victim_id, *e.assister_ids])
    p.heat("kills", e.map, e.killer_position or e.position)
    p.heat("deaths", e.map, e.position)
    p.log_kill(kill_log_fields(e))


def _apply_death(p: EffectWriter, e: Death) -> None:
    p.player_add(e.victim_id, "deaths", 1)
    p.game_add("deaths")
    p.minute_add("deaths")
    p.active([e.victim_id])
    p.heat("deaths", e.map, e.position)


def _apply_objective(p: EffectWriter, e: Objective) -> None:
    p.player_add(e.player_id, "objectives", 1)
    for pid, points in objective_points(p.game, e).items():
        p.player_score(pid, points)
    p.active([e.player_id])


def _apply_player_totals(p: EffectWriter, e: PlayerTotals) -> None:
    counts = {
        "kills": e.kills,
        "deaths": e.deaths,
        "assists": e.assists,
        "headshots": e.headshots,
    }
    for stat, n in counts.items():
        if n:
            p.player_add(e.player_id, stat, n)
    if e.kills:
        p.board_add("kills", e.player_id, e.kills)
    for stat in ("kills", "deaths"):
        if counts[stat]:
            p.game_add(stat, counts[stat])
            p.minute_add(stat, counts[stat])
    if e.headshots:
        p.minute_add("headshots", e.headshots)
    for pid, points in totals_points(p.game, e).items():
        p.player_score(pid, points)
    p.active([e.player_id])


def _apply_round_end(p: EffectWriter, e: RoundEnd) -> None:
    p.game_add("rounds")
    for pid, dmg in e.damage.items():
        if dmg:
            p.player_add(pid, "damage", dmg)
    for pid, points in round_points(p.game, e).items():
        p.player_score(pid, points)


def _apply_match_end(p: EffectWriter, e: MatchEnd) -> None:
    for result in e.results:
        if result.place == 1:
            for pid in result.player_ids:
                p.player_add(pid, "wins", 1)
    for pid, points in placement_points(p.game, e).items():
        p.player_score(pid, points)
    p.match_live(e.match_id, False)
    p.game_add("matches_ended")


_HANDLERS = {
    "match_start": _apply_match_start,
    "kill": _apply_kill,
    "death": _apply_death,
    "objective": _apply_objective,
    "player_totals": _apply_player_totals,
    "round_end": _apply_round_end,
    "match_end": _apply_match_end,
}


def apply_rules(writer: EffectWriter, event: Event) -> None:
    """Tell a writer everything one event changes, by the game's rules."""
    _HANDLERS[event.type](writer, event)


def plan_event(event: Event, game: Game, layout: Layout) -> list[Op]:
    """Return the Redis operations that apply one event to the live state."""
    plan = _Plan(event, game, layout)
    apply_rules(plan, event)
    return plan.finish()
