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

from pipeline.producer import DeliveryFailed, EventProducer
from pipeline.settings import get_settings
from pipeline.simulator.runner import DEFAULT_CONCURRENCY, GAMES, paced, simulate

log = logging.getLogger("pipeline.simulator")

DEFAULT_RATE = 200.0
# Without a terminal (under the stack's process manager) progress is logged
# at this interval instead of drawn as a bar.
LOG_EVERY_SECONDS = 30.0


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
    parser.add_argument("--log-level", default="INFO", help="logging level")
    args = parser.parse_args(argv)
    if args.concurrency < 1:
        parser.error("--concurrency must be at least 1")
    if args.matches is not None and args.matches < 1:
        parser.error("--matches must be at least 1")
    return args


def configure_logging(level: str) -> None:
    """Log to stderr as ``time level logger message``."""
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    # kafka-python narrates every connection at INFO.
    logging.getLogger("kafka").setLevel(logging.WARNING)


def stop_on_signals(stop: threading.Event) -> None:
    """Set ``stop`` on SIGINT and SIGTERM."""

    def handle(signum: int, _frame: object) -> None:
        log.info("stopping signal=%s", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGINT, handle)
    signal.signal(signal.SIGTERM, handle)


def run(args: argparse.Namespace, stop: threading.Event) -> int:
    """Send the simulated events until done or stopped; return the exit code."""
    events = simulate(args.seed, args.matches, args.games, args.concurrency)
    sent = ended = 0
    last_log = time.monotonic()
    with (
        EventProducer(get_settings()) as producer,
        tqdm(unit=" events", total=None, disable=None, dynamic_ncols=True) as bar,
    ):
        for event in paced(events, args.rate, stop, args.duration):
            producer.send(event)
            sent += 1
            ended += event.type == "match_end"
            bar.update()
            if event.type == "match_end":
                bar.set_postfix(matches=ended, refresh=False)
            if bar.disable and time.monotonic() - last_log >= LOG_EVERY_SECONDS:
                last_log = time.monotonic()
                log.info("progress events=%d matches_ended=%d", sent, ended)
        log.info("flushing events=%d matches_ended=%d", sent, ended)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the simulator from the command line."""
    args = parse_args(argv)
    configure_logging(args.log_level)
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
    except DeliveryFailed as exc:
        log.error("not every event reached Kafka: %s", exc)
    except KafkaError as exc:
        log.error("cannot send to Kafka: %r", exc)
    return 1


if __name__ == "__main__":
    sys.exit(main())
