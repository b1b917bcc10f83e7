"""Screenshots of a live page with the system's headless Chromium, over CDP.

Chromium's own ``--screenshot`` fires before a Streamlit page has talked to its
server over the websocket, so it shows only the loading skeleton. Instead the
browser is driven through the DevTools protocol: navigate, wait until the page
says it is ready (a JavaScript predicate), then capture. CHROMIUM names the
binary (default /usr/bin/chromium); a fresh profile directory is used per shot.
"""

import base64
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

from stack.paths import ROOT
from tests.support.faults import free_port

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The page's own browser test (frontend/e2e) starts Chromium with these too.
FLAGS = [
    *json.loads((ROOT / "frontend" / "e2e" / "chromiumFlags.json").read_text()),
    "--hide-scrollbars",
]
# True once Streamlit has rendered: no script running, no skeleton, every
# plotly chart drawn.
STREAMLIT_READY = """(() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || document.querySelector('[data-testid="stSkeleton"]')) return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return !!document.querySelector('h1') &&
    charts.every(c => c.querySelector('.main-svg'));
})()"""
# Streamlit's box for an exception raised by a page.
STREAMLIT_ERROR = '[data-testid="stException"]'
MAX_HEIGHT = 6000
# The height of everything Streamlit laid out, which scrolls inside its own box.
CONTENT_HEIGHT = """(() => {
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  return Math.ceil(main.scrollHeight);
})()"""


class _Tab:
    def __init__(self, ws_url: str):
        self._ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self._ids = itertools.count(1)

    def call(self, method: str, **params) -> dict:
        call_id = next(self._ids)
        self._ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self._ws.recv())
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression)
        return result.get("result", {}).get("value")

    def close(self) -> None:
        self._ws.close()


def _page_socket(port: int, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as r:
                pages = [t for t in json.load(r) if t.get("type") == "page"]
            if pages:
                return pages[0]["webSocketDebuggerUrl"]
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("chromium did not open its DevTools port")
        time.sleep(0.2)


def screenshot(
    url: str,
    path: Path,
    width: int = 1400,
    height: int = 1000,
    ready: str = STREAMLIT_READY,
    forbid: str = STREAMLIT_ERROR,
    timeout: float = 45.0,
    settle: float = 1.5,
) -> Path:
    """Save a PNG of url once ready is true, as tall as the page's content.

    Raises AssertionError (after saving the picture) when an element matching
    the CSS selector ``forbid`` is on the page.
    """
    port = free_port()
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    browser = subprocess.Popen(
        [
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--remote-debugging-port={port}",
            f"--window-size={width},{height}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + timeout
    try:
        tab = _Tab(_page_socket(port, deadline))
        try:
            tab.call(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=height,
                deviceScaleFactor=1,
                mobile=False,
            )
            tab.call("Page.navigate", url=url)
            while not tab.evaluate(ready):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{url} was not ready in {timeout} s")
                time.sleep(0.25)
            time.sleep(settle)  # let the charts finish their transitions
            # Growing the window can lay the page out taller: grow until it fits.
            tall = height
            for _ in range(4):
                needed = min(int(tab.evaluate(CONTENT_HEIGHT) or 0) + 80, MAX_HEIGHT)
                if needed <= tall:
                    break
                tall = needed
                tab.call(
                    "Emulation.setDeviceMetricsOverride",
                    width=width,
                    height=tall,
                    deviceScaleFactor=1,
                    mobile=False,
                )
                time.sleep(settle)
            shot = tab.call("Page.captureScreenshot", format="png")
            failed = tab.evaluate(
                f"[...document.querySelectorAll({json.dumps(forbid)})]"
                ".map(e => e.innerText).join('\\n')"
            )
        finally:
            tab.close()
    finally:
        browser.terminate()
        try:
            browser.wait(timeout=10)
        except subprocess.TimeoutExpired:
            browser.kill()
        shutil.rmtree(profile, ignore_errors=True)
    path.write_bytes(base64.b64decode(shot["data"]))
    if failed:
        raise AssertionError(f"{url} shows an error: {failed[:2000]}")
    return path
