"""POST /api/v1/events: game servers send events; the valid ones go to Kafka.

The body is one event object or a JSON array of up to INGEST_MAX_EVENTS, at
most INGEST_MAX_BYTES in all. Each is checked exactly as the engine would
(pipeline.validation: schema, known game, size, time window); valid ones are
sent with EventProducer to EVENTS_TOPIC, keyed by match id, and the answer
waits until Kafka has acknowledged them. 202 says, per item in body order,
``accepted`` (with its event id) or ``rejected`` (with the engine's reason
code). If Kafka does not acknowledge, the answer is 503 and the whole
request may be sent again: the engine applies each event id once.
Requires an API key (api/auth.py).
"""

import logging
import os
import threading
from datetime import timedelta

import orjson
from flask import Blueprint, current_app, request
from kafka.errors import KafkaError

from api.auth import require_api_key
from api.errors import ApiError
from api.extensions import read_model
from pipeline.events import InvalidEvent
from pipeline.producer import EventProducer
from pipeline.settings import Settings
from pipeline.validation import utcnow, validate_message

logger = logging.getLogger(__name__)
bp = Blueprint("ingest", __name__)

# A request must not hang on a broker that is away: fail within seconds.
PRODUCER_OVERRIDES = {
    # EventProducer tries to connect 4 times; kafka-python's 30 s per try
    # would hold a request for two minutes while the broker is away.
    "bootstrap_timeout_ms": 1000,
    "max_block_ms": 5000,
    "request_timeout_ms": 5000,
    "delivery_timeout_ms": 10_000,
}
ACK_TIMEOUT_SECONDS = 15.0
# TODO(ingest-outage): while the broker is away each request tries to connect
# anew (about 11 s before its 503); remembering the failure for a few seconds
# would answer at once. Matters when game servers retry in a tight loop.
_producer_lock = threading.Lock()


def event_producer() -> EventProducer:
    """Return this process's producer for the app, connecting on first use."""
    extensions = current_app.extensions
    with _producer_lock:
        held = extensions.get("event_producer")
        if held is None or held[0] != os.getpid():  # none yet, or forked since
            config = current_app.config
            settings = Settings(
                kafka_bootstrap_servers=config["KAFKA_BOOTSTRAP_SERVERS"],
                events_topic=config["EVENTS_TOPIC"],
                max_event_bytes=config["MAX_EVENT_BYTES"],
            )
            held = (os.getpid(), EventProducer(settings, **PRODUCER_OVERRIDES))
            extensions["event_producer"] = held
        return held[1]


def _items() -> list:
    try:
        body = orjson.loads(request.get_data(cache=False))
    except orjson.JSONDecodeError as exc:
        raise ApiError(
            400, "invalid_body", f"body is not JSON: {exc}", "body"
        ) from None
    items = body if isinstance(body, list) else [body]
    limit = current_app.config["INGEST_MAX_EVENTS"]
    if not items or len(items) > limit:
        message = f"body must hold 1 to {limit} events"
        raise ApiError(400, "invalid_body", message, "body")
    return items


def _check(item: object, now) -> object:
    """Return the event item holds, or raise InvalidEvent as the engine would."""
    config = current_app.config
    return validate_message(
        orjson.dumps(item),
        read_model().games,
        now,
        config["MAX_EVENT_BYTES"],
        timedelta(seconds=config["MAX_FUTURE_SKEW_SECONDS"]),
        timedelta(days=config["MAX_EVENT_AGE_DAYS"]),
    )


def _unavailable(error: BaseException) -> ApiError:
    logger.warning("ingest could not reach kafka error=%r", error)
    return ApiError(503, "unavailable", "the event log is unavailable; send again")


@bp.post("/events")
@require_api_key
def ingest_events() -> tuple[dict, int]:
    """Validate each event, send the valid ones, say what became of each."""
    items = _items()

    now, results, sent = utcnow(), [], []
    try:
        producer = event_producer()
        for index, item in enumerate(items):
            try:
                event = _check(item, now)
                future = producer.send(event)
            except InvalidEvent as exc:
                results.append(
                    {
                        "index": index,
                        "status": "rejected",
                        "reason": exc.reason,
                        "detail": exc.detail,
                    }
                )
                continue
            sent.append(future)
            results.append(
                {"index": index, "status": "accepted", "event_id": event.event_id}
            )
        for future in sent:
            future.get(timeout=ACK_TIMEOUT_SECONDS)
    except KafkaError as exc:
        raise _unavailable(exc) from None

    accepted = len(sent)
    body = {"accepted": accepted, "rejected": len(items) - accepted, "results": results}
    return body, 202
