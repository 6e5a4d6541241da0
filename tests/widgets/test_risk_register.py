"""The risk register table and the top-risks list, without a browser."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from pmwidgets import Plan
from pmwidgets.widgets.risk_register import RiskRegister
from pmwidgets.widgets.top_risks import TopRisks


@pytest.fixture
def plan() -> Plan:
    plan = Plan("Warehouse", start=date(2025, 3, 3))
    plan.add_task("Foundations", 10)
    plan.add_task("Steel frame", 15, predecessors="1")
    plan.add_risk("Steel delivered late", probability=4, impact_schedule=4, owner="Ana")
    plan.add_risk("Ground water", probability=2, impact_cost=5, category="external", owner="Ben")
    plan.add_risk("Early permit", kind="opportunity", probability=3, impact_schedule=2)
    return plan


def _shown(register: RiskRegister) -> str:
    return html.unescape(re.sub("<[^>]+>", "", register.message.value))


def test_rows_are_sorted_by_score_with_computed_score_and_band(plan: Plan) -> None:
    register = RiskRegister(plan)
    frame = register.grid.frame
    assert list(frame.index) == ["R1", "R2", "R3"]
    assert frame.loc["R1", ["Score", "Band"]].tolist() == ["16", "High"]
    assert frame.loc["R3", "Kind"] == "opportunity"
    register.sort_by_score = False
    plan.update_risk("R3", probability=5, impact_schedule=3)
    register.refresh()
    assert list(register.grid.frame.index) == ["R1", "R2", "R3"]
    register.sort_box.value = True
    assert list(register.grid.frame.index) == ["R1", "R3", "R2"]


def test_typing_a_level_rescores_and_resorts(plan: Plan) -> None:
    register = RiskRegister(plan)
    assert register.edit("R2", "Probability", "5")
    assert plan.risk("R2").score == 25
    assert list(register.grid.frame.index) == ["R2", "R1", "R3"]
    assert register.grid.cell("R2", "Band") == "High"


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("Probability", "9", "Risk R1: probability 9 must be a level from 1 to 5"),
        ("Strategy", "exploit", "'exploit' is not a strategy for a threat"),
        ("Tasks", "7", "tasks '7' names tasks that are not in the plan"),
        ("Score", "3", "Score is computed"),
    ],
)
def test_bad_input_is_named_and_the_cell_keeps_its_value(
    plan: Plan, column: str, value: str, message: str
) -> None:
    register = RiskRegister(plan)
    before = plan.state
    old = register.grid.cell("R1", column)
    assert not register.edit("R1", column, value)
    assert message in _shown(register) and "Not accepted" in _shown(register)
    assert register.grid.cell("R1", column) == old
    assert plan.state is before


def test_actions_are_typed_in_one_cell(plan: Plan) -> None:
    register = RiskRegister(plan)
    text = "Chase the mill | Ana | 2025-03-20; Book a second supplier | Ben"
    assert register.edit("R1", "Actions", text)
    first, second = plan.risk("R1").actions
    assert (first.description, first.owner, first.due) == (
        "Chase the mill",
        "Ana",
        date(2025, 3, 20),
    )
    assert not first.done and second.due is None
    assert register.grid.cell("R1", "Actions") == (
        "Chase the mill | Ana | 2025-03-20 | no; Book a second supplier | Ben |  | no"
    )
    assert not register.edit("R1", "Actions", "Call | Ana | someday")
    assert "action 'Call' is due 'someday', which is not a date" in _shown(register)
    assert len(plan.risk("R1").actions) == 2


def test_filters_by_status_owner_and_category_and_a_set_of_risks(plan: Plan) -> None:
    register = RiskRegister(plan)
    assert register.filters["owner"].options == ("All", "Ana", "Ben")
    register.filters["owner"].value = "Ben"
    assert list(register.grid.frame.index) == ["R2"]
    register.filters["owner"].value = "All"
    register.filters["category"].value = "technical"
    assert list(register.grid.frame.index) == ["R1", "R3"]
    register.only = ("R3",)
    assert list(register.grid.frame.index) == ["R3"]
    register.only = None
    register.filters["category"].value = "All"
    assert len(register.grid.frame) == 3


def test_raise_and_close_risks(plan: Plan) -> None:
    register = RiskRegister(plan)
    changes: list[None] = []
    register.on_change(lambda: changes.append(None))
    register.add_button.click()
    assert plan.risks[-1].id == "R4" and register.grid.selected_row == "R4"
    assert "Risk R4 raised" in _shown(register)
    rows = list(register.grid.frame.index)
    assert rows == ["R1", "R2", "R4", "R3"]
    register.grid.grid.selection = ["R1", "R4"]
    assert register.selected_risks == ("R1", "R4")
    register.close_button.click()
    assert plan.risk("R1").status == plan.risk("R4").status == "closed"
    assert list(register.grid.frame.index) == ["R2", "R3"]  # the status filter shows open risks
    register.filters["status"].value = "closed"
    assert list(register.grid.frame.index) == ["R1", "R4"]
    assert len(changes) == 2


def test_read_only_register_has_no_toolbar_and_refuses_edits(plan: Plan) -> None:
    register = RiskRegister(plan, read_only=True)
    bar = register.children[0]
    assert register.add_button not in bar.children
    assert not register.edit("R1", "Title", "Renamed")
    assert plan.risk("R1").title == "Steel delivered late"


def test_top_risks_lists_open_risks_by_score_with_band_names_escaped(plan: Plan) -> None:
    plan.update_risk("R3", title="<img src=x onerror=alert(1)>", probability=5)
    plan.close_risk("R2")
    top = TopRisks(plan, count=2)
    assert "<img" not in top.value and "&lt;img src=x" in top.value
    text = html.unescape(re.sub("<style>.*?</style>|<[^>]+>", " ", top.value, flags=re.S))
    assert text.split().count("High") == 1 and "Medium" in text
    assert text.index("Steel delivered late") < text.index("<img")
    assert "Ground water" not in text
    plan.close_risk("R1")
    plan.close_risk("R3")
    top.refresh()
    assert "No open risks" in top.value
