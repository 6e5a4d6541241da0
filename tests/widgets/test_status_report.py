"""StatusReport without a browser: the document, its download link, and the no-baseline case."""

from __future__ import annotations

import base64
import re
from datetime import date
from pathlib import Path

import pytest

from pmwidgets import Plan, PlanError
from pmwidgets.core.model import Link, Task
from pmwidgets.widgets.status_report import StatusReport

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def plan() -> Plan:
    plan = Plan(
        "Fit-out",
        start=date(2026, 3, 2),
        tasks=[Task("1", "Walls", 3, fixed_cost=300), Task("2", XSS, 0)],
        links=[Link("1", "2")],
    )
    plan.set_baseline()
    plan.update_as_planned("2026-03-03")
    return plan


def test_the_report_escapes_user_text_and_downloads_the_same_document(plan: Plan) -> None:
    report = StatusReport(plan)
    assert XSS not in report.document and escape_of(XSS) in report.document
    link = re.search(r"href='data:text/html;base64,([^']+)'", report.download.value)
    assert link is not None
    assert base64.b64decode(link.group(1)).decode("utf-8") == report.document
    assert "sandbox=''" in report.frame.value and XSS not in report.frame.value


def test_a_new_status_date_rebuilds_the_report(plan: Plan) -> None:
    report = StatusReport(plan)
    before = report.document
    report.status_date = date(2026, 3, 5)
    assert report.document != before and "2026-03-05" in report.document
    assert escape_of(XSS) in report.document  # the milestone is listed as due


def test_without_a_baseline_it_says_so_and_exports_nothing(tmp_path: Path) -> None:
    bare = Plan("Bare", start=date(2026, 3, 2), tasks=[Task("1", "Work", 2, fixed_cost=5)])
    report = StatusReport(bare, status_date=date(2026, 3, 3))
    assert "no baseline 0" in report.frame.value and report.download.value == ""
    with pytest.raises(PlanError, match="no report"):
        report.export(tmp_path / "r.html")


def test_export_writes_the_document(plan: Plan, tmp_path: Path) -> None:
    report = StatusReport(plan)
    written = report.export(tmp_path / "report.html")
    assert written.read_text(encoding="utf-8") == report.document


def escape_of(text: str) -> str:
    from html import escape

    return escape(text)
