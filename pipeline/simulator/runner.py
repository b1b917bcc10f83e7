"""Interleave concurrent matches of several games, and pace them in real time.

``simulate`` is pure apart from the wall clock in ``event_time``: from a seed
it gives the same matches, players, outcomes and ids every time. Match ``k``
(from 0) is a match of ``games[k % len(games)]``; up to ``concurrency`` matches
are in flight at once, and which one emits next is drawn from the seed too.
Without a seed a random 128-bit one is drawn, so match ids are unique across
runs. ``paced`` spreads any event stream at a rate in events per second.
"""

import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import count, islice
from random import Random

from pipeline.events import EventBase
from pipeline.games import Game, configured_games
from pipeline.simulator import apex, halo, valorant
from pipeline.simulator.match import Match, Timed, utc_now
from pipeline.simulator.players import Lobby, PlayerProfile, player_pool

PLAYS = {"apex": apex.play, "valorant": valorant.play, "halo": halo.play}
GAMES = tuple(PLAYS)
DEFAULT_CONCURRENCY = 6
# The pool of players does not depend on the run's seed unless one is given,
# so an unseeded stack keeps meeting the same players across restarts.
DEFAULT_POOL_SEED = 0
# Falling further behind the rate than this resets the schedule, so a stall
# (a slow broker) is not followed by a burst.
MAX_LAG_SECONDS = 1.0


def match_id(game: str, rng: Random) -> str:
    """Return a match id: the game and a UUID drawn from ``rng``."""
    return f"{game}-{uuid.UUID(int=rng.getrandbits(128), version=4)}"


@dataclass
class InFlight:
    """A match being played: its events to come and the lobby it drew from."""

    events: Iterator[Timed]
    lobby: Lobby
    profiles: list[PlayerProfile]

    def release(self) -> None:
        """Give the match's players back to the lobby."""
        self.lobby.release(self.profiles)


def new_match(
    game: Game,
    lobbies: Mapping[str, Lobby],
    rng: Random,
    clock: Callable[[], datetime] = utc_now,
) -> InFlight:
    """Start one match: draw its id, map and roster from ``rng``."""
    match = Match(
        game=game,
        match_id=match_id(game.id, rng),
        map=rng.choice(game.maps),
        rng=rng,
        clock=clock,
    )
    lobby = lobbies[game.id]
    profiles = lobby.draw(rng, game.teams * game.team_size)
    return InFlight(PLAYS[game.id](match, profiles), lobby, profiles)


def play_match(
    game_id: str,
    seed: int | str = 0,
    config: Mapping[str, Game] | None = None,
) -> Iterator[Timed]:
    """Return one match's timed events from a fresh pool (for tests and tools)."""
    game = (config or configured_games())[game_id]
    lobbies = {game_id: Lobby(player_pool(game_id, seed))}
    return new_match(game, lobbies, Random(f"{seed}:match:0")).events


def simulate(
    seed: int | None = None,
    matches: int | None = None,
    games: Sequence[str] = GAMES,
    concurrency: int = DEFAULT_CONCURRENCY,
    config: Mapping[str, Game] | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> Iterator[EventBase]:
    """Return the events of ``matches`` matches (None: without end), interleaved."""
    config = config or configured_games()
    unknown = [g for g in games if g not in PLAYS or g not in config]
    if unknown or not games:
        raise ValueError(f"games must be some of {', '.join(PLAYS)}; got {unknown}")
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    master = secrets.randbits(128) if seed is None else seed
    pool_seed = DEFAULT_POOL_SEED if seed is None else seed
    lobbies = {g: Lobby(player_pool(g, pool_seed)) for g in games}
    starts = (
        new_match(
            config[games[k % len(games)]], lobbies, Random(f"{master}:match:{k}"), clock
        )
        for k in (count() if matches is None else range(matches))
    )
    return interleave(starts, concurrency, Random(f"{master}:interleave"))


def interleave(
    starts: Iterator[InFlight], concurrency: int, pick: Random
) -> Iterator[EventBase]:
    """Yield events from up to ``concurrency`` matches at once, drawn by ``pick``."""
    in_flight: list[InFlight] = []
    while True:
        in_flight.extend(islice(starts, concurrency - len(in_flight)))
        if not in_flight:
            return
        slot = pick.randrange(len(in_flight))
        timed = next(in_flight[slot].events, None)
        if timed is None:
            in_flight.pop(slot).release()
            continue
        yield timed.event


def paced(
    events: Iterable[EventBase],
    rate: float,
    stop: threading.Event,
    duration: float | None = None,
) -> Iterator[EventBase]:
    """Yield events at ``rate`` per second (0: at once) until ``stop`` or time."""
    it = iter(events)
    start = time.monotonic()
    deadline = None if duration is None else start + duration
    sent = 0
    while not stop.is_set():
        if rate > 0:
            delay = start + sent / rate - time.monotonic()
            if delay > 0:
                stop.wait(delay)
            elif delay < -MAX_LAG_SECONDS:
                start = time.monotonic() - sent / rate
        if stop.is_set() or (deadline is not None and time.monotonic() >= deadline):
            return
        # The next event is built only now, so its event_time is its send time.
        event = next(it, None)
        if event is None:
            return
        sent += 1
        yield event
