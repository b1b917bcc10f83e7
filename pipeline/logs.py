"""Logging setup shared by every entry point."""

import logging
import os


def configure_logging() -> None:
    """Log to stderr at LOG_LEVEL (default INFO), one line per record."""
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    logging.getLogger("kafka").setLevel(logging.WARNING)
