"""The two sets of ports and state folders: ``dev`` and ``test``.

They differ in every port, so the tests run beside a development stack that
is already up.
"""

from dataclasses import dataclass
from pathlib import Path

from stack.paths import LOCAL_DIR


@dataclass(frozen=True)
class Profile:
    """Ports and state folder of one local stack."""

    name: str
    kafka_port: int
    controller_port: int
    redis_port: int

    @property
    def state_dir(self) -> Path:
        """Return the folder holding this profile's data, logs and pid files."""
        return LOCAL_DIR / self.name

    @property
    def logs_dir(self) -> Path:
        """Return the folder of the services' log files."""
        return self.state_dir / "logs"

    @property
    def run_dir(self) -> Path:
        """Return the folder of pid files, markers and leases."""
        return self.state_dir / "run"

    @property
    def bootstrap_servers(self) -> str:
        """Return the KAFKA_BOOTSTRAP_SERVERS value for this profile."""
        return f"localhost:{self.kafka_port}"

    @property
    def redis_url(self) -> str:
        """Return the REDIS_URL value for this profile."""
        return f"redis://localhost:{self.redis_port}/0"

    def env(self) -> dict[str, str]:
        """Return the environment variables that point a process at this stack."""
        return {
            "KAFKA_BOOTSTRAP_SERVERS": self.bootstrap_servers,
            "REDIS_URL": self.redis_url,
        }


PROFILES = {
    "dev": Profile("dev", kafka_port=9092, controller_port=9093, redis_port=6379),
    "test": Profile("test", kafka_port=19092, controller_port=19093, redis_port=16379),
}
