"""Services, engines and event streams that the fault tests break on purpose.

The fault tests run a Kafka broker and a Redis server of their own, started
with the stack package's own functions, so stopping them never disturbs the
test broker that the rest of the suite shares. Each run takes free ports and
a state folder of its own (.local/faults-<pid>/, removed at the end), so two
runs on one machine do not meet either. Engines run as real
``python -m pipeline.engine`` processes, so they can be killed with SIGKILL.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import orjson
import redis

from pipeline.events import EventBase
from pipeline.keys import Keys
from pipeline.producer import EventProducer
from pipeline.settings import Settings
from stack import process, services
from stack.paths import LOCAL_DIR, ROOT
from stack.profiles import Profile

PROFILE_PREFIX = "faults-"
SERVICE = {s.name: s for s in services.SERVICES}
# ``python -m pipeline.engine``, with every thread's stack written to its log
# on SIGUSR1, for a test to show where an engine stands when it is stuck.
ENGINE_MAIN = (
    "import faulthandler, signal; "
    "faulthandler.register(signal.SIGUSR1, all_threads=True); "
    "from pipeline.engine import main; main()"
)


def wait_for(check: Callable[[], bool], what: str, timeout: float = 60.0) -> float:
    """Poll check until true; return the seconds it took, or fail saying what."""
    start = time.monotonic()
    while True:
        try:
            if check():
                return time.monotonic() - start
        except (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError):
            pass  # the Redis under test may be restarting
        if time.monotonic() - start > timeout:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.2)


def free_port() -> int:
    """Return a TCP port that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def new_profile() -> Profile:
    """Return a profile of this process only: free ports, its own folder."""
    return Profile(
        f"{PROFILE_PREFIX}{os.getpid()}",
        kafka_port=free_port(),
        controller_port=free_port(),
        redis_port=free_port(),
    )


def remove_stale_profiles() -> None:
    """Stop the services and remove the folders of fault runs that died."""
    for folder in LOCAL_DIR.glob(f"{PROFILE_PREFIX}*"):
        pid = folder.name.removeprefix(PROFILE_PREFIX)
        if pid.isdigit() and not process.is_alive(int(pid)):
            services.shut_down(Profile(folder.name, 0, 0, 0))
            shutil.rmtree(folder, ignore_errors=True)


class FaultStack:
    """Kafka and Redis of one fault run, which tests stop and start."""

    def __init__(self, profile: Profile | None = None):
        self.profile = profile or new_profile()

    def start(self) -> None:
        """Start both services from empty state."""
        remove_stale_profiles()
        statuses = self._bring_up()
        if services.EXTERNAL in statuses.values():
            self.close()
            raise RuntimeError(f"a port of {self.profile.name} is taken: {statuses}")

    def close(self) -> None:
        """Stop both services and remove their folder."""
        with services.locked(self.profile):
            services.shut_down(self.profile)
        shutil.rmtree(self.profile.state_dir, ignore_errors=True)

    def stop_kafka(self) -> None:
        """Stop the broker (SIGTERM, as an operator would) and wait for it."""
        with services.locked(self.profile):
            services.shut_down(self.profile, names=["kafka"])

    def start_kafka(self) -> None:
        """Start the broker again on its old data; wait until it answers."""
        self._bring_up()

    def stop_redis(self, signum: int = signal.SIGTERM) -> None:
        """End Redis with signum (SIGTERM writes its file first; SIGKILL not)."""
        pid = services.running_pid(SERVICE["redis"], self.profile)
        assert pid is not None, "the faults Redis is not running"
        os.kill(pid, signum)
        assert process.wait_for_exit(pid, 15), "Redis did not exit"

    def start_redis(self) -> None:
        """Start Redis again on its append-only file; wait until it answers."""
        self._bring_up()

    def _bring_up(self) -> dict[str, str]:
        with services.locked(self.profile):
            return services.bring_up(self.profile, borrowed=True)


def engine_env(settings: Settings) -> dict[str, str]:
    """Return the environment that gives an engine process these settings."""
    env = {name.upper(): str(value) for name, value in settings.model_dump().items()}
    return {**os.environ, **env, "LOG_LEVEL": "INFO", "PYTHONUNBUFFERED": "1"}


class EngineProcess:
    """One ``python -m pipeline.engine`` child, its output in a log file."""

    def __init__(self, settings: Settings, log_dir: Path, name: str):
        self.log_path = log_dir / f"{name}.log"
        with self.log_path.open("ab") as log:
            self.popen = subprocess.Popen(
                [sys.executable, "-c", ENGINE_MAIN],
                env=engine_env(settings),
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    @property
    def pid(self) -> int:
        """Return the process id."""
        return self.popen.pid

    def alive(self) -> bool:
        """Return whether the engine still runs."""
        return self.popen.poll() is None

    def kill(self) -> None:
        """End the engine with SIGKILL: no flush, no commit, no goodbye."""
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self, timeout: float = 60.0) -> int:
        """Stop the engine with SIGTERM and return its exit code."""
        if self.alive():
            self.popen.send_signal(signal.SIGTERM)
        return self.popen.wait(timeout=timeout)

    def dump_stacks(self) -> str:
        """Have the engine write its threads' stacks to its log; return the log."""
        if self.alive():
            self.popen.send_signal(signal.SIGUSR1)
            time.sleep(1.0)
        return self.log()

    def log(self) -> str:
        """Return what the engine wrote."""
        return self.log_path.read_text(errors="replace")


class EventStream:
    """A thread that sends events through EventProducer at a steady rate."""

    def __init__(self, settings: Settings, events: Iterable[EventBase], rate: float):
        self.settings = settings
        self.events = list(events)
        self.rate = rate
        self.sent = 0
        self.error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, name="event-stream", daemon=True
        )

    def start(self) -> "EventStream":
        """Start sending."""
        self._thread.start()
        return self

    def join(self, timeout: float = 180.0) -> int:
        """Wait until every event is acknowledged; return how many were sent."""
        self._thread.join(timeout)
        assert not self._thread.is_alive(), "the event stream did not finish"
        if self.error is not None:
            raise self.error
        return self.sent

    def _run(self) -> None:
        try:
            with EventProducer(self.settings) as producer:
                started = time.monotonic()
                for n, event in enumerate(self.events):
                    delay = started + n / self.rate - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                    producer.send(event)
                    self.sent += 1
        except BaseException as exc:  # reported by join()
            self.error = exc


def applied_records(client: redis.Redis, settings: Settings) -> int:
    """Return the records the group has applied, summed over partitions."""
    offsets = client.hgetall(
        Keys(settings.redis_key_prefix).offsets(settings.kafka_group_id)
    )
    return sum(int(v) for v in offsets.values())


def engine_members(client: redis.Redis, settings: Settings) -> dict[str, dict]:
    """Return each engine member's latest status."""
    key = Keys(settings.redis_key_prefix).engine_status(settings.kafka_group_id)
    return {
        (k.decode() if isinstance(k, bytes) else k): orjson.loads(v)
        for k, v in client.hgetall(key).items()
    }
