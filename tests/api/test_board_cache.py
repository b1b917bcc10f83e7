"""Leaderboard pages kept per worker: read once per change of their game."""

import time

import pytest

from api.board_cache import FRESH_SECONDS, BoardCache

BOARD = "/api/v1/games/halo/leaderboard?limit=5"


class Counting:
    """Wrap the read model's leaderboard to count the reads of Redis."""

    def __init__(self, model):
        self.reads = 0
        self._read = model.leaderboard
        model.leaderboard = self

    def __call__(self, *args, **kwargs):
        self.reads += 1
        return self._read(*args, **kwargs)


@pytest.fixture
def subscribed(make_app):
    """Return a test client, its app's read counter and its update hub, listening."""
    app = make_app()
    client = app.test_client()
    client.get("/api/v1/games/apex/leaderboard")  # starts the subscriber
    hub = app.extensions["stream_hub"]
    assert hub.wait_subscribed(5)
    return client, Counting(app.extensions["read_model"]), hub


def announce(redis_client, keys, hub, game: str) -> None:
    """Publish a change of game as the engine does; wait until the hub hears it."""
    before = hub.signal(game).version
    redis_client.publish(keys.updates_channel(game), 1)
    deadline = time.monotonic() + 5
    while hub.signal(game).version <= before:
        assert time.monotonic() < deadline, "the update was not heard"
        time.sleep(0.01)


def test_a_page_is_read_once_until_its_game_changes(subscribed, state):
    client, counter, _ = subscribed
    state.add_player("halo", "p1", score=1)

    first = client.get(BOARD)
    again = client.get(BOARD)

    assert counter.reads == 1
    assert again.get_data() == first.get_data()
    assert again.headers["Cache-Control"] == "no-store"


def test_an_update_on_the_games_channel_reads_the_page_again(
    subscribed, state, redis_client, keys
):
    client, counter, hub = subscribed
    state.add_player("halo", "p1", score=1)
    client.get(BOARD)

    state.add_player("halo", "p2", score=5)
    announce(redis_client, keys, hub, "halo")
    time.sleep(FRESH_SECONDS)
    page = client.get(BOARD).get_json()

    assert counter.reads == 2
    assert [e["player_id"] for e in page["entries"]] == ["p2", "p1"]


def test_changes_within_the_fresh_window_are_answered_from_the_page(
    subscribed, state, redis_client, keys
):
    client, counter, hub = subscribed
    # A window no test run outlasts; the default one is FRESH_SECONDS.
    client.application.extensions["board_cache"] = BoardCache(hub, fresh_seconds=60)
    state.add_player("halo", "p1", score=1)
    first = client.get(BOARD)

    state.add_player("halo", "p2", score=5)
    announce(redis_client, keys, hub, "halo")
    within = client.get(BOARD)

    # An engine at thousands of events a second publishes hundreds of changes
    # a second; each page is read at most once a window.
    assert counter.reads == 1 and within.get_data() == first.get_data()


def test_an_update_of_another_game_keeps_the_page(
    subscribed, state, redis_client, keys
):
    client, counter, hub = subscribed
    state.add_player("halo", "p1", score=1)
    client.get(BOARD)

    announce(redis_client, keys, hub, "apex")
    client.get(BOARD)

    assert counter.reads == 1


class SilentHub:
    """A hub whose subscription is not in place."""

    def ensure_running(self) -> None:
        pass

    def is_subscribed(self) -> bool:
        return False


def test_without_the_subscription_every_request_reads(make_app):
    app = make_app()
    cache = BoardCache(SilentHub())
    reads = []

    with app.app_context():
        for _ in range(3):
            cache.page("halo", ("score", 10, 0), lambda: reads.append(1) or {})

    assert len(reads) == 3
