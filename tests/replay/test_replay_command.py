"""The replay command: one call per file set, exit codes, and nothing half-sent."""

import shutil

import pytest

from pipeline import replay as command
from pipeline.importers import files
from pipeline.importers.common import SourceError
from pipeline.settings import get_settings
from tests.replay.conftest import HALO_SLAYER, LOL_MATCH, LOL_TIMELINE, MATCHES
from tests.support.kafka import read_topic


@pytest.fixture
def environment(settings, monkeypatch):
    """Point the command's settings (read from the environment) at this test."""
    monkeypatch.setenv("EVENTS_TOPIC", settings.events_topic)
    monkeypatch.setenv("REDIS_KEY_PREFIX", settings.redis_key_prefix)
    get_settings.cache_clear()
    yield settings
    get_settings.cache_clear()


def test_the_command_sends_a_timeline_with_its_match_file_found_beside_it(
    environment, capsys
):
    status = command.main([str(MATCHES / LOL_TIMELINE)])

    out = capsys.readouterr().out
    assert status == 0
    assert out.startswith("lol JP1_323466834: sent 90 (88 kill, ")
    assert len(read_topic(environment, environment.events_topic)) == 90


def test_a_file_of_no_known_format_stops_the_command_with_nothing_sent(
    environment, capsys
):
    status = command.main([str(MATCHES / HALO_SLAYER), str(MATCHES / "README.md")])

    assert status == 2
    assert "README.md: not JSON" in capsys.readouterr().err
    assert read_topic(environment, environment.events_topic) == []


def test_a_named_format_that_does_not_fit_is_refused(environment, capsys):
    status = command.main(["--format", "halo", str(MATCHES / LOL_MATCH)])

    assert status == 2
    assert f"{LOL_MATCH}: no MatchId and MatchInfo" in capsys.readouterr().err


def test_a_timeline_without_its_match_file_is_refused(tmp_path):
    shutil.copy(MATCHES / LOL_TIMELINE, tmp_path / LOL_TIMELINE)

    with pytest.raises(SourceError, match="needs its match file"):
        files.load([tmp_path / LOL_TIMELINE])


def test_source_times_of_a_rounds_only_file_are_refused(environment, capsys):
    rounds = str(MATCHES / "valorant-val-match-v1-rounds.json")

    status = command.main(["--keep-source-times", rounds])

    assert status == 2
    assert "states no start time" in capsys.readouterr().err
    assert read_topic(environment, environment.events_topic) == []


def test_a_negative_speed_is_a_usage_error():
    with pytest.raises(SystemExit) as exit_info:
        command.parse_args(["--speed", "-1", "x.json"])

    assert exit_info.value.code == 2


def test_speed_paces_sends_and_no_event_is_stamped_after_it_left(settings):
    speed = 2000  # the 1965 s match in about one second

    command.run([MATCHES / LOL_TIMELINE], settings, speed=speed)

    records = read_topic(settings, settings.events_topic)
    sent_ms = [r.timestamp for r in records]
    stamped_ms = [
        command.timing.parse_event(r.value).event_time.timestamp() * 1000
        for r in records
    ]
    assert len(records) == 90
    # Paced over about the match's length / speed (~983 ms), not all at once.
    assert 0.5 * 1965538 / speed <= max(sent_ms) - min(sent_ms) <= 3000
    assert all(t <= s + 5 for t, s in zip(stamped_ms, sent_ms, strict=True))


def test_a_stop_before_the_first_send_sends_nothing(settings):
    stop = command.threading.Event()
    stop.set()

    reports = command.run([MATCHES / LOL_TIMELINE], settings, stop=stop)

    assert reports == []
    assert read_topic(settings, settings.events_topic) == []
