"""docs/benchmarks.md quotes the run whose JSON is docs/benchmarks.json."""

import json

from bench.report import markdown
from stack.paths import ROOT


def test_the_figures_table_is_the_committed_runs_own():
    run = json.loads((ROOT / "docs" / "benchmarks.json").read_text())
    doc = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")

    assert run["mode"] == "full"
    assert markdown(run) in doc
    note = next(n for n in run["notes"] if n.startswith("run "))
    run_id = note.split()[1].rstrip(",")
    assert f"run `{run_id}`" in doc
