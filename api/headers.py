"""CORS for the page's origins (CORS_ORIGINS) and security headers on every answer."""

from flask import Flask, Response
from flask_cors import CORS

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # The API serves JSON only: nothing it answers may load or frame anything.
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    # Live figures: a browser or proxy must not serve a stale copy.
    "Cache-Control": "no-store",
}


def _add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    """Allow the configured origins to GET and preflight; set security headers."""
    origins = [o.strip() for o in app.config["CORS_ORIGINS"].split(",") if o.strip()]
    CORS(app, origins=origins, methods=["GET", "HEAD", "OPTIONS"], max_age=600)
    app.after_request(_add_security_headers)
