"""The Flask REST API over the live statistics in Redis (see docs/contracts.md).

``create_app`` layers its configuration: the defaults below, then the
environment read through pipeline.settings, then the mapping a caller (a test)
passes. A ``SETTINGS`` entry in that mapping replaces the environment.
"""

from collections.abc import Mapping

from flask import Flask

from api import auth, errors, extensions, headers, limits
from api.games import bp as games_bp
from api.health import bp as health_bp
from api.heatmaps import bp as heatmaps_bp
from api.ingest import bp as ingest_bp
from api.leaderboard import bp as leaderboard_bp
from api.openapi import bp as openapi_bp
from api.players import bp as players_bp
from api.stream import bp as stream_bp
from api.trends import bp as trends_bp
from pipeline.settings import Settings, get_settings

API_PREFIX = "/api/v1"
DEFAULTS = {
    # Seconds a request waits for a free Redis connection before it fails.
    "REDIS_POOL_TIMEOUT": 5.0,
    # Seconds the Kafka reachability check is reused, and how long it may take.
    "KAFKA_CHECK_TTL": 5.0,
    "KAFKA_CHECK_TIMEOUT": 0.5,
    # An engine status older than this many seconds makes health degraded.
    "ENGINE_STALE_SECONDS": 15.0,
}


def _from_settings(settings: Settings) -> dict:
    return {name.upper(): value for name, value in settings.model_dump().items()}


def create_app(config: Mapping | None = None) -> Flask:
    """Build the API app: configuration, Redis pool, blueprints, error handlers."""
    config = dict(config or {})
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.from_mapping(
        _from_settings(config.pop("SETTINGS", None) or get_settings())
    )
    app.config.from_mapping(config)
    # Werkzeug answers a larger body with 413 before a view reads it.
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = app.config["INGEST_MAX_BYTES"]
    app.json.sort_keys = False
    app.json.ensure_ascii = False

    extensions.init_app(app)
    errors.init_app(app)
    headers.init_app(app)
    app.register_blueprint(health_bp)
    for blueprint in (games_bp, leaderboard_bp, players_bp, stream_bp):
        app.register_blueprint(blueprint, url_prefix=API_PREFIX)
    app.register_blueprint(trends_bp, url_prefix=API_PREFIX)
    app.register_blueprint(heatmaps_bp, url_prefix=API_PREFIX)
    for blueprint in (ingest_bp, openapi_bp):
        app.register_blueprint(blueprint, url_prefix=API_PREFIX)
    auth.init_app(app)
    limits.init_app(app)
    return app
