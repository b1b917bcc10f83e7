"""``python -m stack`` as a person runs it, against the services in use.

Only commands that leave the services as they are: ``services`` would keep
services that the test run started for itself running after it.
"""

import subprocess
import sys

import pytest

from stack.paths import ROOT
from stack.profiles import PROFILES


def stack(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "stack", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


@pytest.fixture
def profile(services):
    """Return the stack profile whose services these tests run against."""
    for candidate in PROFILES.values():
        if candidate.bootstrap_servers == services.kafka_bootstrap_servers:
            return candidate
    pytest.skip("the tests run against services of no stack profile")


def test_status_names_both_services(profile):
    result = stack("status", "--profile", profile.name)

    assert result.returncode == 0
    assert {line.split()[0] for line in result.stdout.splitlines()} == {
        "kafka",
        "redis",
    }


@pytest.mark.parametrize("engines", ["0", "9", "two"])
def test_up_refuses_an_engine_count_outside_one_to_eight(engines):
    done = stack("up", "--engines", engines)

    assert done.returncode == 2
    assert "--engines" in done.stderr
