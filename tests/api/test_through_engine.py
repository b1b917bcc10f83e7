"""The API reads what the real engine wrote: counts, ids and names stay exact."""

import orjson

from tests.support.builders import kill, match_start
from tests.support.engine import drain
from tests.support.kafka import produce_raw

BIG_ID = "76561198046048622"
ROSTER = [
    (BIG_ID, "Черная смерть", "t1"),
    ("tuhti", "tuhti  sirpa", "t2"),
    ("kaze", "Kaze ", "t3"),
    ("hoshi", "あユみ ホシゾラ", "t4"),
]


def three_kills_by_the_big_id() -> list[bytes]:
    events = [match_start("apex", "m1", ROSTER, event_id="m1-start")]
    events += [
        kill("apex", "m1", BIG_ID, victim, event_id=f"m1-k{i}")
        for i, victim in enumerate(["tuhti", "kaze", "hoshi"])
    ]
    return [orjson.dumps(event) for event in events]


def test_three_kills_through_the_engine_read_as_exact_json(settings, client):
    values = three_kills_by_the_big_id()
    produce_raw(settings, values, key=b"m1")
    drain(settings, len(values))

    player = client.get(f"/api/v1/games/apex/players/{BIG_ID}")
    board = client.get("/api/v1/games/apex/leaderboard?metric=kills")

    assert f'"player_id":"{BIG_ID}"' in player.get_data(as_text=True)
    assert '"kills":3,' in player.get_data(as_text=True)
    assert player.get_json()["name"] == "Черная смерть"
    entries = board.get_json()["entries"]
    top = entries[0]
    assert (top["rank"], top["player_id"], top["kills"]) == (1, BIG_ID, 3)
    assert {e["name"] for e in entries} == {name for _, name, _ in ROSTER}
    assert [e["rank"] for e in entries] == [1, 2, 2, 2]
