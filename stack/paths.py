"""Where the stack keeps its files, all inside the git-ignored ``.local/``."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCAL_DIR = ROOT / ".local"
CACHE_DIR = LOCAL_DIR / "cache"
INFRA_KAFKA = ROOT / "infra" / "kafka"
PROCFILE = ROOT / "Procfile"


def relative(path: Path) -> str:
    """Return path relative to the repository when inside it, for messages."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)
