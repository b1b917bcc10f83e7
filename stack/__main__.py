"""Command line of the local stack: ``python -m stack COMMAND``.

up        Kafka, Redis (dev profile), then the Procfile's apps; Ctrl-C stops all
          (--engines N runs N engine members in one consumer group)
services  start or reuse Kafka and Redis in the background; print their env vars
stop      stop the background services of a profile
status    say what runs for a profile
test      pytest against the test profile's services (started if needed)
"""

import argparse
import logging
import signal
import sys
from collections.abc import Sequence

from pipeline.settings import Settings
from pipeline.topics import ensure_topics
from stack import apps, services, testrun
from stack.errors import StackError
from stack.paths import relative
from stack.profiles import PROFILES, Profile


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Return the parsed command line."""
    parser = argparse.ArgumentParser(
        prog="python -m stack", description="The local stack, no Docker needed."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser(
        "up", help="services (dev profile) and the apps, until Ctrl-C"
    )
    up.add_argument(
        "--engines",
        type=int,
        choices=range(1, 9),
        default=1,
        metavar="N",
        help="engine members in the consumer group, 1 to 8 (default 1)",
    )
    for name, text in (
        ("services", "start or reuse Kafka and Redis in the background"),
        ("stop", "stop the background Kafka and Redis"),
        ("status", "show what runs"),
    ):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--profile", choices=sorted(PROFILES), default="dev")
    commands.add_parser("test", help="pytest on the test profile; args go to pytest")
    return parser.parse_args(argv)


def describe(profile: Profile, statuses: dict[str, str]) -> None:
    """Print how each service runs, and where its files are, to stderr."""
    addresses = {s.name: s.address(profile) for s in services.SERVICES}
    for name, how in statuses.items():
        print(f"{name:<6} {how:<9} {addresses[name]}", file=sys.stderr)
    print(
        f"state and logs in {relative(profile.state_dir)}/ "
        f"(logs/kafka.log, logs/redis.log)",
        file=sys.stderr,
    )


def profile_settings(profile: Profile) -> Settings:
    """Return the settings of the environment, pointed at profile's services."""
    return Settings(
        kafka_bootstrap_servers=profile.bootstrap_servers, redis_url=profile.redis_url
    )


def up(engines: int = 1) -> int:
    """Run the dev services and the apps until Ctrl-C or SIGTERM."""
    profile = PROFILES["dev"]
    with services.borrowed(profile) as statuses:
        describe(profile, statuses)
        ensure_topics(profile_settings(profile))
        print(f"Stack is up ({profile.name} profile):")
        return apps.run(profile, engines)


def start_services(profile: Profile) -> int:
    """Start or reuse the services in the background; print their env vars."""
    with services.locked(profile):
        statuses = services.bring_up(profile, borrowed=False)
    ensure_topics(profile_settings(profile))

    describe(profile, statuses)
    print(
        f"Stop them with: python -m stack stop --profile {profile.name}",
        file=sys.stderr,
    )
    for key, value in profile.env().items():
        print(f"export {key}={value}")
    return 0


def stop_services(profile: Profile) -> int:
    """Stop the profile's services that the stack started."""
    with services.locked(profile):
        stopped = services.shut_down(profile)
    print(
        f"Stopped {', '.join(stopped) or 'nothing'} ({profile.name}).", file=sys.stderr
    )

    for name, how in services.status(profile).items():
        if how == services.EXTERNAL:
            print(f"{name}: not started by the stack; left running", file=sys.stderr)
    return 0


def show_status(profile: Profile) -> int:
    """Print what runs for the profile."""
    for name, how in services.status(profile).items():
        print(f"{name:<6} {how}")
    return 0


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one stack command and return its exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s %(message)s"
    )
    # kafka-python logs every refused connection while a broker starts.
    logging.getLogger("kafka").setLevel(logging.CRITICAL)
    # Turn SIGTERM into SystemExit, so the cleanup of `with` blocks runs.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)

    try:
        if argv[:1] == ["test"]:
            return testrun.main(argv[1:])
        args = parse_args(argv)
        if args.command == "up":
            return up(args.engines)
        profile = PROFILES[args.profile]
        handlers = {
            "services": start_services,
            "stop": stop_services,
            "status": show_status,
        }
        return handlers[args.command](profile)
    except StackError as error:
        print(f"stack: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
