"""POST /api/v1/events: an API key, per-item verdicts, only valid events sent."""

import hashlib

import orjson
import pytest

from pipeline.events import encode_event, parse_event
from tests.support.builders import kill
from tests.support.engine import drain, player_stats
from tests.support.kafka import read_topic

KEY = "tournament-server-key-1"
DIGEST = hashlib.sha256(KEY.encode()).hexdigest()


@pytest.fixture
def writer(make_app):
    """Return a test client of an app that accepts KEY (and an old key)."""
    old = hashlib.sha256(b"rotated-out").hexdigest()
    return make_app(api_key_sha256=f"{old}, {DIGEST.upper()}").test_client()


def post(client, body, key: str | None = KEY, **kwargs):
    headers = {"X-API-Key": key} if key is not None else {}
    data = body if isinstance(body, bytes) else orjson.dumps(body)
    return client.post(
        "/api/v1/events",
        data=data,
        headers=headers,
        content_type="application/json",
        **kwargs,
    )


@pytest.mark.parametrize("key", [None, "", "wrong", KEY + " ", DIGEST])
def test_a_write_without_a_valid_key_is_401_and_sends_nothing(writer, settings, key):
    response = post(writer, kill("halo", "m1", "a", "b"), key=key)

    assert response.status_code == 401
    assert response.get_json()["error"] == {
        "code": "unauthorized",
        "message": "a valid X-API-Key is required",
        "parameter": "X-API-Key",
    }
    assert read_topic(settings, settings.events_topic) == []


def test_no_configured_key_refuses_every_write(make_app):
    client = make_app(api_key_sha256="").test_client()

    assert post(client, kill("halo", "m1", "a", "b")).status_code == 401


def test_a_plain_key_in_place_of_a_digest_is_refused_at_start(make_app):
    with pytest.raises(ValueError, match="sha256"):
        make_app(api_key_sha256=KEY)


def test_each_item_is_accepted_or_rejected_and_only_valid_ones_reach_kafka(
    writer, settings, redis_client, keys
):
    good = kill("halo", "m1", "a", "b", event_id="ingest-1")
    body = [good, kill("fortnite", "m1", "a", "b"), {"type": "kill"}, 5]

    response = post(writer, body)
    drain(settings, 1)

    assert response.status_code == 202
    answer = response.get_json()
    assert (answer["accepted"], answer["rejected"]) == (1, 3)
    assert answer["results"][0] == {
        "index": 0,
        "status": "accepted",
        "event_id": "ingest-1",
    }
    assert [r.get("reason") for r in answer["results"][1:]] == [
        "unknown_game",
        "missing_field",
        "not_an_object",
    ]
    records = read_topic(settings, settings.events_topic)
    assert [(r.key, r.value) for r in records] == [
        (b"m1", encode_event(parse_event(good)))
    ]
    assert player_stats(redis_client, keys, "halo", "a")["kills"] == 1


def test_one_object_is_a_batch_of_one(writer):
    response = post(writer, kill("halo", "m1", "a", "b"))

    assert response.status_code == 202
    assert response.get_json()["accepted"] == 1


@pytest.mark.parametrize(
    "body", [b"{not json", b"", orjson.dumps([])], ids=["broken", "empty", "no-items"]
)
def test_a_body_that_is_no_batch_is_a_400(writer, body):
    response = post(writer, body)

    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == "body"


def test_too_many_events_or_bytes_are_refused(make_app):
    client = make_app(
        api_key_sha256=DIGEST, ingest_max_events=2, ingest_max_bytes=2048
    ).test_client()
    events = [kill("halo", "m1", "a", "b") for _ in range(3)]

    too_many = post(client, events)
    too_big = post(client, [kill("halo", "m1", "a", "b", weapon="w" * 3000)])

    assert too_many.status_code == 400
    assert too_big.status_code == 413
    assert too_big.get_json()["error"]["code"] == "request_entity_too_large"


def test_a_broker_that_does_not_answer_is_a_503(make_app):
    client = make_app(
        api_key_sha256=DIGEST, kafka_bootstrap_servers="localhost:1"
    ).test_client()

    response = post(client, kill("halo", "m1", "a", "b"))

    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "unavailable"


def test_browsers_may_not_preflight_a_write(writer):
    response = writer.options(
        "/api/v1/events",
        headers={
            "Origin": "http://localhost:3000",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "X-API-Key",
        },
    )

    assert "POST" not in response.headers.get("Access-Control-Allow-Methods", "")
