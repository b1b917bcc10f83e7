"""create_app: layered configuration and one bounded Redis pool per app."""

import redis

from api import create_app


def test_the_test_config_overrides_the_settings(settings, state):
    state.set_engine_status(settings.kafka_group_id, age_seconds=30)
    app = create_app({"SETTINGS": settings, "ENGINE_STALE_SECONDS": 120})

    body = app.test_client().get("/healthz").get_json()

    assert app.config["REDIS_KEY_PREFIX"] == settings.redis_key_prefix
    assert body["checks"]["engine"]["ok"] is True


def test_each_app_has_one_bounded_blocking_pool(settings):
    app = create_app(
        {"SETTINGS": settings.model_copy(update={"redis_max_connections": 7})}
    )

    pool = app.extensions["redis"].connection_pool

    assert isinstance(pool, redis.BlockingConnectionPool)
    assert pool.max_connections == 7
    assert app.extensions["read_model"].client is app.extensions["redis"]
