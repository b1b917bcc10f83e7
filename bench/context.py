"""One benchmark run: its own topics, consumer group and Redis key prefix.

A run named ``bench-<8 hex>`` creates ``<run>-events`` and ``<run>-dlq``,
uses the group ``<run>-engine`` and writes Redis keys under ``<run>`` only, so
it never meets a running stack's data. At the end it stops the processes it
started and removes its topics, group and keys (unless asked to keep them).
Kafka and Redis come from KAFKA_BOOTSTRAP_SERVERS and REDIS_URL.
"""

import json
import logging
import os
import subprocess
import time
import uuid
from collections import Counter
from pathlib import Path

import redis
from kafka import KafkaAdminClient

from bench.children import Child, python_module
from pipeline.keys import Keys
from pipeline.settings import Settings
from pipeline.topics import ensure_topics
from stack.paths import LOCAL_DIR

log = logging.getLogger(__name__)

# Six, so that one, two or three engine members share them evenly.
PARTITIONS = 6


class Run:
    """Settings, clients, children and the count of events sent, for one run."""

    def __init__(self, base: Settings, keep: bool = False):
        self.id = f"bench-{uuid.uuid4().hex[:8]}"
        self.settings = base.model_copy(
            update={
                "events_topic": f"{self.id}-events",
                "dead_letter_topic": f"{self.id}-dlq",
                "kafka_group_id": f"{self.id}-engine",
                "redis_key_prefix": self.id,
                "topic_partitions": PARTITIONS,
            }
        )
        self.keys = Keys(self.id)
        self.keep = keep
        self.log_dir = LOCAL_DIR / "bench" / self.id
        self.redis = redis.Redis.from_url(base.redis_url, decode_responses=True)
        self.admin = KafkaAdminClient(
            bootstrap_servers=base.bootstrap_servers, client_id=f"{self.id}-admin"
        )
        self.extra_topics: list[str] = []
        self.extra_groups: list[str] = []
        self.children: list[Child] = []
        # Every event sent to the run's topic, by type, for the totals check.
        self.sent: Counter[str] = Counter()
        ensure_topics(self.settings, admin=self.admin)

    def env(self, **extra: str) -> dict[str, str]:
        """Return the environment that points a child process at this run."""
        s = self.settings
        return {
            **os.environ,
            "KAFKA_BOOTSTRAP_SERVERS": s.kafka_bootstrap_servers,
            "REDIS_URL": s.redis_url,
            "EVENTS_TOPIC": s.events_topic,
            "DEAD_LETTER_TOPIC": s.dead_letter_topic,
            "KAFKA_GROUP_ID": s.kafka_group_id,
            "REDIS_KEY_PREFIX": s.redis_key_prefix,
            "TOPIC_PARTITIONS": str(s.topic_partitions),
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
            **extra,
        }

    def start(self, name: str, argv: list[str], **kwargs) -> Child:
        """Start a child process with the run's environment."""
        env = kwargs.pop("env", None) or self.env()
        child = Child(name, argv, env, self.log_dir, **kwargs)
        self.children.append(child)
        log.info("started %s pid=%d", name, child.pid)
        return child

    def scratch_topic(self, name: str) -> str:
        """Create a topic of the run for a side measurement; return its name."""
        topic = f"{self.id}-{name}"
        scratch = self.settings.model_copy(
            update={"events_topic": topic, "dead_letter_topic": f"{topic}-dlq"}
        )
        ensure_topics(scratch, admin=self.admin)
        self.extra_topics += [topic, f"{topic}-dlq"]
        return topic

    def close(self) -> None:
        """Stop the children; remove topics, group and keys unless kept."""
        for child in reversed(self.children):
            child.stop()
        if not self.keep:
            self._clean()
        self.admin.close()
        self.redis.close()

    def _clean(self) -> None:
        s = self.settings
        topics = [s.events_topic, s.dead_letter_topic, *self.extra_topics]
        self.admin.delete_topics(topics, raise_errors=False)
        try:
            self.admin.delete_groups([s.kafka_group_id, *self.extra_groups])
        except Exception as exc:  # a group that never committed is not there
            log.debug("group not deleted error=%r", exc)
        batch = []
        for key in self.redis.scan_iter(match=f"{self.id}*", count=1000):
            batch.append(key)
            if len(batch) == 1000:
                self.redis.unlink(*batch)
                batch.clear()
        if batch:
            self.redis.unlink(*batch)


def results_path(out: str | None) -> Path:
    """Return where the JSON goes: --out, else bench/results/latest.json."""
    return Path(out) if out else Path("bench") / "results" / "latest.json"


class Tool:
    """A load generator of the run (bench.feed, bench.http_load, ...) at work."""

    def __init__(self, run: Run, name: str, module: str, *args: str):
        self.out = run.log_dir / f"{name}.json"
        self.out.unlink(missing_ok=True)
        Path(f"{self.out}.sending").unlink(missing_ok=True)
        self.child = run.start(
            name, python_module(module, *args, "--out", str(self.out))
        )

    def wait_sending(self, timeout: float) -> None:
        """Wait until a feed has built its events and begins to send them."""
        marker = Path(f"{self.out}.sending")
        deadline = time.monotonic() + timeout
        while not marker.exists():
            if not self.child.alive() or time.monotonic() > deadline:
                raise RuntimeError(f"{self.child.name} did not start sending")
            time.sleep(0.1)

    def result(self, timeout: float) -> dict:
        """Wait for the tool to finish and return what it wrote."""
        try:
            self.child.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.child.stop()
            raise RuntimeError(
                f"{self.child.name} did not finish in {timeout:.0f}s"
            ) from None
        if self.child.process.returncode != 0:
            raise RuntimeError(f"{self.child.name} failed:\n{self.child.log_tail()}")
        return json.loads(self.out.read_text())


def feed(run: Run, name: str, rate: float, seconds: float, seed: int, probes=0.0):
    """Start bench.feed on the run's topic; see bench/feed.py."""
    return Tool(
        run,
        name,
        "bench.feed",
        f"--rate={rate}",
        f"--seconds={seconds}",
        f"--seed={seed}",
        f"--probes={probes}",
        f"--run={run.id}",
    )


def count_sent(run: Run, result: dict) -> None:
    """Add what a feed sent to the run's count of events sent."""
    run.sent.update(result["sent"])
