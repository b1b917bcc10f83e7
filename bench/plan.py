"""How big each stage of a run is: the full run, and the quick one CI runs."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    """Sizes, rates and durations of one run."""

    name: str
    # Events produced before the engine starts, then drained by it.
    backlog_events: int
    # Engine processes in the run's consumer group (after one drains alone).
    engine_members: int
    # Events the bare producer sends, for the producer's ceiling.
    producer_ceiling_events: int
    # Events folded and applied straight to Redis, for Redis's ceiling.
    redis_events: int
    # Offered rates (events/s), each held open loop for latency_seconds.
    latency_rates: tuple[int, ...]
    latency_seconds: float
    probes_per_second: float
    # Requests/s offered to the API, idle and while the engine ingests.
    api_idle_rate: int
    api_ingest_rate: int
    api_seconds: float
    api_connections: int
    # Events/s the engine ingests while the API is measured.
    ingest_rate: int
    # Connected spectators of the push stream, and updates sent to them.
    spectators: int
    push_updates: int
    # Players written for the memory figure (spread over three games).
    memory_players: int
    seed: int = 7


FULL = Plan(
    name="full",
    backlog_events=1_000_000,
    engine_members=2,
    producer_ceiling_events=200_000,
    redis_events=200_000,
    latency_rates=(1_000, 5_000, 10_000),
    latency_seconds=20.0,
    probes_per_second=20.0,
    api_idle_rate=2_000,
    api_ingest_rate=1_000,
    api_seconds=15.0,
    api_connections=64,
    ingest_rate=5_000,
    spectators=1_000,
    push_updates=30,
    memory_players=30_000,
)

QUICK = Plan(
    name="quick",
    backlog_events=4_000,
    engine_members=2,
    producer_ceiling_events=4_000,
    redis_events=4_000,
    latency_rates=(300,),
    latency_seconds=4.0,
    probes_per_second=10.0,
    api_idle_rate=100,
    api_ingest_rate=100,
    api_seconds=2.0,
    api_connections=8,
    ingest_rate=200,
    spectators=20,
    push_updates=4,
    memory_players=600,
)
