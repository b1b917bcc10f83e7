"""Many Server-Sent Events spectators of one leaderboard stream, in one process.

``python -m bench.spectators --url URL --count 1000 --seconds 40 --out s.json``
opens count connections to the stream, waits until each has its first board,
prints ``connected`` on stdout, then records when each later board arrives
and its ``total``, until the time is up. One thread and non-blocking sockets
keep the client's own delay small against the server's.
"""

import argparse
import json
import re
import selectors
import socket
import sys
import time
from urllib.parse import urlsplit

TOTAL = re.compile(rb'"total":(\d+)')
CONNECT_SECONDS = 120


class Spectator:
    """One stream connection and the boards it has seen."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.buffer = b""
        self.boards: list[tuple[float, int]] = []

    def feed(self, data: bytes, now: float) -> None:
        """Take bytes read at now; record each board they complete."""
        self.buffer += data
        *events, self.buffer = self.buffer.split(b"\n\n")
        for event in events:
            if b"event: leaderboard" in event:
                found = TOTAL.search(event)
                if found:
                    self.boards.append((now, int(found.group(1))))


def connect(url: str, count: int) -> list[Spectator]:
    """Open count stream connections and send each its request."""
    parts = urlsplit(url)
    request = (
        f"GET {parts.path}?{parts.query} HTTP/1.1\r\n"
        f"Host: {parts.hostname}:{parts.port}\r\nAccept: text/event-stream\r\n\r\n"
    ).encode()
    spectators = []
    for _ in range(count):
        sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
        sock.sendall(request)
        sock.setblocking(False)
        spectators.append(Spectator(sock))
    return spectators


def listen(selector: selectors.BaseSelector, until) -> None:
    """Read whatever arrives until until() is true."""
    while not until():
        for key, _ in selector.select(timeout=0.2):
            spectator: Spectator = key.data
            try:
                data = spectator.sock.recv(1 << 16)
            except BlockingIOError:
                continue
            now = time.time()
            if not data:
                selector.unregister(spectator.sock)
                continue
            spectator.feed(data, now)


def main(argv: list[str] | None = None) -> None:
    """Connect, report connected, record boards, write them out."""
    parser = argparse.ArgumentParser(prog="python -m bench.spectators")
    parser.add_argument("--url", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)

    spectators = connect(args.url, args.count)
    selector = selectors.DefaultSelector()
    for spectator in spectators:
        selector.register(spectator.sock, selectors.EVENT_READ, spectator)
    deadline = time.monotonic() + CONNECT_SECONDS
    listen(
        selector,
        lambda: all(s.boards for s in spectators) or time.monotonic() > deadline,
    )
    first = sum(1 for s in spectators if s.boards)
    print(f"connected {first}", flush=True)
    end = time.monotonic() + args.seconds
    listen(selector, lambda: time.monotonic() > end)

    result = {
        "connected": first,
        "boards": [s.boards for s in spectators],
    }
    with open(args.out, "w") as out:
        json.dump(result, out)
    sys.exit(0 if first == args.count else 1)


if __name__ == "__main__":
    main()
