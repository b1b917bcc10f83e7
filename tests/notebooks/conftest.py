"""Run notebooks with nbclient on a kernel of this interpreter, against test Redis.

The kernel is this test run's own Python (a kernel spec written to a temporary
folder), so a fresh clone needs no registered kernel, and it gets the test's
REDIS_URL and REDIS_KEY_PREFIX through its environment.
"""

import json
import os
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from pipeline.settings import Settings
from tests.support.snapshots import Seeded, seed_snapshots

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
KERNEL = "gaming-analytics-tests"
CELL_TIMEOUT_SECONDS = 180
# Appended after the last cell: prints the notebook's `answer` as JSON.
PROBE = (
    "import json as _json\n"
    "print(_json.dumps(answer, default=lambda o: o.item() if hasattr(o, 'item') "
    "else str(o)))"
)


@pytest.fixture(scope="session")
def kernel_specs(tmp_path_factory) -> KernelSpecManager:
    """Return a spec manager that knows one kernel: this interpreter's ipykernel."""
    folder = tmp_path_factory.mktemp("kernels") / KERNEL
    folder.mkdir()
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "gaming-analytics (tests)",
        "language": "python",
    }
    (folder / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return KernelSpecManager(kernel_dirs=[str(folder.parent)])


@pytest.fixture
def run_notebook(kernel_specs: KernelSpecManager, settings: Settings):
    """Return a function executing a notebook top to bottom; it returns `answer`."""

    def run(name: str):
        nb = nbformat.read(NOTEBOOKS / name, as_version=4)
        km = KernelManager(kernel_name=KERNEL, kernel_spec_manager=kernel_specs)
        client = NotebookClient(
            nb, km=km, timeout=CELL_TIMEOUT_SECONDS, allow_errors=False
        )
        env = {
            **os.environ,
            "REDIS_URL": settings.redis_url,
            "REDIS_KEY_PREFIX": settings.redis_key_prefix,
        }
        probe = nbformat.v4.new_code_cell(PROBE)
        try:
            with client.setup_kernel(env=env, cwd=str(NOTEBOOKS)):
                for index, cell in enumerate(nb.cells):
                    client.execute_cell(cell, index)
                nb.cells.append(probe)
                client.execute_cell(probe, len(nb.cells) - 1)
        finally:
            # nbclient leaves a kernel manager it was handed running.
            if km.has_kernel:
                km.shutdown_kernel(now=True)
        printed = "".join(o.get("text", "") for o in probe.outputs)
        return json.loads(printed)

    return run


@pytest.fixture
def seeded(settings: Settings) -> Seeded:
    """Seed three snapshots of a six-match simulation through the real engine."""
    return seed_snapshots(settings)
