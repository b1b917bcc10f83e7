"""Services as plain background processes: spawn, pid files, probes, stop.

A service runs in a session of its own, so a Ctrl-C in the terminal reaches the
stack's command first and the stack stops the services in its own order.
"""

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from tenacity import Retrying, retry_if_result, stop_after_delay, stop_any, wait_fixed

from stack.errors import StackError
from stack.paths import relative

POLL_SECONDS = 0.25
TAIL_LINES = 15


def is_alive(pid: int) -> bool:
    """Return whether pid runs; a child of ours that has exited is reaped here."""
    try:
        reaped, _ = os.waitpid(pid, os.WNOHANG)
        if reaped:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def command_line(pid: int) -> str:
    """Return the command line of pid, or an empty string when it is gone."""
    proc = Path(f"/proc/{pid}/cmdline")
    if proc.parent.exists():
        try:
            return proc.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            return ""
    result = subprocess.run(
        ["ps", "-o", "args=", "-p", str(pid)], capture_output=True, text=True
    )
    return result.stdout.strip()


def running_pid(pid_file: Path, marker: str) -> int | None:
    """Return the pid in pid_file if it still runs our service, else clear it.

    marker is a word of the service's command line, so a pid that the system
    has since given to another program is not mistaken for the service.
    """
    try:
        pid = int(pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    if is_alive(pid) and marker in command_line(pid):
        return pid
    pid_file.unlink(missing_ok=True)
    return None


def spawn(
    argv: Sequence[str],
    *,
    pid_file: Path,
    out_file: Path,
    env: dict[str, str] | None = None,
) -> int:
    """Start argv detached from this terminal, record its pid and return it."""
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.parent.mkdir(parents=True, exist_ok=True)

    with out_file.open("ab") as out:
        child = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env,
        )

    pid_file.write_text(f"{child.pid}\n")
    return child.pid


def terminate(pid: int) -> None:
    """Ask pid to shut down with SIGTERM; a process already gone is fine."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass


def wait_for_exit(pid: int, timeout: float) -> bool:
    """Wait up to timeout seconds for pid to exit; return whether it did."""
    deadline = time.monotonic() + timeout
    while is_alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def kill(pid: int) -> None:
    """End pid at once with SIGKILL, for a service that ignored SIGTERM."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    wait_for_exit(pid, 5)


def port_answers(port: int, host: str = "localhost") -> bool:
    """Return whether something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def tail(paths: Sequence[Path], lines: int = TAIL_LINES) -> str:
    """Return the last lines of each existing, non-empty file, for errors."""
    parts = []
    for path in paths:
        if path.exists() and path.stat().st_size:
            text = path.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- last lines of {relative(path)} ---\n" + "\n".join(text))
    return "\n".join(parts)


def wait_until(
    check: Callable[[], bool],
    *,
    what: str,
    timeout: float,
    pid: int | None = None,
    logs: Sequence[Path] = (),
) -> None:
    """Poll check until it returns True; raise StackError on timeout or exit.

    pid, when given, is the process being waited for: if it exits, waiting
    stops at once instead of running into the timeout.
    """

    def exited(_state: object = None) -> bool:
        return pid is not None and not is_alive(pid)

    retrying = Retrying(
        stop=stop_any(stop_after_delay(timeout), exited),
        wait=wait_fixed(POLL_SECONDS),
        retry=retry_if_result(lambda ok: not ok),
        retry_error_callback=lambda _state: False,
    )
    if retrying(check):
        return

    reason = (
        "exited during start-up" if exited() else f"did not answer in {timeout:.0f}s"
    )
    where = ", ".join(relative(p) for p in logs) or "its output"
    raise StackError(f"{what} {reason}; see {where}.\n{tail(logs)}".rstrip())
