"""The plan table: typed cells become plan edits; refusals leave plan and cells as they were."""

from __future__ import annotations

import html
import re
import time
from datetime import date
from typing import Any

import pytest

from pmwidgets import Plan, PlanError
from pmwidgets.core.model import ConstraintType, Link, Task
from pmwidgets.io import read_plan
from pmwidgets.widgets.plan_table import COLUMNS, PlanTable


@pytest.fixture
def plan() -> Plan:
    """1 -> 2 -> 3 in a chain (3 working days, then 2, then 1) and 4 on its own."""
    plan = Plan("Office move", start=date(2025, 3, 3))
    plan.add_task("Pack", "3d")
    plan.add_task("Move", "2d", predecessors="1")
    plan.add_task("Unpack", "1d", predecessors="2")
    plan.add_task("Order signs", "1d")
    ana = plan.add_resource("Ana")
    plan.assign("2", ana.id, 0.5)
    return plan


@pytest.fixture
def table(plan: Plan) -> PlanTable:
    return PlanTable(plan)


@pytest.fixture
def sent(table: PlanTable, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The custom messages the table sends to the browser."""
    messages: list[dict[str, Any]] = []
    monkeypatch.setattr(
        table.grid.grid, "send", lambda content, buffers=None: messages.append(content)
    )
    return messages


def _shown(table: PlanTable) -> str:
    """The message as a person reads it."""
    return html.unescape(re.sub("<[^>]+>", "", table.grid.message.value))


def test_the_columns_read_as_ms_project_shows_them(table: PlanTable) -> None:
    rows = table.grid.frame.to_dict("index")
    assert rows["2"] == {
        "ID": "2",
        "WBS": "2",
        "Name": "Move",
        "Duration": "2d",
        "Start": "2025-03-06",
        "Finish": "2025-03-07",
        "Predecessors": "1",
        "Resources": "Ana[50%]",
        "% complete": "0%",
        "Total float": "0d",
        "Critical": "Critical",
    }
    assert rows["4"]["Critical"] == "" and rows["4"]["Total float"] == "5d"
    computed = {column.name for column, field in COLUMNS if not column.editable}
    assert computed == {"ID", "WBS", "Resources", "Total float", "Critical"}
    assert {c["name"] for c in table.grid.grid.columns if not c["editable"]} == computed
    assert "pmw-plan-table" in table._dom_classes


def test_summary_names_are_indented_by_outline_level(plan: Plan) -> None:
    plan.indent("4")
    table = PlanTable(plan)
    assert table.grid.cell("4", "Name") == "   Order signs"
    assert table.grid.edit("4", "Name", "   Order door signs")
    assert plan.task("4").name == "Order door signs"


def test_a_duration_edit_repaints_the_task_and_its_successors_only(
    table: PlanTable, plan: Plan, sent: list[dict[str, Any]]
) -> None:
    assert table.grid.edit("1", "Duration", "5")
    assert plan.task("1").duration == 5
    assert table.grid.cell("1", "Duration") == "5d"
    assert table.grid.cell("1", "Finish") == "2025-03-07"
    assert table.grid.cell("2", "Finish") == "2025-03-11"
    assert table.grid.cell("3", "Finish") == "2025-03-12"
    # Task 4 is on no path from task 1, but its float grows with the project's finish.
    assert table.grid.cell("4", "Total float") == "7d"
    # Four rows changed: they go in one message, and only they.
    assert [m["rows"] for m in sent] == [[0, 1, 2, 3]]
    assert [row[5] for row in table.grid.grid.table["rows"][:3]] == [
        "2025-03-07",
        "2025-03-11",
        "2025-03-12",
    ]
    assert table.grid.message.value == ""
    assert table.grid.edit("4", "Duration", "2d")
    assert [m["rows"] for m in sent] == [[0, 1, 2, 3], [3]]


@pytest.mark.parametrize(
    ("task", "column", "value", "words"),
    [
        ("2", "Duration", "abc", ["Task 2", "duration", "'abc'"]),
        ("1", "% complete", "140", ["Task 1", "% complete", "140"]),
        ("1", "Predecessors", "3", ["Task 1", "predecessors", "'3'", "loop"]),
        ("3", "Predecessors", "2, 99", ["Task 3", "predecessor", "'99'"]),
        ("3", "Start", "next week", ["Task 3", "start", "'next week'"]),
    ],
)
def test_bad_input_is_named_and_changes_nothing(
    table: PlanTable,
    plan: Plan,
    sent: list[dict[str, Any]],
    task: str,
    column: str,
    value: str,
    words: list[str],
) -> None:
    state, old = plan.state, table.grid.cell(task, column)
    assert not table.grid.edit(task, column, value)
    assert plan.state is state
    assert table.grid.cell(task, column) == old
    assert table.grid.frame.at[task, column] == old
    row = list(table.grid.frame.index).index(task)
    assert sent[-1]["type"] == "patch" and sent[-1]["rows"] == [row]
    assert sent[-1]["values"][0][[c.name for c, _ in COLUMNS].index(column)] == old
    for word in words:
        assert word in _shown(table)


def test_typing_a_start_sets_a_constraint_and_says_so(table: PlanTable, plan: Plan) -> None:
    assert table.grid.edit("3", "Start", "2025-03-31")
    assert plan.task("3").constraint is ConstraintType.SNET
    assert table.grid.cell("3", "Start") == "2025-03-31"
    assert _shown(table) == (
        "Task 3: start set to 2025-03-31 (a 'start no earlier than' constraint)"
    )
    assert table.grid.edit("3", "Start", "")
    assert plan.task("3").constraint is ConstraintType.ASAP
    assert "constraint removed" in _shown(table)


def test_typing_a_finish_sets_a_finish_constraint(table: PlanTable, plan: Plan) -> None:
    assert table.grid.edit("4", "Finish", "2025-03-14")
    assert plan.task("4").constraint is ConstraintType.FNET
    assert "'finish no earlier than'" in _shown(table)


def test_computed_columns_and_read_only_tables_refuse_edits(plan: Plan) -> None:
    state = plan.state
    table = PlanTable(plan)
    assert not table.grid.edit("1", "Total float", "2d")
    assert "computed" in _shown(table)
    viewer = PlanTable(plan, read_only=True)
    assert not viewer.grid.grid.editable
    assert not viewer.grid.edit("1", "Duration", "9d")
    assert "read-only" in _shown(viewer)
    assert plan.state is state


def test_user_text_in_a_message_is_escaped(table: PlanTable) -> None:
    assert not table.grid.edit("1", "Duration", "<img src=x onerror=alert(1)>")
    assert "<img" not in table.grid.message.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in table.grid.message.value


def test_undo_then_refresh_restores_the_cells(table: PlanTable, plan: Plan) -> None:
    before = table.grid.frame
    table.grid.edit("1", "Duration", "10d")
    table.grid.edit("1", "Name", "Pack <everything>")
    assert plan.undo() and plan.undo()
    table.refresh()
    assert table.grid.frame.equals(before)
    assert table.grid.cell("3", "Finish") == before.at["3", "Finish"]


def test_tasks_added_elsewhere_appear_on_refresh(table: PlanTable, plan: Plan) -> None:
    plan.add_task("Party", "1d", predecessors="3")
    table.refresh()
    assert table.grid.cell("5", "Predecessors") == "3"


def test_selection_from_the_browser_and_from_code(table: PlanTable) -> None:
    events: list[dict[str, Any]] = []
    table.on_select(events.append)
    table.grid.grid.selection = ["2"]
    assert table.selected_task == "2" and events == [{"task": "2"}]
    table.select("3")
    assert table.selected_task == "3" and events == [{"task": "2"}]
    assert table.grid.grid.selection == ["3"]
    with pytest.raises(PlanError, match="no task '42'"):
        table.select("42")
    table.select(None)
    assert table.selected_task is None and table.grid.grid.selection == []


def test_a_2000_task_plan_builds_and_edits_in_reasonable_time() -> None:
    count = 2000
    tasks = [Task(str(i), f"Task {i}", duration=1 + i % 5) for i in range(1, count + 1)]
    links = [Link(str(i - 1), str(i)) for i in range(2, count + 1) if i % 10]
    plan = Plan("Big", start=date(2025, 1, 6), tasks=tasks, links=links)
    began = time.perf_counter()
    table = PlanTable(plan)
    built = time.perf_counter() - began
    assert len(table.grid.frame) == count
    began = time.perf_counter()
    assert table.grid.edit("1", "Duration", "9d")
    edited = time.perf_counter() - began
    assert table.grid.cell("9", "Start") != "2025-01-06"
    assert built < 10 and edited < 5, (built, edited)


@pytest.mark.parametrize(
    ("task", "column", "value"),
    [
        ("13", "Duration", "5d"),  # moves its successors, its summary and the last milestone
        ("9", "Duration", "1d"),  # off the critical path: its own row only
        ("2", "Duration", "4d"),  # the first task: every row moves
        ("10", "Name", "Fit out the desks"),
        ("15", "Predecessors", "13"),
        ("11", "% complete", "50"),
        ("4", "Start", "2026-12-21"),
    ],
)
def test_an_edit_repaints_the_rows_the_core_names_exactly_as_a_new_table_shows_them(
    task: str, column: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = read_plan("sample_data/office_move.json")
    table = PlanTable(plan)
    before, schedule = table.grid.frame, plan.schedule()
    messages: list[dict[str, Any]] = []
    monkeypatch.setattr(
        table.grid.grid.comm,
        "send",
        lambda data=None, metadata=None, buffers=None: messages.append(data),
    )
    assert table.edit(task, column, value)
    fresh = PlanTable(plan).grid.frame
    assert table.grid.frame.equals(fresh)
    assert table.grid.grid.table == PlanTable(plan).grid.grid.table
    repainted = {task, *plan.schedule().changed_tasks(schedule)}
    differs = set(fresh.index[(fresh != before).any(axis=1)])
    assert differs <= repainted
    positions = sorted(list(fresh.index).index(key) for key in repainted)
    assert messages == [
        {
            "method": "custom",
            "content": {
                "type": "patch",
                "rows": positions,
                "values": [list(fresh.iloc[row]) for row in positions],
            },
        }
    ]


def test_a_block_pasted_from_a_spreadsheet_edits_and_adds_tasks_as_one_undo_step(
    table: PlanTable, plan: Plan
) -> None:
    events: list[dict[str, Any]] = []
    table.on_edit(events.append)
    assert table.paste(
        "4", "Name", "Order door signs\t2d\nHang signs\t1d\t\t\t4\nParty\t0.5d\t\t\t5"
    )
    assert plan.task("4").name == "Order door signs" and plan.task("4").duration == 2
    assert [(t.id, t.name) for t in plan.tasks[-2:]] == [("5", "Hang signs"), ("6", "Party")]
    assert [link.predecessor for link in plan.predecessors("6")] == ["5"]
    assert table.grid.frame.equals(PlanTable(plan).grid.frame)
    assert _shown(table) == "Pasted 12 cells into 3 rows, adding tasks 5, 6."
    assert events[-1]["accepted"] and plan.history[-1] == "Paste 12 cells"
    plan.undo()
    table.refresh()
    assert [t.id for t in plan.tasks] == ["1", "2", "3", "4"]


def test_a_paste_with_one_bad_cell_changes_nothing(
    table: PlanTable, plan: Plan, sent: list[dict[str, Any]]
) -> None:
    state, before = plan.state, table.grid.frame
    assert not table.paste("2", "Duration", "3d\nabc")
    assert plan.state is state and table.grid.frame.equals(before) and sent == []
    assert "Nothing was pasted. Task 3: duration 'abc'" in _shown(table)


def test_abbreviated_and_computed_headers_explain_themselves(table: PlanTable) -> None:
    tips = {column["name"]: column["tooltip"] for column in table.grid.grid.columns}
    assert tips["WBS"].startswith("Work breakdown structure")
    assert tips["Total float"].endswith("(computed: not typed into)")
    assert "3FS+2d" in tips["Predecessors"] and "2w" in tips["Duration"]
    assert tips["Name"] == "Name"
