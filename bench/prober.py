"""Watch a counter through the API, to time when events become readable.

A ``Prober`` thread asks the API for the probe player, over one keep-alive
connection, every POLL_SECONDS, and keeps (time the answer arrived, kills).
The k-th probe kill is readable from the first answer showing at least k
kills; its latency is that answer's time minus the probe's creation time, so
it is overstated by up to one poll interval and one request.
"""

import http.client
import threading
import time
from urllib.parse import urlsplit

import orjson

POLL_SECONDS = 0.004


class Prober(threading.Thread):
    """Poll one player's kills through the API until stopped."""

    def __init__(self, base_url: str, game: str, player_id: str):
        super().__init__(name="prober", daemon=True)
        url = urlsplit(base_url)
        self._host, self._port = url.hostname, url.port
        self._path = f"/api/v1/games/{game}/players/{player_id}"
        self._stopping = threading.Event()
        self.seen: list[tuple[float, int]] = []
        self.errors = 0

    def kills(self, connection: http.client.HTTPConnection) -> int:
        """Return the probe player's kills now (0 before the first)."""
        connection.request("GET", self._path)
        response = connection.getresponse()
        body = response.read()
        if response.status == 404:
            return 0
        if response.status != 200:
            raise RuntimeError(f"{self._path} answered {response.status}")
        return orjson.loads(body)["kills"]

    def run(self) -> None:
        connection = http.client.HTTPConnection(self._host, self._port, timeout=10)
        while not self._stopping.is_set():
            try:
                kills = self.kills(connection)
            except (OSError, http.client.HTTPException, RuntimeError):
                self.errors += 1
                connection.close()
                connection = http.client.HTTPConnection(self._host, self._port)
                time.sleep(0.05)
                continue
            self.seen.append((time.time(), kills))
            time.sleep(POLL_SECONDS)
        connection.close()

    def stop(self) -> None:
        """Stop polling and wait for the thread."""
        self._stopping.set()
        self.join()

    def latencies(self, probes: list[tuple[int, float]], before: int) -> list[float]:
        """Return each probe's creation-to-readable latency, in seconds.

        ``before`` is the kill count when the probes began; probe k (from 0)
        is readable once ``before + k + 1`` kills show. A probe never seen is
        left out and counted by the caller.
        """
        out = []
        j = 0
        for k, created in probes:
            want = before + k + 1
            while j < len(self.seen) and self.seen[j][1] < want:
                j += 1
            if j == len(self.seen):
                break
            out.append(self.seen[j][0] - created)
        return out
