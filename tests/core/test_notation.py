"""Durations and predecessors as people type them."""

import pytest

from pmwidgets import LinkType, PlanError, ProjectSettings
from pmwidgets.core.notation import (
    format_predecessors,
    parse_date,
    parse_duration,
    parse_predecessors,
)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("5", 5),
        ("5d", 5),
        ("2w", 10),
        ("0.5d", 0.5),
        ("4h", 0.5),
        ("1,5 days", 1.5),
        ("1mo", 20),
        (3, 3),
    ],
)
def test_durations(text: object, days: float) -> None:
    assert parse_duration(text) == days


@pytest.mark.parametrize("text", ["abc", "5x", "", "-2d", float("nan"), True])
def test_bad_durations_are_refused_with_the_value(text: object) -> None:
    with pytest.raises(PlanError) as caught:
        parse_duration(text, task="7")
    assert caught.value.task == "7" and caught.value.field == "duration"


def test_weeks_follow_the_project_settings() -> None:
    assert parse_duration("1w", settings=ProjectSettings(days_per_week=6)) == 6


def test_predecessor_notation_round_trips() -> None:
    links = parse_predecessors("3FS+2d;5SS-1d, 7, 8FF+50%", "9")
    assert [(k.predecessor, k.type, k.lag, k.lag_percent) for k in links] == [
        ("3", LinkType.FS, 2.0, False),
        ("5", LinkType.SS, -1.0, False),
        ("7", LinkType.FS, 0.0, False),
        ("8", LinkType.FF, 50.0, True),
    ]
    assert format_predecessors(links) == "3FS+2d, 5SS-1d, 7, 8FF+50%"
    assert parse_predecessors("3 ss + 4h", "9")[0].lag == 0.5


def test_a_bad_lag_names_the_task_and_value() -> None:
    with pytest.raises(PlanError) as caught:
        parse_predecessors("3FS+soon", "9")
    assert (caught.value.task, caught.value.field, caught.value.value) == ("9", "lag", "soon")


@pytest.mark.parametrize(
    "text",
    [
        "2025-03-31",
        "2025/03/31",
        "31.03.2025",
        "31/03/2025",
        "31 Mar 2025",
        "31-Mar-2025",
        "March 31, 2025",
        "March 31 2025",
        "Mon 31 Mar 2025",
        "Mon 31/03/2025",
        "Mon 31/03/25",
    ],
)
def test_dates_in_usual_forms(text: str) -> None:
    assert parse_date(text).date().isoformat() == "2025-03-31"


def test_the_projects_own_date_format_comes_first() -> None:
    us = ProjectSettings(date_format="%m/%d/%Y")
    assert parse_date("03/04/2025", us).date().isoformat() == "2025-03-04"
    assert parse_date("03/04/2025").date().isoformat() == "2025-04-03"
