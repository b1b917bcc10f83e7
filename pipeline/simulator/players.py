"""A stable pool of named players per game, and a lobby that fills rosters.

The pool is a pure function of (seed, game): the same seed gives the same
players, names and skills, so leaderboards accumulate across runs. Ids look
like the platforms' own: Steam's 17-digit ids and EA's numeric ids for Apex,
Riot's 78-character PUUIDs for Valorant, Xbox's 16-digit XUIDs for Halo.
"""

import string
from collections import Counter
from dataclasses import dataclass
from random import Random

POOL_SIZES = {"apex": 300, "valorant": 150, "halo": 120}
DEFAULT_POOL_SIZE = 120
# Skill is log-normal around 1.0; a duel's odds grow with skill ** SKILL_EXPONENT.
SKILL_SIGMA = 0.35
SKILL_RANGE = (0.4, 2.6)

_FIRST = (
    "Night", "Iron", "Silent", "Frost", "Neon", "Lucky", "Crimson", "Hollow",
    "Rapid", "Quiet", "Solar", "Grim", "Velvet", "Static", "Amber", "Lunar",
    "Rusty", "Sly", "Atomic", "Pale", "Wild", "Cobalt", "Tiny", "Brave",
)  # fmt: skip
_SECOND = (
    "Owl", "Fox", "Viper", "Comet", "Rook", "Lynx", "Pike", "Drift", "Ember",
    "Echo", "Moth", "Raven", "Badger", "Tide", "Spark", "Heron", "Wolf",
    "Kite", "Golem", "Otter", "Hex", "Mantis", "Yeti", "Finch",
)  # fmt: skip
# Handles in other scripts, so every consumer meets non-ASCII names.
_NON_LATIN = (
    "雪狐", "白虎", "黒い稲妻", "ミカ", "さくら", "김민준", "하늘", "별빛",
    "Дракон", "Тень", "Волк", "Σκιά", "Αετός", "صقر", "ليث", "שועל",
    "Łukasz", "Zoë", "Ñandú", "Ørn", "Çelik", "Ángel", "Ферзь", "龙王",
)  # fmt: skip
_PUUID_ALPHABET = string.ascii_letters + string.digits + "-_"


@dataclass(frozen=True)
class PlayerProfile:
    """A player of one game: stable id, display name and skill (1.0 = average)."""

    player_id: str
    name: str
    skill: float


def steam_id(rng: Random) -> str:
    """Return a 17-digit SteamID64."""
    return f"7656119{rng.randrange(10**10):010d}"


def ea_id(rng: Random) -> str:
    """Return a 13-digit EA account id."""
    return f"10{rng.randrange(10**11):011d}"


def riot_puuid(rng: Random) -> str:
    """Return a 78-character Riot PUUID (base64url, starting alphanumeric)."""
    head = rng.choice(string.ascii_letters + string.digits)
    return head + "".join(rng.choice(_PUUID_ALPHABET) for _ in range(77))


def xbox_xuid(rng: Random) -> str:
    """Return a 16-digit Xbox XUID."""
    return f"2533274{rng.randrange(10**9):09d}"


def platform_id(game: str, rng: Random) -> str:
    """Return an id in the style of the game's platforms."""
    if game == "apex":
        return steam_id(rng) if rng.random() < 0.6 else ea_id(rng)
    if game == "valorant":
        return riot_puuid(rng)
    return xbox_xuid(rng)


def handle(rng: Random) -> str:
    """Return a gamer handle: Latin word pairs in a few styles, or another script."""
    if rng.random() < 0.2:
        base = rng.choice(_NON_LATIN)
        return base if rng.random() < 0.5 else f"{base}{rng.randrange(100)}"
    first, second = rng.choice(_FIRST), rng.choice(_SECOND)
    style = rng.randrange(5)
    if style == 0:
        return f"{first}{second}"
    if style == 1:
        return f"{first}{second}{rng.randrange(10, 1000)}"
    if style == 2:
        return f"{first.lower()}_{second.lower()}"
    if style == 3:
        return f"xX{first}{second}Xx"
    return f"{first} {second}"


def skill(rng: Random) -> float:
    """Return a skill drawn log-normally around 1.0, clipped to SKILL_RANGE."""
    low, high = SKILL_RANGE
    return round(min(high, max(low, rng.lognormvariate(0, SKILL_SIGMA))), 3)


def player_pool(
    game: str, seed: int | str = 0, size: int | None = None
) -> list[PlayerProfile]:
    """Return the game's players for this seed: unique ids and unique names."""
    rng = Random(f"players:{seed}:{game}")
    size = size or POOL_SIZES.get(game, DEFAULT_POOL_SIZE)
    ids: set[str] = set()
    names: set[str] = set()
    pool: list[PlayerProfile] = []
    while len(pool) < size:
        pid, name = platform_id(game, rng), handle(rng)
        if pid in ids or name in names:
            continue
        ids.add(pid)
        names.add(name)
        pool.append(PlayerProfile(pid, name, skill(rng)))
    return pool


class Lobby:
    """Hands out rosters of idle players and takes them back after a match."""

    def __init__(self, pool: list[PlayerProfile]):
        self.pool = pool
        self._index = {p.player_id: i for i, p in enumerate(pool)}
        # Player index to the number of matches in flight that they play in.
        self._busy: Counter[int] = Counter()

    def draw(self, rng: Random, count: int) -> list[PlayerProfile]:
        """Return ``count`` distinct players, idle ones first."""
        idle = [i for i in range(len(self.pool)) if not self._busy[i]]
        chosen = rng.sample(idle, min(count, len(idle)))
        if len(chosen) < count:
            # More matches in flight than the pool can staff: let some players
            # be in two matches at once rather than stall the run.
            busy = sorted(i for i, n in self._busy.items() if n)
            chosen += rng.sample(busy, count - len(chosen))
        self._busy.update(chosen)
        return [self.pool[i] for i in chosen]

    def release(self, players: list[PlayerProfile]) -> None:
        """Mark these players as out of one match."""
        self._busy.subtract(self._index[p.player_id] for p in players)
