"""Plans that cannot be scheduled are refused with errors naming task, field and value."""

from datetime import date

import pytest

from pmwidgets import ConstraintType, CycleError, Link, Plan, PlanError, Task


def tasks(*ids: str) -> list[Task]:
    return [Task(i, f"Task {i}", 1.0) for i in ids]


def test_a_cycle_is_reported_with_its_tasks_in_order() -> None:
    with pytest.raises(CycleError) as caught:
        Plan(
            tasks=tasks("1", "2", "3", "4"),
            links=[Link("1", "2"), Link("2", "3"), Link("3", "4"), Link("4", "2")],
        )
    assert caught.value.tasks == ("2", "3", "4")
    assert "2 -> 3 -> 4 -> 2" in caught.value.message
    assert caught.value.field == "predecessors"


def test_an_unknown_predecessor_is_named() -> None:
    with pytest.raises(PlanError) as caught:
        Plan(tasks=tasks("1", "2"), links=[Link("9", "2")])
    assert (caught.value.task, caught.value.field, caught.value.value) == ("2", "predecessors", "9")
    assert "predecessor '9' does not exist" in caught.value.message


def test_a_duplicate_id_names_both_rows() -> None:
    with pytest.raises(PlanError, match=r"rows 1 and 3") as caught:
        Plan(tasks=tasks("7", "8", "7"))
    assert caught.value.task == "7" and caught.value.field == "id"


def test_a_summary_cannot_be_linked_to_its_own_child() -> None:
    summary = Task("1", "Phase", outline_level=1)
    child = Task("2", "Work", 2.0, outline_level=2)
    for link in (Link("1", "2"), Link("2", "1")):
        with pytest.raises(PlanError, match="summary of task 2"):
            Plan(tasks=[summary, child], links=[link])


def test_a_negative_duration_is_refused() -> None:
    with pytest.raises(PlanError) as caught:
        Plan(tasks=[Task("1", "Dig", -2.0)])
    assert (caught.value.task, caught.value.field, caught.value.value) == ("1", "duration", -2.0)


def test_a_constraint_needs_its_date() -> None:
    with pytest.raises(PlanError, match="Start no earlier than' needs a date") as caught:
        Plan(tasks=[Task("1", "Dig", constraint=ConstraintType.SNET)])
    assert caught.value.field == "constraint_date"


def test_an_unreadable_date_is_named() -> None:
    plan = Plan(start=date(2025, 1, 6), tasks=tasks("1"))
    with pytest.raises(PlanError) as caught:
        plan.set("1", "deadline", "next tuesday-ish")
    assert (caught.value.task, caught.value.field, caught.value.value) == (
        "1",
        "deadline",
        "next tuesday-ish",
    )


def test_a_task_cannot_be_its_own_predecessor_or_linked_twice() -> None:
    with pytest.raises(PlanError, match="its own predecessor"):
        Plan(tasks=tasks("1"), links=[Link("1", "1")])
    with pytest.raises(PlanError, match="twice"):
        Plan(tasks=tasks("1", "2"), links=[Link("1", "2"), Link("1", "2", lag=1)])


def test_an_outline_that_skips_a_level_is_refused() -> None:
    with pytest.raises(PlanError, match="more than one level"):
        Plan(tasks=[Task("1", outline_level=1), Task("2", outline_level=3)])


def test_errors_serialise_for_widgets_and_json() -> None:
    with pytest.raises(PlanError) as caught:
        Plan(tasks=[Task("1", "Dig", percent_complete=140)])
    assert caught.value.as_dict() == {
        "message": "Task 1: % complete must be between 0 and 100, not 140.",
        "task": "1",
        "field": "percent_complete",
        "value": "140",
        "tasks": [],
    }
