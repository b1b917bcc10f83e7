"""An HTTP load generator: a fixed rate, open loop, over keep-alive connections.

``python -m bench.http_load --url URL --rate 2000 --seconds 15 --out r.json``
schedules request i at start + i / rate and times it from that moment to the
end of its answer, so a slow server shows in the latency instead of slowing
the load down (no coordinated omission). ``--closed`` sends back to back on
every connection instead, for the most the server can answer. It writes the
latency percentiles, the rate achieved and any answers that were not 200.
"""

import argparse
import asyncio
import json
import time
from urllib.parse import urlsplit

from bench.stats import summary_ms


class Client:
    """One keep-alive HTTP/1.1 connection that sends one GET at a time."""

    def __init__(self, host: str, port: int, path: str):
        self.host, self.port = host, port
        self.request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "Accept: application/json\r\n\r\n"
        ).encode()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self) -> int:
        """Send the GET, read the whole answer and return its status."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(
                self.host, self.port
            )
        self.writer.write(self.request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        """Close the connection."""
        if self.writer is not None:
            self.writer.close()


async def open_loop(url: str, rate: float, seconds: float, connections: int) -> dict:
    """Offer rate requests/s for seconds; time each from its scheduled start."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    clients = [Client(parts.hostname, parts.port, path) for _ in range(connections)]
    queue: asyncio.Queue[float] = asyncio.Queue()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    n = int(rate * seconds)

    async def work(client: Client) -> None:
        while True:
            scheduled = await queue.get()
            try:
                status = await client.get()
            except (OSError, asyncio.IncompleteReadError):
                status = 0
                client.close()
                client.writer = None
            latencies.append(time.perf_counter() - scheduled)
            statuses[status] = statuses.get(status, 0) + 1
            queue.task_done()

    workers = [asyncio.create_task(work(c)) for c in clients]
    start = time.perf_counter()
    i = 0
    while i < n:
        due = min(int((time.perf_counter() - start) * rate) + 1, n)
        for j in range(i, due):
            queue.put_nowait(start + j / rate)
        i = due
        await asyncio.sleep(0.001)
    await queue.join()
    elapsed = time.perf_counter() - start
    for task in workers:
        task.cancel()
    for client in clients:
        client.close()
    return {
        "offered_rate": rate,
        "achieved_rate": n / elapsed,
        "requests": n,
        "statuses": statuses,
        "latency_ms": summary_ms(latencies),
    }


async def closed_loop(url: str, seconds: float, connections: int) -> dict:
    """Send back to back on every connection for seconds; return the rate."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.perf_counter() + seconds

    async def work() -> None:
        client = Client(parts.hostname, parts.port, path)
        while time.perf_counter() < deadline:
            t = time.perf_counter()
            status = await client.get()
            latencies.append(time.perf_counter() - t)
            statuses[status] = statuses.get(status, 0) + 1
        client.close()

    start = time.perf_counter()
    await asyncio.gather(*(work() for _ in range(connections)))
    elapsed = time.perf_counter() - start
    return {
        "achieved_rate": len(latencies) / elapsed,
        "requests": len(latencies),
        "statuses": statuses,
        "latency_ms": summary_ms(latencies),
    }


def main(argv: list[str] | None = None) -> None:
    """Run the load and write the result as JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.http_load")
    parser.add_argument("--url", required=True)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--closed", action="store_true", help="back to back")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    if args.closed:
        result = asyncio.run(closed_loop(args.url, args.seconds, args.connections))
    else:
        result = asyncio.run(
            open_loop(args.url, args.rate, args.seconds, args.connections)
        )
    with open(args.out, "w") as out:
        json.dump(result, out)


if __name__ == "__main__":
    main()
