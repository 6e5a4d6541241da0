"""The stakeholder views without a browser: the portfolio table and filters, a project's
status page, and the friendly sentences that replace tracebacks."""

from __future__ import annotations

from pathlib import Path

import ipywidgets
import pytest

from pmwidgets import PlanError, Store
from pmwidgets.io import read_plan
from pmwidgets.widgets.earned_value_chart import EarnedValueChart
from pmwidgets.widgets.portfolio_view import ANY, PortfolioView
from pmwidgets.widgets.project_dashboard import MESSAGE_CLASS, ProjectDashboard, friendly

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
        dashboard = ProjectDashboard(store, XSS)
    html = portfolio.table.value + "".join(
        child.value for child in dashboard.children if isinstance(child, ipywidgets.HTML)
    )
    assert XSS not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_project_page_shows_status_chart_and_schedule(kestrel: Store) -> None:
    dashboard = ProjectDashboard(kestrel, "CRM migration")
    header = dashboard.children[0].value
    assert "CRM migration" in header and "Schedule" in header and "R &middot; Red" in header
    assert any(isinstance(child, EarnedValueChart) for child in dashboard.children)


def test_an_unknown_or_unmeasured_project_gets_a_sentence(kestrel: Store) -> None:
    missing = ProjectDashboard(kestrel, "No such project")
    assert "There is no project &#x27;No such project&#x27;" in missing.children[0].value
    assert "CRM migration" in missing.children[0].value
    pending = ProjectDashboard(kestrel, "Broker extranet")
    assert any("Not measured yet" in getattr(c, "value", "") for c in pending.children)


def test_friendly_turns_an_error_into_a_sentence() -> None:
    def fail() -> ipywidgets.Widget:
        raise PlanError("the baseline is missing", field="baseline")

    shown = friendly(fail, "Project 'X'")
    assert MESSAGE_CLASS in shown._dom_classes
    assert shown.value == "<p>Project &#x27;X&#x27;: the baseline is missing</p>"
