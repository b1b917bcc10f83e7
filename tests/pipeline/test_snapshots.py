"""Taking, storing, pruning and exporting snapshots, with the real engine and CLI.

What a snapshot holds is checked against a recomputation from the raw events,
and its offsets against the records the engine consumed.
"""

import os
import signal
import subprocess
import sys
import time

import orjson
import pandas as pd
import pytest

from pipeline.games import configured_games
from pipeline.producer import EventProducer
from pipeline.simulator import simulate
from pipeline.snapshots import archive
from pipeline.snapshots.archive import Entry, expired
from pipeline.snapshots.format import FORMAT_VERSION, GZIP_MAGIC, decode
from pipeline.snapshots.loader import load_snapshot
from pipeline.snapshots.service import take_snapshot
from tests.support.recompute import recompute
from tests.support.redis_state import RedisState
from tests.support.snapshots import GAMES, seed_snapshots

T0 = 1_800_000_000.0


def environment(settings) -> dict[str, str]:
    """Return the variables that point a process at this test's topics and keys."""
    return {
        "KAFKA_BOOTSTRAP_SERVERS": settings.kafka_bootstrap_servers,
        "EVENTS_TOPIC": settings.events_topic,
        "DEAD_LETTER_TOPIC": settings.dead_letter_topic,
        "KAFKA_GROUP_ID": settings.kafka_group_id,
        "REDIS_URL": settings.redis_url,
        "REDIS_KEY_PREFIX": settings.redis_key_prefix,
    }


def cli(settings, *args: str, **env: str) -> subprocess.Popen:
    """Start python -m pipeline.snapshots on the test's Redis, prefix and group."""
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.snapshots", *args],
        env={**os.environ, **environment(settings), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen) -> tuple[int, str, str]:
    """Wait for a CLI process; return its exit code, stdout and stderr."""
    out, err = process.communicate(timeout=60)
    return process.returncode, out, err


@pytest.fixture
def state(redis_client, keys) -> RedisState:
    """A little live state: two halo players."""
    seeded = RedisState(redis_client, keys)
    seeded.add_player("halo", "ada", kills=3, deaths=1, score=300)
    seeded.add_player("halo", "bob", kills=1, deaths=3, score=100)
    seeded.set_game("halo", matches=1, events=8)
    return seeded


def test_snapshot_holds_the_recomputed_stats_and_the_offsets_consumed(settings):
    seeded = seed_snapshots(settings, chunks=1)

    snap = load_snapshot(settings=settings)

    assert sum(snap.offsets.values()) == len(seeded.raw)
    expected = recompute(seeded.raw, configured_games())
    expected = expected.set_index(["game", "player_id"]).sort_index()
    got = snap.players.set_index(["game", "player_id"]).sort_index()
    assert list(got.index) == list(expected.index)
    for column in ("kills", "deaths", "assists", "matches", "wins", "headshots"):
        assert got[column].tolist() == expected[column].tolist(), column
    assert got["score"].tolist() == pytest.approx(expected["score"].tolist())
    assert set(snap.games["game"]) == set(GAMES)
    assert snap.minutes["events"].sum() == len(seeded.raw)
    assert snap.kills.groupby("game").size().sum() == snap.games["kills"].sum()


def test_snapshots_taken_while_the_engine_applies_are_consistent(
    settings, keys, tmp_path
):
    events = list(simulate(seed=5, matches=6, games=list(GAMES)))
    with EventProducer(settings) as producer:
        for event in events:
            producer.send(event)
    # The engine in its own process, in small batches: many writes while
    # snapshots are read, and no shared interpreter to slow either down.
    engine = subprocess.Popen(
        [sys.executable, "-m", "pipeline.engine"],
        env={**os.environ, **environment(settings), "ENGINE_BATCH_SIZE": "10"},
        stderr=(tmp_path / "engine.log").open("w"),
    )
    client = archive.connect(settings)
    seen: list[tuple[int, int]] = []
    deadline = time.monotonic() + 120

    try:
        while not seen or seen[-1][0] < len(events):
            assert engine.poll() is None, (tmp_path / "engine.log").read_text()[-2000:]
            assert time.monotonic() < deadline, f"the engine is stuck at {seen[-1:]}"
            taken = take_snapshot(settings, client)
            document = decode(client.get(keys.snapshot(taken.id)))
            counted = sum(g["counters"]["events"] for g in document["games"].values())
            seen.append((sum(taken.offsets.values()), counted))
    finally:
        engine.send_signal(signal.SIGTERM)
        engine.wait(timeout=30)
        client.close()

    # Each record here is one valid event: the offsets and the state agree.
    assert all(records == counted for records, counted in seen), seen
    assert len({records for records, _ in seen}) > 2, "no snapshot between batches"


def test_a_large_snapshot_is_gzipped_and_a_small_one_is_plain_json(
    settings, state, redis_client, keys
):
    small = take_snapshot(
        settings.model_copy(update={"snapshot_compress_min_bytes": 10**9})
    )
    large = take_snapshot(
        settings.model_copy(update={"snapshot_compress_min_bytes": 0})
    )
    raw = archive.connect(settings)

    plain = raw.get(keys.snapshot(small.id))
    packed = raw.get(keys.snapshot(large.id))
    raw.close()

    assert plain.startswith(b"{") and orjson.loads(plain)["format_version"] == 1
    assert packed.startswith(GZIP_MAGIC)
    assert decode(packed)["games"] == decode(plain)["games"]
    assert decode(packed)["format_version"] == FORMAT_VERSION


def test_retention_keeps_the_newest_within_count_and_age():
    listed = [Entry(f"s{i}", T0 + 60 * i) for i in range(6)]

    by_count = expired(listed, keep=4, max_age=0, now=T0 + 400)
    by_age = expired(listed, keep=10, max_age=150, now=T0 + 300)
    by_both = expired(listed, keep=2, max_age=100, now=T0 + 300)

    assert sorted(e.id for e in by_count) == ["s0", "s1"]
    assert sorted(e.id for e in by_age) == ["s0", "s1", "s2"]
    assert sorted(e.id for e in by_both) == ["s0", "s1", "s2", "s3"]


def test_taking_a_snapshot_prunes_past_the_count_kept(settings, state, keys):
    keep_two = settings.model_copy(update={"snapshot_keep": 2})

    ids = [take_snapshot(keep_two).id for _ in range(4)]
    client = archive.connect(settings)
    kept = [e.id for e in archive.entries(client, keys)]
    stored = [client.exists(keys.snapshot(i)) for i in ids]
    client.close()

    assert kept == ids[2:]
    assert stored == [0, 0, 1, 1]


def test_prune_removes_snapshots_older_than_the_age_kept(settings, state, keys):
    client = archive.connect(settings)
    old = take_snapshot(settings)
    client.zadd(keys.snapshots(), {old.id: old.taken_at - 7200})
    fresh = take_snapshot(settings.model_copy(update={"snapshot_max_age_hours": 24}))

    code, out, _ = finished(cli(settings, "prune", SNAPSHOT_MAX_AGE_HOURS="1"))
    kept = [e.id for e in archive.entries(client, keys)]
    client.close()

    assert code == 0 and "pruned 1 snapshot(s)" in out
    assert kept == [fresh.id]


def test_cli_takes_lists_and_exports_parquet_and_csv(settings, state, tmp_path):
    code, out, err = finished(cli(settings, "take"))
    assert code == 0, err
    snapshot_id = out.split()[0]

    code, listing, _ = finished(cli(settings, "list"))
    code_pq, parquet, err_pq = finished(
        cli(settings, "export", "latest", "--format", "parquet", "--out", str(tmp_path))
    )
    code_csv, csv, _ = finished(
        cli(settings, "export", snapshot_id, "--format", "csv", "--out", str(tmp_path))
    )

    assert code == 0 and snapshot_id in listing
    assert code_pq == 0, err_pq
    players = pd.read_parquet(tmp_path / snapshot_id / "players.parquet")
    assert sorted(players["player_id"]) == ["ada", "bob"]
    assert players.set_index("player_id").loc["ada", "score"] == 300
    assert code_csv == 0
    boards = pd.read_csv(tmp_path / snapshot_id / "leaderboards.csv")
    assert set(boards["metric"]) == {"score", "kills", "kd"}
    stamp = orjson.loads((tmp_path / snapshot_id / "snapshot.json").read_bytes())
    assert stamp["id"] == snapshot_id and stamp["format_version"] == FORMAT_VERSION
    assert str(tmp_path / snapshot_id / "kills.csv") in csv


def test_cli_export_of_an_empty_redis_says_so_and_fails(settings, tmp_path):
    code, _, err = finished(cli(settings, "export", "latest", "--out", str(tmp_path)))

    assert code == 1
    assert "no snapshots yet" in err
    assert "Traceback" not in err


def test_cli_run_takes_snapshots_until_sigterm_and_exits_0(settings, state, keys):
    process = cli(settings, "run", SNAPSHOT_INTERVAL_SECONDS="0.2")
    client = archive.connect(settings)
    deadline = time.monotonic() + 30
    while len(archive.entries(client, keys)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)

    process.send_signal(signal.SIGTERM)
    code, _, err = finished(process)
    count = len(archive.entries(client, keys))
    client.close()

    assert code == 0, err
    assert count >= 2
    assert "snapshots stopped" in err
