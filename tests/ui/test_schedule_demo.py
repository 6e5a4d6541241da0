"""The schedule demo workbook, served by Voila and read in chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import ROOT, VoilaServer, WatchedPage

pytestmark = [pytest.mark.ui, pytest.mark.timeout(900)]  # the first test may apt-get chromium

SAMPLE_PLAN = ROOT / "sample_data" / "office_move.json"
RENDER_TIMEOUT_MS = 90_000
# Statements of the workbook that must not reach the page (Voila strips sources).
SOURCE_SNIPPETS = ("read_plan(plan_file)", "schedule_table(table)", "load_bokeh()")


def test_schedule_demo_renders_offline(
    voila_server: VoilaServer, page: WatchedPage, tmp_path: Path
) -> None:
    from pmwidgets.io import read_plan

    names = read_plan(SAMPLE_PLAN).schedule().to_frame()["name"].tolist()

    page.page.goto(voila_server.render_url("examples/schedule_demo.ipynb"))
    page.page.wait_for_function(
        """() => document.querySelector('.pmw-schedule-table table tbody tr')
                 && document.querySelector('.pmw-plan-summary')
                 && window.Bokeh !== undefined
                 && document.querySelector('.pmw-gantt .bk-Figure, .pmw-gantt canvas')""",
        timeout=RENDER_TIMEOUT_MS,
    )
    page.page.screenshot(path=tmp_path / "schedule_demo.png", full_page=True)
    page.page.locator(".pmw-schedule-table").screenshot(path=tmp_path / "schedule_table.png")
    page.page.locator(".pmw-gantt").screenshot(path=tmp_path / "gantt.png")

    table_text = page.page.inner_text(".pmw-schedule-table")
    missing = [name for name in names if name not in table_text]
    assert not missing, f"task names not shown: {missing}"
    labels = page.page.locator(".pmw-schedule-table tr.pmw-critical .pmw-critical-label")
    assert labels.count() >= 1
    assert labels.first.inner_text() == "Critical"

    html = page.page.content()
    shown = [snippet for snippet in SOURCE_SNIPPETS if snippet in html]
    assert not shown, f"notebook source visible in the page: {shown}"
    assert page.page.locator(".jp-InputArea-editor").count() == 0
    assert page.page.locator(".jp-OutputArea-output[data-mime-type*=error]").count() == 0
    page.assert_clean()
    # voila.py's culler starts with the first kernel.
    assert "Culling kernels with idle durations > 120 seconds" in voila_server.log.read_text()
