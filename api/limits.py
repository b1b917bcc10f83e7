"""Rate limits with flask-limiter, counted in the stack's own Redis.

The write side (ingest) is limited per API key at RATE_LIMIT_INGEST; the
reads that cost Redis most (leaderboards, players, trends, heatmaps, the
live stream) per client address at RATE_LIMIT_READS. A leaderboard page the
worker already holds for its game's current state (api/board_cache.py) costs
no Redis and is not counted: counting it would cost a Redis round trip, more
than answering it does. A flood of such reads is bounded by the workers'
CPU alone, which is what a reverse proxy's own limits are for. The counters live in
REDIS_URL under ``Keys.rate_limits()``, so every worker and every API
process shares them. A request over its limit gets the JSON 429; a Redis
that does not answer lets requests through (the views then answer 503).
RATE_LIMITS_ENABLED=false turns all of it off.

The client address is the connection's: behind a reverse proxy every reader
shares the proxy's, until the app is told to trust X-Forwarded-For
(werkzeug's ProxyFix) - not done, since nothing here runs behind one yet.
"""

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from api.auth import key_digest
from api.leaderboard import answered_from_cache
from pipeline.keys import Keys

# Blueprints whose every route is an expensive read.
EXPENSIVE_READS = ("leaderboard", "players", "stream", "trends", "heatmaps")


def writer_key() -> str:
    """Return who a write counts against: its API key, else its address."""
    digest = key_digest()
    return f"key:{digest}" if digest else f"addr:{get_remote_address()}"


def init_app(app: Flask) -> Limiter:
    """Make this app's limiter and put the limits on the blueprints."""
    config = app.config
    keys = Keys(config["REDIS_KEY_PREFIX"])
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=config["REDIS_URL"],
        storage_options={"key_prefix": keys.rate_limits()},
        strategy="moving-window",
        headers_enabled=True,
        swallow_errors=True,
        enabled=config["RATE_LIMITS_ENABLED"],
    )
    for name in EXPENSIVE_READS:
        if name in app.blueprints:
            exempt = answered_from_cache if name == "leaderboard" else None
            limiter.limit(config["RATE_LIMIT_READS"], exempt_when=exempt)(
                app.blueprints[name]
            )
    if "ingest" in app.blueprints:
        limiter.limit(config["RATE_LIMIT_INGEST"], key_func=writer_key)(
            app.blueprints["ingest"]
        )
    return limiter
