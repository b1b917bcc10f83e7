"""The headless Chromium of the browser tests, Debian's, installed when missing.

The tests drive the system's browser (CHROMIUM, default /usr/bin/chromium):
the page's end-to-end test through playwright-core, the Streamlit screenshots
over the DevTools protocol. Nothing downloads a browser of its own.
"""

import os
import sys
from pathlib import Path

from stack import packages
from stack.errors import StackError

DEFAULT_BINARY = Path("/usr/bin/chromium")
# The browser, the Latin fonts its recommends would bring, and a CJK font so
# that Chinese, Japanese and Korean player names do not render as boxes.
PACKAGES = ["chromium", "fonts-liberation", "fonts-noto-cjk"]
FONTS = ["fonts-liberation", "fonts-noto-cjk"]
NEEDED_FOR = "the browser tests"


def binary() -> Path:
    """Return the browser the tests use: CHROMIUM, else Debian's path."""
    return Path(os.environ.get("CHROMIUM") or DEFAULT_BINARY)


def ensure() -> Path:
    """Return the browser's path, installing it with apt-get when missing."""
    path = binary()
    if not path.exists():
        if path != DEFAULT_BINARY:
            raise StackError(f"CHROMIUM={path} does not exist.")
        packages.install(
            PACKAGES,
            needed_for=NEEDED_FOR,
            otherwise="  or set CHROMIUM to a Chromium or Chrome binary.",
        )
        return path

    fonts = packages.missing(FONTS)
    if fonts and packages.can_install():
        packages.install(fonts, needed_for=NEEDED_FOR, otherwise="")
    elif fonts:
        print(
            f"note: {' '.join(fonts)} not installed: some names show as boxes "
            "in the browser tests' screenshots.",
            file=sys.stderr,
        )
    return path
