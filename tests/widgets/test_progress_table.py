"""The progress table: typed progress, the status date and Update as planned, without a
browser."""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from typing import Any

import pytest

from pmwidgets import Plan, ProjectSettings
from pmwidgets.core.model import Link, Task
from pmwidgets.widgets.progress_table import ProgressTable

MONDAY = date(2026, 3, 2)


@pytest.fixture
def plan() -> Plan:
    """A summary over Walls (3 days from Monday 2 March) then Paint (2 days)."""
    return Plan(
        "Flat",
        start=MONDAY,
        tasks=[
            Task("1", "Build", outline_level=1),
            Task("2", "Walls", 3, outline_level=2, fixed_cost=600),
            Task("3", "Paint", 2, outline_level=2, fixed_cost=400),
        ],
        links=[Link("2", "3")],
    )


@pytest.fixture
def events() -> list[dict[str, Any]]:
    """What the table's on_change callback received."""
    return []


@pytest.fixture
def table(plan: Plan, events: list[dict[str, Any]]) -> ProgressTable:
    table = ProgressTable(plan)
    table.on_change(events.append)
    return table


def shown(table: ProgressTable) -> str:
    return html.unescape(re.sub("<[^>]+>", "", table.message.value))


def test_only_working_tasks_are_listed_with_their_progress(table: ProgressTable) -> None:
    frame = table.grid.frame
    assert list(frame.index) == ["2", "3"]  # the summary's progress rolls up
    assert frame.loc["2"].tolist() == ["2", "Walls", "0%", "", "", "", "3d", ""]
    assert "pmw-progress-table" in table._dom_classes


def test_a_percentage_over_100_is_refused_and_named(
    table: ProgressTable, plan: Plan, events: list[dict[str, Any]]
) -> None:
    before = plan.state
    assert not table.edit("2", "% complete", "140")
    message = shown(table)
    assert "Not accepted" in message
    assert "Task 2" in message and "% complete" in message and "140" in message
    assert plan.state is before
    assert table.grid.cell("2", "% complete") == "0%"
    assert events == []


def test_typing_an_actual_cost_records_it(
    table: ProgressTable, plan: Plan, events: list[dict[str, Any]]
) -> None:
    assert table.edit("2", "Actual cost", "750.5")
    assert plan.task("2").actual_cost == 750.5
    assert table.grid.cell("2", "Actual cost") == "750.50"
    assert events == [{"action": "progress", "tasks": ["2"]}]
    assert table.edit("2", "Actual cost", "")
    assert plan.task("2").actual_cost is None


def test_progress_dates_and_remaining_duration_are_typed(table: ProgressTable, plan: Plan) -> None:
    assert table.edit("2", "Actual start", "2026-03-03")
    assert plan.task("2").actual_start == datetime(2026, 3, 3)
    assert table.edit("2", "Physical %", "25%")
    assert plan.task("2").physical_percent_complete == 25
    table.edit("2", "% complete", "50")
    assert table.edit("2", "Remaining", "3d")  # 1.5 days done, 3 to go
    walls = plan.task("2")
    assert (walls.duration, walls.percent_complete) == (4.5, pytest.approx(33.3))
    assert table.grid.frame.loc["2", ["% complete", "Remaining"]].tolist() == ["33.3%", "3d"]
    assert not table.edit("2", "Actual finish", "2026-03-01")  # before the actual start
    assert "before actual start" in shown(table)


def test_update_as_planned_marks_the_scheduled_work_done(
    table: ProgressTable, plan: Plan, events: list[dict[str, Any]]
) -> None:
    table.status_picker.value = date(2026, 3, 6)
    assert plan.status_date is None  # picking a date records nothing yet
    table.update_button.click()
    assert plan.status_date == datetime(2026, 3, 6)
    assert [plan.task(t).percent_complete for t in ("2", "3")] == [100, 100]
    assert table.grid.frame["% complete"].tolist() == ["100%", "100%"]
    assert table.grid.cell("3", "Actual finish") == "2026-03-06"
    assert "tasks 2, 3 updated" in shown(table)
    assert events == [{"action": "update_as_planned", "tasks": ["2", "3"]}]


def test_update_as_planned_needs_a_date(table: ProgressTable, plan: Plan) -> None:
    before = plan.state
    assert table.update_as_planned() == []
    assert "status date" in shown(table)
    assert plan.state is before


def test_set_status_date_records_only_the_date(
    table: ProgressTable, plan: Plan, events: list[dict[str, Any]]
) -> None:
    table.status_picker.value = date(2026, 3, 4)
    table.status_button.click()
    assert plan.status_date == datetime(2026, 3, 4)
    assert plan.task("2").percent_complete == 0
    assert events == [{"action": "status_date", "tasks": []}]


def test_read_only_refuses_every_change(plan: Plan) -> None:
    table = ProgressTable(plan, read_only=True)
    before = plan.state
    assert not table.edit("2", "% complete", "50")
    assert "read-only" in shown(table)
    assert table.update_as_planned(date(2026, 3, 6)) == []
    assert not table.set_status_date(date(2026, 3, 6))
    assert plan.state is before
    assert table.status_picker.disabled
    assert table.update_button.layout.display == "none"
    table.read_only = False
    assert table.edit("2", "% complete", "50")


def test_refresh_shows_changes_made_elsewhere(table: ProgressTable, plan: Plan) -> None:
    plan.record_progress("3", percent_complete=20)
    plan.set_project(settings=ProjectSettings(currency="CHF"), status_date=date(2026, 3, 4))
    table.refresh()
    assert table.grid.cell("3", "% complete") == "20%"
    assert table.status_picker.value == date(2026, 3, 4)
    assert "CHF" in table.currency_note.value
