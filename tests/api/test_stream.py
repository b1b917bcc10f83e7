"""The leaderboard push channel (SSE), served for real by gunicorn's gevent workers."""

import http.client
import json
import threading
import time
import urllib.request

import pytest

from api.stream import MIN_INTERVAL_SECONDS, RETRY_MS, _events, _Signal

PAGE_ORIGIN = "http://localhost:3000"
READ_TIMEOUT = 10


@pytest.fixture
def server(api_server):
    """Run gunicorn (one gevent worker) on this test's settings; return host, port."""
    api = api_server()
    return api.host, api.port


class EventStream:
    """A minimal SSE client: reads fields until each blank line ends an event."""

    def __init__(self, host: str, port: int, path: str):
        self.connection = http.client.HTTPConnection(host, port, timeout=READ_TIMEOUT)
        self.connection.request(
            "GET", path, headers={"Accept": "text/event-stream", "Origin": PAGE_ORIGIN}
        )
        self.response = self.connection.getresponse()

    def next_event(self) -> dict[str, str]:
        """Return the next event's fields; comments come as the field ``comment``."""
        fields: dict[str, str] = {}
        while True:
            line = self.response.readline().decode().rstrip("\n")
            if line == "":
                if fields:
                    return fields
                continue
            name, _, value = line.partition(":")
            fields["comment" if name == "" else name] = value.removeprefix(" ")

    def next_leaderboard(self) -> dict:
        """Skip comments and return the next leaderboard document."""
        while True:
            event = self.next_event()
            if event.get("event") == "leaderboard":
                return json.loads(event["data"])

    def close(self) -> None:
        self.connection.close()


@pytest.fixture
def open_stream(server):
    streams = []

    def open_(path: str) -> EventStream:
        stream = EventStream(*server, path)
        streams.append(stream)
        return stream

    yield open_
    for stream in streams:
        stream.close()


def test_stream_sends_the_leaderboard_then_the_next_after_a_change(
    open_stream, state, redis_client, keys
):
    state.add_player("apex", "76561198046048622", name="tuhti  sirpa", kills=3)
    state.add_player("apex", "p2", name="Kaze ", kills=1)

    stream = open_stream("/api/v1/games/apex/stream?metric=kills&limit=20")
    first = stream.next_event()
    state.add_player("apex", "p2", name="Kaze ", kills=5)
    redis_client.publish(keys.updates_channel("apex"), "1")
    second = stream.next_leaderboard()

    assert stream.response.status == 200
    assert stream.response.getheader("Content-Type").startswith("text/event-stream")
    assert stream.response.getheader("Access-Control-Allow-Origin") == PAGE_ORIGIN
    assert first["retry"] == str(RETRY_MS)
    assert first["event"] == "leaderboard"
    board = json.loads(first["data"])
    assert board["metric"] == "kills"
    assert [(e["player_id"], e["name"], e["kills"]) for e in board["entries"]] == [
        ("76561198046048622", "tuhti  sirpa", 3),
        ("p2", "Kaze ", 1),
    ]
    assert [(e["player_id"], e["rank"]) for e in second["entries"]] == [
        ("p2", 1),
        ("76561198046048622", 2),
    ]


def test_stream_data_is_the_leaderboard_endpoint_document(open_stream, server, state):
    state.add_player("halo", "p1", name="Черная смерть", kills=2, score=250.5)
    host, port = server

    stream = open_stream("/api/v1/games/halo/stream?metric=score&limit=5")
    pushed = stream.next_leaderboard()
    url = f"http://{host}:{port}/api/v1/games/halo/leaderboard?metric=score&limit=5"
    with urllib.request.urlopen(url) as response:
        fetched = json.loads(response.read())

    assert pushed == fetched


def test_changes_in_a_burst_are_sent_at_most_every_half_second(
    open_stream, state, redis_client, keys
):
    state.add_player("valorant", "p1", score=1)
    stream = open_stream("/api/v1/games/valorant/stream")
    stream.next_leaderboard()

    arrivals = []

    def read_until_last() -> None:
        score = None
        while score != 21:
            score = stream.next_leaderboard()["entries"][0]["score"]
            arrivals.append(time.monotonic())

    reader = threading.Thread(target=read_until_last, daemon=True)
    reader.start()
    for score in range(2, 22):
        state.add_player("valorant", "p1", score=score)
        redis_client.publish(keys.updates_channel("valorant"), "1")
        time.sleep(0.05)
    reader.join(timeout=READ_TIMEOUT)

    # Twenty changes over a second come as a few leaderboards, spaced out.
    assert 1 <= len(arrivals) <= 4
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:], strict=False)]
    assert all(gap >= MIN_INTERVAL_SECONDS - 0.05 for gap in gaps)


def test_a_change_of_another_game_sends_nothing(open_stream, state, redis_client, keys):
    state.add_player("apex", "p1", kills=1)
    state.add_player("halo", "p1", kills=1)
    stream = open_stream("/api/v1/games/apex/stream")
    stream.next_leaderboard()
    stream.connection.sock.settimeout(1.5)

    state.add_player("halo", "p1", kills=9)
    redis_client.publish(keys.updates_channel("halo"), "1")

    with pytest.raises(TimeoutError):
        stream.next_event()


@pytest.mark.parametrize(
    ("path", "status", "parameter"),
    [
        ("/api/v1/games/nope/stream", 404, "game"),
        ("/api/v1/games/apex/stream?metric=damage", 400, "metric"),
        ("/api/v1/games/apex/stream?limit=0", 400, "limit"),
    ],
)
def test_a_bad_stream_request_is_a_json_error(client, path, status, parameter):
    response = client.get(path, headers={"Origin": PAGE_ORIGIN})

    assert response.status_code == status
    assert response.get_json()["error"]["parameter"] == parameter
    assert response.headers["Access-Control-Allow-Origin"] == PAGE_ORIGIN


def test_a_quiet_stream_sends_keepalive_comments(monkeypatch):
    monkeypatch.setattr("api.stream.KEEPALIVE_SECONDS", 0.2)
    events = _events(_Signal(), 0, b"{}", lambda version: b"{}")

    first = next(events)
    started = time.monotonic()
    second = next(events)

    assert first == b"retry: 2000\nevent: leaderboard\ndata: {}\n\n"
    assert second == b": keepalive\n\n"
    assert 0.15 < time.monotonic() - started < 1
