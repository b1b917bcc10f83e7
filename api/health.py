"""GET /healthz: is Redis answering, Kafka reachable and the engine reporting?"""

import logging

import redis
from flask import Blueprint, current_app

from api.extensions import kafka_probe, read_model

logger = logging.getLogger(__name__)
bp = Blueprint("health", __name__)
# The engine reports "starting", "ok" or "degraded" (retrying a failed write).
FAILED_STATES = ("degraded", "error", "stopped")


def check_redis() -> dict:
    """Return {"ok"} after a PING, or {"ok": False, "error"}."""
    try:
        return {"ok": read_model().ping()}
    except redis.RedisError as exc:
        logger.warning("health redis down error=%s", exc)
        return {"ok": False, "error": "redis does not answer"}


def check_engine() -> dict:
    """Judge the freshest engine status: present, not failed, not stale."""
    stale_after = current_app.config["ENGINE_STALE_SECONDS"]
    try:
        members = read_model().engine_status(current_app.config["KAFKA_GROUP_ID"])
    except redis.RedisError:
        return {"ok": False, "error": "engine status unreadable"}
    if not members:
        return {"ok": False, "error": "no engine has reported"}

    freshest = members[0]
    age = freshest["age_seconds"]
    check = {
        "ok": True,
        "state": freshest["state"],
        "lag": freshest["lag"],
        "age_seconds": age,
        "members": len(members),
    }
    if age is None or age > stale_after:
        check.update(ok=False, error=f"no engine status in the last {stale_after:g} s")
    elif freshest["state"] in FAILED_STATES:
        check.update(ok=False, error=f"engine is {freshest['state']}")
    return check


@bp.get("/healthz")
def check_health() -> tuple[dict, int]:
    """Answer 200 when Redis, Kafka and the engine are all fine, 503 otherwise."""
    checks = {
        "redis": check_redis(),
        "kafka": kafka_probe().check(),
        "engine": check_engine(),
    }

    healthy = all(check["ok"] for check in checks.values())
    status = "ok" if healthy else "degraded"
    return {"status": status, "checks": checks}, 200 if healthy else 503
