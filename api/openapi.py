"""GET /api/v1/openapi.json: the API described as OpenAPI 3.0, written by hand.

The document is built per app, so the game ids it lists are the app's own
(GAMES_CONFIG). tests/api/test_openapi.py checks that it names every route
the app serves and nothing else, and fuzzes the API from it with Schemathesis.
A route added without its entry here fails that test.
"""

from flask import Blueprint, current_app

from api.auth import HEADER
from api.extensions import read_model
from pipeline.events import ID_PATTERN
from pipeline.keys import METRICS
from pipeline.trends import HEAT_KINDS, MOVER_METRICS

bp = Blueprint("openapi", __name__)

JSON = "application/json"
ERROR = {"$ref": "#/components/responses/Error"}
ERRORS = {"400": ERROR, "404": ERROR, "429": ERROR, "503": ERROR}
OBJECT = {"type": "object"}
PLAYER_ID = {
    "name": "player_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": ID_PATTERN},
}
TIME = {"type": "string", "description": "ISO 8601 with a zone, or epoch seconds"}


def _query(name: str, schema: dict, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema}


def _int(low: int, high: int, default: int) -> dict:
    return {"type": "integer", "minimum": low, "maximum": high, "default": default}


def _enum(values, default: str) -> dict:
    return {"type": "string", "enum": list(values), "default": default}


def _read(summary: str, parameters: list, content: str = JSON) -> dict:
    return {
        "get": {
            "summary": summary,
            "parameters": parameters,
            "responses": {
                "200": {"description": "OK", "content": {content: {"schema": OBJECT}}},
                **ERRORS,
            },
        }
    }


def _window() -> dict:
    retained = current_app.config["MINUTE_RETENTION_HOURS"] * 60
    return _query("window", _int(1, min(retained, 24 * 60), 60))


def _ingest() -> dict:
    limit = current_app.config["INGEST_MAX_EVENTS"]
    return {
        "post": {
            "summary": "Send one event or an array of events (game servers)",
            "security": [{"ApiKey": []}],
            "requestBody": {
                "required": True,
                "content": {
                    JSON: {
                        "schema": {
                            "oneOf": [
                                OBJECT,
                                {
                                    "type": "array",
                                    "items": OBJECT,
                                    "minItems": 1,
                                    "maxItems": limit,
                                },
                            ]
                        }
                    }
                },
            },
            "responses": {
                "202": {
                    "description": "what became of each event, in body order",
                    "content": {
                        JSON: {"schema": {"$ref": "#/components/schemas/Ingest"}}
                    },
                },
                "401": ERROR,
                "413": ERROR,
                **ERRORS,
            },
        }
    }


def document() -> dict:
    """Return the OpenAPI document of the current app."""
    game = {
        "name": "game",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "enum": list(read_model().games)},
    }
    games = "/api/v1/games/{game}"
    paths = {
        "/healthz": _read("Redis, Kafka and engine health (503 when degraded)", []),
        "/api/v1/openapi.json": _read("This document", []),
        "/api/v1/games": _read("Every configured game with its counts", []),
        "/api/v1/events": _ingest(),
        f"{games}/leaderboard": _read(
            "A page of the leaderboard with competition ranks",
            [
                game,
                _query("metric", _enum(METRICS, "score")),
                _query("limit", _int(1, 100, 10)),
                _query("offset", _int(0, 10_000, 0)),
            ],
        ),
        f"{games}/players/{{player_id}}": _read(
            "One player's stats, averages and ranks", [game, PLAYER_ID]
        ),
        f"{games}/stream": _read(
            "The leaderboard as Server-Sent Events, again after every change",
            [
                game,
                _query("metric", _enum(METRICS, "score")),
                _query("limit", _int(1, 100, 20)),
            ],
            content="text/event-stream",
        ),
        f"{games}/trends": _read("One row per minute of the window", [game, _window()]),
        f"{games}/trends/movers": _read(
            "The players who gained most in the window",
            [
                game,
                _window(),
                _query("metric", _enum(MOVER_METRICS, "score")),
                _query("limit", _int(1, 100, 10)),
            ],
        ),
        f"{games}/trends/players/{{player_id}}": _read(
            "A player's minutes beside the field's", [game, PLAYER_ID, _window()]
        ),
        f"{games}/activity": _read("Events and kills by UTC weekday and hour", [game]),
        f"{games}/heatmap": _read(
            "Kill or death density on one map",
            [
                game,
                _query("map", {"type": "string", "pattern": ID_PATTERN}, required=True),
                _query("kind", _enum(HEAT_KINDS, "kills")),
                _query("weapon", {"type": "string", "minLength": 1, "maxLength": 64}),
                _query("since", TIME),
            ],
        ),
        f"{games}/kills": _read(
            "The kill log, newest first, filtered",
            [
                game,
                _query("map", {"type": "string", "pattern": ID_PATTERN}),
                _query("weapon", {"type": "string", "minLength": 1, "maxLength": 64}),
                _query("since", TIME),
                _query("until", TIME),
                _query("limit", _int(1, 1000, 100)),
            ],
        ),
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "gaming-analytics API", "version": "1"},
        "paths": paths,
        "components": {
            "securitySchemes": {
                "ApiKey": {"type": "apiKey", "in": "header", "name": HEADER}
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message", "parameter"],
                            "properties": {
                                "code": {"type": "string"},
                                "message": {"type": "string"},
                                "parameter": {"type": "string", "nullable": True},
                            },
                        }
                    },
                },
                "Ingest": {
                    "type": "object",
                    "required": ["accepted", "rejected", "results"],
                    "properties": {
                        "accepted": {"type": "integer"},
                        "rejected": {"type": "integer"},
                        "results": {"type": "array", "items": OBJECT},
                    },
                },
            },
            "responses": {
                "Error": {
                    "description": "the JSON error every error shares",
                    "content": {
                        JSON: {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                }
            },
        },
    }


@bp.get("/openapi.json")
def show_openapi() -> dict:
    """Show the OpenAPI document."""
    return document()
