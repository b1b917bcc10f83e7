"""Redis as one local process, append-only, its data in the state folder."""

import shutil
from pathlib import Path

import redis

from stack import packages, process
from stack.profiles import Profile

STOP_TIMEOUT_SECONDS = 15


def log_files(profile: Profile) -> list[Path]:
    """Return Redis's own log and its console output files."""
    return [profile.logs_dir / "redis.log", profile.logs_dir / "redis.out"]


def server_binary() -> str:
    """Return the redis-server path, installing it with apt-get when root."""
    found = shutil.which("redis-server")
    if found:
        return found

    packages.install(
        ["redis-server"],
        needed_for="the stack",
        otherwise="  brew install redis   (macOS)",
    )
    return shutil.which("redis-server") or "/usr/bin/redis-server"


def server_command(binary: str, profile: Profile) -> list[str]:
    """Return the redis-server command line for profile."""
    data = profile.state_dir / "redis"
    return [
        binary,
        "--port", str(profile.redis_port),
        # The leading "-" makes the IPv6 loopback optional where it is missing.
        "--bind", "127.0.0.1", "-::1",
        "--dir", str(data),
        "--appendonly", "yes",
        "--logfile", str(log_files(profile)[0]),
        "--daemonize", "no",
    ]  # fmt: skip


def start(profile: Profile) -> int:
    """Start Redis for profile and return its pid."""
    binary = server_binary()
    (profile.state_dir / "redis").mkdir(parents=True, exist_ok=True)
    profile.logs_dir.mkdir(parents=True, exist_ok=True)

    return process.spawn(
        server_command(binary, profile),
        pid_file=profile.run_dir / "redis.pid",
        out_file=log_files(profile)[1],
    )


def after_stop(profile: Profile, clean_exit: bool) -> None:
    """Do nothing: Redis leaves nothing to tidy after it stops."""


def answers(url: str, timeout: float = 1.0) -> bool:
    """Return whether the Redis at url answers PING."""
    client = redis.Redis.from_url(
        url, socket_connect_timeout=timeout, socket_timeout=timeout
    )
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()
