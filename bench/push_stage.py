"""Push: connected spectators of a leaderboard stream, one update a second.

Each update is one kill by two players new to the board, sent through Kafka
and applied by the engine; the engine's publish on the game's updates channel
(heard here too) starts the clock, and each spectator's next board, whose
``total`` has grown by two, stops it. The floor is the same with a single
spectator. Measured only when api/stream.py exists.
"""

import json
import select
import subprocess
import threading
import time
from datetime import UTC, datetime

import orjson
import redis
from kafka import KafkaProducer

from bench.children import Child, python_module
from bench.context import Run
from bench.engine_stage import wait_applied
from bench.plan import Plan
from bench.report import Figure, Report
from bench.stats import summary_ms
from pipeline.producer import PRODUCER_CONFIG
from stack.paths import ROOT

GAME = "valorant"
PUSH_TARGET_MS = 100
FLOOR_UPDATES = 5


class Publishes(threading.Thread):
    """Record when each message on a channel arrives."""

    def __init__(self, url: str, channel: str):
        super().__init__(name="publishes", daemon=True)
        self._client = redis.Redis.from_url(url)
        self._pubsub = self._client.pubsub(ignore_subscribe_messages=True)
        self._pubsub.subscribe(channel)
        self.times: list[float] = []
        self._stopping = threading.Event()

    def run(self) -> None:
        while not self._stopping.is_set():
            if self._pubsub.get_message(timeout=0.2):
                self.times.append(time.time())

    def stop(self) -> None:
        """Stop listening."""
        self._stopping.set()
        self.join()
        self._pubsub.close()
        self._client.close()


def push(
    run: Run, plan: Plan, report: Report, engines: list[Child], api_url: str
) -> None:
    """Measure delivery to one spectator, then to the planned number."""
    if not (ROOT / "api" / "stream.py").exists():
        report.notes.append("push not measured: api/stream.py does not exist")
        return
    report.note_load("push")
    url = f"{api_url}/api/v1/games/{GAME}/stream?metric=score&limit=20"
    floor = _measure(run, engines, url, 1, FLOOR_UPDATES, "floor")
    full = _measure(run, engines, url, plan.spectators, plan.push_updates, "full")
    report.add(
        Figure(
            key="push.delivery.p99",
            what=f"push: {plan.spectators:,} spectators, 1 update/s, p99 delivery",
            value=full["from_publish_ms"]["p99"],
            unit="ms",
            ceiling=floor["from_publish_ms"]["p99"],
            ceiling_what="floor: one spectator",
            at_most=PUSH_TARGET_MS,
            note="from the engine's publish to each spectator's next board",
            detail={"spectators": full, "one": floor},
        )
    )


def _measure(
    run: Run, engines: list[Child], url: str, count: int, updates: int, name: str
) -> dict:
    out = run.log_dir / f"spectators-{name}.json"
    child = run.start(
        f"spectators-{name}",
        python_module(
            "bench.spectators",
            f"--url={url}",
            f"--count={count}",
            f"--seconds={updates + 4}",
            f"--out={out}",
        ),
        stdout=subprocess.PIPE,
    )
    _wait_connected(child)
    board = run.keys.leaderboard(GAME, "score")
    start_total = run.redis.zcard(board)
    publishes = Publishes(run.settings.redis_url, run.keys.updates_channel(GAME))
    publishes.start()
    time.sleep(1.0)
    sent = _send_updates(run, updates, name)
    wait_applied(run, sum(run.sent.values()), engines, 120, f"push {name}")
    child.process.wait(updates + 60)
    publishes.stop()
    boards = json.loads(out.read_text())["boards"]
    return _delays(boards, start_total, sent, publishes.times, count)


def _wait_connected(child: Child, timeout: float = 180) -> None:
    ready, _, _ = select.select([child.process.stdout], [], [], timeout)
    line = child.process.stdout.readline().decode() if ready else ""
    if not line.startswith("connected"):
        raise RuntimeError(f"spectators did not connect:\n{child.log_tail()}")


def _send_updates(run: Run, updates: int, name: str) -> list[float]:
    producer = KafkaProducer(
        bootstrap_servers=run.settings.bootstrap_servers, **PRODUCER_CONFIG
    )
    sent = []
    start = time.monotonic()
    try:
        for k in range(updates):
            time.sleep(max(0.0, start + k - time.monotonic()))
            event = {
                "event_id": f"{run.id}-push-{name}-{k}",
                "game": GAME,
                "match_id": f"{run.id}-push",
                "event_time": datetime.now(UTC).isoformat(),
                "type": "kill",
                "killer_id": f"{run.id}-{name}-{k}-a",
                "victim_id": f"{run.id}-{name}-{k}-b",
            }
            sent.append(time.time())
            producer.send(
                run.settings.events_topic,
                key=event["match_id"].encode(),
                value=orjson.dumps(event),
            )
            producer.flush()
            run.sent["kill"] += 1
    finally:
        producer.close()
    return sent


def _delays(
    boards: list[list], start_total: int, sent: list[float], published, count: int
) -> dict:
    # One publish per update when nothing else changes the game meanwhile.
    clock = published if len(published) == len(sent) else sent
    from_publish, from_creation, missing = [], [], 0
    for client in boards:
        j = 0
        for k, started in enumerate(clock):
            want = start_total + 2 * (k + 1)
            while j < len(client) and client[j][1] < want:
                j += 1
            if j == len(client):
                missing += len(clock) - k
                break
            from_publish.append(client[j][0] - started)
            from_creation.append(client[j][0] - sent[k])
    return {
        "spectators": count,
        "updates": len(sent),
        "publishes_heard": len(published),
        "deliveries": len(from_publish),
        "missing": missing,
        "from_publish_ms": summary_ms(from_publish),
        "from_creation_ms": summary_ms(from_creation),
    }
