"""The e-mailed status report, opened in headless chromium: it renders with no JavaScript error,
fetches nothing, draws its chart, and shows a hostile task name as text."""

from __future__ import annotations

from datetime import date

from pmwidgets import Plan
from pmwidgets.core.model import Link, Task
from pmwidgets.report import render_html, summarize_status

from .browser import WatchedPage

XSS = "<img src=x onerror=alert(1)>"


def test_the_report_renders_alone_and_runs_nothing(page: WatchedPage) -> None:
    plan = Plan(
        "Fit-out",
        start=date(2026, 3, 2),
        tasks=[Task("1", "Walls", 3, fixed_cost=300), Task("2", XSS, 0)],
        links=[Link("1", "2")],
    )
    plan.set_baseline()
    plan.update_as_planned("2026-03-03")
    plan.add_risk(XSS, probability=4, impact_cost=4)
    dialogs: list[str] = []
    page.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.page.set_content(render_html(summarize_status(plan, date(2026, 3, 6))))
    page.page.wait_for_load_state("load")
    assert page.page.locator("svg polyline").count() == 1
    assert page.page.locator("img").count() == 0
    assert page.page.get_by_text(XSS).count() >= 2  # the milestone and the risk, as text
    assert page.page.locator(".pmw-rag").first.inner_text().startswith(("G", "A", "R"))
    assert dialogs == []
    page.assert_clean()
