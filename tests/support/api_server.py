"""The API served for real: gunicorn with api/gunicorn.conf.py on a free port.

The ``api_server`` fixture starts ``gunicorn -c api/gunicorn.conf.py --bind
127.0.0.1:<free port> "api:create_app()"`` with every setting of the test's
``settings`` in its environment (one worker unless told), waits until it
answers, and stops it after the test. Conftests that need it import it.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from stack.paths import ROOT
from tests.support.faults import engine_env, free_port

START_TIMEOUT_SECONDS = 20
STOP_TIMEOUT_SECONDS = 15


@dataclass
class ApiServer:
    """One gunicorn master (and its workers) in a process group of its own."""

    host: str
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        """Return the base URL, without a trailing slash."""
        return f"http://{self.host}:{self.port}"

    def wait_until_serving(self, within: float = START_TIMEOUT_SECONDS) -> None:
        """Wait until /api/v1/games answers (any status), or raise."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                urllib.request.urlopen(f"{self.url}/api/v1/games", timeout=5).close()
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError(f"gunicorn did not serve {self.url} within {within} s")

    def stop(self) -> None:
        """Stop quickly (SIGQUIT: no graceful wait for open streams), then kill."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
        try:
            self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # workers left behind
        except ProcessLookupError:
            pass
        self.process.wait()


def start_api_server(settings, **env: str) -> ApiServer:
    """Start gunicorn on settings, env overriding; return it once it serves."""
    port = free_port()
    command = [
        *(sys.executable, "-m", "gunicorn", "-c", "api/gunicorn.conf.py"),
        *("--bind", f"127.0.0.1:{port}", "api:create_app()"),
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**engine_env(settings), "WEB_CONCURRENCY": "1", **env},
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    server = ApiServer("127.0.0.1", port, process)
    try:
        server.wait_until_serving()
    except BaseException:
        server.stop()
        raise
    return server


@pytest.fixture
def api_server(settings) -> Iterator[Callable[..., ApiServer]]:
    """Return a function that starts the API on this test's settings.

    Keyword arguments are environment variables for gunicorn and the app
    (``api_server(CORS_ORIGINS="http://127.0.0.1:4173")``). Every server it
    started is stopped after the test.
    """
    started: list[ApiServer] = []

    def start(**env: str) -> ApiServer:
        server = start_api_server(settings, **env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
