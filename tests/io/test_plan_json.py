"""pmwidgets' own plan file keeps everything a plan holds."""

from datetime import date, datetime
from pathlib import Path

import pytest

from pmwidgets import (
    Calendar,
    CalendarException,
    ConstraintType,
    FileFormatError,
    Link,
    LinkType,
    Plan,
    Task,
)
from pmwidgets.core.model import Assignment, Resource, TaskBaseline
from pmwidgets.io import read_plan
from pmwidgets.io.plan_json import write_plan_json


def test_a_plan_round_trips_through_its_json_file(tmp_path: Path) -> None:
    vacation = CalendarException(date(2025, 8, 4), date(2025, 8, 15), "Summer")
    plan = Plan(
        "Round trip",
        start=date(2025, 1, 6),
        calendar=Calendar(
            exceptions=(
                CalendarException(date(2025, 5, 1), date(2025, 5, 1), "May Day", yearly=True),
            )
        ),
        status_date=date(2025, 2, 3),
        tasks=[
            Task("1", "Phase", outline_level=1),
            Task("2", "Design", 5.5, outline_level=2, notes="<b>bold</b>", fixed_cost=1200.0),
            Task(
                "3",
                "Build",
                10,
                outline_level=2,
                constraint=ConstraintType.SNET,
                constraint_date=datetime(2025, 2, 3, 8),
            ),
            Task(
                "4", "Done", 0, milestone=True, deadline=datetime(2025, 4, 30), percent_complete=0
            ),
        ],
        links=[Link("2", "3", LinkType.SS, 2), Link("3", "4", LinkType.FS, 50, lag_percent=True)],
        resources=[
            Resource("r1", "Ada", "Engineer", 1.0, 90.0, 10.0, Calendar(exceptions=(vacation,)))
        ],
        assignments=[Assignment("2", "r1", 0.5, 22.0)],
        baselines=[
            TaskBaseline(
                "2", 0, datetime(2025, 1, 6, 8), datetime(2025, 1, 13, 12), 5.5, 44.0, 2000.0
            )
        ],
    )
    path = tmp_path / "plan.json"
    write_plan_json(plan.state, path)
    again = read_plan(path)
    for field in (
        "name",
        "start",
        "calendar",
        "tasks",
        "links",
        "status_date",
        "settings",
        "resources",
        "assignments",
        "baselines",
    ):
        assert getattr(again.state, field) == getattr(plan.state, field), field


def test_a_file_that_is_not_a_plan_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"hello": 1}')
    with pytest.raises(FileFormatError, match="not a pmwidgets plan"):
        read_plan(path)
