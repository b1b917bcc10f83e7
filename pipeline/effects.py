"""What one event changes in Redis, as a list of operations.

``plan_event`` is pure: it turns a validated event into the operations the
store's batch script applies, so the rules can be read and tested without
Redis. The script applies an event's operations only if its id is new.

Operations are short lists, the first item naming the command:
``hi`` HINCRBY, ``hf`` HINCRBYFLOAT, ``hs`` HSET, ``zi`` ZINCRBY, ``sa`` SADD,
``sr`` SREM, ``pf`` PFADD, ``za`` ZADD, ``zn`` ZADD NX at zero, ``zt``
ZREMRANGEBYSCORE below a score, ``ea`` EXPIREAT, ``xa`` XADD with an
approximate MAXLEN, and ``kd``, which recomputes a player's K/D from the hash.

Minute buckets expire MINUTE_RETENTION_HOURS after their minute, and each event
trims the minute index of entries older than that, so neither outgrows the
retention.
"""

from dataclasses import dataclass, field
from datetime import UTC

from pipeline.events import (
    Death,
    Event,
    Kill,
    MatchEnd,
    MatchStart,
    Objective,
    Position,
    RoundEnd,
)
from pipeline.games import Game
from pipeline.keys import Keys
from pipeline.scoring import (
    kill_points,
    objective_points,
    placement_points,
    round_points,
)

Op = list


@dataclass(frozen=True)
class Layout:
    """The settings that shape what an event writes."""

    keys: Keys
    minute_retention_seconds: int
    heatmap_grid: int
    kill_log_maxlen: int


def grid_cell(game: Game, map_id: str | None, pos: Position | None, n: int) -> str:
    """Return the heatmap cell "col:row" of a position, or why it has none.

    A missing position is ``missing``; a map the game does not list is
    ``unmapped``; a point beyond the map's extent is ``outside``. These are
    counted beside the cells so nothing is dropped silently.
    """
    if pos is None:
        return "missing"
    info = game.map_info(map_id) if map_id else None
    if info is None:
        return "unmapped"
    x0, y0, x1, y1 = info.extent
    if not (x0 <= pos.x <= x1 and y0 <= pos.y <= y1):
        return "outside"
    col = min(int((pos.x - x0) / (x1 - x0) * n), n - 1)
    row = min(int((pos.y - y0) / (y1 - y0) * n), n - 1)
    return f"{col}:{row}"


@dataclass
class _Plan:
    event: Event
    game: Game
    layout: Layout
    ops: list[Op] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)
    named: set[str] = field(default_factory=set)
    minute: str = ""
    minute_expiry: int = 0
    has_lines: bool = False

    def __post_init__(self) -> None:
        t = self.event.event_time.astimezone(UTC)
        self.minute = t.strftime("%Y%m%d%H%M")
        epoch_minute = int(t.timestamp()) // 60 * 60
        self.minute_epoch = epoch_minute
        self.minute_expiry = epoch_minute + 60 + self.layout.minute_retention_seconds

    @property
    def keys(self) -> Keys:
        return self.layout.keys

    def player_add(self, pid: str, stat: str, n: int) -> None:
        self.ops.append(["hi", self.keys.player(self.game.id, pid), stat, n])
        self.named.add(pid)
        if stat in ("kills", "deaths"):
            self.touched.add(pid)
            self.line(pid, stat, n)

    def player_score(self, pid: str, points: float) -> None:
        self.named.add(pid)
        if points:
            key = self.keys.player(self.game.id, pid)
            self.ops.append(["hf", key, "score", points])
            lb = self.keys.leaderboard(self.game.id, "score")
            self.ops.append(["zi", lb, pid, points])
            self.minute_add("score", points)
            self.line(pid, "score", points)

    def game_add(self, stat: str, n: int = 1) -> None:
        self.ops.append(["hi", self.keys.game(self.game.id), stat, n])

    def minute_add(self, stat: str, n: float = 1) -> None:
        # Scores may be fractional; HINCRBY would refuse a field once it is.
        op = "hf" if stat == "score" else "hi"
        self.ops.append([op, self.keys.minute(self.game.id, self.minute), stat, n])

    def line(self, pid: str, stat: str, n: float) -> None:
        # A player's own figures in this minute, for trends against the field.
        op = "hf" if stat == "score" else "hi"
        key = self.keys.minute_lines(self.game.id, self.minute)
        self.ops.append([op, key, f"{pid}:{stat}", n])
        self.has_lines = True

    def active(self, player_ids: list[str]) -> None:
        g, m = self.game.id, self.minute
        self.ops.append(["pf", self.keys.minute_players(g, m), *player_ids])

    def heat(self, kind: str, map_id: str | None, pos: Position | None) -> None:
        cell = grid_cell(self.game, map_id, pos, self.layout.heatmap_grid)
        key = self.keys.heatmap(self.game.id, map_id or "none", kind)
        self.ops.append(["hi", key, cell, 1])

    def finish(self) -> list[Op]:
        g, m, k = self.game.id, self.minute, self.keys
        self.game_add("events")
        self.minute_add("events")
        self.ops.append(["pf", k.minute_matches(g, m), self.event.match_id])
        self.ops.append(["za", k.minute_index(g), self.minute_epoch, m])
        retained = self.minute_epoch - 60 - self.layout.minute_retention_seconds
        self.ops.append(["zt", k.minute_index(g), retained])
        buckets = [k.minute(g, m), k.minute_players(g, m), k.minute_matches(g, m)]
        if self.has_lines:
            buckets.append(k.minute_lines(g, m))
        for key in buckets:
            self.ops.append(["ea", key, self.minute_expiry])
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


def _apply_match_start(p: _Plan, e: MatchStart) -> None:
    g = p.game.id
    for player in e.players:
        key = p.keys.player(g, player.player_id)
        p.ops.append(["hs", key, "name", player.name, "team", player.team])
        p.player_add(player.player_id, "matches", 1)
    p.ops.append(["sa", p.keys.live_matches(g), e.match_id])
    p.game_add("matches")
    p.active([pl.player_id for pl in e.players])


def _apply_kill(p: _Plan, e: Kill) -> None:
    g = p.game.id
    p.player_add(e.killer_id, "kills", 1)
    p.player_add(e.victim_id, "deaths", 1)
    p.ops.append(["zi", p.keys.leaderboard(g, "kills"), e.killer_id, 1])
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
    _log_kill(p, e)


def _log_kill(p: _Plan, e: Kill) -> None:
    fields = {
        "t": int(e.event_time.timestamp() * 1000),
        "match": e.match_id,
        "killer": e.killer_id,
        "victim": e.victim_id,
        "assisters": ",".join(e.assister_ids),
        "weapon": e.weapon or "",
        "headshot": int(e.headshot),
        "map": e.map or "",
    }
    if e.position is not None:
        fields["x"], fields["y"] = e.position.x, e.position.y
    if e.killer_position is not None:
        fields["kx"], fields["ky"] = e.killer_position.x, e.killer_position.y
    flat = [item for pair in fields.items() for item in pair]
    key = p.keys.kill_log(p.game.id)
    p.ops.append(["xa", key, p.layout.kill_log_maxlen, *flat])


def _apply_death(p: _Plan, e: Death) -> None:
    p.player_add(e.victim_id, "deaths", 1)
    p.game_add("deaths")
    p.minute_add("deaths")
    p.active([e.victim_id])
    p.heat("deaths", e.map, e.position)


def _apply_objective(p: _Plan, e: Objective) -> None:
    p.player_add(e.player_id, "objectives", 1)
    for pid, points in objective_points(p.game, e).items():
        p.player_score(pid, points)
    p.active([e.player_id])


def _apply_round_end(p: _Plan, e: RoundEnd) -> None:
    p.game_add("rounds")
    for pid, dmg in e.damage.items():
        if dmg:
            p.player_add(pid, "damage", dmg)
    for pid, points in round_points(p.game, e).items():
        p.player_score(pid, points)


def _apply_match_end(p: _Plan, e: MatchEnd) -> None:
    for result in e.results:
        if result.place == 1:
            for pid in result.player_ids:
                p.player_add(pid, "wins", 1)
    for pid, points in placement_points(p.game, e).items():
        p.player_score(pid, points)
    p.ops.append(["sr", p.keys.live_matches(p.game.id), e.match_id])
    p.game_add("matches_ended")


_HANDLERS = {
    "match_start": _apply_match_start,
    "kill": _apply_kill,
    "death": _apply_death,
    "objective": _apply_objective,
    "round_end": _apply_round_end,
    "match_end": _apply_match_end,
}


def plan_event(event: Event, game: Game, layout: Layout) -> list[Op]:
    """Return the Redis operations that apply one event to the live state."""
    plan = _Plan(event, game, layout)
    _HANDLERS[event.type](plan, event)
    return plan.finish()
