"""Start, reuse and stop one profile's Kafka and Redis.

Several stack commands may use one profile at once, such as two test runs in
two shells. A file lock serialises starting and stopping. Services that a
command starts for itself are marked as borrowed, each command that uses them
holds a lease, and the last one out stops them. Services started by
``python -m stack services`` are not borrowed: they stay up until
``python -m stack stop``. A service that answers on its port but was not
started by the stack is used and never stopped.
"""

import fcntl
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from stack import kafka, process, redis
from stack.errors import StackError
from stack.profiles import Profile

DEFAULT_START_TIMEOUT_SECONDS = 120

STARTED, RUNNING, EXTERNAL = "started", "running", "external"


@dataclass(frozen=True)
class Service:
    """How to start, probe and stop one kind of service."""

    name: str
    marker: str
    port: Callable[[Profile], int]
    address: Callable[[Profile], str]
    answers: Callable[[Profile], bool]
    start: Callable[[Profile], int]
    logs: Callable[[Profile], list[Path]]
    stop_timeout: float
    after_stop: Callable[[Profile, bool], None]


SERVICES = (
    Service(
        name="redis",
        marker="redis-server",
        port=lambda p: p.redis_port,
        address=lambda p: p.redis_url,
        answers=lambda p: redis.answers(p.redis_url),
        start=redis.start,
        logs=redis.log_files,
        stop_timeout=redis.STOP_TIMEOUT_SECONDS,
        after_stop=redis.after_stop,
    ),
    Service(
        name="kafka",
        marker=kafka.BROKER_MAIN,
        port=lambda p: p.kafka_port,
        address=lambda p: p.bootstrap_servers,
        answers=lambda p: kafka.answers(p.bootstrap_servers),
        start=kafka.start,
        logs=kafka.log_files,
        stop_timeout=kafka.STOP_TIMEOUT_SECONDS,
        after_stop=kafka.after_stop,
    ),
)


def start_timeout() -> float:
    """Return the seconds to wait for a service (STACK_START_TIMEOUT)."""
    return float(os.environ.get("STACK_START_TIMEOUT", DEFAULT_START_TIMEOUT_SECONDS))


def pid_file(service: Service, profile: Profile) -> Path:
    """Return the pid file of service in profile."""
    return profile.run_dir / f"{service.name}.pid"


def borrowed_marker(service: Service, profile: Profile) -> Path:
    """Return the file marking service as started for one command only."""
    return profile.run_dir / f"{service.name}.borrowed"


def running_pid(service: Service, profile: Profile) -> int | None:
    """Return the pid of the service the stack started, if it still runs."""
    return process.running_pid(pid_file(service, profile), service.marker)


@contextmanager
def locked(profile: Profile) -> Iterator[None]:
    """Hold the profile's lock, so one command at a time starts or stops."""
    profile.run_dir.mkdir(parents=True, exist_ok=True)
    with (profile.run_dir / "lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("Waiting for another stack command...", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _ensure(service: Service, profile: Profile, borrowed: bool) -> tuple[str, int]:
    """Start service unless it runs already; return how it runs and its pid."""
    marker = borrowed_marker(service, profile)
    pid = running_pid(service, profile)
    if pid is not None:
        if not borrowed:
            marker.unlink(missing_ok=True)
        return RUNNING, pid

    port = service.port(profile)
    if process.port_answers(port):
        if not service.answers(profile):
            raise StackError(
                f"Port {port} is taken by a program that is not {service.name}; "
                "stop it, or use the other profile."
            )
        return EXTERNAL, 0

    pid = service.start(profile)
    if borrowed:
        marker.touch()
    else:
        marker.unlink(missing_ok=True)
    return STARTED, pid


def bring_up(profile: Profile, *, borrowed: bool) -> dict[str, str]:
    """Start or reuse every service, wait until each answers, say how it runs.

    Call with the profile locked. On failure, what this call started is
    stopped again before the error goes on.
    """
    statuses: dict[str, str] = {}
    pids: dict[str, int] = {}
    try:
        for service in SERVICES:
            statuses[service.name], pids[service.name] = _ensure(
                service, profile, borrowed
            )
        for service in SERVICES:
            if statuses[service.name] == EXTERNAL:
                continue
            process.wait_until(
                lambda service=service: service.answers(profile),
                what=f"{service.name} at {service.address(profile)}",
                timeout=start_timeout(),
                pid=pids[service.name],
                logs=service.logs(profile),
            )
    except BaseException:
        started = [name for name, how in statuses.items() if how == STARTED]
        shut_down(profile, names=started)
        raise
    return statuses


def shut_down(
    profile: Profile, *, names: list[str] | None = None, borrowed_only: bool = False
) -> list[str]:
    """Stop the services the stack started (SIGTERM, a wait, then SIGKILL).

    names limits it to some services; borrowed_only to those started for one
    command. Returns the names of the services stopped.
    """
    stopping = []
    for service in SERVICES:
        marker = borrowed_marker(service, profile)
        if names is not None and service.name not in names:
            continue
        if borrowed_only and not marker.exists():
            continue
        marker.unlink(missing_ok=True)
        pid = running_pid(service, profile)
        if pid is not None:
            process.terminate(pid)
            stopping.append((service, pid))

    for service, pid in stopping:
        clean_exit = process.wait_for_exit(pid, service.stop_timeout)
        if not clean_exit:
            print(f"{service.name} ignored SIGTERM; killing it", file=sys.stderr)
            process.kill(pid)
        pid_file(service, profile).unlink(missing_ok=True)
        service.after_stop(profile, clean_exit)
    return [service.name for service, _ in stopping]


def _leases(profile: Profile) -> Path:
    return profile.run_dir / "leases"


def live_leases(profile: Profile) -> list[int]:
    """Return the pids of commands still using borrowed services; drop the rest."""
    alive = []
    for lease in _leases(profile).glob("*"):
        pid = int(lease.name) if lease.name.isdigit() else 0
        if pid and process.is_alive(pid):
            alive.append(pid)
        else:
            lease.unlink(missing_ok=True)
    return alive


@contextmanager
def borrowed(profile: Profile) -> Iterator[dict[str, str]]:
    """Use the services for the with block; stop what it started at the end.

    Services that ran already stay as they were; services started here stop
    when the last command using them has finished.
    """
    lease = _leases(profile) / str(os.getpid())
    with locked(profile):
        statuses = bring_up(profile, borrowed=True)
        lease.parent.mkdir(parents=True, exist_ok=True)
        lease.touch()
    try:
        yield statuses
    finally:
        with locked(profile):
            lease.unlink(missing_ok=True)
            if not live_leases(profile):
                stopped = shut_down(profile, borrowed_only=True)
                if stopped:
                    print(f"Stopped {', '.join(stopped)}.", file=sys.stderr)


def status(profile: Profile) -> dict[str, str]:
    """Return, per service, whether the stack runs it, another program, or none."""
    result = {}
    for service in SERVICES:
        pid = running_pid(service, profile)
        if pid is not None:
            result[service.name] = f"running (pid {pid})"
        elif process.port_answers(service.port(profile)):
            result[service.name] = EXTERNAL
        else:
            result[service.name] = "stopped"
    return result
