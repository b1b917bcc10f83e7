"""Settings for every process of the stack, read once from the environment.

Every variable is documented in the README's configuration table; the defaults
point at the local stack on localhost.
"""

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_GAMES_CONFIG = Path(__file__).with_name("games.toml")


class Settings(BaseSettings):
    """Typed view of the environment; field names are the variable names."""

    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore")

    kafka_bootstrap_servers: str = "localhost:9092"
    events_topic: str = "game-events"
    dead_letter_topic: str = "game-events-dlq"
    topic_partitions: int = Field(6, ge=1)
    kafka_group_id: str = "analytics-engine"
    max_event_bytes: int = Field(64 * 1024, ge=1024)

    redis_url: str = "redis://localhost:6379/0"
    redis_key_prefix: str = "ga"
    redis_max_connections: int = Field(32, ge=1)

    games_config: Path = DEFAULT_GAMES_CONFIG
    engine_batch_size: int = Field(2000, ge=1)
    engine_poll_timeout_ms: int = Field(200, ge=1)
    engine_session_timeout_ms: int = Field(10_000, ge=6000, le=300_000)
    dedupe_ttl_seconds: int = Field(7 * 24 * 3600, ge=60)
    max_future_skew_seconds: int = Field(300, ge=0)
    max_event_age_days: int = Field(30, ge=1)
    minute_retention_hours: int = Field(48, ge=1)
    heatmap_grid: int = Field(50, ge=2, le=500)
    kill_log_maxlen: int = Field(100_000, ge=100)
    snapshot_interval_seconds: float = Field(60, gt=0)
    snapshot_keep: int = Field(240, ge=1)
    snapshot_max_age_hours: float = Field(48, ge=0)
    snapshot_kill_log_entries: int = Field(5000, ge=0)
    snapshot_compress_min_bytes: int = Field(16 * 1024, ge=0)

    api_port: int = 5000
    cors_origins: str = "http://localhost:3000"
    # sha256 hex digests of the API keys that may write, comma-separated;
    # empty means every write is refused.
    api_key_sha256: str = ""
    ingest_max_events: int = Field(500, ge=1, le=10_000)
    ingest_max_bytes: int = Field(4 * 1024 * 1024, ge=1024)
    rate_limits_enabled: bool = True
    rate_limit_ingest: str = "1200 per minute"
    rate_limit_reads: str = "600 per minute"

    @property
    def bootstrap_servers(self) -> list[str]:
        """Return the Kafka bootstrap servers as a list."""
        return [s.strip() for s in self.kafka_bootstrap_servers.split(",") if s]

    @property
    def cors_origin_list(self) -> list[str]:
        """Return the allowed CORS origins as a list."""
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]


@lru_cache
def get_settings() -> Settings:
    """Return the process-wide settings, read from the environment once."""
    return Settings()
