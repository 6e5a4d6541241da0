"""The risk workbook under Voila, in chromium: click a matrix cell and see exactly its risks in
the register, click it again and see them all; type a probability and see the risk change cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pmwidgets.io import read_plan
from pmwidgets.plotting.risk_matrix import cell_index
from pmwidgets.widgets.risk_register import COLUMNS

from . import drivers
from .browser import ROOT, VoilaServer, WatchedPage, run_voila, workbook_copy

pytestmark = [pytest.mark.ui, pytest.mark.timeout(900)]

SAMPLE_PLAN = ROOT / "sample_data" / "office_move.json"
#: Two taps closer than this are one double tap to BokehJS (its ``doubletap_threshold``).
BOKEH_DOUBLE_TAP_MS = 350
REGISTER = drivers.grid_of(".pmw-risk-panel .pmw-risk-register", COLUMNS)
READY = """() => document.querySelector('.pmw-risk-register .pmw-cg-row')
    && window.Bokeh !== undefined
    && document.querySelector('.pmw-risk-matrix .bk-Figure')
    && window.jupyterapp && window.jupyterapp.widgetManager"""

# The matrix's cells source: a cell's count and risk ids, and where it is drawn.
CELL_JS = f"""(index) => {{
  const {{figure, column}} = ({drivers.figure_js("cells")})();
  const box = figure.el.getBoundingClientRect();
  return {{count: column('count')[index], ids: column('ids')[index],
           x: box.x + figure.frame.x_scale.compute(column('x')[index]),
           y: box.y + figure.frame.y_scale.compute(column('y')[index])}};
}}"""


@pytest.fixture(scope="module")
def risk_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    folder = tmp_path_factory.mktemp("risks")
    workbook_copy(
        ROOT / "workbooks" / "templates" / "risks.ipynb",
        folder / "notebooks" / "risks.ipynb",
        project="Risk test",
        seed_file=str(SAMPLE_PLAN),
        read_only=False,
    )
    with run_voila(folder / "notebooks", folder / "voila.log") as server:
        yield server


def _cell(page: WatchedPage, cell: tuple[str, int, int]) -> dict:
    return page.page.evaluate(CELL_JS, cell_index(cell))


def _register_ids(page: WatchedPage) -> list[str]:
    return sorted(drivers.column_cells(page.page, "ID", REGISTER))


def test_a_matrix_cell_filters_the_register_and_an_edit_moves_the_risk(
    risk_server: VoilaServer, page: WatchedPage
) -> None:
    plan = read_plan(SAMPLE_PLAN)
    open_ids = sorted(r.id for r in plan.risks if r.status == "open")
    crowded = ("threat", 3, 3)
    expected = sorted(r.id for r in plan.risks if (r.kind, r.probability, r.impact) == crowded)
    assert len(expected) >= 2

    page.page.goto(risk_server.render_url("risks.ipynb"))
    page.page.wait_for_function(READY, timeout=90_000)
    drivers.wait_for_rows(page.page, len(open_ids), grid=REGISTER)
    assert _register_ids(page) == open_ids

    target = _cell(page, crowded)
    assert target["count"] == len(expected) and sorted(target["ids"].split(",")) == expected
    page.page.mouse.click(target["x"], target["y"])
    drivers.wait_for_rows(page.page, len(expected), grid=REGISTER)
    assert _register_ids(page) == expected

    # A tap is answered by the kernel clearing the tap selection; the next tap waits for that,
    # and comes later than bokeh's double-tap threshold (a double tap is not a second tap).
    page.page.wait_for_function(
        f"() => ({drivers.figure_js('cells')})().source.selected.indices.length === 0",
        timeout=20_000,
    )
    page.page.wait_for_timeout(BOKEH_DOUBLE_TAP_MS)
    page.page.mouse.click(target["x"], target["y"])  # the same cell again: every risk
    drivers.wait_for_rows(page.page, len(open_ids), grid=REGISTER)
    assert _register_ids(page) == open_ids

    row = drivers.column_cells(page.page, "ID", REGISTER).index("R1")
    before, after = ("threat", 4, 4), ("threat", 1, 4)
    assert _cell(page, before)["count"] == 1 and _cell(page, after)["count"] == 0
    drivers.type_into(page.page, row, "Probability", "1", REGISTER)
    page.page.wait_for_function(
        f"() => ({CELL_JS})({cell_index(after)}).count === 1", timeout=20_000
    )
    assert _cell(page, before)["count"] == 0
    assert "R1" in _cell(page, after)["ids"].split(",")
    page.assert_clean()


def test_the_risk_dashboard_shows_matrix_top_risks_and_trend_read_only(
    voila_server: VoilaServer, page: WatchedPage, tmp_path: Path
) -> None:
    plan = read_plan(SAMPLE_PLAN)
    top = max((r for r in plan.risks if r.status == "open"), key=lambda r: r.score)
    page.page.goto(voila_server.render_url("dashboards/risk_dashboard.ipynb"))
    page.page.wait_for_function(
        f"""() => ({READY})() && document.querySelector('.pmw-risk-trend .bk-Figure')
               && document.querySelector('.pmw-top-risks table')""",
        timeout=90_000,
    )
    first_row = page.page.inner_text(".pmw-top-risks tbody tr")
    assert top.title in first_row and "High" in first_row
    assert page.page.locator(".pmw-button-raise-risk, .pmw-button-save").count() == 0
    assert page.page.locator(".jp-InputArea-editor").count() == 0
    assert drivers.editable(page.page, REGISTER) is False  # the kernel refuses edits anyway
    drivers.cell_locator(page.page, 0, "Title", REGISTER).dblclick()
    assert page.page.locator(f"{REGISTER.container} {drivers.CELL_EDITOR}").count() == 0
    assert sorted(drivers.column_cells(page.page, "ID", REGISTER)) == sorted(
        r.id for r in plan.risks if r.status == "open"
    )
    page.page.screenshot(path=tmp_path / "risk_dashboard.png", full_page=True)
    page.assert_clean()
