"""Read how play evolves: minute trends, movers, heatmaps, the kill log, activity.

This is the one module that reads the time-resolved part of the Redis layout in
docs/contracts.md (minute buckets, player lines, heatmap grids, the kill log);
the Flask API (api/trends.py, api/heatmaps.py) and the Streamlit app both call
it. Leaderboards and player lines stay in pipeline/readmodel.py.

Minutes are UTC and an event counts in the minute of its own event time, so a
late event lands in its own minute. A window of N minutes ends with the current
minute, inclusive; minutes without a bucket come back as zeros. Retention is the
engine's job: it expires every bucket MINUTE_RETENTION_HOURS after its minute
and trims the minute index to the same age (pipeline/effects.py), so this
module only ever reads inside its window.

Heatmaps without a filter come from the engine's grids (every kill and death
since the start). With a weapon or a start time they are recounted from the
kill log, which holds the latest KILL_LOG_MAXLEN kills and only deaths by a
kill; the answer says whether the log reached back far enough (``complete``).

Active players and matches per minute are HyperLogLog estimates: exact in
practice for small numbers, within about 1% beyond.
"""

import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime

import redis

from pipeline.effects import grid_cell
from pipeline.events import Position
from pipeline.games import Game, MapInfo, load_games
from pipeline.keys import Keys
from pipeline.readmodel import as_count, as_score, connect, ratio
from pipeline.settings import Settings

HEAT_KINDS = ("kills", "deaths")
MOVER_METRICS = ("score", "kills")
UNPLACED = ("missing", "unmapped", "outside")
MINUTE_FIELDS = ("events", "kills", "deaths", "headshots")
LINE_STATS = ("kills", "deaths", "score")
KILL_LOG_PAGE = 5000
# Weapons offered as filters are those of this many latest kills.
WEAPON_SAMPLE = 2000


def minute_of(ts: float) -> int:
    """Return the epoch second at which the UTC minute holding ts starts."""
    return int(ts // 60 * 60)


def minute_label(epoch_minute: int) -> str:
    """Return the bucket name (YYYYMMDDHHMM) of an epoch minute."""
    return datetime.fromtimestamp(epoch_minute, UTC).strftime("%Y%m%d%H%M")


def iso(ts: float) -> str:
    """Return a UTC time as ISO 8601 with a Z, to the millisecond if it has one."""
    text = datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds")
    return text.replace(".000+00:00", "Z").replace("+00:00", "Z")


def window_minutes(now: float, window: int) -> list[int]:
    """Return the epoch minutes of a window of ``window`` minutes ending at now."""
    last = minute_of(now)
    return [last - 60 * i for i in range(window - 1, -1, -1)]


def quantile(values: list[float], q: float) -> float:
    """Return the q-quantile of values by linear interpolation (0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def parse_lines(raw: Mapping[str, str]) -> dict[str, dict[str, float]]:
    """Turn a minute's "player:stat" hash into player -> kills, deaths, score."""
    lines: dict[str, dict[str, float]] = {}
    for name, value in raw.items():
        player_id, _, stat = name.rpartition(":")
        line = lines.setdefault(player_id, dict.fromkeys(LINE_STATS, 0.0))
        line[stat] = float(value)
    return lines


def field_figures(lines: dict[str, dict[str, float]]) -> dict:
    """Return the field's median and 90th percentile of points and of K/D."""
    scores = [line["score"] for line in lines.values()]
    kds = [
        line["kills"] / max(line["deaths"], 1)
        for line in lines.values()
        if line["kills"] or line["deaths"]
    ]
    return {
        "field_players": len(lines),
        "score_p50": as_score(quantile(scores, 0.5)),
        "score_p90": as_score(quantile(scores, 0.9)),
        "kd_p50": round(quantile(kds, 0.5), 2),
        "kd_p90": round(quantile(kds, 0.9), 2),
    }


def competition_ranks(totals: Mapping[str, float]) -> dict[str, int]:
    """Rank values best first; ties share a rank and the next rank skips."""
    ordered = sorted(totals.values())
    return {
        pid: len(ordered) - bisect_right(ordered, value) + 1
        for pid, value in totals.items()
    }


def grid_rows(cells: Mapping[str, str | int], n: int) -> list[list[int]]:
    """Lay "col:row" counts out as n rows of n columns, row 0 at the map's y_min.

    Cells beyond the grid (left by an earlier HEATMAP_GRID) are not shown.
    """
    rows = [[0] * n for _ in range(n)]
    for cell, count in cells.items():
        col, sep, row = cell.partition(":")
        if sep and col.isdigit() and row.isdigit() and int(col) < n and int(row) < n:
            rows[int(row)][int(col)] += int(count)
    return rows


def cell_centres(low: float, high: float, n: int) -> list[float]:
    """Return the centres of n equal cells spanning [low, high]."""
    step = (high - low) / n
    return [round(low + step * (i + 0.5), 3) for i in range(n)]


def kill_entry(stream_id: str, fields: Mapping[str, str]) -> dict:
    """Turn one kill-log entry into a kill record with numbers as numbers."""

    def number(name: str) -> float | None:
        value = fields.get(name)
        return float(value) if value not in (None, "") else None

    assisters = fields.get("assisters", "")
    return {
        "id": stream_id,
        "time": int(fields["t"]) / 1000,
        "match_id": fields.get("match", ""),
        "killer_id": fields.get("killer", ""),
        "victim_id": fields.get("victim", ""),
        "assister_ids": assisters.split(",") if assisters else [],
        "weapon": fields.get("weapon") or None,
        "headshot": fields.get("headshot") == "1",
        "map": fields.get("map") or None,
        "x": number("x"),
        "y": number("y"),
        "kx": number("kx"),
        "ky": number("ky"),
    }


def stream_order(stream_id: str) -> tuple[int, int]:
    """Return a stream entry id as numbers, for sorting."""
    ms, _, seq = stream_id.partition("-")
    return int(ms), int(seq or 0)


def kill_position(kill: Mapping, kind: str) -> Position | None:
    """Return where a kill counts on the heatmap of kind, as the engine counts it.

    Deaths are where the victim fell; kills are where the killer stood, or
    where the victim fell when the killer's position is not known.
    """
    victim = None if kill["x"] is None else Position(x=kill["x"], y=kill["y"])
    if kind == "deaths" or kill["kx"] is None:
        return victim
    return Position(x=kill["kx"], y=kill["ky"])


def matches_filter(
    kill: Mapping,
    map_id: str | None,
    weapon: str | None,
    since: float | None,
    until: float | None,
) -> bool:
    """Tell whether a kill is on map_id, with weapon, and in [since, until)."""
    return (
        (map_id is None or kill["map"] == map_id)
        and (weapon is None or kill["weapon"] == weapon)
        and (since is None or kill["time"] >= since)
        and (until is None or kill["time"] < until)
    )


class Trends:
    """Time-resolved queries over one stack's Redis keys."""

    def __init__(
        self,
        client: redis.Redis,
        keys: Keys,
        games: Mapping[str, Game],
        *,
        heatmap_grid: int,
        max_future_skew_seconds: int,
        clock: Callable[[], float] = time.time,
    ):
        self.client = client
        self.keys = keys
        self.games = dict(games)
        self.grid = heatmap_grid
        self.skew = max_future_skew_seconds
        self.clock = clock

    @classmethod
    def from_settings(cls, settings: Settings, client: redis.Redis | None = None):
        """Build the reader the settings describe, on client or a pool of its own.

        Uses REDIS_URL, REDIS_MAX_CONNECTIONS, REDIS_KEY_PREFIX, GAMES_CONFIG,
        HEATMAP_GRID and MAX_FUTURE_SKEW_SECONDS.
        """
        if client is None:
            client = connect(settings.redis_url, settings.redis_max_connections)
        return cls(
            client,
            Keys(settings.redis_key_prefix),
            load_games(settings.games_config),
            heatmap_grid=settings.heatmap_grid,
            max_future_skew_seconds=settings.max_future_skew_seconds,
        )

    def map_info(self, game: str, map_id: str) -> MapInfo | None:
        """Return a map the game lists, or None."""
        return self.games[game].map_info(map_id)

    # Minutes ------------------------------------------------------------------

    def totals(self, game: str) -> dict:
        """Return a game's running counters since the start."""
        raw = self.client.hgetall(self.keys.game(game))
        names = ("events", "kills", "deaths", "matches", "matches_ended")
        return {name: as_count(raw.get(name)) for name in names}

    def event_counts(self, games: list[str]) -> dict[str, int]:
        """Return how many events each game has applied: a cheap change marker."""
        pipe = self.client.pipeline(transaction=False)
        for game in games:
            pipe.hget(self.keys.game(game), "events")
        return {g: as_count(n) for g, n in zip(games, pipe.execute(), strict=True)}

    def minutes(
        self, game: str, window: int, now: float | None = None, field: bool = True
    ) -> list[dict]:
        """Return one row per minute of the window, oldest first.

        Each row has the minute's events, kills, deaths, headshots, points,
        active players and matches, the game's K/D and points per active player;
        with ``field`` also the median and 90th percentile of the players'
        points and K/D in that minute (players with a kill, death or points).
        """
        epochs = window_minutes(self.clock() if now is None else now, window)
        pipe = self.client.pipeline(transaction=False)
        for epoch in epochs:
            label = minute_label(epoch)
            pipe.hgetall(self.keys.minute(game, label))
            pipe.pfcount(self.keys.minute_players(game, label))
            pipe.pfcount(self.keys.minute_matches(game, label))
            if field:
                pipe.hgetall(self.keys.minute_lines(game, label))
        replies = iter(pipe.execute())

        rows = []
        for epoch in epochs:
            bucket, players, matches = next(replies), next(replies), next(replies)
            row = {"minute": iso(epoch)}
            row.update({name: as_count(bucket.get(name)) for name in MINUTE_FIELDS})
            score = float(bucket.get("score") or 0)
            row.update(
                score=as_score(score),
                players=int(players),
                matches=int(matches),
                kd=ratio(row["kills"], row["deaths"]),
                score_per_player=as_score(score / max(int(players), 1)),
            )
            if field:
                row.update(field_figures(parse_lines(next(replies))))
            rows.append(row)
        return rows

    def _lines(
        self, game: str, window: int, now: float | None
    ) -> list[tuple[int, dict[str, dict[str, float]]]]:
        epochs = window_minutes(self.clock() if now is None else now, window)
        pipe = self.client.pipeline(transaction=False)
        for epoch in epochs:
            pipe.hgetall(self.keys.minute_lines(game, minute_label(epoch)))
        return [
            (epoch, parse_lines(raw))
            for epoch, raw in zip(epochs, pipe.execute(), strict=True)
        ]

    def movers(
        self,
        game: str,
        window: int,
        metric: str = "score",
        limit: int = 10,
        now: float | None = None,
    ) -> list[dict]:
        """Return the players who gained most of metric in the window, best first.

        Each row has what the player gained (points, kills, deaths, K/D over the
        window), the player's rank on the metric's leaderboard now and at the
        window's start, and ``climb``, the places gained. A player who had
        none of the metric before the window was not yet ranked: ``rank_before``
        and ``climb`` are None. Ties in the gain go to the bigger climb, then
        to the player id.
        """
        if metric not in MOVER_METRICS:
            raise ValueError(f"metric must be one of {', '.join(MOVER_METRICS)}")
        gained: dict[str, dict[str, float]] = {}
        for _, lines in self._lines(game, window, now):
            for pid, line in lines.items():
                total = gained.setdefault(pid, dict.fromkeys(LINE_STATS, 0.0))
                for stat in LINE_STATS:
                    total[stat] += line[stat]
        if not gained:
            return []

        # The ranks before the window need every player's total: one read of the
        # whole board, fine for thousands of players. TODO(scale): rank only the
        # movers with ZCOUNTs when boards reach hundreds of thousands.
        board = self.keys.leaderboard(game, metric)
        now_totals = dict(self.client.zrange(board, 0, -1, withscores=True))
        before = {
            pid: round(value - gained.get(pid, {}).get(metric, 0.0), 6)
            for pid, value in now_totals.items()
        }
        rank_now, rank_before = competition_ranks(now_totals), competition_ranks(before)
        rows = []
        for pid, line in gained.items():
            was = rank_before.get(pid) if before.get(pid) else None
            rank = rank_now.get(pid)
            rows.append(
                {
                    "player_id": pid,
                    "score": as_score(line["score"]),
                    "kills": int(line["kills"]),
                    "deaths": int(line["deaths"]),
                    "kd": ratio(line["kills"], line["deaths"]),
                    "rank": rank,
                    "rank_before": was,
                    "climb": None if was is None or rank is None else was - rank,
                }
            )
        rows.sort(key=lambda r: (-r[metric], -(r["climb"] or 0), r["player_id"]))
        return self._with_names(game, rows[:limit])

    def _with_names(self, game: str, rows: list[dict]) -> list[dict]:
        pipe = self.client.pipeline(transaction=False)
        for row in rows:
            pipe.hget(self.keys.player(game, row["player_id"]), "name")
        names = pipe.execute()
        return [
            {"player_id": row["player_id"], "name": name or "", **row}
            for row, name in zip(rows, names, strict=True)
        ]

    def trajectory(
        self, game: str, player_id: str, window: int, now: float | None = None
    ) -> list[dict]:
        """Return a player's minutes against the field's, oldest first.

        Per minute: the player's kills, deaths and points, their running sums
        and K/D over the window so far, and the field's median and 90th
        percentile of points (see ``minutes``).
        """
        rows = []
        kills = deaths = score = 0.0
        for epoch, lines in self._lines(game, window, now):
            mine = lines.get(player_id, dict.fromkeys(LINE_STATS, 0.0))
            kills += mine["kills"]
            deaths += mine["deaths"]
            score += mine["score"]
            figures = field_figures(lines)
            rows.append(
                {
                    "minute": iso(epoch),
                    "kills": int(mine["kills"]),
                    "deaths": int(mine["deaths"]),
                    "score": as_score(mine["score"]),
                    "cum_kills": int(kills),
                    "cum_deaths": int(deaths),
                    "cum_score": as_score(score),
                    "cum_kd": ratio(kills, deaths),
                    "field_players": figures["field_players"],
                    "field_score_p50": figures["score_p50"],
                    "field_score_p90": figures["score_p90"],
                }
            )
        return rows

    def activity(self, game: str) -> dict:
        """Return events and kills by UTC weekday (0 is Monday) and hour.

        Covers the minutes still retained (MINUTE_RETENTION_HOURS), so a full
        week needs a retention of at least 168 hours.
        """
        labels = self.client.zrange(self.keys.minute_index(game), 0, -1)
        pipe = self.client.pipeline(transaction=False)
        for label in labels:
            pipe.hmget(self.keys.minute(game, label), "events", "kills")
        counts: Counter = Counter()
        first = None
        for label, (events, kills) in zip(labels, pipe.execute(), strict=True):
            if events is None:
                continue  # expired since the index was read
            t = datetime.strptime(label, "%Y%m%d%H%M").replace(tzinfo=UTC)
            first = first or t
            counts[(t.weekday(), t.hour, "events")] += as_count(events)
            counts[(t.weekday(), t.hour, "kills")] += as_count(kills)
        cells = [
            {
                "weekday": day,
                "hour": hour,
                "events": counts[(day, hour, "events")],
                "kills": counts[(day, hour, "kills")],
            }
            for day in range(7)
            for hour in range(24)
        ]
        since = None if first is None else iso(first.timestamp())
        return {"game": game, "since": since, "cells": cells}

    # Kill log and heatmaps ----------------------------------------------------

    def _scan_kill_log(self, game: str, since: float | None) -> Iterator[dict]:
        # Entry ids are the engine's clock when it wrote the kill; an event may be
        # stamped up to the future skew ahead of that clock, never more, so every
        # kill at or after since has an id at or after since minus the skew.
        start = "-" if since is None else str(max(int((since - self.skew) * 1000), 0))
        key = self.keys.kill_log(game)
        while True:
            page = self.client.xrange(key, min=start, count=KILL_LOG_PAGE)
            for stream_id, fields in page:
                yield kill_entry(stream_id, fields)
            if len(page) < KILL_LOG_PAGE:
                return
            start = f"({page[-1][0]}"

    def kills(
        self,
        game: str,
        map_id: str | None = None,
        weapon: str | None = None,
        since: float | None = None,
        until: float | None = None,
        limit: int = 100,
    ) -> list[dict]:
        """Return up to limit logged kills that pass the filters, latest first."""
        found = [
            kill
            for kill in self._scan_kill_log(game, since)
            if matches_filter(kill, map_id, weapon, since, until)
        ]
        found.sort(key=lambda k: (k["time"], stream_order(k["id"])), reverse=True)
        return [{**k, "time": iso(k["time"])} for k in found[:limit]]

    def weapons(self, game: str) -> list[str]:
        """Return the weapons of the latest kills, most used first."""
        page = self.client.xrevrange(self.keys.kill_log(game), count=WEAPON_SAMPLE)
        used = Counter(fields.get("weapon") for _, fields in page)
        used.pop("", None)
        used.pop(None, None)
        return [weapon for weapon, _ in used.most_common()]

    def _log_reaches(self, game: str, since: float | None) -> bool:
        # The log holds every kill after since if it never dropped one, or if its
        # oldest entry is older than the earliest id a kill after since can have.
        try:
            info = self.client.xinfo_stream(self.keys.kill_log(game))
        except redis.ResponseError:
            return True  # no log: no kill was ever logged
        if int(info.get("entries-added", info["length"])) == int(info["length"]):
            return True
        first = info.get("first-entry")
        if since is None or not first:
            return False
        return int(first[0].split("-")[0]) <= (since - self.skew) * 1000

    def heatmap(
        self,
        game: str,
        map_id: str,
        kind: str,
        weapon: str | None = None,
        since: float | None = None,
    ) -> dict:
        """Return the kill or death density of a map as a grid over its extent.

        ``z[row][col]`` counts the cell whose centre is ``(x[col], y[row])``;
        row 0 is at the map's y_min. ``missing``, ``unmapped`` and ``outside``
        count what has no cell. ``source`` is ``grid`` (the engine's counts of
        every event) or ``kill_log`` (recounted for a weapon or a start time).
        """
        if kind not in HEAT_KINDS:
            raise ValueError(f"kind must be one of {', '.join(HEAT_KINDS)}")
        info = self.map_info(game, map_id)
        if info is None:
            raise ValueError(f"map {map_id} is not a map of {game}")
        if weapon is None and since is None:
            cells = self.client.hgetall(self.keys.heatmap(game, map_id, kind))
            source, complete = "grid", True
        else:
            cells = self._recount(game, info, kind, weapon, since)
            source, complete = "kill_log", self._log_reaches(game, since)

        x0, y0, x1, y1 = info.extent
        z = grid_rows(cells, self.grid)
        return {
            "game": game,
            "map": map_id,
            "kind": kind,
            "weapon": weapon,
            "since": None if since is None else iso(since),
            "source": source,
            "complete": complete,
            "extent": [x0, y0, x1, y1],
            "grid": self.grid,
            "x": cell_centres(x0, x1, self.grid),
            "y": cell_centres(y0, y1, self.grid),
            "z": z,
            "total": sum(map(sum, z)),
            **{name: as_count(cells.get(name)) for name in UNPLACED},
        }

    def _recount(
        self,
        game: str,
        info: MapInfo,
        kind: str,
        weapon: str | None,
        since: float | None,
    ) -> Counter:
        cells: Counter = Counter()
        for kill in self._scan_kill_log(game, since):
            if matches_filter(kill, info.id, weapon, since, None):
                pos = kill_position(kill, kind)
                cells[grid_cell(self.games[game], info.id, pos, self.grid)] += 1
        return cells
