"""Tell which public game-API format a parsed JSON document is in.

A document is recognised by the keys its format always has:

- ``valorant``: an object with a ``roundResults`` list (or a bare list of
  rounds, each with ``roundNum`` and ``playerStats``).
- ``lol-timeline``: ``metadata.matchId`` and ``info.frames`` (match-v5).
- ``lol-match``: ``metadata.matchId`` and ``info.participants`` with kills.
- ``halo``: ``MatchId``, ``MatchInfo`` and ``Players`` (Halo Infinite stats).

Anything else is ``None``; the caller reports it and sends nothing.
"""

KINDS = ("valorant", "lol-timeline", "lol-match", "halo")
FORMATS = ("valorant", "lol", "halo")


def _is_round(value: object) -> bool:
    return isinstance(value, dict) and "roundNum" in value and "playerStats" in value


def lol_kind(doc: object) -> str | None:
    """Return ``lol-timeline`` or ``lol-match`` for a match-v5 document."""
    if not isinstance(doc, dict):
        return None
    metadata, info = doc.get("metadata"), doc.get("info")
    if not isinstance(metadata, dict) or "matchId" not in metadata:
        return None
    if not isinstance(info, dict):
        return None
    if isinstance(info.get("frames"), list):
        return "lol-timeline"
    if isinstance(info.get("participants"), list):
        return "lol-match"
    return None


def detect(doc: object) -> str | None:
    """Return the kind of document (one of KINDS), or None if it is none."""
    if isinstance(doc, list):
        return "valorant" if doc and all(_is_round(r) for r in doc) else None
    if not isinstance(doc, dict):
        return None
    if isinstance(doc.get("roundResults"), list):
        return "valorant"
    if {"MatchId", "MatchInfo", "Players"} <= doc.keys():
        return "halo"
    return lol_kind(doc)
