"""Processes the benchmark starts: the engine, the API, load generators.

Each runs with the run's environment, logs to a file of its own, and is
stopped by its pid (SIGTERM, then SIGKILL) when the run ends. Its CPU time and
resident size are read from /proc.
"""

import os
import resource
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
STOP_SECONDS = 15


def _more_open_files() -> None:
    # A thousand spectators are a thousand sockets on each side.
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


class Child:
    """One child process of the run."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        env: dict[str, str],
        log_dir: Path,
        stdout: int | None = None,
    ):
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        log_dir.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            list(argv),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log if stdout is None else stdout,
            stderr=self._log,
            preexec_fn=_more_open_files,
        )

    @property
    def pid(self) -> int:
        """Return the process id."""
        return self.process.pid

    def alive(self) -> bool:
        """Return whether the process still runs."""
        return self.process.poll() is None

    def cpu_seconds(self) -> float:
        """Return the user and system CPU time the process has used so far."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def memory(self) -> dict[str, int]:
        """Return the resident size now and at its peak, in bytes."""
        sizes = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                sizes[name] = int(value.split()[0]) * 1024
        return {"rss": sizes.get("VmRSS", 0), "peak_rss": sizes.get("VmHWM", 0)}

    def stop(self, timeout: float = STOP_SECONDS) -> int | None:
        """Stop the process (SIGTERM, then SIGKILL) and return its exit code."""
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        return self.process.returncode

    def log_tail(self, lines: int = 20) -> str:
        """Return the last lines of the process's log."""
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])


def python_module(module: str, *args: str) -> list[str]:
    """Return the argv that runs a module with this interpreter."""
    return [sys.executable, "-m", module, *args]
