"""Leaderboard pages kept per worker until their game changes.

Every engine batch that changes a game publishes on the game's updates
channel, and each worker's stream subscriber (api/stream.py) counts those
changes per game. A page read at a game's count is answered again, as the
same bytes, until the count moves and the page is FRESH_SECONDS old; so a
read costs Redis at most once per change and per page, and at most
1 / FRESH_SECONDS times a second per page however fast the game changes.
While the engine ingests thousands of events a second it publishes hundreds
of changes a second, and without that floor nearly every request read Redis
(the top-10 read fell from 3,400 to 1,400 requests/s under wrk). A page is
stale by at most FRESH_SECONDS plus the moment the subscriber takes to hear
of a change; the live stream sends at most every 0.5 s anyway. While the
subscriber is not listening (starting, or Redis away) every request reads
Redis, as without the cache.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from flask import Response, current_app

from api.stream import UpdateHub

# Pages kept per worker; the least recently used goes first.
MAX_PAGES = 512
# A page younger than this is answered even if its game changed since.
FRESH_SECONDS = 0.1


class BoardCache:
    """Serialised leaderboard pages of one worker, each with its game's count."""

    def __init__(
        self,
        hub: UpdateHub,
        max_pages: int = MAX_PAGES,
        fresh_seconds: float = FRESH_SECONDS,
    ):
        self.hub = hub
        self.max_pages = max_pages
        self.fresh_seconds = fresh_seconds
        # slot -> (game's count when read, monotonic time when read, bytes)
        self._pages: OrderedDict[tuple, tuple[int, float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def _current(self, kept: tuple[int, float, bytes] | None, version: int) -> bool:
        if kept is None:
            return False
        return kept[0] == version or time.monotonic() - kept[1] < self.fresh_seconds

    def holds(self, game: str, params: tuple) -> bool:
        """Tell whether the page would be answered without reading Redis."""
        if not self.hub.is_subscribed():
            return False
        version = self.hub.signal(game).version
        with self._lock:
            kept = self._pages.get((game, *params))
        return self._current(kept, version)

    def page(self, game: str, params: tuple, read: Callable[[], dict]) -> Response:
        """Answer a page from the cache when its game has not changed since."""
        self.hub.ensure_running()
        if not self.hub.is_subscribed():
            with self._lock:
                self._pages.clear()
            return _json(read())
        version = self.hub.signal(game).version
        slot = (game, *params)
        with self._lock:
            kept = self._pages.get(slot)
            if self._current(kept, version):
                self._pages.move_to_end(slot)
                return _body(kept[2])
        response = _json(read())
        with self._lock:
            self._pages[slot] = (version, time.monotonic(), response.get_data())
            if len(self._pages) > self.max_pages:
                self._pages.popitem(last=False)
        return response


def _json(document: dict) -> Response:
    return current_app.json.response(document)


def _body(data: bytes) -> Response:
    return current_app.response_class(data, mimetype=current_app.json.mimetype)


def board_cache() -> BoardCache | None:
    """Return the app's page cache, made on first use; None without a hub."""
    extensions = current_app.extensions
    if "board_cache" not in extensions and "stream_hub" in extensions:
        extensions["board_cache"] = BoardCache(extensions["stream_hub"])
    return extensions.get("board_cache")
