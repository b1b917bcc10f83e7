"""Read the compose files and Dockerfiles the way the checks need them.

Plain parsing, no Docker: PyYAML for the compose files (anchors and merge keys
included), a line reader for Dockerfiles, and compose's `${VAR:-default}`
interpolation resolved to the defaults, as with no variable set.
"""

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from stack.paths import ROOT

COMPOSE_FILE = ROOT / "docker-compose.yml"
DEV_FILE = ROOT / "docker-compose.dev.yml"
COMPOSE_FILES = (COMPOSE_FILE, DEV_FILE)
DOCKERIGNORE = ROOT / ".dockerignore"
# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?message}, ${NAME?message}
VARIABLE = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def load(path: Path) -> dict:
    """Return one compose file as plain data."""
    return yaml.safe_load(path.read_text())


def interpolate(value: str) -> str:
    """Resolve every ${...} in value as compose does when no variable is set.

    A required variable (`:?`) becomes `<NAME>`, so a check still sees where
    it goes.
    """

    def resolve(match: re.Match) -> str:
        op = match["op"] or ""
        if op.endswith("-"):
            return match["arg"]
        if op.endswith("?"):
            return f"<{match['name']}>"
        return ""

    return VARIABLE.sub(resolve, value)


def variables(value: str) -> list[re.Match]:
    """Return every ${...} reference in value."""
    return list(VARIABLE.finditer(value))


def strings(data) -> list[str]:
    """Return every string anywhere in a loaded compose file."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in strings(k) + strings(v)]
    if isinstance(data, list):
        return [s for item in data for s in strings(item)]
    return []


def command(service: dict) -> list[str]:
    """Return a service's command as a list of interpolated words."""
    raw = service.get("command")
    if raw is None:
        return []
    words = shlex.split(raw) if isinstance(raw, str) else [str(w) for w in raw]
    return [interpolate(w) for w in words]


def environment(service: dict) -> dict[str, str | None]:
    """Return a service's environment as a mapping, list form included."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        pairs = (item.partition("=") for item in env)
        return {name: value if sep else None for name, sep, value in pairs}
    return {name: None if v is None else str(v) for name, v in env.items()}


@dataclass(frozen=True)
class Port:
    """One published port: host address, host port, container port."""

    host_ip: str
    host: int
    container: int


def ports(service: dict) -> list[Port]:
    """Return the ports a service publishes (short syntax)."""
    found = []
    for item in service.get("ports", []):
        parts = interpolate(str(item)).split(":")
        host_ip = parts[0] if len(parts) == 3 else ""
        found.append(Port(host_ip, int(parts[-2]), int(parts[-1].split("/")[0])))
    return found


@dataclass
class Stage:
    """One stage of a Dockerfile: its base, name and instructions."""

    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Dockerfile:
    """A Dockerfile read into its global ARGs and stages."""

    path: Path
    args: dict[str, str]
    stages: list[Stage]

    def stage(self, name: str) -> Stage:
        """Return the stage called name."""
        return next(s for s in self.stages if s.name == name)

    def chain(self, name: str) -> list[Stage]:
        """Return the stage called name and the stages it is built on, last first."""
        names = {s.name for s in self.stages}
        stages = [self.stage(name)]
        while stages[-1].base in names:
            stages.append(self.stage(stages[-1].base))
        return stages

    def declared_args(self) -> set[str]:
        """Return every ARG name, global or in a stage."""
        in_stages = {
            value.split("=")[0]
            for stage in self.stages
            for keyword, value in stage.instructions
            if keyword == "ARG"
        }
        return set(self.args) | in_stages


def _logical_lines(text: str) -> list[str]:
    lines, current = [], ""
    for raw in text.splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        lines.append(current + line)
        current = ""
    return lines


def read_dockerfile(path: Path) -> Dockerfile:
    """Parse path into its global ARGs (with defaults) and its stages."""
    args: dict[str, str] = {}
    stages: list[Stage] = []
    for line in _logical_lines(path.read_text()):
        keyword, _, rest = line.partition(" ")
        keyword, rest = keyword.upper(), rest.strip()
        if keyword == "FROM":
            words = rest.split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            stages.append(Stage(words[0], name))
        elif keyword == "ARG" and not stages:
            arg, _, default = rest.partition("=")
            args[arg] = default
        else:
            stages[-1].instructions.append((keyword, rest))
    return Dockerfile(path, args, stages)


def copy_sources(rest: str) -> tuple[list[str], bool]:
    """Return a COPY's source paths and whether it copies from another stage."""
    words = shlex.split(rest)
    flags = [w for w in words if w.startswith("--")]
    paths = [w for w in words if not w.startswith("--")]
    from_stage = any(f.startswith("--from=") for f in flags)
    return paths[:-1], from_stage


def base_image(dockerfile: Dockerfile, stage: Stage) -> str:
    """Return the image a stage starts from, its ${ARG} resolved to the default."""
    return re.sub(r"\$\{?(\w+)\}?", lambda m: dockerfile.args.get(m[1], ""), stage.base)


def dockerignore_patterns() -> list[str]:
    """Return the patterns of .dockerignore, without comments."""
    lines = DOCKERIGNORE.read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and line[0] != "#"]
