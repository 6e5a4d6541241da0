"""Every workbook runs top to bottom, and is committed as a short, clean document."""

from __future__ import annotations

import ast
import pkgutil
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager
from nbclient import NotebookClient

import pmwidgets.widgets
from pmwidgets.store.engine import DB_ENV

ROOT = Path(__file__).resolve().parents[1]
WORKBOOK_DIR = ROOT / "workbooks"
WORKBOOKS = sorted(
    path for path in WORKBOOK_DIR.rglob("*.ipynb") if ".ipynb_checkpoints" not in path.parts
)
MAX_CELL_LINES = 15
CELL_TIMEOUT_S = 120


def _name(path: Path) -> str:
    return str(path.relative_to(WORKBOOK_DIR))


def _code_cells(path: Path) -> list[nbformat.NotebookNode]:
    notebook = nbformat.read(path, as_version=4)
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


@pytest.fixture
def workbook_store(new_sample_store: Callable[[str], str], monkeypatch: pytest.MonkeyPatch) -> str:
    """A store of the run's own holding the sample project, for the kernel (which takes
    ``PMWIDGETS_DB`` from this process): a workbook saves as its user would (an onboarding one
    opens the learner's sandbox), and the session's shared store stays as seeded."""
    url = new_sample_store("workbook")
    monkeypatch.setenv(DB_ENV, url)
    return url


def test_workbooks_exist() -> None:
    assert WORKBOOKS, f"no workbook found under {WORKBOOK_DIR}"


@pytest.mark.parametrize("path", WORKBOOKS, ids=_name)
@pytest.mark.usefixtures("workbook_store")
def test_workbook_runs_top_to_bottom(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=CELL_TIMEOUT_S,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, on any error
    for number, cell in enumerate(notebook.cells, start=1):
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"cell {number}: {output.get('evalue')}"
            if output.output_type == "stream" and output.name == "stderr":
                pytest.fail(f"cell {number} wrote to stderr:\n{output.text}")


@pytest.mark.parametrize("path", WORKBOOKS, ids=_name)
def test_workbook_is_committed_without_outputs(path: Path) -> None:
    for number, cell in enumerate(_code_cells(path), start=1):
        assert cell.outputs == [], f"code cell {number} has outputs: clear them before committing"
        assert cell.execution_count is None, f"code cell {number} has an execution count"


@pytest.mark.parametrize("path", WORKBOOKS, ids=_name)
def test_workbook_starts_with_a_parameters_cell(path: Path) -> None:
    first = _code_cells(path)[0]
    assert "parameters" in first.metadata.get("tags", []), "tag the first code cell 'parameters'"


@pytest.mark.parametrize("path", WORKBOOKS, ids=_name)
def test_workbook_code_cells_are_short(path: Path) -> None:
    transformer = TransformerManager()
    for number, cell in enumerate(_code_cells(path), start=1):
        lines = cell.source.splitlines()
        assert len(lines) <= MAX_CELL_LINES, (
            f"code cell {number} has {len(lines)} lines (at most {MAX_CELL_LINES}): "
            "move the logic into pmwidgets"
        )
        tree = ast.parse(transformer.transform_cell(cell.source))
        for node in ast.walk(tree):
            assert not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef), (
                f"code cell {number} defines {node.name!r}: put functions and classes in pmwidgets"
            )


def test_every_widget_module_appears_in_a_workbook() -> None:
    """Each widget module is shown by a workbook, or is a building block (at any depth) of one
    that is."""
    sources = "\n".join(path.read_text(encoding="utf-8") for path in WORKBOOKS)
    modules = [
        info.name
        for info in pkgutil.iter_modules(pmwidgets.widgets.__path__)
        if not info.name.startswith("_")
    ]
    package = Path(pmwidgets.widgets.__path__[0])
    used = {name for name in modules if f"pmwidgets.widgets.{name}" in sources}
    while True:
        imported = "\n".join((package / f"{name}.py").read_text() for name in used)
        found = used | {name for name in modules if f"pmwidgets.widgets.{name}" in imported}
        if found == used:
            break
        used = found
    unused = [name for name in modules if name not in used]
    assert not unused, f"widget modules no workbook shows: {unused}"
