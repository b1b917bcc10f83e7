"""Numbers beyond the schema's bounds are dead letters, never half a batch.

A score of 1.7e308 is a finite float, but two of them add up to infinity,
which Redis refuses mid-script. The schema bounds every number an event
carries, so such an event is rejected before any batch holds it, and the
valid events beside it count as usual.
"""

import orjson

from pipeline.events import MAX_MATCH_SCORE
from tests.support.builders import base, kill
from tests.support.engine import drain
from tests.support.kafka import produce_raw, read_topic

HUGE = 1.7e308


def totals(event_id: str, player_id: str, score: float) -> bytes:
    event = {
        **base("halo", "m-huge", "player_totals", event_id=event_id),
        "player_id": player_id,
        "kills": 1,
        "score": score,
    }
    return orjson.dumps(event)


def test_huge_scores_are_dead_lettered_and_the_good_kill_beside_them_counts(
    settings, redis_client, keys
):
    good = orjson.dumps(kill("halo", "m-huge", "k1", "v1", event_id="good-1"))
    produce_raw(
        settings,
        [good, totals("huge-1", "big", HUGE), totals("huge-2", "big", HUGE)],
        key=b"m-huge",
    )

    drain(settings, 3)

    assert redis_client.zscore(keys.leaderboard("halo", "kills"), "k1") == 1
    assert redis_client.xlen(keys.kill_log("halo")) == 1
    assert not redis_client.exists(keys.player("halo", "big"))
    assert redis_client.hget(keys.dead_letters(), "invalid_field") == "2"
    letters = read_topic(settings, settings.dead_letter_topic)
    assert [dict(r.headers)["reason"] for r in letters] == [b"invalid_field"] * 2


def test_a_score_at_the_bound_is_kept_exactly(settings, redis_client, keys):
    produce_raw(settings, [totals("max-1", "top", MAX_MATCH_SCORE)], key=b"m-huge")

    drain(settings, 1)

    assert float(redis_client.hget(keys.player("halo", "top"), "score")) == 1e6
    assert redis_client.zscore(keys.leaderboard("halo", "score"), "top") == 1e6
