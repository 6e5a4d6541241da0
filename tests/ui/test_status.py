"""The status workbook under Voila, in chromium: set a status date, update progress as planned,
and see the earned-value cards, the chart and the status report appear, with no JavaScript
error and nothing fetched from off the machine."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .browser import ROOT, VoilaServer, WatchedPage, run_voila, workbook_copy

pytestmark = [pytest.mark.ui, pytest.mark.timeout(900)]

READY = """() => window.Bokeh !== undefined
    && document.querySelector('.pmw-progress-table .pmw-cg-row')
    && document.querySelector('.pmw-status-report')
    && window.jupyterapp && window.jupyterapp.widgetManager"""
STATUS_DATE = "2026-12-15"


@pytest.fixture(scope="module")
def status_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    folder = tmp_path_factory.mktemp("status")
    workbook_copy(
        ROOT / "workbooks" / "templates" / "status.ipynb",
        folder / "notebooks" / "status.ipynb",
        project="Status test",
        seed_file=str(ROOT / "sample_data" / "office_move.json"),
        read_only=False,
    )
    with run_voila(folder / "notebooks", folder / "voila.log") as server:
        yield server


def test_updating_as_planned_shows_earned_value_and_the_report(
    status_server: VoilaServer, page: WatchedPage
) -> None:
    page.page.goto(status_server.render_url("status.ipynb"))
    page.page.wait_for_function(READY, timeout=90_000)
    # Not started and no status date yet: the chart says what it needs instead of failing.
    assert "status date" in page.page.inner_text(".pmw-earned-value").lower()
    page.page.fill(".pmw-progress-status-date input", STATUS_DATE)
    page.page.locator(".pmw-progress-table .pmw-button-update-as-planned").click()
    page.page.wait_for_function(
        "() => document.querySelectorAll('.pmw-earned-value .pmw-kpi').length === 4",
        timeout=30_000,
    )
    cards = page.page.inner_text(".pmw-earned-value-cards")
    assert "SPI" in cards and "CPI" in cards
    assert any(word in cards for word in ("Green", "Amber", "Red"))
    page.page.wait_for_function(
        "() => document.querySelector('.pmw-earned-value .bk-Figure, .pmw-earned-value .bk-root')",
        timeout=30_000,
    )
    frame = page.page.frame_locator(".pmw-status-report iframe")
    assert STATUS_DATE in frame.locator("p.meta").first.inner_text()
    assert page.page.locator(".pmw-status-report a.pmw-download").count() == 1
    page.assert_clean()
