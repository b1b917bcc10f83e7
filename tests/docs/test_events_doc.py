"""docs/events.md stays true to the schema it documents."""

import re
from pathlib import Path

from pipeline.events import EVENT_TYPES, parse_event

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "events.md").read_text(encoding="utf-8")


def reasons_in_code() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "pipeline").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'InvalidEvent\(\s*"([a-z_]+)"', text))
        found |= set(re.findall(r'_reject\([^)]*?"([a-z_]+)"', text))
    found |= set(
        re.findall(
            r'return "([a-z_]+)"',
            (ROOT / "pipeline/events.py").read_text(encoding="utf-8"),
        )
    )
    return found


def test_the_documented_example_is_a_valid_event():
    example = re.search(r"```json\n(.*?)```", DOC, re.S).group(1)

    assert parse_event(example).type == "kill"


def test_every_event_type_has_a_row():
    rows = set(re.findall(r"^\| `([a-z_]+)` \|", DOC, re.M))

    assert set(EVENT_TYPES) <= rows


def test_the_dead_letter_reasons_listed_are_the_ones_the_code_gives():
    section = DOC.split("## Dead-letter reasons", 1)[1].split("##", 1)[0]
    listed = set(re.findall(r"`([a-z_]+)`", section)) - {
        "reason",
        "detail",
        "source_topic",
        "source_partition",
        "source_offset",
        "max_event_bytes",
    }

    assert listed == reasons_in_code()
