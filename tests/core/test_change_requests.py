"""Change requests: raised, typed, decided on record, kept in plan files and merges."""

from __future__ import annotations

from datetime import date

import pytest

from pmwidgets import Plan
from pmwidgets.core.errors import PlanError
from pmwidgets.core.merge import merge_states
from pmwidgets.core.model import Task
from pmwidgets.io.plan_json import state_from_dict, state_to_dict


@pytest.fixture
def plan() -> Plan:
    return Plan(
        "Fit-out", start=date(2026, 3, 2), tasks=[Task("1", "Walls", 3), Task("2", "Paint", 2)]
    )


def test_a_raised_request_types_its_fields(plan: Plan) -> None:
    request = plan.raise_change(
        "Second meeting room",
        cost_impact="1,500",
        schedule_impact_days="3",
        tasks="1; 2",
        raised_by="Olga",
        raised="2026-03-04",
    )
    assert (request.id, request.status) == ("CR1", "proposed")
    assert (request.cost_impact, request.schedule_impact_days) == (1500.0, 3.0)
    assert request.tasks == ("1", "2")
    assert request.raised == date(2026, 3, 4)
    assert plan.raise_change("Blinds").id == "CR2"


@pytest.mark.parametrize(
    ("fields", "field", "value"),
    [
        ({"cost_impact": "a lot"}, "cost_impact", "a lot"),
        ({"tasks": "1, 9"}, "tasks", "9"),
        ({"raised": "31/31/2026"}, "raised", None),
        ({"status": "approved"}, "status", "approved"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(
    plan: Plan, fields: dict[str, str], field: str, value: str | None
) -> None:
    before = plan.state
    with pytest.raises(PlanError) as caught:
        plan.raise_change("Blinds", **fields)
    assert caught.value.field == field
    if value is not None:
        assert caught.value.value == value
    assert plan.state is before


def test_a_decision_records_who_and_when_and_freezes_the_request(plan: Plan) -> None:
    plan.raise_change("Second meeting room", cost_impact=1500)
    with pytest.raises(PlanError, match="who decided"):
        plan.decide_change("CR1", approved=True, by=" ")
    plan.decide_change("CR1", approved=False, by="Sponsor", on="2026-03-10", note="No budget")
    request = plan.change_request("CR1")
    assert (request.status, request.decided_by, request.decided) == (
        "rejected",
        "Sponsor",
        date(2026, 3, 10),
    )
    assert request.decision_note == "No budget"
    for attempt in (
        lambda: plan.update_change("CR1", cost_impact=10),
        lambda: plan.decide_change("CR1", approved=True, by="Sponsor"),
        lambda: plan.withdraw_change("CR1"),
    ):
        with pytest.raises(PlanError, match="rejected"):
            attempt()
    plan.undo()
    assert plan.change_request("CR1").status == "proposed"


def test_requests_survive_files_task_deletion_and_merges(plan: Plan) -> None:
    plan.raise_change("Second meeting room", tasks="1, 2", raised="2026-03-04")
    plan.decide_change("CR1", approved=True, by="Sponsor", on="2026-03-05")
    assert state_from_dict(state_to_dict(plan.state)).change_requests == plan.change_requests
    base = plan.state
    mine = Plan.from_state(base)
    mine.raise_change("Blinds", cost_impact=300)
    theirs = Plan.from_state(base)
    theirs.delete_task("2")
    merged, conflicts = merge_states(base, mine.state, theirs.state)
    assert not conflicts
    assert [r.id for r in merged.change_requests] == ["CR1", "CR2"]
    assert merged.change_requests[0].tasks == ("1",)
    assert theirs.change_requests[0].tasks == ("1",)
