"""Debian packages the stack needs, installed with apt-get when missing.

One helper for every program the stack or its tests run but do not ship:
redis-server for the services, Chromium and its fonts for the browser tests.
As root on a machine with apt-get they are installed once, quietly; anywhere
else the error says which packages to install by hand.
"""

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence

from stack.errors import StackError

# Wait this long for another apt-get or dpkg to finish, rather than failing.
LOCK_TIMEOUT = ["-o", "DPkg::Lock::Timeout=300"]


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=env, capture_output=True, text=True)


def can_install() -> bool:
    """Return whether this process may install packages: root, with apt-get."""
    return os.geteuid() == 0 and shutil.which("apt-get") is not None


def missing(names: Sequence[str]) -> list[str]:
    """Return those of names that dpkg lists as not installed; [] without dpkg."""
    if not shutil.which("dpkg-query"):
        return []
    absent = []
    for name in names:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0 or not result.stdout.endswith(" installed"):
            absent.append(name)
    return absent


def install(packages: Sequence[str], needed_for: str, otherwise: str) -> None:
    """Install packages with apt-get, or raise StackError saying what to do.

    needed_for says what wants them ("the stack"); otherwise is more advice
    for when this process cannot install, printed after the apt-get line.
    """
    names = " ".join(packages)
    if not can_install():
        raise StackError(
            f"Missing {names}, needed by {needed_for}. Install, then run this "
            f"again:\n"
            f"  sudo apt-get update && sudo apt-get install -y {names}"
            f"   (Debian, Ubuntu)\n{otherwise}".rstrip()
        )
    print(f"Installing {names} with apt-get (once)...", file=sys.stderr, flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    apt = ["apt-get", *LOCK_TIMEOUT, "-q"]
    for command in (
        [*apt, "update"],
        [*apt, "install", "-y", "--no-install-recommends", *packages],
    ):
        result = _run(command, env)
        if result.returncode != 0:
            raise StackError(
                f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}"
            )
