"""Redis bytes per player, with every structure the engine writes.

A population of players (split over Apex, Valorant and Halo, with the
platforms' own id shapes and the simulator's names) plays one or two
simulated matches each; the events go through the engine's own fold and script
(pipeline.store), straight to Redis under a prefix of their own. Every key
under it is then sized with MEMORY USAGE, so other users of the same Redis do
not count, and the total is divided by the players. The breakdown by kind of
key shows what is per player (hash, board entries) and what is per event
(seen ids, kill log, minute lines).
"""

import math
import time
from collections import Counter
from random import Random

from tqdm import tqdm

from bench.context import Run
from bench.plan import Plan
from bench.report import Figure, Report
from pipeline.effects import Layout
from pipeline.games import configured_games
from pipeline.keys import Keys
from pipeline.simulator.players import Lobby, player_pool
from pipeline.simulator.runner import interleave, new_match
from pipeline.store import Batch, Store

GAMES = ("apex", "valorant", "halo")
BYTES_PER_PLAYER_TARGET = 500  # 0.5 GB per million players
BATCH = 2_000
PREFIX_NOTE = (
    "keys here carry the run's prefix, 16 bytes longer than the stack's 'ga': "
    "about that much per player hash above what the stack itself would use"
)


def population_events(plan: Plan, seed: int):
    """Yield the events of matches that give each player of the pools one match."""
    games = configured_games()
    per_game = math.ceil(plan.memory_players / len(GAMES))
    lobbies = {g: Lobby(player_pool(g, seed, size=per_game)) for g in GAMES}
    starts = []
    for g in GAMES:
        game = games[g]
        matches = math.ceil(per_game / (game.teams * game.team_size))
        starts += [(game, k) for k in range(matches)]

    def start_all():
        for game, k in starts:
            yield new_match(game, lobbies, Random(f"{seed}:{game.id}:{k}"))

    return interleave(start_all(), concurrency=6, pick=Random(f"{seed}:pick"))


def memory_per_player(run: Run, plan: Plan, report: Report) -> Keys:
    """Write the population, size its keys; return the keys used (for Redis)."""
    s = run.settings
    keys = Keys(f"{run.id}-mem")
    layout = Layout.from_settings(s, keys)
    store = Store(run.redis, keys, "memory", s.dedupe_ttl_seconds)
    games = configured_games()
    batch, events, seats = Batch(layout), 0, 0
    start = time.perf_counter()
    for event in tqdm(population_events(plan, plan.seed + 300), desc="population"):
        batch.add_event(event, games[event.game])
        events += 1
        if event.type == "match_start":
            seats += len(event.players)
        if len(batch.events) == BATCH:
            store.apply(batch)
            batch = Batch(layout)
    store.apply(batch)
    seconds = time.perf_counter() - start

    sizes = key_sizes(run, keys.prefix)
    players = sum(run.redis.zcard(keys.leaderboard(g, "score")) for g in GAMES)
    total = sum(sizes.values())
    per_player = {kind: n / players for kind, n in sizes.most_common()}
    state = sizes["player"] + sizes["lb"]
    report.add(
        Figure(
            key="memory.state_bytes_per_player",
            what="Redis: bytes per player, hash and board entries",
            value=state / players,
            unit="bytes",
            at_most=BYTES_PER_PLAYER_TARGET,
            note=PREFIX_NOTE,
        )
    )
    report.add(
        Figure(
            key="memory.bytes_per_player",
            what=f"Redis: bytes per player, all structures ({players:,} players)",
            value=total / players,
            unit="bytes",
            at_most=BYTES_PER_PLAYER_TARGET,
            note="seen ids, the kill log and minute lines grow with events, "
            "not players (see detail)",
            detail={
                "players": players,
                "matches_per_player": seats / players,
                "events": events,
                "bytes": total,
                "bytes_per_player_by_kind": per_player,
                "seconds_to_write": seconds,
            },
        )
    )
    return keys


def key_sizes(run: Run, prefix: str) -> Counter[str]:
    """Return MEMORY USAGE summed by kind of key (the part after the prefix)."""
    sizes: Counter[str] = Counter()
    pipe = run.redis.pipeline(transaction=False)
    names = []
    for key in run.redis.scan_iter(match=f"{prefix}:*", count=1000):
        pipe.memory_usage(key, samples=0)
        names.append(key.removeprefix(prefix + ":").split(":", 1)[0])
        if len(names) % 1000 == 0:
            for name, size in zip(names[-1000:], pipe.execute(), strict=True):
                sizes[name] += size or 0
    rest = len(names) % 1000
    if rest:
        for name, size in zip(names[-rest:], pipe.execute(), strict=True):
            sizes[name] += size or 0
    return sizes
