"""A cheap, cached check that a Kafka bootstrap server accepts connections."""

import logging
import socket
import threading
import time

logger = logging.getLogger(__name__)


def parse_servers(bootstrap_servers: str) -> list[tuple[str, int]]:
    """Split KAFKA_BOOTSTRAP_SERVERS ("host:port,...") into (host, port) pairs."""
    servers = []
    for item in bootstrap_servers.split(","):
        host, _, port = item.strip().rpartition(":")
        if host and port.isdigit():
            servers.append((host.strip("[]"), int(port)))
    return servers


class KafkaProbe:
    """TCP-connect to the bootstrap servers; reuse the answer for ttl seconds.

    An open port is not a healthy broker, but it is what a request can afford
    to learn: the connect is bounded by ``timeout`` per server, and the answer
    is cached so that a broker that is down costs one slow request per ttl.
    """

    def __init__(self, bootstrap_servers: str, timeout: float, ttl: float):
        self.servers = parse_servers(bootstrap_servers)
        self.timeout = timeout
        self.ttl = ttl
        self._lock = threading.Lock()
        self._checked_at = -float("inf")
        self._result: dict = {}

    def check(self) -> dict:
        """Return {"ok", "server"|"error"}, probing again once the cache expired."""
        with self._lock:
            if time.monotonic() - self._checked_at >= self.ttl:
                self._result = self._probe()
                self._checked_at = time.monotonic()
            return dict(self._result)

    def _probe(self) -> dict:
        for host, port in self.servers:
            try:
                with socket.create_connection((host, port), timeout=self.timeout):
                    return {"ok": True, "server": f"{host}:{port}"}
            except OSError as exc:
                logger.warning(
                    "kafka unreachable server=%s:%s error=%s", host, port, exc
                )
        return {"ok": False, "error": "no bootstrap server accepts connections"}
