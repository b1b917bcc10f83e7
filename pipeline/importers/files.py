"""Read match files, tell their formats apart and pair what belongs together.

Every file is read and converted before anything is sent, so a file that
cannot be imported stops the whole command with its reason and no event
leaves. A League of Legends timeline needs its match file (names, teams,
winner): the two are paired by ``metadata.matchId`` among the files given,
else the partner is looked for beside the file (``X-timeline.json`` and
``X.json``). Replays come back in the order their first file was given.
"""

from pathlib import Path

import orjson

from pipeline.importers import halo, lol, valorant
from pipeline.importers.common import MatchReplay, SourceError
from pipeline.importers.detect import FORMATS, KINDS, detect, lol_kind

TIMELINE_SUFFIX = "-timeline"


def read_json(path: Path) -> object:
    """Parse one file as JSON, or raise SourceError naming it."""
    try:
        return orjson.loads(path.read_bytes())
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read: {exc.strerror}") from None
    except orjson.JSONDecodeError as exc:
        raise SourceError(f"{path}: not JSON: {exc}") from None


def kind_of(doc: object, path: Path, fmt: str) -> str:
    """Return the document's kind, detected or as ``fmt`` says it must be."""
    if fmt == "auto":
        kind = detect(doc)
    elif fmt == "lol":
        kind = lol_kind(doc)
    elif fmt in FORMATS:
        kind = fmt
    else:
        raise SourceError(f"unknown format {fmt!r}; use auto or one of {FORMATS}")
    if kind not in KINDS:
        expected = "a known format" if fmt == "auto" else f"a {fmt} file"
        raise SourceError(f"{path}: is not {expected}")
    return kind


def _partner(path: Path, kind: str) -> Path:
    if kind == "lol-timeline":
        name = path.stem.removesuffix(TIMELINE_SUFFIX) + path.suffix
    else:
        name = path.stem + TIMELINE_SUFFIX + path.suffix
    return path.with_name(name)


def _lol_pairs(lol_docs: list[tuple[Path, str, dict]]) -> dict[str, dict]:
    pairs: dict[str, dict] = {}
    for path, kind, doc in lol_docs:
        pair = pairs.setdefault(lol.match_id_of(doc), {"paths": []})
        pair[kind] = doc
        pair["paths"].append(path)
    for match_id, pair in pairs.items():
        for kind, other in (
            ("lol-timeline", "lol-match"),
            ("lol-match", "lol-timeline"),
        ):
            if other in pair:
                continue
            beside = _partner(pair["paths"][0], kind)
            if not beside.is_file():
                raise SourceError(
                    f"{pair['paths'][0]}: League match {match_id} needs its "
                    f"{other.removeprefix('lol-')} file too (given, or {beside.name})"
                )
            pair[other] = read_json(beside)
            pair["paths"].append(beside)
    return pairs


def load(paths: list[Path], fmt: str = "auto", map_id: str | None = None) -> list:
    """Return one MatchReplay per match the files hold, or raise SourceError."""
    docs = [(path, doc) for path in paths for doc in [read_json(path)]]
    kinds = [(path, kind_of(doc, path, fmt), doc) for path, doc in docs]
    pairs = _lol_pairs([k for k in kinds if k[1].startswith("lol")])

    replays: list[MatchReplay] = []
    done: set[str] = set()
    for path, kind, doc in kinds:
        try:
            if kind == "valorant":
                replays.append(valorant.read(doc, map_id, str(path)))
            elif kind == "halo":
                replays.append(halo.read(doc, str(path)))
            elif (match_id := lol.match_id_of(doc)) not in done:
                done.add(match_id)
                pair = pairs[match_id]
                source = " + ".join(str(p) for p in pair["paths"])
                replays.append(
                    lol.read(pair["lol-timeline"], pair["lol-match"], source)
                )
        except SourceError as exc:
            raise SourceError(f"{path}: {exc}") from None
    return replays
