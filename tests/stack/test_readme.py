"""The README documents every setting and only commands that exist."""

import re
import subprocess
import sys

from pipeline.settings import Settings
from stack.paths import ROOT

README = (ROOT / "README.md").read_text()


def documented_variables() -> set[str]:
    """Return the variables named in the first column of the README's tables."""
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", README, re.MULTILINE))


def test_every_setting_is_in_the_configuration_table():
    variables = {name.upper() for name in Settings.model_fields}

    assert variables - documented_variables() == set()


def test_quickstart_is_the_two_make_commands():
    quickstart = README.split("## Quickstart", 1)[1]
    block = re.search(r"```sh\n(.*?)```", quickstart, re.DOTALL).group(1)

    assert block.split("\n")[:-1] == ["make up", "make test"]


def test_every_stack_command_in_the_readme_exists():
    named = set(re.findall(r"python -m stack (\w+)", README))
    help_text = subprocess.run(
        [sys.executable, "-m", "stack", "--help"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout

    assert named
    assert all(command in help_text for command in named)
