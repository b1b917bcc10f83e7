"""Debian packages the stack installs when missing: redis-server and Chromium.

apt-get itself is replaced by a recorder: these tests check what would be run
and what a person is told, without installing anything.
"""

import shutil
import subprocess

import pytest

from stack import chromium, packages
from stack.errors import StackError


@pytest.fixture
def apt(monkeypatch):
    """Pretend to be root with apt-get; record the commands instead of running."""
    commands = []

    def run(command, env):
        commands.append(command)
        assert env["DEBIAN_FRONTEND"] == "noninteractive"
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(packages, "can_install", lambda: True)
    monkeypatch.setattr(packages, "_run", run)
    return commands


@pytest.fixture
def not_root(monkeypatch):
    monkeypatch.setattr(packages, "can_install", lambda: False)


def test_root_updates_the_lists_then_installs_without_recommends(apt):
    packages.install(["chromium", "fonts-noto-cjk"], "the tests", otherwise="")

    update, install = apt
    assert update[0] == "apt-get" and update[-1] == "update"
    assert install[-4:] == [
        "-y",
        "--no-install-recommends",
        "chromium",
        "fonts-noto-cjk",
    ]
    assert "DPkg::Lock::Timeout=300" in install


def test_a_failed_apt_get_is_an_error_with_its_output(apt, monkeypatch):
    monkeypatch.setattr(
        packages,
        "_run",
        lambda command, env: subprocess.CompletedProcess(
            command, 100, "", "E: Unable to locate package chromium"
        ),
    )

    with pytest.raises(StackError, match="Unable to locate package chromium"):
        packages.install(["chromium"], "the tests", otherwise="")


def test_without_root_the_error_says_what_to_install(not_root, monkeypatch):
    monkeypatch.setattr(packages, "_run", lambda *_: pytest.fail("ran apt-get"))

    with pytest.raises(StackError) as error:
        packages.install(["redis-server"], "the stack", otherwise="  brew install")

    message = str(error.value)
    assert message.startswith("Missing redis-server, needed by the stack.")
    assert "sudo apt-get install -y redis-server" in message
    assert message.endswith("brew install")


def test_a_missing_chromium_is_installed_with_its_fonts(apt, monkeypatch, tmp_path):
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setattr(chromium, "DEFAULT_BINARY", tmp_path / "chromium")

    assert chromium.ensure() == tmp_path / "chromium"
    assert apt[-1][-3:] == ["chromium", "fonts-liberation", "fonts-noto-cjk"]


def test_a_present_chromium_gets_only_its_missing_fonts(apt, monkeypatch, tmp_path):
    browser = tmp_path / "chromium"
    browser.touch()
    monkeypatch.setenv("CHROMIUM", str(browser))
    monkeypatch.setattr(packages, "missing", lambda names: ["fonts-noto-cjk"])

    assert chromium.ensure() == browser
    assert apt[-1][-2:] == ["--no-install-recommends", "fonts-noto-cjk"]


def test_a_chromium_named_by_the_environment_is_never_installed(
    apt, monkeypatch, tmp_path
):
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "nowhere"))

    with pytest.raises(StackError, match="CHROMIUM="):
        chromium.ensure()
    assert apt == []


def test_dpkg_tells_installed_packages_from_missing_ones():
    if not shutil.which("dpkg-query"):
        pytest.skip("no dpkg here")

    assert packages.missing(["dpkg", "no-such-package-xyz"]) == ["no-such-package-xyz"]
