"""A batch of events folded into the fewest Redis writes, by the same rules.

``BatchEffects`` runs each event through the rules of pipeline.effects, but
where ``plan_event`` writes one operation per figure per event, it keeps one
sum per figure for the whole batch: a player's kills, a heatmap cell, a board
entry. Two thousand kills become a few hundred increments instead of tens of
thousands. The result is what applying every event's ``plan_event`` operations
in order would leave, because each kind of write folds without loss:

- increments add up (counts are integers; the configured scores are too, so
  float sums are exact for them);
- names, live matches and expiry times keep the last value written, and an
  expiry time depends only on its minute;
- HyperLogLogs take the union; kill-log entries keep their order;
- a player's K/D is recomputed once, from the final kills and deaths;
- a minute stays in the minute index unless a later event of the batch trims
  it, the rule one event at a time would apply.

Folding is only sound over events that are all new: the store's script checks
every id before it writes anything, and the store folds again without the ones
the script says it has already applied.
"""

from collections import defaultdict
from datetime import datetime

from pipeline.effects import (
    LINE_STATS,
    EffectWriter,
    Layout,
    apply_rules,
    map_cell,
    minute_of,
)
from pipeline.events import Event, Position
from pipeline.games import Game, MapInfo

BOARDS = ("score", "kills", "kd")


class _MinuteSums:
    """What the batch adds to one game-minute."""

    def __init__(self, game: str, event_time: datetime, layout: Layout):
        minute = minute_of(event_time, layout.minute_retention_seconds)
        k, label = layout.keys, minute.label
        self.minute = minute
        self.bucket = k.minute(game, label)
        self.lines_key = k.minute_lines(game, label)
        self.players_key = k.minute_players(game, label)
        self.matches_key = k.minute_matches(game, label)
        self.ints: dict[str, int] = defaultdict(int)
        self.floats: dict[str, float] = defaultdict(float)
        self.line_ints: dict[str, int] = defaultdict(int)
        self.line_floats: dict[str, float] = defaultdict(float)
        self.players: set[str] = set()
        self.matches: set[str] = set()
        self.events = 0
        # Position in the batch of the last event in this minute.
        self.last = -1


class _GameSums:
    """What the batch adds to one game outside its minutes."""

    def __init__(self, game: str):
        self.game = game
        self.player_ints: dict[str, dict[str, int]] = defaultdict(
            lambda: defaultdict(int)
        )
        self.scores: dict[str, float] = defaultdict(float)
        self.boards: dict[str, dict[str, float]] = {
            metric: defaultdict(float) for metric in BOARDS
        }
        self.counts: dict[str, int] = defaultdict(int)
        self.heat: dict[tuple[str, str], dict[str, int]] = defaultdict(
            lambda: defaultdict(int)
        )
        self.names: dict[str, tuple[str, str]] = {}
        self.live: dict[str, bool] = {}
        self.kill_log: list[list] = []
        self.named: set[str] = set()
        self.touched: set[str] = set()
        self.minutes: list[_MinuteSums] = []
        self.maps: dict[str | None, MapInfo | None] = {}


class BatchEffects(EffectWriter):
    """Fold events into per-batch sums; ``operations`` lists the writes."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self.events = 0
        self._games: dict[str, _GameSums] = {}
        self._minutes: dict[tuple[str, int], _MinuteSums] = {}
        self._g: _GameSums
        self._m: _MinuteSums

    def add(self, event: Event, game: Game) -> None:
        """Fold one event in; the caller has made sure its id is new."""
        self.game = game
        gid = game.id
        self._g = self._games.get(gid) or self._new_game(gid)
        slot = (gid, int(event.event_time.timestamp()) // 60)
        self._m = self._minutes.get(slot) or self._new_minute(slot, event)

        apply_rules(self, event)

        m = self._m
        m.events += 1
        m.last = self.events
        m.matches.add(event.match_id)
        self.events += 1

    def _new_game(self, gid: str) -> _GameSums:
        sums = self._games[gid] = _GameSums(gid)
        return sums

    def _new_minute(self, slot: tuple[str, int], event: Event) -> _MinuteSums:
        sums = self._minutes[slot] = _MinuteSums(slot[0], event.event_time, self.layout)
        self._g.minutes.append(sums)
        return sums

    # -- the rules' vocabulary -------------------------------------------------

    # player_add and player_score say what EffectWriter's say, written straight
    # into the sums: they run for every player of every event, and going
    # through the primitives cost a fifth of the fold. The fold is checked
    # against one event at a time (tests/pipeline/test_batch_effects.py).
    def player_add(self, pid: str, stat: str, n: int) -> None:
        g = self._g
        g.player_ints[pid][stat] += n
        g.named.add(pid)
        if stat in LINE_STATS:
            g.touched.add(pid)
            self._m.line_ints[f"{pid}:{stat}"] += n

    def player_score(self, pid: str, points: float) -> None:
        g = self._g
        g.named.add(pid)
        if points:
            g.scores[pid] += points
            g.boards["score"][pid] += points
            m = self._m
            m.floats["score"] += points
            m.line_floats[f"{pid}:score"] += points

    def identify(self, pid: str, name: str, team: str) -> None:
        self._g.names[pid] = (name, team)

    def match_live(self, match_id: str, live: bool) -> None:
        self._g.live[match_id] = live

    def active(self, player_ids: list[str]) -> None:
        self._m.players.update(player_ids)

    def heat(self, kind: str, map_id: str | None, pos: Position | None) -> None:
        g = self._g
        if pos is None:
            cell = "missing"
        else:
            # Game.map_info searches the game's list; a batch asks thousands
            # of times.
            try:
                info = g.maps[map_id]
            except KeyError:
                info = g.maps[map_id] = self.game.map_info(map_id) if map_id else None
            cell = map_cell(info, pos, self.layout.heatmap_grid)
        g.heat[(map_id or "none", kind)][cell] += 1

    def log_kill(self, fields: list) -> None:
        self._g.kill_log.append(fields)

    def _player_incr(self, pid: str, stat: str, n: int) -> None:
        self._g.player_ints[pid][stat] += n

    def _player_score(self, pid: str, points: float) -> None:
        self._g.scores[pid] += points

    def _board_incr(self, metric: str, pid: str, n: float) -> None:
        self._g.boards[metric][pid] += n

    def _game_incr(self, stat: str, n: int) -> None:
        self._g.counts[stat] += n

    def _minute_incr(self, stat: str, n: float) -> None:
        # Scores may be fractional; HINCRBY would refuse a field once it is.
        if stat == "score":
            self._m.floats[stat] += n
        else:
            self._m.ints[stat] += n

    def _line(self, pid: str, stat: str, n: float) -> None:
        if stat == "score":
            self._m.line_floats[f"{pid}:{stat}"] += n
        else:
            self._m.line_ints[f"{pid}:{stat}"] += n

    def _name(self, pid: str) -> None:
        self._g.named.add(pid)

    def _touch(self, pid: str) -> None:
        self._g.touched.add(pid)

    # -- the writes ------------------------------------------------------------

    def operations(self) -> dict[str, list]:
        """Return the batch's writes, grouped by command, for the store's script.

        Lists of lists, each a key then its arguments: ``hi`` (field, n, ...:
        increments of one hash), ``zi`` (member, n, ...), ``kd`` (player key,
        member, ...: the board's K/Ds to recompute), ``hs``, ``zn``, ``sa``,
        ``sr``, ``pf`` and ``xa`` (maxlen, fields...). Flat lists: ``hf``
        (key, field, n), ``zt`` (key, score), ``za`` (key, score, member),
        ``ea`` (key, time).
        """
        ops: dict[str, list] = {
            name: []
            for name in ("hi", "hf", "hs", "zi", "zn", "kd", "sa", "sr", "pf")
            + ("zt", "za", "ea", "xa")
        }
        for sums in self._games.values():
            self._game_operations(sums, ops)
        if self._games:
            ops["sa"].append([self.layout.keys.games(), *self._games])
        return ops

    def _game_operations(self, s: _GameSums, ops: dict[str, list]) -> None:
        k, g = self.layout.keys, s.game
        hi, hf = ops["hi"], ops["hf"]
        for pid, stats in s.player_ints.items():
            hi.append(_flat(k.player(g, pid), stats))
        for pid, points in s.scores.items():
            hf += (k.player(g, pid), "score", points)
        for pid, (name, team) in s.names.items():
            ops["hs"].append([k.player(g, pid), "name", name, "team", team])
        counts = dict(s.counts)
        counts["events"] = counts.get("events", 0) + sum(m.events for m in s.minutes)
        hi.append(_flat(k.game(g), counts))
        for (map_id, kind), cells in s.heat.items():
            hi.append(_flat(k.heatmap(g, map_id, kind), cells))

        boards = {metric: k.leaderboard(g, metric) for metric in BOARDS}
        for metric, moves in s.boards.items():
            if moves:
                ops["zi"].append(_flat(boards[metric], moves))
        # Every player an event names is on every board, even at zero.
        for metric in ("score", "kills"):
            missing = sorted(s.named.difference(s.boards[metric]))
            if missing:
                ops["zn"].append([boards[metric], *missing])
        untouched = sorted(s.named - s.touched)
        if untouched:
            ops["zn"].append([boards["kd"], *untouched])
        if s.touched:
            kd = ops["kd"]
            kd.append([boards["kd"]])
            for pid in sorted(s.touched):
                kd[-1] += (k.player(g, pid), pid)

        live = k.live_matches(g)
        started = [m for m, is_live in s.live.items() if is_live]
        ended = [m for m, is_live in s.live.items() if not is_live]
        if started:
            ops["sa"].append([live, *started])
        if ended:
            ops["sr"].append([live, *ended])
        maxlen = self.layout.kill_log_maxlen
        log = k.kill_log(g)
        ops["xa"].extend([log, maxlen, *fields] for fields in s.kill_log)
        self._minute_operations(s, ops)

    def _minute_operations(self, s: _GameSums, ops: dict[str, list]) -> None:
        hi, hf = ops["hi"], ops["hf"]
        for m in s.minutes:
            counts = dict(m.ints)
            counts["events"] = counts.get("events", 0) + m.events
            hi.append(_flat(m.bucket, counts))
            for stat, n in m.floats.items():
                hf += (m.bucket, stat, n)
            if m.line_ints:
                hi.append(_flat(m.lines_key, m.line_ints))
            for name, n in m.line_floats.items():
                hf += (m.lines_key, name, n)
            if m.players:
                ops["pf"].append([m.players_key, *m.players])
            ops["pf"].append([m.matches_key, *m.matches])
            buckets = [m.bucket, m.players_key, m.matches_key]
            if m.line_ints or m.line_floats:
                buckets.append(m.lines_key)
            for key in buckets:
                ops["ea"] += (key, m.minute.expiry)

        # One event at a time, each adds its minute to the index and then
        # trims what is beyond the retention as of its own minute. Trimming
        # once with the batch's highest mark, then adding back the minutes no
        # later event would have trimmed, leaves the same index.
        index = self.layout.keys.minute_index(s.game)
        ops["zt"] += (index, max(m.minute.retained for m in s.minutes))
        for m in s.minutes:
            mark = max(o.minute.retained for o in s.minutes if o.last >= m.last)
            if m.minute.epoch >= mark:
                ops["za"] += (index, m.minute.epoch, m.minute.label)


def _flat(key: str, values: dict) -> list:
    """Return [key, name, value, name, value, ...]."""
    flat = [key]
    for pair in values.items():
        flat += pair
    return flat
