"""The stakeholder views without a browser: the portfolio table and filters, a project's
status page, and the friendly sentences that replace tracebacks."""

from __future__ import annotations

from pathlib import Path

import ipywidgets
import pytest

from pmwidgets import PlanError, Store
from pmwidgets.io import read_plan
from pmwidgets.widgets.gantt_chart import GanttChart
from pmwidgets.widgets.portfolio_view import ANY, PortfolioView
from pmwidgets.widgets.project_dashboard import (
    MESSAGE_CLASS,
    ProjectDashboard,
    friendly,
    status_html,
)

ROOT = Path(__file__).resolve().parents[2]
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def kestrel(kestrel_db: str) -> Store:
    return Store(kestrel_db, read_only=True)


def test_the_portfolio_lists_every_project_and_filters(kestrel: Store) -> None:
    view = PortfolioView(kestrel)
    for project in kestrel.projects():
        assert project.name in view.table.value
    assert "CRM%20migration" in view.table.value  # the drill-down link quotes the name
    assert "Pipeline: pending approval" in view.pipeline.value
    assert "Broker extranet" in view.pipeline.value
    view.status_filter.value = "pending"
    assert "Broker extranet" in view.table.value and "CRM migration" not in view.table.value
    view.status_filter.value = ANY
    view.rag_filter.value = "green"
    assert "Claims portal" in view.table.value and "Payroll upgrade" not in view.table.value
    assert "G &middot; Green" in view.table.value  # the word and letter, not colour alone


def test_user_text_is_escaped_everywhere_it_is_shown(tmp_path: Path) -> None:
    plan = read_plan(ROOT / "sample_data" / "office_move.json")
    plan.set_project(name=XSS)
    plan.update("2", name=XSS)
    plan.add_risk(XSS, probability=5, impact_cost=5)
    plan.update_as_planned("2026-12-15")
    with Store(f"sqlite:///{tmp_path / 'x.db'}") as store:
        store.save(plan)
        portfolio = PortfolioView(store)
        schedule = ProjectDashboard(store, XSS)
        html = portfolio.table.value + status_html(store, XSS) + schedule.children[0].value
    assert XSS not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_project_page_shows_status_figures_curves_and_a_schedule_link(kestrel: Store) -> None:
    page = status_html(kestrel, "CRM migration")
    assert "CRM migration" in page and "R &middot; Red" in page
    assert "<svg" in page and "SPI" in page and "Milestones" in page
    assert "project_schedule.ipynb?project=CRM%20migration" in page
    assert "<script" not in page
    schedule = ProjectDashboard(kestrel, "CRM migration")
    assert any(isinstance(child, GanttChart) for child in schedule.children)


def test_an_unknown_or_unmeasured_project_gets_a_sentence(kestrel: Store) -> None:
    missing = status_html(kestrel, "No such project")
    assert "There is no project &#x27;No such project&#x27;" in missing
    assert "CRM migration" in missing and MESSAGE_CLASS in missing
    pending = status_html(kestrel, "Broker extranet")
    assert "Not measured yet" in pending and "project_schedule.ipynb" in pending
    shown = friendly(lambda: ProjectDashboard(kestrel, "No such project"), "Schedule")
    assert MESSAGE_CLASS in shown._dom_classes


def test_friendly_turns_an_error_into_a_sentence() -> None:
    def fail() -> ipywidgets.Widget:
        raise PlanError("the baseline is missing", field="baseline")

    shown = friendly(fail, "Project 'X'")
    assert MESSAGE_CLASS in shown._dom_classes
    assert shown.value == "<p>Project &#x27;X&#x27;: the baseline is missing</p>"
