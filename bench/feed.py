"""Send simulated events to Kafka at a fixed rate, open loop, with probes.

``python -m bench.feed --rate 10000 --seconds 20 --seed 3 --out feed.json``
builds rate x seconds events first (simulated, encoded), then sends event i at
start + i / rate whatever Kafka or the engine do, with the producer settings
the simulator uses. A probe is a kill by the probe player, sent every
1 / --probes seconds, made and stamped at the moment it is sent; the wall
clock time of each is written out, so the latency to the API can be measured
from the moment the event was created. The topic and broker come from
EVENTS_TOPIC and KAFKA_BOOTSTRAP_SERVERS. It writes what it sent, by type.
"""

import argparse
import json
import time
from collections import Counter
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

import orjson
from kafka import KafkaProducer

from pipeline.events import encode_event
from pipeline.producer import PRODUCER_CONFIG
from pipeline.settings import get_settings
from pipeline.simulator import simulate

PROBE_GAME = "halo"


def probe_event(run: str, seed: int, k: int) -> dict:
    """Return probe kill number k of a feed: the probe player kills a bystander."""
    return {
        "event_id": f"{run}-probe-{seed}-{k}",
        "game": PROBE_GAME,
        "match_id": f"{run}-probe",
        "event_time": datetime.now(UTC).isoformat(),
        "type": "kill",
        "killer_id": f"{run}-prober",
        "victim_id": f"{run}-bystander",
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.feed")
    parser.add_argument("--rate", type=float, required=True, help="events/s")
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--probes", type=float, default=0, help="probes/s")
    parser.add_argument("--run", default="bench", help="the run id, for probe ids")
    parser.add_argument("--out", required=True)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Build the events, send them on schedule, write what was sent."""
    args = parse_args(argv)
    settings = get_settings()
    n = int(args.rate * args.seconds)
    sent: Counter[str] = Counter()
    values = []
    for event in islice(simulate(seed=args.seed), n):
        values.append((event.match_id.encode(), encode_event(event)))
        sent[event.type] += 1
    producer = KafkaProducer(
        bootstrap_servers=settings.bootstrap_servers, **PRODUCER_CONFIG
    )
    topic = settings.events_topic
    probe_every = 1 / args.probes if args.probes else None
    probes: list[tuple[int, float]] = []
    behind = 0.0
    # Tells the run that the events are built and sending begins.
    Path(f"{args.out}.sending").touch()

    start = time.monotonic()
    wall_start = time.time()
    i = 0
    while i < n or (probe_every and len(probes) < int(args.seconds * args.probes)):
        now = time.monotonic() - start
        due = min(int(now * args.rate) + 1, n)
        if i < due:
            behind = max(behind, now - i / args.rate)
        while i < due:
            key, value = values[i]
            producer.send(topic, key=key, value=value)
            i += 1
        if probe_every and now >= len(probes) * probe_every:
            k = len(probes)
            event = probe_event(args.run, args.seed, k)
            created = time.time()
            producer.send(
                topic, key=event["match_id"].encode(), value=orjson.dumps(event)
            )
            probes.append((k, created))
            sent["kill"] += 1
        if now >= args.seconds and i >= n:
            break
        time.sleep(0.001)
    producer.flush()
    elapsed = time.monotonic() - start
    producer.close()

    result = {
        "sent": dict(sent),
        "events": n + len(probes),
        "probes": probes,
        "wall_start": wall_start,
        "seconds": elapsed,
        "offered_rate": args.rate,
        "achieved_rate": n / elapsed if elapsed else None,
        "max_behind_seconds": behind,
    }
    with open(args.out, "w") as out:
        json.dump(result, out)


if __name__ == "__main__":
    main()
