"""``python -m pipeline.dead_letters list|replay`` after a fix, replayed twice."""

import orjson

from pipeline import dead_letters
from tests.support.builders import kill
from tests.support.engine import drain, player_stats
from tests.support.kafka import produce_raw, read_topic

# Ten long assister ids make a kill of about 1.4 kB: too big for a 1 kB limit.
BIG = kill(
    "halo", "m1", "a", "b", assisters=tuple(f"{i}{'x' * 120}" for i in range(10))
)


def run(capsys, settings, *argv) -> tuple[list[dict], str]:
    assert dead_letters.main(list(argv), settings=settings) == 0
    out = capsys.readouterr().out
    return [
        orjson.loads(line) for line in out.splitlines() if line.startswith("{")
    ], out


def test_replay_after_a_fix_counts_each_event_once_however_often_it_runs(
    settings, redis_client, keys, capsys
):
    strict = settings.model_copy(update={"max_event_bytes": 1024})
    values = [
        orjson.dumps(kill("halo", "m1", "a", "b", event_id="small")),
        orjson.dumps(BIG),
        orjson.dumps(kill("fortnite", "m1", "a", "b")),
    ]
    produce_raw(settings, values, key=b"m1")
    drain(strict, 3)

    listed, _ = run(capsys, settings, "list")
    oversized, _ = run(
        capsys, settings, "list", "--reason", "oversized", "--since", "1h"
    )
    future, _ = run(capsys, settings, "list", "--since", "2999-01-01T00:00")
    _, first = run(capsys, settings, "replay", "--reason", "oversized")
    drain(settings, 4)  # the fix: the default 64 kB limit
    _, second = run(capsys, settings, "replay", "--reason", "oversized")
    redis_client.delete(keys.replayed_dead_letters(settings.dead_letter_topic))
    _, forced = run(capsys, settings, "replay", "--reason", "oversized")
    drain(settings, 5)

    assert [e["reason"] for e in listed] == ["oversized", "unknown_game"]
    assert listed[0]["source"].startswith(f"{settings.events_topic}:")
    assert listed[0]["source"].endswith(":1")  # its offset in the events topic
    assert len(oversized) == 1 and future == []
    assert first.startswith("replayed 1 ")
    assert second.startswith("replayed 0 ") and "skipped 1 replayed before" in second
    assert forced.startswith("replayed 1 ")
    events = [r.value for r in read_topic(settings, settings.events_topic)]
    assert events.count(values[1]) == 3  # the original and two byte-exact copies
    assert player_stats(redis_client, keys, "halo", "a")["kills"] == 2
    assert "assists" not in player_stats(redis_client, keys, "halo", "a")
    assert player_stats(redis_client, keys, "halo", "0" + "x" * 120)["assists"] == 1


def test_a_letter_that_fails_again_after_replays_is_still_counted_once(
    settings, redis_client, keys, capsys
):
    produce_raw(settings, [orjson.dumps(kill("fortnite", "m1", "a", "b"))], key=b"m1")
    drain(settings, 1)

    run(capsys, settings, "replay", "--reason", "unknown_game")
    drain(settings, 2)
    run(capsys, settings, "replay", "--reason", "unknown_game")
    drain(settings, 3)

    letters = read_topic(settings, settings.dead_letter_topic)
    assert len(letters) == 3  # the first letter and one per failed replay
    original = dict(letters[0].headers)
    where = b":".join(
        original[h] for h in ("source_topic", "source_partition", "source_offset")
    )
    assert {dict(r.headers)["first_source"] for r in letters} == {where}
    assert redis_client.hgetall(keys.dead_letters()) == {"unknown_game": "1"}
