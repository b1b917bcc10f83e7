"""GET /healthz: ok with Redis, Kafka and a fresh engine; degraded otherwise."""

import time

from tests.api.test_errors import closed_port


def get_health(client):
    response = client.get("/healthz")
    return response.status_code, response.get_json()


def test_health_is_ok_with_redis_kafka_and_a_fresh_engine(client, state, settings):
    state.set_engine_status(settings.kafka_group_id, state="ok", lag=7, age_seconds=1)

    status, body = get_health(client)

    assert status == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"redis", "kafka", "engine"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["engine"]["lag"] == 7


def test_health_is_degraded_when_the_engine_status_is_stale(client, state, settings):
    state.set_engine_status(settings.kafka_group_id, age_seconds=60)

    status, body = get_health(client)

    assert (status, body["status"]) == (503, "degraded")
    assert body["checks"]["engine"]["ok"] is False
    assert body["checks"]["redis"]["ok"] is True


def test_health_judges_the_freshest_engine_member(client, state, settings):
    group = settings.kafka_group_id
    state.set_engine_status(group, "old-member", age_seconds=600)
    state.set_engine_status(group, "new-member", age_seconds=2)

    status, body = get_health(client)

    assert status == 200, body
    assert body["checks"]["engine"]["members"] == 2


def test_health_is_degraded_when_the_engine_reports_degraded(client, state, settings):
    state.set_engine_status(settings.kafka_group_id, state="degraded")

    status, body = get_health(client)

    assert status == 503
    assert body["checks"]["engine"]["state"] == "degraded"


def test_health_is_degraded_when_no_engine_has_reported(client):
    status, body = get_health(client)

    assert status == 503
    assert body["checks"]["engine"]["ok"] is False


def test_health_is_degraded_quickly_when_kafka_is_unreachable(
    make_app, state, settings
):
    state.set_engine_status(settings.kafka_group_id)
    servers = f"127.0.0.1:{closed_port()}"
    client = make_app(kafka_bootstrap_servers=servers).test_client()

    started = time.monotonic()
    status, body = get_health(client)

    assert time.monotonic() - started < 2
    assert (status, body["status"]) == (503, "degraded")
    assert body["checks"]["kafka"]["ok"] is False
    assert body["checks"]["engine"]["ok"] is True


def test_health_is_degraded_when_redis_is_down(make_app):
    client = make_app(redis_url=f"redis://127.0.0.1:{closed_port()}/0").test_client()

    status, body = get_health(client)

    assert status == 503
    assert body["checks"]["redis"]["ok"] is False
    assert body["checks"]["engine"]["ok"] is False
