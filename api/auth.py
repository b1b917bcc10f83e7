"""API keys for the endpoints that change state; reads stay public.

A writer sends its key in the ``X-API-Key`` header. The API never holds the
keys themselves, only their SHA-256 digests (API_KEY_SHA256, hex,
comma-separated, so keys can be rotated by listing old and new). Make one
with ``printf %s "$KEY" | sha256sum``.
The digest of the presented key is compared with every configured one in
constant time. With no digest configured every write is refused.
"""

import functools
import hashlib
import hmac
import logging
import re
from collections.abc import Callable

from flask import Flask, current_app, request

from api.errors import ApiError

logger = logging.getLogger(__name__)

HEADER = "X-API-Key"
_DIGEST = re.compile(r"[0-9a-f]{64}")


def parse_digests(value: str) -> tuple[bytes, ...]:
    """Return the digests of API_KEY_SHA256; raise ValueError on a malformed one."""
    digests = [d.strip().lower() for d in value.split(",") if d.strip()]
    for digest in digests:
        if not _DIGEST.fullmatch(digest):
            raise ValueError("API_KEY_SHA256 holds something that is not a sha256 hex")
    return tuple(d.encode() for d in digests)


def is_known_key(key: str, digests: tuple[bytes, ...]) -> bool:
    """Return whether key hashes to one of digests, comparing each in full."""
    presented = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    found = False
    for digest in digests:
        found |= hmac.compare_digest(presented.encode(), digest)
    return found


def key_digest() -> str | None:
    """Return the digest of the request's API key, for rate limits per writer."""
    key = request.headers.get(HEADER)
    return hashlib.sha256(key.encode()).hexdigest() if key else None


def require_api_key(view: Callable) -> Callable:
    """Answer 401 unless the request carries a configured API key."""

    @functools.wraps(view)
    def checked(*args, **kwargs):
        key = request.headers.get(HEADER)
        if not key or not is_known_key(key, current_app.extensions["api_keys"]):
            logger.warning(
                "write refused path=%s key_given=%s", request.path, bool(key)
            )
            raise ApiError(401, "unauthorized", f"a valid {HEADER} is required", HEADER)
        return view(*args, **kwargs)

    return checked


def init_app(app: Flask) -> None:
    """Read the accepted key digests once."""
    digests = parse_digests(app.config["API_KEY_SHA256"])
    if not digests:
        logger.warning("API_KEY_SHA256 is empty: every write will be refused")
    app.extensions["api_keys"] = digests
