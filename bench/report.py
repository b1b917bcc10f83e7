"""The figures of one run, each beside its ceiling: a table and a JSON file.

A *ceiling* is what the stage could do at best on this machine (a bare loop,
the server's CPU, an idle closed-loop client); for a latency it is a *floor*,
the same path without load. The ratio is value / ceiling. A target, where the
issue sets one, is checked here so the table says met or not met.
"""

import json
import os
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Figure:
    """One measured figure, with what bounds it and the target it must meet."""

    key: str
    what: str
    value: float | None
    unit: str
    ceiling: float | None = None
    ceiling_what: str = ""
    at_least: float | None = None
    at_most: float | None = None
    note: str = ""
    detail: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        """Return value / ceiling, when both are known."""
        if self.value is None or not self.ceiling:
            return None
        return self.value / self.ceiling

    @property
    def met(self) -> bool | None:
        """Return whether the target holds, or None when there is none."""
        if self.at_least is None and self.at_most is None:
            return None
        if self.value is None:
            return False
        if self.at_least is not None and self.value < self.at_least:
            return False
        return self.at_most is None or self.value <= self.at_most

    @property
    def target(self) -> str:
        """Return the target as text, e.g. ``>= 30,000``."""
        parts = []
        if self.at_least is not None:
            parts.append(f">= {number(self.at_least)}")
        if self.at_most is not None:
            parts.append(f"<= {number(self.at_most)}")
        return " and ".join(parts)

    def as_json(self) -> dict:
        """Return the figure with its derived fields, for the JSON file."""
        return {
            **asdict(self),
            "ratio": self.ratio,
            "target": self.target or None,
            "met": self.met,
        }


def number(value: float | None) -> str:
    """Format a figure for the table: thousands separated, 3 significant digits."""
    if value is None:
        return "-"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


HEADER = ("figure", "value", "unit", "ceiling", "ceiling is", "ratio", "target")


def _cells(figure: dict, not_met: str) -> tuple[str, ...]:
    met = {True: "met", False: not_met, None: ""}[figure["met"]]
    ratio = "-" if figure["ratio"] is None else f"{figure['ratio']:.2f}"
    return (
        figure["what"],
        number(figure["value"]),
        figure["unit"],
        number(figure["ceiling"]),
        figure["ceiling_what"],
        ratio,
        f"{figure['target'] or ''} {met}".strip(),
    )


def markdown(document: dict) -> str:
    """Return a run's figures (its JSON) as docs/benchmarks.md's Markdown table."""
    lines = [
        "| " + " | ".join(HEADER) + " |",
        "| --- | ---: | --- | ---: | --- | ---: | --- |",
    ]
    for figure in document["figures"].values():
        cells = _cells(figure, "**not met**")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


@dataclass
class Report:
    """Every figure of a run, plus the machine, the load and the totals check."""

    mode: str
    command: str
    figures: list[Figure] = field(default_factory=list)
    machine: dict = field(default_factory=dict)
    load: dict[str, list[float]] = field(default_factory=dict)
    totals: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, figure: Figure) -> Figure:
        """Record a figure and return it."""
        self.figures.append(figure)
        return figure

    def note_load(self, stage: str) -> None:
        """Record the 1-, 5- and 15-minute load averages as a stage starts."""
        self.load[stage] = [round(x, 2) for x in os.getloadavg()]

    @property
    def ok(self) -> bool:
        """Return whether the totals check passed (targets are reported apart)."""
        return bool(self.totals.get("ok"))

    def table(self) -> str:
        """Return the figures as an aligned text table."""
        rows = [HEADER, *(_cells(f.as_json(), "NOT MET") for f in self.figures)]
        widths = [max(len(str(row[i])) for row in rows) for i in range(len(HEADER))]
        lines = []
        for n, row in enumerate(rows):
            cells = [str(c).ljust(w) for c, w in zip(row, widths, strict=True)]
            lines.append("  ".join(cells).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        check = "passed" if self.ok else "FAILED"
        lines.append("")
        lines.append(f"totals check {check}: {self.totals.get('summary', '')}")
        return "\n".join(lines)

    def write(self, path: Path) -> None:
        """Write the run as JSON to path (its folder is made if missing)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        document = {
            "mode": self.mode,
            "command": self.command,
            "machine": self.machine,
            "load": self.load,
            "figures": {f.key: f.as_json() for f in self.figures},
            "totals": self.totals,
            "notes": self.notes,
        }
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    # python -m bench.report RUN.json: the run's figures as Markdown.
    print(markdown(json.loads(Path(sys.argv[1]).read_text())), end="")
