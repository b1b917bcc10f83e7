"""Push a game's leaderboard to the page as Server-Sent Events.

``GET /api/v1/games/<game>/stream?metric=score&limit=20`` answers
``text/event-stream``: ``retry: 2000``, then an ``event: leaderboard`` whose data
is the same JSON as the leaderboard endpoint, then a fresh one at most every
500 ms whenever the game changed, and a ``: keepalive`` comment after 15 s of
silence (which is also how a gone client is noticed).

Clients hold no Redis connection of their own. Each worker process runs one
subscriber on every game's updates channel (one pattern subscription, on a
connection of its own outside the request pool) and wakes the clients of the
game that changed. A woken client borrows a pool connection only for its read,
and clients of the same board share one read per change. Under gunicorn's
gevent workers threads are greenlets, so a client costs a greenlet, not a
thread.
"""

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator

import orjson
import redis
from flask import Blueprint, Flask, Response, current_app

from api.extensions import read_model
from api.params import choice_arg, game_arg, int_arg
from pipeline.keys import METRICS, Keys

logger = logging.getLogger(__name__)

# The browser reconnects this many milliseconds after a dropped stream.
RETRY_MS = 2000
# Seconds between two leaderboards sent to one client, at the least.
MIN_INTERVAL_SECONDS = 0.5
# Seconds of silence after which a comment keeps the connection alive.
KEEPALIVE_SECONDS = 15.0
# Seconds a first client of a process waits for the subscription to be in place.
SUBSCRIBE_WAIT_SECONDS = 2.0
# Seconds between attempts to subscribe again after Redis went away.
RESUBSCRIBE_BACKOFF_SECONDS = (0.5, 1.0, 2.0, 5.0)
DEFAULT_LIMIT = 20
MAX_LIMIT = 100

bp = Blueprint("stream", __name__)


class _Signal:
    """A game's change counter, and a condition its clients wait on."""

    def __init__(self) -> None:
        self.version = 0
        self.changed = threading.Condition()

    def bump(self) -> None:
        with self.changed:
            self.version += 1
            self.changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen, timeout)
            return self.version


class UpdateHub:
    """One subscriber per process that tells waiting clients a game changed."""

    def __init__(self, redis_url: str, keys: Keys) -> None:
        self.redis_url = redis_url
        self.pattern = keys.updates_channel("*")
        self.channel_prefix = keys.updates_channel("")
        self._signals: dict[str, _Signal] = {}
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._subscribed = threading.Event()

    def signal(self, game: str) -> _Signal:
        """Return the change signal of a game, made on first use."""
        with self._lock:
            return self._signals.setdefault(game, _Signal())

    def ensure_running(self) -> None:
        """Start the subscriber in this process, once (again after a fork)."""
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._subscribed.clear()
        thread = threading.Thread(target=self._run, name="sse-subscriber", daemon=True)
        thread.start()

    def wait_subscribed(self, timeout: float) -> bool:
        """Wait until the subscription is in place; True when it is."""
        return self._subscribed.wait(timeout)

    def is_subscribed(self) -> bool:
        """Tell whether the subscription is in place now, without waiting.

        Not wait_subscribed(0): under gevent a zero wait yields, and one that
        races the subscription being set can leave its greenlet waiting.
        """
        return self._subscribed.is_set()

    def _run(self) -> None:
        failures = 0
        while True:
            try:
                self._listen()
            except redis.RedisError as error:
                self._subscribed.clear()
                delay = RESUBSCRIBE_BACKOFF_SECONDS[
                    min(failures, len(RESUBSCRIBE_BACKOFF_SECONDS) - 1)
                ]
                failures += 1
                logger.warning(
                    "updates subscription lost error=%s retry_in=%ss", error, delay
                )
                time.sleep(delay)
            else:
                failures = 0

    def _listen(self) -> None:
        client = redis.Redis.from_url(
            self.redis_url,
            decode_responses=True,
            socket_connect_timeout=2,
            socket_keepalive=True,
            health_check_interval=30,
        )
        pubsub = client.pubsub(ignore_subscribe_messages=True)
        try:
            pubsub.psubscribe(self.pattern)
            self._subscribed.set()
            # Messages may have been missed while unsubscribed: refresh everyone.
            self._bump_all()
            logger.info("updates subscribed pattern=%s", self.pattern)
            while True:
                message = pubsub.get_message(timeout=KEEPALIVE_SECONDS)
                if message and message["type"] == "pmessage":
                    self._on_message(message["channel"])
        finally:
            pubsub.close()
            client.close()

    def _on_message(self, channel: str) -> None:
        game = channel.removeprefix(self.channel_prefix)
        with self._lock:
            signal = self._signals.get(game)
        if signal is not None:
            signal.bump()

    def _bump_all(self) -> None:
        with self._lock:
            signals = list(self._signals.values())
        for signal in signals:
            signal.bump()


class SharedBoards:
    """The latest leaderboard JSON per board, read once per change."""

    def __init__(self) -> None:
        self._boards: dict[tuple, tuple[int, bytes]] = {}
        self._locks: dict[tuple, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, board: tuple, version: int, read: Callable[[], bytes]) -> bytes:
        """Return the board as of version, reading it only if no client has."""
        with self._lock:
            lock = self._locks.setdefault(board, threading.Lock())
        with lock:
            cached = self._boards.get(board)
            if cached is not None and cached[0] >= version:
                return cached[1]
            data = read()
            self._boards[board] = (version, data)
            return data


def init_app(app: Flask) -> None:
    """Make the app's update hub and board cache; the subscriber starts lazily."""
    config = app.config
    app.extensions["stream_hub"] = UpdateHub(
        config["REDIS_URL"], Keys(config["REDIS_KEY_PREFIX"])
    )
    app.extensions["stream_boards"] = SharedBoards()


bp.record_once(lambda state: init_app(state.app))


def format_event(data: bytes) -> bytes:
    """Frame a leaderboard document as one SSE ``leaderboard`` event."""
    return b"event: leaderboard\ndata: " + data + b"\n\n"


def _events(
    signal: _Signal,
    seen: int,
    first: bytes,
    fresh: Callable[[int], bytes],
) -> Iterator[bytes]:
    yield f"retry: {RETRY_MS}\n".encode() + format_event(first)
    last_data, last_write = first, time.monotonic()
    while True:
        silence = KEEPALIVE_SECONDS - (time.monotonic() - last_write)
        version = signal.wait(seen, timeout=max(silence, 0))
        if version == seen:
            yield b": keepalive\n\n"
            last_write = time.monotonic()
            continue
        # Let changes gather: one leaderboard per MIN_INTERVAL_SECONDS at most.
        time.sleep(max(0.0, last_write + MIN_INTERVAL_SECONDS - time.monotonic()))
        seen = signal.version
        try:
            data = fresh(seen)
        except redis.RedisError as error:
            logger.warning("stream read failed error=%s", error)
            continue
        if data != last_data:
            yield format_event(data)
            last_data, last_write = data, time.monotonic()


@bp.get("/games/<game>/stream")
def stream_leaderboard(game: str) -> Response:
    """Stream a game's leaderboard: now, then again after every change."""
    game = game_arg(game)
    metric = choice_arg("metric", METRICS, default="score")
    limit = int_arg("limit", default=DEFAULT_LIMIT, low=1, high=MAX_LIMIT)

    hub: UpdateHub = current_app.extensions["stream_hub"]
    boards: SharedBoards = current_app.extensions["stream_boards"]
    model = read_model()
    hub.ensure_running()
    # Subscribed before the first read, so no change falls between the two.
    hub.wait_subscribed(SUBSCRIBE_WAIT_SECONDS)
    signal = hub.signal(game)
    seen = signal.version

    def read() -> bytes:
        return orjson.dumps(model.leaderboard(game, metric, limit, 0))

    # Read before answering, so a Redis outage is the API's JSON 503.
    first = read()
    board = (game, metric, limit)
    events = _events(signal, seen, first, lambda v: boards.get(board, v, read))

    response = Response(events, mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache"
    # Proxies such as nginx must pass each event on at once.
    response.headers["X-Accel-Buffering"] = "no"
    return response
