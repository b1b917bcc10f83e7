"""The live leaderboard in Debian's headless Chromium, against the real stack.

This test's own topics and Redis prefix (the ``settings`` fixture) feed a
real engine (``python -m pipeline.engine``) from the simulator (``python -m
pipeline.simulator --rate 50 --seed 5``); gunicorn serves the API, allowing
the page's origin; the page is built with VITE_API_URL pointing at that API
and served by ``vite preview``. Then ``node e2e/leaderboard.e2e.mjs`` drives
the browser through playwright-core: tabs, live updates over SSE, rank
changes, the metric switch, search, the polling fallback and the phone
layout. Every process runs in a process group of its own and is stopped
after the test. Needs frontend/node_modules (``make deps``) and Chromium
(``python -m stack test`` installs it).
"""

import json
import os
import re
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from stack import chromium
from stack.paths import ROOT
from tests.support.faults import EngineProcess, engine_env, free_port, wait_for

FRONTEND = ROOT / "frontend"
SIMULATOR = ["--rate", "50", "--seed", "5"]
# Rows the first game's board needs before the browser looks at it.
MIN_ROWS = 10
E2E_TIMEOUT_SECONDS = 420
STOP_TIMEOUT_SECONDS = 20
LOG_TAIL_CHARS = 3000

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


class Child:
    """A background command in a process group of its own, output to a file."""

    def __init__(self, name: str, command: list[str], cwd: Path, env, log_dir: Path):
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        with self.log_path.open("ab") as log:
            self.popen = subprocess.Popen(
                command,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def alive(self) -> bool:
        """Return whether the command still runs."""
        return self.popen.poll() is None

    def stop(self) -> None:
        """SIGTERM the whole group, then SIGKILL whatever is left of it."""
        for signum in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.popen.pid, signum)
            except ProcessLookupError:
                pass  # no process of the group is left
            try:
                self.popen.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                pass
        self.popen.wait()


@dataclass
class LivePage:
    """The served page and the API it reads, both on loopback ports."""

    page_url: str
    api_url: str
    processes: list  # Child and EngineProcess, for their logs


def log_tail(process: Child | EngineProcess) -> str:
    """Return the end of what a child process wrote, under its file's name."""
    text = process.log_path.read_text(errors="replace")
    return f"--- {process.log_path.name} ---\n{text[-LOG_TAIL_CHARS:]}"


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


def answers(url: str) -> bool:
    """Return whether url answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:  # refused, or an HTTP error status
        return False


def board_rows(api_url: str) -> int:
    """Return the rows of the first game's top 20 (as the browser test reads it)."""
    try:
        games = get_json(f"{api_url}/api/v1/games")["games"]
        if not games:
            return 0
        first = games[0]["id"]
        board = get_json(f"{api_url}/api/v1/games/{first}/leaderboard?limit=20")
    except OSError:
        return 0
    return len(board["entries"])


def check_node_modules() -> None:
    if not (FRONTEND / "node_modules" / ".bin" / "vite").exists():
        pytest.fail(
            "frontend/node_modules is missing: run `make deps` "
            "(or `npm ci` in frontend/) first"
        )


@pytest.fixture
def live_page(settings, api_server, tmp_path) -> Iterator[LivePage]:
    """Engine, simulator, API and the built page, all running; stopped after."""
    check_node_modules()
    logs_dir = tmp_path / "logs"
    logs_dir.mkdir()
    env = engine_env(settings)
    engine = EngineProcess(settings, logs_dir, "engine")
    children: list[Child] = []
    try:
        children.append(
            Child(
                "simulator",
                [sys.executable, "-m", "pipeline.simulator", *SIMULATOR],
                ROOT,
                env,
                logs_dir,
            )
        )
        page_port = free_port()
        page_origin = f"http://127.0.0.1:{page_port}"
        api = api_server(CORS_ORIGINS=page_origin)

        dist = tmp_path / "dist"
        build = subprocess.run(
            ["npm", "run", "build", "--", "--outDir", str(dist), "--emptyOutDir"],
            cwd=FRONTEND,
            env={**os.environ, "VITE_API_URL": api.url},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert build.returncode == 0, f"npm run build:\n{build.stdout}{build.stderr}"
        preview = Child(
            "preview",
            [
                *("npx", "vite", "preview", "--host", "127.0.0.1"),
                *("--port", str(page_port), "--strictPort", "--outDir", str(dist)),
            ],
            FRONTEND,
            dict(os.environ),
            logs_dir,
        )
        children.append(preview)

        wait_for(lambda: answers(f"{page_origin}/"), "vite preview to serve the page")
        wait_for(lambda: answers(f"{api.url}/healthz"), "the API's /healthz: 200")
        wait_for(
            lambda: board_rows(api.url) >= MIN_ROWS,
            f"{MIN_ROWS} rows on the first game's leaderboard",
            timeout=90,
        )
        for process in (engine, *children):
            assert process.alive(), log_tail(process)

        yield LivePage(f"{page_origin}/", api.url, [engine, *children])
    finally:
        for child in reversed(children):
            child.stop()
        try:
            engine.stop(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            engine.kill()


def test_the_page_passes_the_browser_test_against_the_live_stack(live_page):
    result = subprocess.run(
        ["node", "e2e/leaderboard.e2e.mjs"],
        cwd=FRONTEND,
        env={
            **os.environ,
            "E2E_PAGE_URL": live_page.page_url,
            "E2E_API_URL": live_page.api_url,
            "E2E_CHROMIUM": str(chromium.binary()),
        },
        capture_output=True,
        text=True,
        timeout=E2E_TIMEOUT_SECONDS,
    )
    output, code = result.stdout + result.stderr, result.returncode
    logs = "\n".join(log_tail(p) for p in live_page.processes)

    assert code == 0, f"node exited {code}:\n{output}\n{logs}"
    assert re.search(r"^\d+ passed, 0 failed$", output, re.M), f"{output}\n{logs}"
