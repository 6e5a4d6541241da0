"""Recurring calendar exceptions in MS Project XML, expanded into the days they cover.

The reference file was saved by MS Project 2016 with each exception twice: as a rule
(``<Exceptions>``) and as the days MS Project expanded it to (``<WeekDay>`` with DayType 0). The
rules, read by pmwidgets, must give exactly MS Project's days.
"""

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest

from pmwidgets.core.calendar import CalendarException
from pmwidgets.io import read_plan
from pmwidgets.io.mspdi import read_mspdi
from pmwidgets.io.mspdi_recurrence import Recurrence, day_ranges, occurrence_days

REFERENCE = (
    Path(__file__).parents[1] / "data/mspdi/calendar-recurring-exceptions-project2016-mspdi.xml"
)
NS = "{http://schemas.microsoft.com/project}"


def days_between(first: date, last: date) -> set[date]:
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


def exception_days(exceptions: tuple[CalendarException, ...], working: bool) -> set[date]:
    return set().union(*(days_between(e.start, e.end) for e in exceptions if e.working == working))


def listed_days(working: bool) -> set[date]:
    """The days MS Project expanded the exceptions to (DayType 0 weekdays)."""
    days: set[date] = set()
    for day in ElementTree.parse(REFERENCE).getroot().iter(NS + "WeekDay"):
        if (
            day.findtext(NS + "DayType") == "0"
            and (day.findtext(NS + "DayWorking") == "1") == working
        ):
            first, last = (
                day.findtext(f"{NS}TimePeriod/{NS}{end}") for end in ("FromDate", "ToDate")
            )
            days |= days_between(date.fromisoformat(first[:10]), date.fromisoformat(last[:10]))
    return days


def variant(tmp_path: Path, edit: Callable[[str], str]) -> Path:
    """A copy of the reference file, edited as text, without its DayType 0 weekdays."""
    text = re.sub(
        r"<WeekDay>\s*<DayType>0</DayType>.*?</WeekDay>\s*",
        "",
        REFERENCE.read_text(encoding="utf-8"),
        flags=re.DOTALL,
    )
    assert "<DayType>0</DayType>" not in text
    path = tmp_path / "exceptions-only.xml"
    path.write_text(edit(text), encoding="utf-8")
    return path


def test_reference_rules_expand_to_the_days_ms_project_lists() -> None:
    project = read_mspdi(REFERENCE)
    exceptions = project.state.calendar.exceptions
    assert exception_days(exceptions, working=False) == listed_days(working=False)
    assert exception_days(exceptions, working=True) == listed_days(working=True)
    assert exception_days(exceptions, working=True) == {
        date(2010, 1, 2),
        date(2010, 2, 6),
        date(2010, 3, 6),
    }
    rule_names = {
        e.findtext(NS + "Name") for e in ElementTree.parse(REFERENCE).iter(NS + "Exception")
    }
    assert {e.name for e in exceptions} == rule_names
    assert all(e.name for e in exceptions)
    assert project.warnings == []


def test_exceptions_only_file_schedules_a_task_across_recurring_holidays(tmp_path: Path) -> None:
    # From Tuesday 1 January 2002: 7 January is "the first Monday of every 2 months" and
    # 8 January "the second Tuesday of every 3 months"; read as whole spans they would close the
    # calendar until May and October.
    task = (
        "<Task><UID>1</UID><ID>1</ID><Name>Pour slab</Name><Manual>0</Manual>"
        "<OutlineLevel>1</OutlineLevel><Duration>PT40H0M0S</Duration></Task></Tasks>"
    )
    path = variant(
        tmp_path,
        lambda text: text.replace(
            "<StartDate>2017-10-20T08:00:00</StartDate>",
            "<StartDate>2002-01-01T08:00:00</StartDate>",
        ).replace("</Tasks>", task),
    )
    plan = read_plan(path)
    row = plan.schedule().to_frame().set_index("id").loc["1"]
    assert row.start.date() == date(2002, 1, 1)
    assert row.finish.date() == date(2002, 1, 9)
    assert exception_days(plan.calendar.exceptions, working=False) == listed_days(working=False)


def test_unknown_recurrence_type_is_read_as_its_whole_span_with_a_warning(tmp_path: Path) -> None:
    path = variant(
        tmp_path,
        lambda text: text.replace(
            "<Name>Daily 2</Name>\n\t\t\t\t\t<Type>7</Type>",
            "<Name>Daily 2</Name>\n\t\t\t\t\t<Type>8</Type>",
        ),
    )
    project = read_mspdi(path)
    [warning] = project.warnings
    assert "'Daily 2'" in warning and "type 8" in warning
    daily_2 = [e for e in project.state.calendar.exceptions if e.name == "Daily 2"]
    assert daily_2 == [CalendarException(date(2000, 2, 1), date(2000, 2, 10), "Daily 2")]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        pytest.param(
            Recurrence(1, date(2024, 12, 24), date(2024, 12, 26)),
            [date(2024, 12, 24), date(2024, 12, 25), date(2024, 12, 26)],
            id="daily",
        ),
        pytest.param(
            Recurrence(7, date(2000, 2, 1), date(2000, 2, 10), occurrences=4, period=3),
            [date(2000, 2, 1), date(2000, 2, 4), date(2000, 2, 7), date(2000, 2, 10)],
            id="every-3-days-by-occurrences",
        ),
        pytest.param(
            Recurrence(7, date(2000, 2, 1), date(2000, 2, 6), period=3),
            [date(2000, 2, 1), date(2000, 2, 4)],
            id="every-3-days-to-an-end-date",
        ),
        pytest.param(
            # Monday and Friday every 2 weeks from Wednesday 3 January: that week's Monday is
            # before the start and is not an occurrence.
            Recurrence(
                6, date(2024, 1, 3), date(2024, 1, 3), occurrences=3, period=2, days_of_week=2 | 32
            ),
            [date(2024, 1, 5), date(2024, 1, 15), date(2024, 1, 19)],
            id="weekly-several-days",
        ),
        pytest.param(
            # Weeks start on Sunday: from Monday 1 January 2001 the first week began on
            # 31 December 2000, so "every 7 weeks on Sunday" first falls on 18 February.
            Recurrence(6, date(2001, 1, 1), date(2001, 4, 8), period=7, days_of_week=1),
            [date(2001, 2, 18), date(2001, 4, 8)],
            id="weekly-weeks-start-on-sunday",
        ),
        pytest.param(
            Recurrence(4, date(2024, 1, 1), date(2024, 1, 1), occurrences=3, month_day=31),
            [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31)],
            id="monthly-day-31-uses-the-last-day",
        ),
        pytest.param(
            Recurrence(
                4, date(2024, 1, 15), date(2024, 1, 15), occurrences=2, period=2, month_day=10
            ),
            [date(2024, 3, 10), date(2024, 5, 10)],
            id="monthly-counts-from-the-first-month",
        ),
        pytest.param(
            Recurrence(5, date(2024, 1, 1), date(2024, 3, 31), month_item=8, month_position=4),
            [date(2024, 1, 26), date(2024, 2, 23), date(2024, 3, 29)],
            id="monthly-last-friday",
        ),
        pytest.param(
            Recurrence(2, date(2024, 1, 1), date(2026, 12, 31), month=1, month_day=29),
            [date(2024, 2, 29), date(2025, 2, 28), date(2026, 2, 28)],
            id="yearly-29-february",
        ),
        pytest.param(
            Recurrence(2, date(2024, 6, 1), date(2024, 6, 1), occurrences=1, month=0, month_day=1),
            [date(2025, 1, 1)],
            id="yearly-month-before-the-start",
        ),
        pytest.param(
            Recurrence(
                3, date(2024, 1, 1), date(2026, 11, 26), month=10, month_item=7, month_position=3
            ),
            [date(2024, 11, 28), date(2025, 11, 27), date(2026, 11, 26)],
            id="yearly-fourth-thursday-of-november",
        ),
    ],
)
def test_occurrence_days(rule: Recurrence, expected: list[date]) -> None:
    assert occurrence_days(rule) == expected


@pytest.mark.parametrize(
    ("month_item", "expected"),
    [(0, date(2024, 6, 2)), (1, date(2024, 6, 4)), (2, date(2024, 6, 2)), (3, date(2024, 6, 9))],
    ids=["day", "weekday", "weekend-day", "sunday"],
)
def test_second_month_item_of_june_2024(month_item: int, expected: date) -> None:
    # 1 June 2024 is a Saturday.
    rule = Recurrence(
        5, date(2024, 6, 1), date(2024, 6, 30), month_item=month_item, month_position=1
    )
    assert occurrence_days(rule) == [expected]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": 8}, "type 8"),
        ({"kind": 6, "days_of_week": 0}, "no day of the week"),
        ({"kind": 7, "period": 0}, "every 0"),
        ({"kind": 5, "month_item": 10}, "month item 10"),
        ({"kind": 3, "month_position": 5}, "month position 5"),
        ({"kind": 2, "month": 12}, "month 12"),
        ({"kind": 4, "month_day": 0}, "day of the month 0"),
    ],
)
def test_rules_ms_project_does_not_write_are_refused(fields: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Recurrence(first=date(2024, 1, 1), last=date(2024, 12, 31), **fields)


def test_day_ranges_merge_consecutive_days() -> None:
    days = [
        date(2024, 1, 3),
        date(2024, 1, 1),
        date(2024, 1, 2),
        date(2024, 1, 2),
        date(2024, 1, 5),
    ]
    assert day_ranges(days) == [
        (date(2024, 1, 1), date(2024, 1, 3)),
        (date(2024, 1, 5), date(2024, 1, 5)),
    ]
