"""The Dockerfiles copy paths that exist, run as non-root, start from pinned bases."""

import fnmatch
import re

import pytest

from stack.paths import ROOT
from tests.deploy import files

PINNED_TAG = re.compile(r":\d+\.\d+\.\d+(-[\w.]+)?$")
ROOT_USERS = {"root", "0", "0:0"}
SECRET_WORDS = re.compile(r"KEY|SECRET|TOKEN|PASSWORD", re.IGNORECASE)
# What must never reach a build context: local state, caches, secrets, VCS.
IGNORED = (".git", ".local", ".venv", "**/node_modules", ".env", ".pytest_cache")


def builds(compose: dict) -> list[tuple[str, dict]]:
    """Return (service, build section) for every service built here."""
    return [
        (name, svc["build"])
        for name, svc in compose["services"].items()
        if "build" in svc
    ]


def dockerfiles(compose: dict) -> list[files.Dockerfile]:
    """Return each Dockerfile the compose file builds with, once."""
    paths = sorted({ROOT / build["dockerfile"] for _, build in builds(compose)})
    return [files.read_dockerfile(path) for path in paths]


def is_ignored(path: str, patterns: list[str]) -> bool:
    """Return whether .dockerignore keeps path (or a folder above it) out."""
    parts = path.rstrip("/").split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(
        fnmatch.fnmatch(prefix, pattern.removeprefix("**/"))
        or fnmatch.fnmatch(prefix, pattern)
        for prefix in prefixes
        for pattern in patterns
    )


def test_every_build_names_a_dockerfile_and_a_target_in_it(compose, dev):
    for name, build in builds(compose):
        dockerfile = files.read_dockerfile(ROOT / build["dockerfile"])
        targets = [build["target"]]
        targets += [dev["services"].get(name, {}).get("build", {}).get("target")]
        stage_names = {stage.name for stage in dockerfile.stages}

        assert build["context"] == "."
        assert set(targets) - {None} <= stage_names, name


def test_every_copied_path_exists_and_is_in_the_build_context(compose):
    patterns = files.dockerignore_patterns()
    problems = []
    for dockerfile in dockerfiles(compose):
        for stage in dockerfile.stages:
            for keyword, rest in stage.instructions:
                if keyword not in ("COPY", "ADD"):
                    continue
                sources, from_stage = files.copy_sources(rest)
                for source in [] if from_stage else sources:
                    if not (ROOT / source).exists():
                        problems.append(f"{dockerfile.path.name}: no {source}")
                    elif is_ignored(source, patterns):
                        problems.append(f"{dockerfile.path.name}: {source} ignored")

    assert problems == []


def test_copies_from_other_stages_name_stages_before_them(compose):
    for dockerfile in dockerfiles(compose):
        seen = set()
        for stage in dockerfile.stages:
            for keyword, rest in stage.instructions:
                found = re.search(r"--from=(\S+)", rest)
                if keyword == "COPY" and found:
                    assert found[1] in seen, f"{dockerfile.path.name}: {found[1]}"
            seen.add(stage.name)


def test_every_target_runs_as_a_non_root_user(compose, dev):
    targets = {(build["dockerfile"], build["target"]) for _, build in builds(compose)}
    for name, svc in dev["services"].items():
        if "target" in svc.get("build", {}):
            dockerfile = compose["services"][name]["build"]["dockerfile"]
            targets.add((dockerfile, svc["build"]["target"]))
    for path, target in sorted(targets):
        dockerfile = files.read_dockerfile(ROOT / path)
        users = [
            rest
            for stage in reversed(dockerfile.chain(target))
            for keyword, rest in stage.instructions
            if keyword == "USER"
        ]

        assert users and users[-1] not in ROOT_USERS, f"{path} {target}"


def test_base_images_are_pinned(compose):
    for dockerfile in dockerfiles(compose):
        stage_names = {stage.name for stage in dockerfile.stages}
        for stage in dockerfile.stages:
            if stage.base in stage_names:
                continue
            image = files.base_image(dockerfile, stage)

            assert PINNED_TAG.search(image), f"{dockerfile.path.name}: {image}"


def test_the_python_base_is_the_python_the_project_needs(compose):
    python = files.read_dockerfile(ROOT / "docker/python.Dockerfile")
    pyproject = (ROOT / "pyproject.toml").read_text()

    assert python.args["PYTHON_IMAGE"].startswith("python:3.11.")
    assert 'requires-python = ">=3.11"' in pyproject


def test_build_args_are_declared_and_no_secret_is_baked_in(compose):
    for name, build in builds(compose):
        dockerfile = files.read_dockerfile(ROOT / build["dockerfile"])

        assert set(build.get("args", {})) <= dockerfile.declared_args(), name
        assert not any(SECRET_WORDS.search(a) for a in dockerfile.declared_args())
    for dockerfile in dockerfiles(compose):
        for stage in dockerfile.stages:
            for keyword, rest in stage.instructions:
                if keyword == "ENV":
                    assert not SECRET_WORDS.search(rest), rest


@pytest.mark.parametrize("pattern", IGNORED)
def test_dockerignore_keeps_local_state_and_secrets_out(pattern):
    assert pattern in files.dockerignore_patterns()
