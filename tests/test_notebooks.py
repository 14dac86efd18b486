"""Every notebook runs top to bottom on a fresh kernel, and is committed without outputs."""

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from pipeline import config

NOTEBOOKS = sorted((config.PROJ_ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_three_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["01_threads.ipynb", "02_audit.ipynb", "03_mapping.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stripped(path: Path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path: Path, processed_dir, monkeypatch):
    # The kernel is a child process: it inherits this environment (its own data/processed).
    monkeypatch.setenv("LADDER_PROCESSED_DIR", str(processed_dir))
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("text/html" in o.get("data", {}) for o in outputs)  # tables and plots rendered
    assert (processed_dir / "onet-41-3091-00-sales-representatives-of-services").is_dir()
    assert os.environ["LADDER_PROCESSED_DIR"] == str(processed_dir)
