"""Edits of several selected tasks at once: one undo step each, all or nothing."""

from datetime import date

import pytest

from pmwidgets import Plan, PlanError


@pytest.fixture
def plan() -> Plan:
    """1 (summary of 2, 3), 4, 5, 6 at the top level."""
    plan = Plan("Batch", start=date(2025, 1, 6))
    for name in ("Phase", "Dig", "Pour", "Frame", "Roof", "Paint"):
        plan.add_task(name, 2)
    plan.indent("2", "3")
    return plan


def test_deleting_several_tasks_is_one_edit_and_a_summary_takes_its_subtasks(plan: Plan) -> None:
    plan.link("3", "4")
    removed = plan.delete_tasks(["1", "3", "5"])
    assert removed == ["1", "2", "3", "5"]
    assert [t.id for t in plan.tasks] == ["4", "6"]
    assert plan.links == ()
    assert plan.history[-1] == "Delete tasks 1, 3, 5"
    plan.undo()
    assert [t.id for t in plan.tasks] == ["1", "2", "3", "4", "5", "6"]


def test_a_delete_naming_an_unknown_task_deletes_nothing(plan: Plan) -> None:
    before = plan.state
    with pytest.raises(PlanError, match="no task '9'"):
        plan.delete_tasks(["4", "9"])
    assert plan.state is before


def test_indenting_several_tasks_puts_them_under_the_task_above(plan: Plan) -> None:
    plan.indent("5", "6")
    assert [t.outline_level for t in plan.tasks] == [1, 2, 2, 1, 2, 2]
    assert plan.is_summary("4")
    assert plan.history[-1] == "Indent tasks 5, 6"
    plan.outdent("6", "5")
    assert [t.outline_level for t in plan.tasks] == [1, 2, 2, 1, 1, 1]


def test_a_subtask_selected_with_its_summary_moves_once(plan: Plan) -> None:
    plan.indent("4", "5")
    plan.indent("5")
    assert [t.outline_level for t in plan.tasks] == [1, 2, 2, 2, 3, 1]
    plan.outdent("4", "5")
    assert [t.outline_level for t in plan.tasks] == [1, 2, 2, 1, 2, 1]
    assert plan.history[-1] == "Outdent tasks 4, 5"


def test_an_indent_that_cannot_be_done_for_one_task_is_done_for_none(plan: Plan) -> None:
    before = plan.state
    with pytest.raises(PlanError, match="Task 1 is already at the top level"):
        plan.outdent("2", "1")
    assert plan.state is before


def test_linking_selected_tasks_chains_them_in_the_order_given(plan: Plan) -> None:
    plan.link_chain(["6", "4", "5"])
    assert [(link.predecessor, link.successor) for link in plan.links] == [("6", "4"), ("4", "5")]
    frame = plan.schedule().to_frame().set_index("id")
    assert frame.loc["5", "start"] > frame.loc["4", "finish"] > frame.loc["6", "finish"]
    assert plan.history[-1] == "Link tasks 6, 4, 5"
    plan.undo()
    assert plan.links == ()


def test_linking_needs_two_tasks_and_refuses_a_loop_whole(plan: Plan) -> None:
    with pytest.raises(PlanError, match="at least two tasks"):
        plan.link_chain(["4"])
    plan.link("5", "4")
    before = plan.state
    with pytest.raises(PlanError, match="loop"):
        plan.link_chain(["6", "4", "5"])
    assert plan.state is before


def test_rows_of_fields_are_one_edit_and_rows_without_an_id_add_tasks(plan: Plan) -> None:
    added = plan.edit_rows(
        [
            ("5", {"duration": "4d"}),
            (None, {"name": "Move in", "duration": "1d", "predecessors": "6"}),
            (None, {"name": "Party", "predecessors": "7"}),
        ],
        "Paste 6 cells",
    )
    assert added == ["7", "8"]
    assert plan.task("5").duration == 4 and plan.task("7").name == "Move in"
    assert [link.predecessor for link in plan.predecessors("8")] == ["7"]
    assert plan.task("7").outline_level == plan.task("6").outline_level
    assert plan.history[-1] == "Paste 6 cells"
    plan.undo()
    assert [t.id for t in plan.tasks] == ["1", "2", "3", "4", "5", "6"]
    assert plan.task("5").duration == 2


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([("5", {"duration": "4d"}), (None, {"duration": "abc"})], ["Task 7", "duration", "abc"]),
        ([("4", {"predecessors": "6"}), ("6", {"predecessors": "4"})], ["loop"]),
        ([("42", {"name": "Nobody"})], ["42"]),
    ],
)
def test_rows_with_one_bad_value_change_nothing(plan: Plan, rows: list, words: list[str]) -> None:
    before = plan.state
    with pytest.raises(PlanError) as refused:
        plan.edit_rows(rows, "Paste")
    assert all(word in refused.value.message for word in words), refused.value.message
    assert plan.state is before and plan.history[-1] != "Paste"
