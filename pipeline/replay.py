"""Replay real match files through Kafka: ``python -m pipeline.replay FILE...``.

Each file is read by the importer of its format (detected, or named with
``--format``; see pipeline/importers), turned into schema events with stable
ids, stamped (pipeline/importers/timing.py) and sent with EventProducer to
EVENTS_TOPIC on KAFKA_BOOTSTRAP_SERVERS. The engine applies each event id
once, so replaying a file again changes nothing. Every file is converted
before the first event is sent: a file that cannot be imported stops the
command (exit 2) with nothing sent. Matches are replayed one after another,
in the order given. SIGINT or SIGTERM stops the replay, flushes what was
queued and exits 0; running it again completes the match. Exit 1 means Kafka
did not take every event.
"""

import argparse
import logging
import signal
import sys
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from kafka.errors import KafkaError

from pipeline.games import load_games
from pipeline.importers import files, timing
from pipeline.importers.common import MatchReplay, SourceError
from pipeline.importers.detect import FORMATS
from pipeline.logs import configure_logging
from pipeline.producer import DeliveryFailed, EventProducer
from pipeline.settings import Settings, get_settings
from pipeline.validation import utcnow

log = logging.getLogger(__name__)

EXIT_DELIVERY_FAILED = 1
EXIT_BAD_INPUT = 2


@dataclass
class Report:
    """What one match's replay sent, and what it left out and why."""

    replay: MatchReplay
    sent: Counter

    def summary(self) -> str:
        """Return one line for the command's output."""
        r = self.replay
        sent = ", ".join(f"{n} {kind}" for kind, n in sorted(self.sent.items()))
        line = f"{r.game} {r.match_id}: sent {sum(self.sent.values())} ({sent})"
        if r.ignored:
            line += f"; {sum(r.ignored.values())} source records add nothing"
        if r.skipped:
            reasons = "; ".join(f"{n}x {why}" for why, n in r.skipped.items())
            line += f"; skipped {reasons}"
        return line


def prepare(
    replays: list[MatchReplay], settings: Settings, keep_source_times: bool
) -> None:
    """Refuse replays the engine could not take; warn about ones it will reject."""
    games = load_games(settings.games_config)
    for replay in replays:
        if replay.game not in games:
            config = settings.games_config
            raise SourceError(f"{replay.source}: game {replay.game!r} not in {config}")
        if not keep_source_times:
            continue
        start = timing.anchor(replay, utcnow(), 0, keep_source_times)
        if start < utcnow() - timedelta(days=settings.max_event_age_days):
            log.warning(
                "source times are older than MAX_EVENT_AGE_DAYS=%d; the engine "
                "will reject them as event_time_too_old match=%s start=%s",
                settings.max_event_age_days,
                replay.match_id,
                start.isoformat(),
            )


def send_match(
    producer: EventProducer,
    replay: MatchReplay,
    speed: float,
    keep_source_times: bool,
    stop: threading.Event,
) -> Report:
    """Stamp one match's events, send them at their pace, and flush."""
    started = utcnow()
    stamped = timing.stamp(
        replay, timing.anchor(replay, started, speed, keep_source_times)
    )
    report = Report(replay, Counter())
    for item in stamped:
        due = timing.send_at(started, item.offset_ms, speed)
        if stop.wait(max((due - utcnow()).total_seconds(), 0)):
            break
        producer.send(item.event)
        report.sent[item.event.type] += 1
    producer.flush()
    return report


def run(
    paths: list[Path],
    settings: Settings,
    fmt: str = "auto",
    speed: float = 0,
    keep_source_times: bool = False,
    map_id: str | None = None,
    stop: threading.Event | None = None,
) -> list[Report]:
    """Import every file, then replay each match; raise SourceError on bad input."""
    replays = files.load(paths, fmt, map_id)
    prepare(replays, settings, keep_source_times)
    stop = stop or threading.Event()

    reports = []
    with EventProducer(settings) as producer:
        for replay in replays:
            if stop.is_set():
                break
            reports.append(send_match(producer, replay, speed, keep_source_times, stop))
    return reports


def _speed(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(
            "speed must be 0 (as fast as possible) or more"
        )
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.replay",
        description="Replay public game-API match files through Kafka.",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--format", default="auto", choices=("auto", *FORMATS))
    parser.add_argument(
        "--speed",
        type=_speed,
        default=0,
        help="1 = real time, 10 = ten times faster, 0 = as fast as possible (default)",
    )
    parser.add_argument(
        "--keep-source-times",
        action="store_true",
        help="stamp events with the source's own times instead of re-stamping them",
    )
    parser.add_argument(
        "--map",
        dest="map_id",
        help="map id for files that name none (Valorant rounds-only files)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Replay the files named on the command line; return the exit status."""
    args = parse_args(argv)
    configure_logging()
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())

    try:
        reports = run(
            args.files,
            get_settings(),
            args.format,
            args.speed,
            args.keep_source_times,
            args.map_id,
            stop,
        )
    except SourceError as exc:
        print(f"replay: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (DeliveryFailed, KafkaError) as exc:
        print(f"replay: Kafka did not take the events: {exc}", file=sys.stderr)
        return EXIT_DELIVERY_FAILED

    for report in reports:
        print(report.summary())
    if stop.is_set():
        print("replay: stopped early; run it again to finish (ids are stable)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
