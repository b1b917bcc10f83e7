"""Every error the API answers is JSON: {"error": {"code","message","parameter"}}."""

import logging
from typing import TypeVar

import redis
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

logger = logging.getLogger(__name__)
T = TypeVar("T")


class ApiError(Exception):
    """An error answered as JSON with a status, a short code and the parameter."""

    def __init__(
        self, status: int, code: str, message: str, parameter: str | None = None
    ):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.parameter = parameter


def bad_parameter(parameter: str, message: str) -> ApiError:
    """Return the 400 error for a parameter that fails validation."""
    return ApiError(400, "invalid_parameter", message, parameter)


def found_or_404(value: T | None, what: str, parameter: str) -> T:
    """Return value, or raise the JSON 404 for a lookup that found nothing."""
    if value is None:
        raise ApiError(404, "not_found", f"unknown {what}", parameter)
    return value


def error_response(
    status: int, code: str, message: str, parameter: str | None = None
) -> Response:
    """Build the JSON body every error shares."""
    body = {"error": {"code": code, "message": message, "parameter": parameter}}
    response = jsonify(body)
    response.status_code = status
    return response


def _api_error(error: ApiError) -> Response:
    return error_response(error.status, error.code, error.message, error.parameter)


def _http_error(error: HTTPException) -> Response:
    name = (error.name or "error").lower()
    message = f"{name}: {request.method} {request.path}"
    response = error_response(error.code or 500, name.replace(" ", "_"), message)
    # Keep headers such as Allow on a 405.
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _redis_error(error: redis.RedisError) -> Response:
    logger.warning("redis unavailable path=%s error=%s", request.path, error)
    return error_response(503, "unavailable", "the statistics store is unavailable")


def _unexpected_error(error: Exception) -> Response:
    logger.exception("unhandled error path=%s", request.path)
    return error_response(500, "internal_error", "internal server error")


def init_app(app: Flask) -> None:
    """Answer API errors, HTTP errors, Redis outages and crashes as JSON."""
    app.register_error_handler(ApiError, _api_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(redis.RedisError, _redis_error)
    app.register_error_handler(Exception, _unexpected_error)
