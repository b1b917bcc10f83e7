"""The API under test: the real gunicorn with the repository's config.

``gunicorn -c api/gunicorn.conf.py "api:create_app()"`` on a spare port
(API_PORT), reading the run's key prefix, so the figures are those of the
served configuration: its workers (WEB_CONCURRENCY), gevent, access log and
rate limiter (counting, with the per-address read limit raised).
"""

import http.client
import socket
import time

from bench.children import Child, python_module
from bench.context import Run
from stack.paths import ROOT

START_SECONDS = 30
UNREFUSED = "1000000000 per minute"


def spare_port() -> int:
    """Return a loopback TCP port that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(port: int, path: str = "/api/v1/games") -> bool:
    """Return whether the API answers path with a 200."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", path)
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def start_api(run: Run, limits: bool = True) -> tuple[Child, str]:
    """Start gunicorn for the run; return it and its base URL once it answers.

    ``limits=False`` turns the rate limiter off (RATE_LIMITS_ENABLED), to
    show what it costs.
    """
    port = spare_port()
    config = str(ROOT / "api" / "gunicorn.conf.py")
    argv = python_module("gunicorn", "-c", config, "api:create_app()")
    # One loopback client is every request here: the per-address read limit
    # is raised so it counts every request but refuses none.
    env = run.env(API_PORT=str(port), RATE_LIMIT_READS=UNREFUSED)
    if not limits:
        env["RATE_LIMITS_ENABLED"] = "false"
    child = run.start("api" if limits else "api-unlimited", argv, env=env)
    deadline = time.monotonic() + START_SECONDS
    while not answers(port):
        if not child.alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the API did not start:\n{child.log_tail()}")
        time.sleep(0.2)
    return child, f"http://127.0.0.1:{port}"
