"""`docker compose config` accepts the files and reads them as the checks do.

Compose validates against its own schema, resolves the anchors, merge keys
and overrides, and interpolates the variables. It needs the Compose plugin,
but no Docker engine; where the plugin is not installed, these tests skip.
"""

import json
import os
import shutil
import subprocess

import pytest

from stack.paths import ROOT
from tests.deploy import files

FILE_SETS = {
    "base": ["-f", "docker-compose.yml"],
    "dev": ["-f", "docker-compose.yml", "-f", "docker-compose.dev.yml"],
    "notebooks": ["-f", "docker-compose.yml", "--profile", "notebooks"],
}


def compose_plugin() -> bool:
    """Return whether `docker compose` runs here."""
    docker = shutil.which("docker")
    if docker is None:
        return False
    version = subprocess.run([docker, "compose", "version"], capture_output=True)
    return version.returncode == 0


pytestmark = pytest.mark.skipif(
    not compose_plugin(),
    reason="the docker compose plugin is not installed here; the file checks ran",
)


def compose_env() -> dict[str, str]:
    """Return this environment without the variables the compose files read."""
    named = {
        ref["name"]
        for path in files.COMPOSE_FILES
        for value in files.strings(files.load(path))
        for ref in files.variables(value)
    }
    return {
        k: v for k, v in os.environ.items() if k not in named and "COMPOSE" not in k
    }


def docker_compose(*args: str) -> subprocess.CompletedProcess:
    """Run `docker compose ARGS` in the repository with no compose variable set."""
    return subprocess.run(
        ["docker", "compose", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=compose_env(),
        timeout=60,
    )


@pytest.mark.parametrize("file_set", FILE_SETS.values(), ids=FILE_SETS.keys())
def test_docker_compose_config_accepts_the_files(file_set):
    result = docker_compose(*file_set, "config", "--quiet")

    assert result.returncode == 0, result.stderr


def test_compose_resolves_commands_and_variables_as_the_checks_read_them():
    result = docker_compose(*FILE_SETS["notebooks"], "config", "--format", "json")
    resolved = json.loads(result.stdout)["services"]
    ours = files.load(files.COMPOSE_FILE)["services"]

    assert set(resolved) == set(ours)
    for name, svc in ours.items():
        env = {k: files.interpolate(v or "") for k, v in files.environment(svc).items()}

        assert resolved[name].get("command") == (files.command(svc) or None), name
        assert resolved[name].get("environment", {}) == env, name
