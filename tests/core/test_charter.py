"""The project charter: typed from form text, checked, undoable, kept in files and merges."""

from __future__ import annotations

from datetime import date

import pytest

from pmwidgets import Plan
from pmwidgets.core.charter import Charter, Stakeholder, charter_field_text
from pmwidgets.core.errors import PlanError
from pmwidgets.core.merge import merge_states
from pmwidgets.core.model import ProjectSettings, Task
from pmwidgets.io.plan_json import state_from_dict, state_to_dict


@pytest.fixture
def plan() -> Plan:
    return Plan("Fit-out", start=date(2026, 3, 2), tasks=[Task("1", "Walls", 3)])


def test_a_new_plan_has_an_empty_charter(plan: Plan) -> None:
    assert plan.charter == Charter()
    assert plan.charter.is_empty


def test_form_text_is_typed_one_item_a_line(plan: Plan) -> None:
    charter = plan.set_charter(
        purpose="  Bring the team under one roof.  ",
        objectives="- All 40 staff moved by 1 June\n\n* Rent down 15%\n",
        stakeholders="Facilities team | Runs the building | Move out of hours\nStaff",
        success_criteria="Nobody loses a working day",
        constraints=["Budget 250,000 EUR", " Lease ends 30 June "],
        sponsor="Olga",
        approved_on="2026-03-10",
    )
    assert charter.purpose == "Bring the team under one roof."
    assert charter.objectives == ("All 40 staff moved by 1 June", "Rent down 15%")
    assert charter.stakeholders == (
        Stakeholder("Facilities team", "Runs the building", "Move out of hours"),
        Stakeholder("Staff"),
    )
    assert charter.success_criteria == ("Nobody loses a working day",)
    assert charter.constraints == ("Budget 250,000 EUR", "Lease ends 30 June")
    assert charter.approved_on == date(2026, 3, 10)
    assert plan.charter == charter
    assert charter_field_text(charter, "stakeholders") == (
        "Facilities team | Runs the building | Move out of hours\nStaff"
    )


def test_the_project_date_format_is_read(plan: Plan) -> None:
    plan.set_project(settings=ProjectSettings(date_format="%d.%m.%Y"))
    charter = plan.set_charter(sponsor="Olga", approved_on="10.03.2026")
    assert charter.approved_on == date(2026, 3, 10)
    assert charter_field_text(charter, "approved_on", "%d.%m.%Y") == "10.03.2026"


@pytest.mark.parametrize(
    ("fields", "field", "value"),
    [
        ({"objectives": ("Move 40 staff", "  ")}, "objectives", ""),
        ({"assumptions": ("Lifts work\nall week",)}, "assumptions", "Lifts work\nall week"),
        ({"stakeholders": " | Sponsor | Budget"}, "stakeholders", " | Sponsor | Budget"),
        ({"stakeholders": "Olga | Sponsor | Budget | extra"}, "stakeholders", None),
        ({"approved_on": "31/31/2026", "sponsor": "Olga"}, "approved_on", None),
        ({"approved_on": "2026-03-10"}, "approved_on", "2026-03-10"),
        ({"sponsor": "Olga\nand Ben"}, "sponsor", "Olga\nand Ben"),
        ({"budget": "100"}, "budget", "100"),
        ({"purpose": 42}, "purpose", 42),
    ],
)
def test_bad_input_names_the_field_and_value_and_changes_nothing(
    plan: Plan, fields: dict[str, object], field: str, value: object
) -> None:
    plan.set_charter(purpose="Bring the team under one roof.")
    before, history = plan.state, plan.history
    with pytest.raises(PlanError) as caught:
        plan.set_charter(scope="Everything", **fields)
    assert caught.value.field == field
    if value is not None:
        assert caught.value.value == value
        assert repr(value) in caught.value.message
    assert plan.state is before
    assert plan.history == history


def test_a_charter_is_one_undo_step_and_an_unchanged_one_none(plan: Plan) -> None:
    plan.set_charter(purpose="Move", objectives="A\nB", manager="Ada")
    assert plan.history[-1].startswith("Charter:")
    assert len(plan.history) == 1
    plan.set_charter(purpose="Move", objectives=["A", "B"])
    assert len(plan.history) == 1
    plan.undo()
    assert plan.charter == Charter()
    plan.redo()
    assert plan.charter.objectives == ("A", "B")


def test_a_charter_is_kept_in_plan_files(plan: Plan) -> None:
    plan.set_charter(
        purpose="Move",
        stakeholders=[("Olga", "Sponsor", "Budget"), Stakeholder("Staff")],
        assumptions="Lifts work",
        sponsor="Olga",
        approved_on=date(2026, 3, 10),
    )
    again = state_from_dict(state_to_dict(plan.state))
    assert again.charter == plan.charter


def test_documents_without_a_charter_still_read(plan: Plan) -> None:
    data = state_to_dict(plan.state)
    del data["charter"]
    assert state_from_dict(data).charter == Charter()


def test_a_merge_keeps_a_charter_change_made_on_one_side(plan: Plan) -> None:
    base = plan.state
    plan.set_charter(objectives="Move 40 staff")
    mine = plan.state
    theirs_plan = Plan.from_state(base)
    theirs_plan.update("1", duration=5)
    merged, conflicts = merge_states(base, mine, theirs_plan.state)
    assert merged.charter.objectives == ("Move 40 staff",)
    assert merged.tasks[0].duration == 5
    assert conflicts == []


def test_a_merge_reports_both_sides_changing_the_charter(plan: Plan) -> None:
    base = plan.state
    plan.set_charter(purpose="Mine")
    theirs_plan = Plan.from_state(base)
    theirs_plan.set_charter(purpose="Theirs")
    merged, conflicts = merge_states(base, plan.state, theirs_plan.state)
    assert merged.charter.purpose == "Theirs"
    assert [(c.what, c.field) for c in conflicts] == [("Charter", "purpose")]


def test_a_charter_record_refuses_a_blank_objective() -> None:
    with pytest.raises(PlanError) as caught:
        Charter(objectives=("",))
    assert (caught.value.field, caught.value.value) == ("objectives", "")
