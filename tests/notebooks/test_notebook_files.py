"""The notebooks as stored: numbered, without outputs, short cells with prose."""

from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
MAX_CELL_LINES = 10


def test_there_are_at_least_three_numbered_notebooks():
    names = [p.name for p in PATHS]

    assert len(names) >= 3
    assert all(name[:2].isdigit() and name[2] == "-" for name in names), names


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)

    code = [c for c in nb.cells if c.cell_type == "code"]

    assert code, "a notebook without code"
    for index, cell in enumerate(code):
        assert cell.outputs == [], f"code cell {index} has outputs"
        assert cell.execution_count is None, f"code cell {index} was executed"
    assert "widgets" not in nb.metadata


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_notebook_opens_with_its_question_and_keeps_cells_short(path: Path):
    nb = nbformat.read(path, as_version=4)

    first = nb.cells[0]

    assert first.cell_type == "markdown" and "**Question.**" in first.source
    assert "REDIS_URL" in first.source
    for index, cell in enumerate(nb.cells[1:], start=1):
        if cell.cell_type != "code":
            continue
        lines = len(cell.source.splitlines())
        assert 1 <= lines <= MAX_CELL_LINES, f"cell {index} has {lines} lines"
        assert nb.cells[index - 1].cell_type == "markdown", f"cell {index} lacks prose"
