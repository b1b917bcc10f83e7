"""Send simulated matches to Kafka: ``python -m pipeline.simulator`` (ga-simulate).

Without --matches or --duration it runs until SIGINT or SIGTERM, as the local
stack runs it. Either signal stops the loop; the producer is then flushed and
closed, and the process exits 0. The broker and topic come from
KAFKA_BOOTSTRAP_SERVERS and EVENTS_TOPIC.
"""

import argparse
import logging
import signal
import sys
import threading
import time
from collections.abc import Callable

from kafka.errors import KafkaError
from tqdm import tqdm

from pipeline.events import EventBase
from pipeline.logs import configure_logging
from pipeline.producer import DeliveryFailed, EventProducer
from pipeline.settings import get_settings
from pipeline.simulator.runner import DEFAULT_CONCURRENCY, GAMES, paced, simulate

log = logging.getLogger("pipeline.simulator")

DEFAULT_RATE = 200.0
# Without a terminal (under the stack's process manager) progress is logged
# at this interval instead of drawn as a bar.
LOG_EVERY = 30.0


def game_list(text: str) -> list[str]:
    """Parse a comma-separated list of known game ids."""
    games = [g.strip() for g in text.split(",") if g.strip()]
    unknown = sorted(set(games) - set(GAMES))
    if unknown or not games:
        raise argparse.ArgumentTypeError(
            f"choose from {','.join(GAMES)}; unknown: {','.join(unknown) or 'none'}"
        )
    return games


def non_negative(kind: Callable[[str], float]) -> Callable[[str], float]:
    """Return an argparse type for numbers >= 0 of ``kind``."""

    def parse(text: str) -> float:
        value = kind(text)
        if value < 0:
            raise argparse.ArgumentTypeError("must be >= 0")
        return value

    return parse


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.simulator",
        description="Simulate competitive matches and send their events to Kafka.",
    )
    parser.add_argument("--seed", type=int, help="reproduce a run (ids, outcomes)")
    parser.add_argument(
        "--rate",
        type=non_negative(float),
        default=DEFAULT_RATE,
        help=f"events per second, 0 for as fast as possible (default {DEFAULT_RATE:g})",
    )
    stop = parser.add_mutually_exclusive_group()
    stop.add_argument("--matches", type=int, help="play this many matches, then exit")
    stop.add_argument(
        "--duration", type=non_negative(float), help="run this many seconds, then exit"
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=DEFAULT_CONCURRENCY,
        help=f"matches in flight at once (default {DEFAULT_CONCURRENCY})",
    )
    parser.add_argument(
        "--games",
        type=game_list,
        default=list(GAMES),
        help=f"comma-separated games (default {','.join(GAMES)})",
    )
    args = parser.parse_args(argv)
    if args.concurrency < 1:
        parser.error("--concurrency must be at least 1")
    if args.matches is not None and args.matches < 1:
        parser.error("--matches must be at least 1")
    return args


class Progress:
    """Count events and ended matches: a bar on a terminal, else log lines."""

    def __init__(self) -> None:
        self.bar = tqdm(unit=" events", disable=None, dynamic_ncols=True)
        self.events = self.matches = 0
        self._logged_at = time.monotonic()

    def add(self, event: EventBase) -> None:
        """Count one sent event."""
        self.events += 1
        self.bar.update()
        if event.type == "match_end":
            self.matches += 1
            self.bar.set_postfix(matches=self.matches, refresh=False)
        if self.bar.disable and time.monotonic() - self._logged_at >= LOG_EVERY:
            self._logged_at = time.monotonic()
            log.info("progress %s", self)

    def __str__(self) -> str:
        return f"events={self.events} matches_ended={self.matches}"


def stop_on_signals(stop: threading.Event) -> None:
    """Set ``stop`` on the first SIGINT or SIGTERM; give up on the second."""

    def handle(signum: int, _frame: object) -> None:
        name = signal.Signals(signum).name
        if stop.is_set():
            raise KeyboardInterrupt(name)
        log.info("stopping signal=%s; again to quit without flushing", name)
        stop.set()

    signal.signal(signal.SIGINT, handle)
    signal.signal(signal.SIGTERM, handle)


def run(args: argparse.Namespace, stop: threading.Event) -> int:
    """Send the simulated events until done or stopped, then flush."""
    events = simulate(args.seed, args.matches, args.games, args.concurrency)
    producer, progress = EventProducer(get_settings()), Progress()
    # No context manager: after a second signal the process must not wait
    # for a flush; kafka-python's exit hook still tries for a second.
    with progress.bar:
        for event in paced(events, args.rate, stop, args.duration):
            producer.send(event)
            progress.add(event)
    log.info("flushing %s", progress)
    producer.close()
    log.info("done %s", progress)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the simulator from the command line (LOG_LEVEL sets the log level)."""
    args = parse_args(argv)
    configure_logging()
    stop = threading.Event()
    stop_on_signals(stop)
    log.info(
        "simulating games=%s rate=%s matches=%s duration=%s seed=%s",
        ",".join(args.games),
        args.rate,
        args.matches,
        args.duration,
        args.seed,
    )
    try:
        return run(args, stop)
    except KeyboardInterrupt:
        log.warning("quit without flushing; queued events may be lost")
        return 130
    except DeliveryFailed as exc:
        log.error("not every event reached Kafka: %s", exc)
    except KafkaError as exc:
        log.error(
            "cannot send to Kafka (is it up, does topic=%s exist?): %r",
            get_settings().events_topic,
            exc,
        )
    return 1


if __name__ == "__main__":
    sys.exit(main())
