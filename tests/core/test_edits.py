"""Edits: each validated and rescheduled, undoable, and a rejected one changes nothing."""

from datetime import date

import pytest

from pmwidgets import ConstraintType, LinkType, Plan, PlanError


def foundry() -> Plan:
    plan = Plan("General Foundry", start=date(2025, 1, 6))
    for name, days in zip("ABCDEFGH", [2, 3, 2, 4, 4, 3, 5, 2], strict=False):
        plan.add_task(name, days, id=name)
    for pred, succ in ["AC", "BD", "CE", "CF", "DG", "EG", "FH", "GH"]:
        plan.link(pred, succ)
    return plan


def test_a_manager_builds_the_foundry_network_from_an_empty_plan() -> None:
    plan = foundry()
    frame = plan.schedule().to_frame()
    assert list(frame.loc[frame.critical, "id"]) == list("ACEGH")
    assert plan.schedule().makespan_days == 15


def test_editing_a_duration_reschedules_and_undo_redo_restore() -> None:
    plan = foundry()
    plan.set("E", "duration", "1w")
    assert plan.task("E").duration == 5
    assert plan.schedule().makespan_days == 16
    assert plan.undo() == "Task E: duration = 1w"
    assert plan.schedule().makespan_days == 15
    assert plan.task("E").duration == 4
    plan.redo()
    assert plan.schedule().makespan_days == 16
    assert not plan.can_redo


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("duration", "abc", "Task C: duration 'abc' is not a duration"),
        ("percent_complete", 140, "% complete must be between 0 and 100"),
        ("predecessors", "H", "loop"),
        ("predecessors", "Z", "predecessor 'Z' does not exist"),
        ("constraint", "SNET", "needs a date"),
        ("priority", "high", "priority must be a number"),
    ],
)
def test_a_rejected_edit_leaves_the_plan_exactly_as_it_was(
    field: str, value: object, message: str
) -> None:
    plan = foundry()
    before = plan.state
    schedule = plan.schedule()
    history = plan.history
    with pytest.raises(PlanError, match=message) as caught:
        plan.set("C", field, value)
    assert caught.value.task in ("C", "H")
    assert plan.state is before
    assert plan.schedule() is schedule
    assert plan.history == history


def test_add_insert_delete_indent_outdent() -> None:
    plan = foundry()
    phase = plan.insert_task(0, "Phase 1", 1)
    assert plan.tasks[0].id == phase.id == "1"
    plan.indent("A")
    plan.indent("B")
    assert plan.is_summary("1") and plan.parent("A") == "1"
    frame = plan.schedule().to_frame().set_index("id")
    assert frame.loc["1", "start"] == frame.loc["A", "start"]
    assert frame.loc["1", "finish"] == frame.loc["B", "finish"]
    plan.outdent("B")
    assert plan.parent("B") is None
    removed = plan.delete_task("1")
    assert removed == ["1", "A"]
    assert not [link for link in plan.links if "A" in (link.predecessor, link.successor)]
    for _ in range(5):
        plan.undo()
    assert [t.id for t in plan.tasks] == list("ABCDEFGH")


def test_indenting_the_first_task_or_outdenting_a_top_task_is_refused() -> None:
    plan = foundry()
    with pytest.raises(PlanError, match="no task above it"):
        plan.indent("A")
    with pytest.raises(PlanError, match="already at the top level"):
        plan.outdent("A")


def test_link_types_lags_and_unlink() -> None:
    plan = foundry()
    plan.link("B", "E", "ss", "2d")
    link = next(k for k in plan.links if (k.predecessor, k.successor) == ("B", "E"))
    assert (link.type, link.lag) == (LinkType.SS, 2.0)
    plan.link("B", "E", "FF", "50%")
    assert [k.lag_percent for k in plan.predecessors("E") if k.predecessor == "B"] == [True]
    plan.unlink("B", "E")
    assert [k.predecessor for k in plan.predecessors("E")] == ["C"]
    with pytest.raises(PlanError, match="no link from task B"):
        plan.unlink("B", "E")


def test_typing_a_start_sets_a_start_no_earlier_than_constraint() -> None:
    plan = foundry()
    plan.set("B", "start", "2025-01-13")
    task = plan.task("B")
    assert task.constraint is ConstraintType.SNET
    assert task.constraint_date.date() == date(2025, 1, 13)
    frame = plan.schedule().to_frame().set_index("id")
    assert frame.loc["B", "start"].date() == date(2025, 1, 13)


def test_predecessor_notation_replaces_the_predecessors() -> None:
    plan = foundry()
    plan.set_predecessors("G", "D, E SS+1d")
    kinds = {(k.predecessor, k.type.value, k.lag) for k in plan.predecessors("G")}
    assert kinds == {("D", "FS", 0.0), ("E", "SS", 1.0)}


def test_the_undo_history_is_bounded_and_a_new_edit_clears_redo() -> None:
    plan = foundry()
    plan.set("A", "duration", 3)
    plan.undo()
    assert plan.can_redo
    plan.set("A", "name", "Prepare")
    assert not plan.can_redo
    assert plan.task("A").name == "Prepare"


def test_a_zero_duration_makes_a_milestone_and_a_duration_unmakes_it() -> None:
    plan = foundry()
    plan.set("H", "duration", "0d")
    assert plan.task("H").milestone
    plan.set("H", "duration", 2)
    assert not plan.task("H").milestone
    plan.update("H", duration=0, milestone=False)
    assert not plan.task("H").milestone


def test_a_baseline_records_the_schedule_and_can_be_undone_or_cleared() -> None:
    plan = foundry()
    plan.set_baseline()
    recorded = {b.task: b for b in plan.state.baselines}
    assert len(recorded) == 8 and recorded["H"].finish.date() == plan.schedule().finish
    assert recorded["E"].duration == 4 and recorded["E"].number == 0
    plan.set("E", "duration", 6)
    assert {b.task: b for b in plan.state.baselines}["E"].duration == 4
    plan.set_baseline(3)
    assert sorted({b.number for b in plan.state.baselines}) == [0, 3]
    plan.clear_baseline(0)
    assert {b.number for b in plan.state.baselines} == {3}
    plan.undo()
    assert sorted({b.number for b in plan.state.baselines}) == [0, 3]
