"""The Redis client and read model, made once per app and found through it."""

from flask import Flask, current_app

from api.health_probe import KafkaProbe
from pipeline.games import load_games
from pipeline.keys import Keys
from pipeline.readmodel import ReadModel, connect


def init_app(app: Flask) -> None:
    """Open the app's bounded Redis pool and build its read model and probes."""
    config = app.config
    client = connect(
        config["REDIS_URL"],
        max_connections=config["REDIS_MAX_CONNECTIONS"],
        timeout=config["REDIS_POOL_TIMEOUT"],
    )
    keys = Keys(config["REDIS_KEY_PREFIX"])
    games = load_games(config["GAMES_CONFIG"])

    app.extensions["redis"] = client
    app.extensions["read_model"] = ReadModel(client, keys, games)
    app.extensions["kafka_probe"] = KafkaProbe(
        config["KAFKA_BOOTSTRAP_SERVERS"],
        timeout=config["KAFKA_CHECK_TIMEOUT"],
        ttl=config["KAFKA_CHECK_TTL"],
    )


def read_model() -> ReadModel:
    """Return the current app's read model."""
    return current_app.extensions["read_model"]


def kafka_probe() -> KafkaProbe:
    """Return the current app's cached Kafka reachability check."""
    return current_app.extensions["kafka_probe"]
