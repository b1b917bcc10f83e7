"""Leaderboard pages kept per worker until their game changes.

Every engine batch that changes a game publishes on the game's updates
channel, and each worker's stream subscriber (api/stream.py) counts those
changes per game. A page read at a game's count is answered again, as the
same bytes, until the count moves; so a read costs Redis once per change and
per page, not once per request, and is stale by no more than the moment the
subscriber takes to hear of a change. While the subscriber is not listening
(starting, or Redis away) every request reads Redis, as without the cache.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable

from flask import Response, current_app

from api.stream import UpdateHub

# Pages kept per worker; the least recently used goes first.
MAX_PAGES = 512


class BoardCache:
    """Serialised leaderboard pages of one worker, each with its game's count."""

    def __init__(self, hub: UpdateHub, max_pages: int = MAX_PAGES):
        self.hub = hub
        self.max_pages = max_pages
        self._pages: OrderedDict[tuple, tuple[int, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def holds(self, game: str, params: tuple) -> bool:
        """Tell whether the page would be answered without reading Redis."""
        if not self.hub.is_subscribed():
            return False
        version = self.hub.signal(game).version
        with self._lock:
            kept = self._pages.get((game, *params))
        return kept is not None and kept[0] == version

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
            if kept is not None and kept[0] == version:
                self._pages.move_to_end(slot)
                return _body(kept[1])
        response = _json(read())
        with self._lock:
            self._pages[slot] = (version, response.get_data())
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
