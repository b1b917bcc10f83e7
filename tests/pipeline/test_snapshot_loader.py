"""The loader on its own: lookups by time, ranges, old formats, empty Redis."""

import copy

import orjson
import pandas as pd
import pytest

from pipeline.games import configured_games
from pipeline.snapshots import archive
from pipeline.snapshots.capture import capture
from pipeline.snapshots.format import snapshot_id
from pipeline.snapshots.frames import MINUTE_COLUMNS, PLAYER_COLUMNS
from pipeline.snapshots.loader import (
    NoSnapshots,
    list_snapshots,
    load_range,
    load_snapshot,
    load_snapshot_by_id,
)
from tests.support.redis_state import RedisState

T0 = 1_800_000_000.0  # 2027-01-15T08:00:00Z


@pytest.fixture
def saved(settings, redis_client, keys):
    """Save three snapshots, T0, T0+60 and T0+120, with ada's score 10, 20, 30."""
    state = RedisState(redis_client, keys)
    state.add_player("halo", "ada", kills=3, deaths=1, score=10)
    state.add_player("halo", "bob", kills=2, deaths=2, score=15)
    client = archive.connect(settings)
    base = capture(client, settings, configured_games())
    times = [T0, T0 + 60, T0 + 120]
    for step, taken_at in enumerate(times):
        document = copy.deepcopy(base)
        document.update(taken_at=taken_at, id=snapshot_id(taken_at))
        document["games"]["halo"]["players"]["ada"]["score"] = 10.0 * (step + 1)
        board = [["ada", 10.0 * (step + 1)], ["bob", 15.0]]
        document["games"]["halo"]["leaderboards"]["score"] = sorted(
            board, key=lambda e: -e[1]
        )
        archive.save(client, keys, document, compress_min=0)
    client.close()
    return [snapshot_id(t) for t in times]


def test_empty_redis_says_there_are_no_snapshots_yet(settings):
    with pytest.raises(NoSnapshots, match="no snapshots yet"):
        load_snapshot(settings=settings)
    with pytest.raises(NoSnapshots, match="no snapshots yet"):
        load_range(settings=settings)


def test_latest_is_the_newest_snapshot(settings, saved):
    snap = load_snapshot(settings=settings)

    assert snap.id == saved[-1]
    assert snap.taken_at == pd.Timestamp(T0 + 120, unit="s", tz="UTC")
    ada = snap.players.set_index("player_id").loc["ada"]
    assert ada["score"] == 30


def test_at_or_before_picks_the_newest_not_after_the_time(settings, saved):
    between = load_snapshot(at=T0 + 90, settings=settings)
    exact = load_snapshot(
        at=pd.Timestamp(T0 + 60, unit="s", tz="UTC"), settings=settings
    )
    naive_utc = load_snapshot(at="2027-01-15 08:00:30", settings=settings)

    assert between.id == saved[1]
    assert exact.id == saved[1]
    assert naive_utc.id == saved[0]


def test_a_time_before_the_first_snapshot_names_the_oldest(settings, saved):
    with pytest.raises(NoSnapshots, match=f"oldest kept is {saved[0]}"):
        load_snapshot(at=T0 - 1, settings=settings)


def test_by_id_loads_that_snapshot_and_a_missing_id_is_a_clear_error(settings, saved):
    assert load_snapshot_by_id(saved[0], settings=settings).id == saved[0]
    with pytest.raises(NoSnapshots, match="no snapshot 'nope'"):
        load_snapshot_by_id("nope", settings=settings)


def test_range_is_one_tidy_frame_with_ranks_per_snapshot(settings, saved):
    frame = load_range(T0 + 30, T0 + 120, settings=settings)

    assert list(frame["snapshot_id"].unique()) == saved[1:]
    ada = frame[frame["player_id"] == "ada"].set_index("snapshot_id")
    assert ada.loc[saved[1], "rank_score"] == 1
    assert ada.loc[saved[1], "score"] == 20
    bob = frame[frame["player_id"] == "bob"].set_index("snapshot_id")
    assert bob.loc[saved[2], "rank_score"] == 2
    assert {"rank_score", "rank_kills", "rank_kd", "taken_at"} <= set(frame.columns)


def test_an_empty_range_says_what_is_kept(settings, saved):
    with pytest.raises(NoSnapshots, match="3 kept"):
        load_range(T0 + 500, T0 + 600, settings=settings)


def test_list_gives_id_time_and_size_oldest_first(settings, saved):
    kept = list_snapshots(settings=settings)

    assert list(kept["id"]) == saved
    assert (kept["bytes"] > 0).all()
    assert kept["taken_at"].is_monotonic_increasing


def test_a_version_0_snapshot_is_upgraded_on_load(settings, redis_client, keys):
    old = {
        "version": 0,
        "taken_at": "2027-01-15T08:00:00+00:00",
        "offsets": {"game-events:0": 12},
        "players": {
            "halo": {"ada": {"name": "Ada", "team": "red", "kills": 4, "deaths": 2}}
        },
        "leaderboards": {"halo": {"score": [["ada", 400.0]], "kills": [["ada", 4]]}},
    }
    redis_client.set(keys.snapshot("legacy"), orjson.dumps(old))
    redis_client.zadd(keys.snapshots(), {"legacy": T0})

    snap = load_snapshot(settings=settings)

    assert snap.format_version == 0
    assert snap.taken_at == pd.Timestamp("2027-01-15T08:00:00Z")
    assert snap.offsets == {"game-events:0": 12}
    ada = snap.players.set_index("player_id").loc["ada"]
    assert (ada["name"], ada["kills"], ada["deaths"], ada["kd"]) == ("Ada", 4, 2, 2.0)
    assert ada["score"] == 0  # version 0 kept no score in the player line
    board = snap.leaderboards.set_index(["metric", "player_id"])
    assert board.loc[("score", "ada"), "value"] == 400
    assert snap.minutes.empty and list(snap.minutes.columns)[2:] == list(MINUTE_COLUMNS)
    assert list(snap.players.columns)[2:-1] == list(PLAYER_COLUMNS)
    assert snap.kills.empty and snap.heatmaps.empty


def test_a_snapshot_from_a_newer_format_is_refused_clearly(
    settings, redis_client, keys
):
    redis_client.set(keys.snapshot("future"), orjson.dumps({"format_version": 99}))
    redis_client.zadd(keys.snapshots(), {"future": T0})

    with pytest.raises(ValueError, match="format_version 99 is newer"):
        load_snapshot(settings=settings)
