"""``python -m stack test``: pytest against the test profile's services.

The browser tests need Debian's Chromium; it is installed first when missing
(stack.chromium), as redis-server is when the services start.
"""

import os
import signal
import subprocess
import sys
from collections.abc import Sequence

from stack import chromium, services
from stack.profiles import PROFILES

NO_TESTS_COLLECTED = 5


def run_pytest(args: Sequence[str], env: dict[str, str]) -> int:
    """Run pytest in a child and return its exit code.

    A Ctrl-C in the terminal reaches pytest itself, which then tears its
    fixtures down; this process waits for it instead of dying first, and
    passes a SIGTERM on.
    """
    child = subprocess.Popen([sys.executable, "-m", "pytest", *args], env=env)
    previous_int = signal.signal(signal.SIGINT, signal.SIG_IGN)
    previous_term = signal.signal(
        signal.SIGTERM, lambda *_: child.send_signal(signal.SIGTERM)
    )
    try:
        return child.wait()
    finally:
        signal.signal(signal.SIGINT, previous_int)
        signal.signal(signal.SIGTERM, previous_term)


def main(args: Sequence[str]) -> int:
    """Make sure of Chromium; start or reuse the test services, run pytest."""
    chromium.ensure()
    profile = PROFILES["test"]
    with services.borrowed(profile) as statuses:
        for name, how in statuses.items():
            print(f"{name}: {how}", file=sys.stderr)
        code = run_pytest(args, {**os.environ, **profile.env()})

    if code == NO_TESTS_COLLECTED:
        print("pytest collected no tests: counted as a failure.", file=sys.stderr)
        return 1
    return code
