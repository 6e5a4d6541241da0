"""The resources workbook under Voila, in chromium: the load chart shows the over-allocation,
a click on a bar lists its tasks, and one reviewed leveling step removes the over-allocation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pmwidgets.core.resource_load import overallocations
from pmwidgets.io import read_plan

from . import drivers
from .browser import ROOT, VoilaServer, WatchedPage, run_voila

pytestmark = [pytest.mark.ui, pytest.mark.timeout(900)]

SAMPLE_PLAN = ROOT / "sample_data" / "office_move.json"
CHART = ".pmw-resource-load"
BEFORE = ".pmw-leveling .pmw-resource-load"
READY = """() => window.Bokeh !== undefined
    && document.querySelectorAll('.pmw-resource-load .bk-Figure').length >= 3
    && document.querySelector('.pmw-leveling')"""


def _column(page: WatchedPage, container: str, source: str, name: str) -> list:
    return page.page.evaluate(f"() => ({drivers.figure_js(source, container)})().column('{name}')")


def test_the_load_chart_shows_who_is_overloaded_and_leveling_fixes_it(
    voila_server: VoilaServer, page: WatchedPage
) -> None:
    plan = read_plan(SAMPLE_PLAN)
    over = overallocations(plan)
    olga_days = sorted({o.period.isoformat() for o in over if o.name == "Olga"})
    assert olga_days
    moved = len(read_plan(SAMPLE_PLAN).level())

    page.page.goto(voila_server.render_url("templates/resources.ipynb"))
    page.page.wait_for_function(READY, timeout=120_000)
    assert sorted(_column(page, CHART, "over", "period")) == olga_days

    segment = page.page.evaluate(
        f"""() => {{
      const {{figure, column}} = ({drivers.figure_js("segments", CHART)})();
      const row = column('period').indexOf('{olga_days[0]}');
      const box = figure.el.getBoundingClientRect();
      const x = (column('left')[row] + column('right')[row]) / 2;
      const y = (column('bottom')[row] + column('top')[row]) / 2;
      return {{x: box.x + figure.frame.x_scale.compute(x),
               y: box.y + figure.frame.y_scale.compute(y)}};
    }}"""
    )
    page.page.mouse.click(segment["x"], segment["y"])
    page.page.wait_for_function(
        "() => document.querySelector('.pmw-resource-load-tasks').innerText"
        ".includes('Install network cabling')",
        timeout=20_000,
    )

    page.page.locator(".pmw-button-preview").click()
    page.page.wait_for_function(
        "() => document.querySelector('.pmw-leveling table')", timeout=60_000
    )
    assert "Install network cabling" in page.page.inner_text(".pmw-leveling table")
    page.page.locator(".pmw-button-accept").click()
    page.page.wait_for_function(
        f"() => ({drivers.figure_js('over', BEFORE)})().column('period').length === 0",
        timeout=60_000,
    )
    page.page.wait_for_function(
        "(text) => document.querySelector('.pmw-leveling .pmw-message').innerText.includes(text)",
        arg=f"Leveled: {moved} task(s) moved",
        timeout=20_000,
    )
    page.assert_clean()


@pytest.fixture(scope="module")
def portfolio_server(
    kestrel_db: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[VoilaServer]:
    """Voila over the sample PMO portfolio's store: the forecast spans eight projects."""
    log = tmp_path_factory.mktemp("capacity") / "voila.log"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PMWIDGETS_DB", kestrel_db)
        with run_voila(ROOT / "workbooks", log) as server:
            yield server


def test_the_pmo_capacity_page_renders_the_portfolio_demand(
    portfolio_server: VoilaServer, page: WatchedPage
) -> None:
    page.page.goto(portfolio_server.render_url("pmo/capacity.ipynb"))
    container = ".pmw-capacity-forecast"
    page.page.wait_for_function(
        f"() => window.Bokeh !== undefined && document.querySelector('{container} .bk-Figure')",
        timeout=120_000,
    )
    drivers.wait_until(
        page.page, lambda: sum(_column(page, container, "segments", "hours")) > 0, True
    )  # the chart's data can arrive after its frame is drawn
    assert page.page.locator(f"{container} table").count() >= 1
    page.assert_clean()
