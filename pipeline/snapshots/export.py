"""Write one snapshot to files: a Parquet or CSV file per frame, and its stamp.

``export_snapshot`` writes ``<out>/<snapshot id>/`` with one file per frame
(games, players, leaderboards, minutes, heatmaps, kills) and ``snapshot.json``
holding the id, time, format version and Kafka offsets.
"""

from pathlib import Path

import orjson
import pandas as pd

from pipeline.snapshots.loader import Snapshot

FORMATS = ("parquet", "csv")
FRAMES = ("games", "players", "leaderboards", "minutes", "heatmaps", "kills")


def _for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    # CSV has no lists: assisters become one comma-separated field.
    if "assisters" not in frame:
        return frame
    return frame.assign(assisters=frame["assisters"].map(",".join))


def export_snapshot(snapshot: Snapshot, out: Path, fmt: str) -> list[Path]:
    """Write a snapshot's frames as fmt files under out/<id>/; return the paths."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    folder = Path(out) / snapshot.id
    folder.mkdir(parents=True, exist_ok=True)

    written = []
    for name in FRAMES:
        frame: pd.DataFrame = getattr(snapshot, name)
        path = folder / f"{name}.{fmt}"
        if fmt == "parquet":
            frame.to_parquet(path, index=False)
        else:
            _for_csv(frame).to_csv(path, index=False)
        written.append(path)
    stamp = {
        "id": snapshot.id,
        "taken_at": snapshot.taken_at.isoformat(),
        "format_version": snapshot.format_version,
        "offsets": snapshot.offsets,
        "heatmap_grid": snapshot.heatmap_grid,
    }
    meta = folder / "snapshot.json"
    meta.write_bytes(orjson.dumps(stamp, option=orjson.OPT_INDENT_2))
    return [*written, meta]
