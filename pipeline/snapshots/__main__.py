"""Take, list, export and prune snapshots: ``python -m pipeline.snapshots CMD``.

run     take one every SNAPSHOT_INTERVAL_SECONDS until SIGINT or SIGTERM
take    take one now
list    the snapshots kept, oldest first
export  write one snapshot (an id, or latest) as Parquet or CSV files
prune   delete the snapshots past SNAPSHOT_KEEP or SNAPSHOT_MAX_AGE_HOURS

Redis and the key prefix come from REDIS_URL and REDIS_KEY_PREFIX; the offsets
stamped on each snapshot are those of KAFKA_GROUP_ID.
"""

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from pipeline.keys import Keys
from pipeline.logs import configure_logging
from pipeline.settings import Settings, get_settings
from pipeline.snapshots import archive, service

log = logging.getLogger("pipeline.snapshots")

NOTHING_FOUND = 1


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.snapshots",
        description="Snapshots of the live state in Redis.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="take one every SNAPSHOT_INTERVAL_SECONDS")
    commands.add_parser("take", help="take one now")
    commands.add_parser("list", help="list the snapshots kept, oldest first")
    commands.add_parser("prune", help="delete the snapshots past retention")
    export = commands.add_parser("export", help="write one snapshot to files")
    export.add_argument("snapshot", metavar="ID|latest", help="a snapshot id or latest")
    export.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    export.add_argument("--out", type=Path, required=True, help="folder to write into")
    return parser.parse_args(argv)


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")


def run_until_signalled(settings: Settings) -> int:
    """Take snapshots on schedule until SIGINT or SIGTERM; exit 0."""
    stop = threading.Event()

    def _stop(signum, _frame):
        log.info("signal received signum=%d; stopping", signum)
        stop.set()

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    service.run(settings, stop)
    return 0


def take(settings: Settings) -> int:
    """Take one snapshot now and print its id, size and offsets."""
    taken = service.take_snapshot(settings)
    offsets = ",".join(f"{tp}={n}" for tp, n in sorted(taken.offsets.items()))
    print(
        f"{taken.id} taken_at={_iso(taken.taken_at)} bytes={taken.bytes} "
        f"players={taken.players} offsets={offsets or '-'} pruned={len(taken.pruned)}"
    )
    return 0


def list_kept(settings: Settings) -> int:
    """Print the snapshots kept, oldest first, one a line."""
    keys = Keys(settings.redis_key_prefix)
    client = archive.connect(settings)
    try:
        listed = archive.entries(client, keys)
        stored = archive.sizes(client, keys, [e.id for e in listed])
    finally:
        client.close()
    if not listed:
        print("no snapshots yet", file=sys.stderr)
        return 0
    print(f"{'id':<24} {'taken_at':<25} {'bytes':>10}")
    for entry, size in zip(listed, stored, strict=True):
        print(f"{entry.id:<24} {_iso(entry.taken_at):<25} {size:>10}")
    return 0


def prune(settings: Settings) -> int:
    """Delete the snapshots past retention and say how many went."""
    client = archive.connect(settings)
    try:
        gone = service.prune_snapshots(client, settings)
    finally:
        client.close()
    print(f"pruned {len(gone)} snapshot(s)")
    return 0


def export(settings: Settings, which: str, fmt: str, out: Path) -> int:
    """Write one snapshot's frames under out and print the paths."""
    # pandas and pyarrow come with the notebooks extra; only export needs them.
    from pipeline.snapshots.export import export_snapshot
    from pipeline.snapshots.loader import (
        NoSnapshots,
        load_snapshot,
        load_snapshot_by_id,
    )

    try:
        if which == "latest":
            snapshot = load_snapshot(settings=settings)
        else:
            snapshot = load_snapshot_by_id(which, settings=settings)
    except NoSnapshots as exc:
        print(exc, file=sys.stderr)
        return NOTHING_FOUND
    for path in export_snapshot(snapshot, out, fmt):
        print(path)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command against the Redis that the settings name."""
    args = parse_args(argv)
    configure_logging()
    settings = get_settings()
    if args.command == "run":
        return run_until_signalled(settings)
    if args.command == "take":
        return take(settings)
    if args.command == "list":
        return list_kept(settings)
    if args.command == "prune":
        return prune(settings)
    return export(settings, args.snapshot, args.format, args.out)


if __name__ == "__main__":
    sys.exit(main())
