"""Game definitions and scoring rules, loaded from TOML configuration."""

import tomllib
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field, model_validator

from pipeline.settings import get_settings


class Scoring(BaseModel):
    """Points per fact; every field defaults to no points."""

    kill: float = 0
    assist: float = 0
    damage: float = 0
    multi_kill: float = 0
    kill_bonus_by_enemies_alive: list[float] = Field(default_factory=list)
    placement: list[float] = Field(default_factory=list)
    objective: dict[str, float] = Field(default_factory=dict)


class MapInfo(BaseModel):
    """A map and its world-coordinate extent (x_min, y_min, x_max, y_max)."""

    id: str
    name: str
    extent: tuple[float, float, float, float]

    @model_validator(mode="after")
    def _check_extent(self) -> "MapInfo":
        x0, y0, x1, y1 = self.extent
        if not (x0 < x1 and y0 < y1):
            raise ValueError(f"map {self.id}: extent must have min < max")
        return self


class Game(BaseModel):
    """One game: team shape, match rules and scoring."""

    id: str
    name: str
    mode: str
    teams: int = Field(ge=1)
    team_size: int = Field(ge=1)
    has_rounds: bool = False
    rounds_to_win: int | None = None
    kill_limit: int | None = None
    time_limit_seconds: int | None = None
    scoring: Scoring = Field(default_factory=Scoring)
    maps: list[MapInfo] = Field(default_factory=list)

    def map_info(self, map_id: str) -> MapInfo | None:
        """Return the map with this id, or None when the game does not list it."""
        return next((m for m in self.maps if m.id == map_id), None)


def load_games(path: Path) -> dict[str, Game]:
    """Read game definitions from a TOML file, keyed by game id."""
    raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    return {gid: Game(id=gid, **body) for gid, body in raw.get("games", {}).items()}


@lru_cache
def configured_games() -> dict[str, Game]:
    """Return the games named by GAMES_CONFIG (default: the bundled games.toml)."""
    return load_games(get_settings().games_config)
