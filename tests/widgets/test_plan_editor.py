"""The plan editor without a browser: toolbar actions, cell edits, the chart following the table,
saving through the store with conflicts, and read-only mode."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from pmwidgets import Plan
from pmwidgets.plotting import theme
from pmwidgets.store import Store
from pmwidgets.widgets.plan_editor import PlanEditor

TEXTBOOK_START = date(2025, 1, 6)  # a Monday
FOUNDRY = {  # Render, Stair & Hanna's General Foundry network: name, weeks as days, predecessors
    "A": (2, ""),
    "B": (3, ""),
    "C": (2, "A"),
    "D": (4, "B"),
    "E": (4, "C"),
    "F": (3, "C"),
    "G": (5, "D, E"),
    "H": (2, "F, G"),
}


def _shown(editor: PlanEditor) -> str:
    """The message as a person reads it."""
    return html.unescape(re.sub("<[^>]+>", "", editor.message.value))


def _bar(editor: PlanEditor, task_id: str) -> tuple[float, float]:
    bars = editor.chart.sources["bars"].data
    row = bars["id"].index(task_id)
    return bars["left"][row], bars["right"][row]


def _build_foundry(editor: PlanEditor) -> dict[str, str]:
    """Type the network into an empty editor as a manager would; returns name -> task id."""
    ids: dict[str, str] = {}
    for name in FOUNDRY:
        ids[name] = editor.add_task()
        assert editor.table.edit(ids[name], "Name", name)
    for name, (days, predecessors) in FOUNDRY.items():
        assert editor.table.edit(ids[name], "Duration", f"{days}d")
        if predecessors:
            typed = ", ".join(ids[p.strip()] for p in predecessors.split(","))
            assert editor.table.edit(ids[name], "Predecessors", typed), _shown(editor)
    return ids


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'plans.db'}") as store:
        yield store


@pytest.fixture
def editor() -> PlanEditor:
    plan = Plan("Office move", start=date(2025, 3, 3))
    for name, days in (("Pack", 3), ("Move", 2), ("Unpack", 1), ("Order signs", 1)):
        plan.add_task(name, days)
    plan.link("1", "2")
    plan.link("2", "3")
    return PlanEditor(plan, today=date(2025, 3, 3))


def test_a_manager_builds_the_general_foundry_network_saves_and_reopens_it(
    store: Store, tmp_path: Path
) -> None:
    editor = PlanEditor(Plan("General Foundry", start=TEXTBOOK_START), store=store)
    ids = _build_foundry(editor)

    table = editor.table.grid.frame.set_index("Name")
    critical = [name for name in FOUNDRY if table.loc[name, "Critical"] == "Critical"]
    assert critical == ["A", "C", "E", "G", "H"]
    assert editor.plan.schedule().makespan_days == 15
    assert table.loc["H", "Finish"] == "2025-01-24"  # the 15th working day from Monday 6th
    bars = editor.chart.sources["bars"].data
    flagged = [bars["name"][k] for k, c in enumerate(bars["critical_text"]) if c == "yes"]
    assert flagged == ["A", "C", "E", "G", "H"]

    assert editor.save("Network from the textbook") == 1
    assert "Saved as version 1 of 'General Foundry'" in _shown(editor)
    assert not editor.dirty
    with Store(f"sqlite:///{tmp_path / 'plans.db'}") as again:
        reopened = PlanEditor(again.load("General Foundry"))
    assert reopened.table.grid.frame.equals(editor.table.grid.frame)
    assert reopened.plan.predecessors(ids["H"]) == editor.plan.predecessors(ids["H"])


def test_an_accepted_edit_moves_the_finish_cell_and_the_bars_downstream(
    editor: PlanEditor,
) -> None:
    before = _bar(editor, "3")
    assert editor.table.edit("1", "Duration", "5d")
    assert editor.table.grid.cell("3", "Finish") == "2025-03-12"
    left, right = _bar(editor, "3")
    assert left > before[0] and right - left == before[1] - before[0]
    assert editor.dirty and editor.buttons["undo"].tooltip == "Undo: Task 1: duration = 5d"


def test_garbage_is_refused_with_a_marked_message_and_nothing_moves(editor: PlanEditor) -> None:
    state, bars = editor.plan.state, dict(editor.chart.sources["bars"].data)
    assert not editor.table.edit("2", "Duration", "abc")
    assert "Not accepted: Task 2: duration 'abc' is not a duration" in _shown(editor)
    assert 'role="alert"' in editor.message.value
    assert editor.table.grid.cell("2", "Duration") == "2d"
    assert editor.plan.state is state
    assert editor.chart.sources["bars"].data == bars


def test_selection_follows_between_table_and_chart(editor: PlanEditor) -> None:
    editor.table.grid.grid.selection = ["3"]  # a click on row 3
    assert editor.chart.selected_task == "3"
    assert editor.chart.sources["bars"].selected.indices == [2]
    editor.chart.sources["bars"].selected.indices = [1]  # a tap on Move's bar
    assert editor.table.selected_task == "2"
    assert editor.table.grid.grid.selection == ["2"]


def _unlinked_editor() -> PlanEditor:
    plan = Plan("Chores", start=date(2025, 3, 3))
    for name, days in (("Pack", 3), ("Move", 2), ("Unpack", 1), ("Order signs", 1)):
        plan.add_task(name, days)
    return PlanEditor(plan)


def test_insert_puts_a_task_above_the_selected_row_at_its_level(editor: PlanEditor) -> None:
    editor.select("4")
    assert editor.indent_selected()
    new = editor.insert_task()
    assert [t.id for t in editor.plan.tasks] == ["1", "2", "3", new, "4"]
    assert editor.plan.task(new).outline_level == 2
    assert editor.table.selected_task == editor.chart.selected_task == new
    assert editor.table.grid.cell(new, "Name") == "   New task"


def test_delete_indent_outdent_and_link_act_on_every_selected_row() -> None:
    editor = _unlinked_editor()
    editor.table.grid.grid.selection = ["4", "1"]
    assert editor.table.selected_tasks == ("4", "1")
    assert editor.link_selected()
    assert "Linked tasks 4, 1 finish-to-start" in _shown(editor)
    assert editor.table.grid.cell("1", "Predecessors") == "4"
    assert editor.table.grid.cell("1", "Start") == "2025-03-04"
    assert editor.plan.history[-1] == "Link tasks 4, 1"

    editor.table.grid.grid.selection = ["2", "3"]
    assert editor.indent_selected()
    assert [t.outline_level for t in editor.plan.tasks] == [1, 2, 2, 1]
    assert editor.table.grid.cell("1", "Duration") == "2d"  # their summary spans them
    assert editor.outdent_selected()
    assert [t.outline_level for t in editor.plan.tasks] == [1, 1, 1, 1]

    assert editor.delete_selected() == ["2", "3"]
    assert list(editor.table.grid.frame.index) == ["1", "4"]
    assert editor.chart.sources["bars"].data["id"] == ["1", "4"]
    assert editor.table.selected_tasks == ()


def test_actions_without_a_selection_say_what_to_select(editor: PlanEditor) -> None:
    assert editor.delete_selected() == []
    assert "Select a task to delete" in _shown(editor)
    history = editor.plan.history
    editor.select("2")
    assert not editor.link_selected()
    assert "Select at least 2 tasks to link" in _shown(editor)
    editor.select("1")
    assert not editor.indent_selected()
    assert "no task above it" in _shown(editor)
    editor.select("3")
    assert not editor.indent_selected()
    assert "a summary cannot be linked to a task under it" in _shown(editor)
    assert editor.plan.history == history


def test_undo_and_redo_buttons_follow_the_history(editor: PlanEditor) -> None:
    fresh = PlanEditor(Plan("Empty", start=date(2025, 3, 3)))
    assert fresh.buttons["undo"].disabled and fresh.buttons["redo"].disabled
    editor.buttons["add"].click()
    assert len(editor.plan.tasks) == 5 and editor.table.selected_task == "5"
    editor.buttons["undo"].click()
    assert len(editor.plan.tasks) == 4 and "Undone: Add task 5" in _shown(editor)
    assert list(editor.table.grid.frame.index) == ["1", "2", "3", "4"]
    assert not editor.buttons["redo"].disabled
    editor.buttons["redo"].click()
    assert list(editor.chart.sources["bars"].data["id"]) == ["1", "2", "3", "4", "5"]
    assert editor.buttons["redo"].disabled


def test_setting_a_baseline_draws_it_behind_the_bars(editor: PlanEditor) -> None:
    assert editor.chart.sources["baselines"].data["id"] == []
    editor.buttons["baseline"].click()
    assert sorted(editor.chart.sources["baselines"].data["id"]) == ["1", "2", "3", "4"]
    assert "Baseline set: the planned dates of 4 tasks" in _shown(editor)


def test_a_save_after_someone_else_s_is_refused_then_merged(store: Store) -> None:
    plan = Plan("Launch", start=date(2025, 3, 3))
    plan.add_task("Design", 5)
    plan.add_task("Build", 10)
    store.save(plan, author="ana")
    mine = PlanEditor(store.load("Launch"), store=store, author="ben")
    theirs = PlanEditor(store.load("Launch"), store=store, author="cleo")
    assert theirs.table.edit("1", "Name", "Design review")
    assert theirs.save("renamed") == 2
    assert mine.table.edit("2", "Duration", "12d")

    assert mine.save() is None
    shown = _shown(mine)
    assert "Not accepted: Project 'Launch' was saved by someone else" in shown
    assert "version 2 by cleo" in shown and "(renamed)" in shown
    assert mine.buttons["merge"].layout.display is None

    mine.buttons["merge"].click()
    assert mine.table.grid.cell("1", "Name") == "Design review"
    assert mine.table.grid.cell("2", "Duration") == "12d"
    assert "Save to keep the result" in _shown(mine)
    assert mine.buttons["merge"].layout.display == "none"
    assert mine.save() == 3
    assert store.load("Launch").task("2").duration == 12


def test_without_a_store_save_is_hidden_and_refused(editor: PlanEditor) -> None:
    assert editor.buttons["save"].layout.display == "none"
    assert editor.save() is None
    assert "There is no store to save to" in _shown(editor)


def test_read_only_shows_the_views_without_toolbar_or_editing(editor: PlanEditor) -> None:
    plan = editor.plan
    viewer = PlanEditor(plan, read_only=True)
    assert viewer.toolbar not in viewer.children
    assert not viewer.table.grid.grid.editable
    assert not viewer.table.edit("1", "Duration", "9d")
    assert "read-only" in _shown(viewer)
    assert plan.task("1").duration == 3
    viewer.chart.sources["bars"].selected.indices = [1]
    assert viewer.table.selected_task == "2"
    viewer.read_only = False
    assert viewer.toolbar in viewer.children and viewer.table.grid.grid.editable


def test_selecting_a_row_far_down_pans_the_chart_to_it() -> None:
    plan = Plan("Long", start=date(2025, 3, 3))
    for k in range(60):
        plan.add_task(f"Task {k + 1}", 1)
    editor = PlanEditor(plan)
    editor.table.grid.grid.selection = ["50"]
    rows = editor.chart.figure.y_range
    assert rows.end < 49 < rows.start
    assert rows.start - rows.end == theme.MAX_VISIBLE_ROWS


def test_the_chart_follows_the_table_as_it_scrolls() -> None:
    plan = Plan("Long", start=date(2025, 3, 3))
    for k in range(60):
        plan.add_task(f"Task {k + 1}", 1)
    editor = PlanEditor(plan)
    rows = editor.chart.figure.y_range
    shown = rows.start - rows.end
    editor.table.grid.grid.set_state({"top_row": 30})  # the browser scrolled the table
    assert (rows.end, rows.start) == (29.5, 29.5 + shown)
    editor.table.grid.grid.set_state({"top_row": 59})  # as far as it goes: the last rows
    assert rows.start == rows.bounds[1] and rows.start - rows.end == shown
    editor.table.grid.grid.set_state({"top_row": 10_000})  # a forged value stays in the table
    assert editor.table.grid.top_row == 59
    editor.table.grid.grid.set_state({"top_row": 0})
    assert rows.end == -0.5
