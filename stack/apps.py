"""The application processes of ``python -m stack up``, run by honcho.

The Procfile at the repository root lists them; honcho starts each in a
process group of its own, prefixes its output with its name, and on Ctrl-C,
SIGTERM or any one of them exiting, stops them all (SIGTERM, then SIGKILL
after a few seconds).
"""

import os
import sys
from pathlib import Path

from honcho.environ import parse_procfile
from honcho.manager import Manager

from pipeline.settings import Settings
from stack.paths import PROCFILE, ROOT
from stack.profiles import Profile

# Procfile process name -> what it serves, on which port.
PAGES = {
    "web": ("page", 3000),
    "dashboard": ("Streamlit", 8501),
}


def load_procfile(path: Path = PROCFILE) -> dict[str, str]:
    """Return the Procfile's process names and commands, in file order."""
    return dict(parse_procfile(path.read_text()).processes)


def with_engines(processes: dict[str, str], engines: int) -> dict[str, str]:
    """Return the processes with the engine run as ``engine.1`` ... ``engine.N``."""
    if engines == 1:
        return dict(processes)
    labelled = {}
    for name, command in processes.items():
        if name == "engine":
            labelled.update({f"engine.{i}": command for i in range(1, engines + 1)})
        else:
            labelled[name] = command
    return labelled


def app_env(profile: Profile) -> dict[str, str]:
    """Return the environment for the apps: ours, the profile's, this venv first.

    The Procfile says plain ``python`` and ``gunicorn``; putting this
    interpreter's folder first on PATH makes those the project's own.
    """
    bin_dir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        **profile.env(),
        "PATH": os.pathsep.join([bin_dir, os.environ.get("PATH", "")]),
        "PYTHONUNBUFFERED": "1",
    }


def urls(processes: dict[str, str], settings: Settings) -> list[tuple[str, str]]:
    """Return (what, URL) for each process that serves a page."""
    found = []
    if "api" in processes:
        found.append(("API", f"http://localhost:{settings.api_port}"))
    for name, (what, port) in PAGES.items():
        if name in processes:
            found.append((what, f"http://localhost:{port}"))
    return found


def run(profile: Profile, engines: int = 1) -> int:
    """Run every Procfile process until one exits or a signal; return the code.

    ``engines`` members of the engine join one consumer group and share the
    topic's partitions (TOPIC_PARTITIONS: more members than partitions idle).
    """
    processes = load_procfile()
    env = app_env(profile)
    manager = Manager()
    for label, command in with_engines(processes, engines).items():
        manager.add_process(label, command, env=env, cwd=str(ROOT))

    for what, url in urls(processes, Settings()):
        print(f"  {what:<10} {url}")
    print("Ctrl-C stops the apps, then Kafka and Redis.", flush=True)

    manager.loop()
    return manager.returncode or 0
