"""Resources and assignments in the plan model (leveling and load come with issue 5)."""

from datetime import date

import pytest

from pmwidgets import Plan, PlanError, Task
from pmwidgets.core.model import Assignment, Resource


def plan() -> Plan:
    return Plan(start=date(2025, 1, 6), tasks=[Task("1", "Dig", 3.0), Task("2", "Pour", 1.0)])


def test_resources_are_added_assigned_and_unassigned_with_undo() -> None:
    p = plan()
    ada = p.add_resource("Ada", role="Engineer", standard_rate=80.0)
    p.assign("1", ada.id, 0.5)
    assert p.assignments == (Assignment("1", ada.id, 0.5),)
    p.assign("1", ada.id, 1.0)
    assert [a.units for a in p.assignments] == [1.0]
    p.unassign("1", ada.id)
    assert p.assignments == ()
    p.undo()
    assert p.assignments == (Assignment("1", ada.id, 1.0),)


def test_deleting_a_task_removes_its_assignments() -> None:
    p = plan()
    ada = p.add_resource("Ada")
    p.assign("1", ada.id)
    p.delete_task("1")
    assert p.assignments == ()


@pytest.mark.parametrize(
    ("resources", "assignments", "message"),
    [
        ([Resource("r", "A"), Resource("r", "B")], [], "its own id"),
        ([Resource("r", "A", max_units=0)], [], "maximum units"),
        ([Resource("r", "A")], [Assignment("9", "r")], "names task '9'"),
        ([Resource("r", "A")], [Assignment("1", "x")], "resource 'x' does not exist"),
        ([Resource("r", "A")], [Assignment("1", "r", 0)], "units above 0"),
        ([Resource("r", "A")], [Assignment("1", "r"), Assignment("1", "r")], "assigned twice"),
    ],
)
def test_bad_resources_and_assignments_are_refused(
    resources: list, assignments: list, message: str
) -> None:
    with pytest.raises(PlanError, match=message):
        Plan(tasks=[Task("1", "Dig")], resources=resources, assignments=assignments)


def test_an_assignment_to_a_missing_resource_leaves_the_plan_unchanged() -> None:
    p = plan()
    before = p.state
    with pytest.raises(PlanError, match="resource 'nobody' does not exist"):
        p.assign("1", "nobody")
    assert p.state is before
