"""The README's Docker section and the Procfile agree with the compose files."""

import re
import shlex
import subprocess
import sys

import pytest

from stack.apps import load_procfile
from stack.paths import ROOT
from tests.deploy import files

README = (ROOT / "README.md").read_text()
SECTION = README.split("## Running with Docker", 1)[-1]
# Options of `docker compose` that take a value.
VALUED = {"-f", "--file", "--profile", "-p", "--project-name", "--scale", "-e"}
# Subcommands whose words after the options are service names.
SERVICE_SUBCOMMANDS = {"up", "logs", "restart", "stop", "exec", "run", "ps", "build"}


def section_commands() -> list[list[str]]:
    """Return the `docker compose ...` lines of the section's code blocks."""
    blocks = re.findall(r"```sh\n(.*?)```", SECTION, re.DOTALL)
    lines = [line for block in blocks for line in block.splitlines()]
    return [shlex.split(line) for line in lines if line.startswith("docker compose")]


def parse(words: list[str]) -> tuple[dict[str, list[str]], str, list[str]]:
    """Split `docker compose [opts] SUB [opts] ARGS` into options, SUB, ARGS."""
    options: dict[str, list[str]] = {}
    rest = words[2:]
    while rest[0].startswith("-"):
        flag = rest.pop(0)
        options.setdefault(flag, []).append(rest.pop(0) if flag in VALUED else "")
    subcommand = rest.pop(0)
    while rest and rest[0].startswith("-"):
        flag = rest.pop(0)
        if flag in VALUED:
            rest.pop(0)
    return options, subcommand, rest


def all_services() -> set[str]:
    """Return the services of both compose files."""
    return set(files.load(files.COMPOSE_FILE)["services"]) | set(
        files.load(files.DEV_FILE)["services"]
    )


def test_the_section_starts_the_stack_with_up_build():
    assert ["docker", "compose", "up", "--build"] in section_commands()


def test_section_commands_name_files_profiles_and_services_that_exist():
    compose = files.load(files.COMPOSE_FILE)
    services = compose["services"].values()
    profiles = {p for svc in services for p in svc.get("profiles", [])}
    for words in section_commands():
        options, subcommand, args = parse(words)

        assert all((ROOT / f).is_file() for f in options.get("-f", [])), words
        assert set(options.get("--profile", [])) <= profiles, words
        if subcommand in ("exec", "run"):
            assert args[0] in all_services(), words
        elif subcommand in SERVICE_SUBCOMMANDS:
            assert set(args) <= all_services(), words


def python_calls() -> list[list[str]]:
    """Return the `python -m ...` calls run through exec or run in the section."""
    calls = []
    for words in section_commands():
        _, subcommand, args = parse(words)
        if subcommand in ("exec", "run") and args[1:3] == ["python", "-m"]:
            calls.append(args[3:])
    return calls


@pytest.mark.parametrize("call", python_calls(), ids=" ".join)
def test_section_python_calls_use_options_the_programs_have(call):
    module, *arguments = call
    commands = [a for a in arguments if not a.startswith("-")][:1]
    help_text = subprocess.run(
        [sys.executable, "-m", module, *commands, "--help"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout

    assert all(a in help_text for a in arguments if a.startswith("--")), call


def test_the_section_table_lists_each_service_and_what_it_waits_for():
    compose = files.load(files.COMPOSE_FILE)
    rows = re.findall(r"^\| `(\w+)` \| .*? \| (.*?) \|$", SECTION, re.MULTILINE)
    tabled = {name: waits for name, waits in rows if name in compose["services"]}

    assert set(tabled) == set(compose["services"])
    for name, waits in tabled.items():
        depends_on = compose["services"][name].get("depends_on", {})

        named = set(re.findall(r"[a-z]+", waits)) - {"healthy", "done", "nothing"}
        assert named == set(depends_on), name


def test_every_variable_the_compose_files_read_is_documented():
    tables = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", README, re.MULTILINE))
    read = {
        ref["name"]
        for path in files.COMPOSE_FILES
        for value in files.strings(files.load(path))
        for ref in files.variables(value)
    }

    assert read - tables == set()


def test_section_urls_are_published_ports():
    compose = files.load(files.COMPOSE_FILE)
    services = compose["services"].values()
    published = {p.host for svc in services for p in files.ports(svc)}
    named = {int(port) for port in re.findall(r"localhost:(\d+)", SECTION)}

    assert named <= published


def test_procfile_programs_run_as_compose_services_of_the_same_name():
    compose = files.load(files.COMPOSE_FILE)
    for name, line in load_procfile().items():
        procfile_words = shlex.split(line)
        service = compose["services"].get(name)

        assert service, f"no compose service for Procfile process {name}"
        if procfile_words[0] in ("python", "gunicorn", "streamlit"):
            words = files.command(service)
            assert words[:3] == procfile_words[:3], name
            assert words[-1] == procfile_words[-1] or words[0] != "gunicorn", name
