"""Calendars and the working-time axis: which days count, and how points show as dates."""

from datetime import date, datetime, time

import numpy as np
import pytest

from pmwidgets import Calendar, CalendarException, PlanError
from pmwidgets.core.timeaxis import END_SIDE, START_SIDE, TimeAxis, shift

MON = date(2025, 1, 6)


def test_the_standard_calendar_is_monday_to_friday_eight_hours() -> None:
    calendar = Calendar()
    assert calendar.hours_per_day == 8
    assert [calendar.is_working_day(date(2025, 1, d)) for d in range(6, 13)] == [True] * 5 + [
        False
    ] * 2


def test_exceptions_remove_and_add_working_days() -> None:
    calendar = Calendar(
        exceptions=(
            CalendarException(date(2025, 1, 7), date(2025, 1, 8), "Shutdown"),
            CalendarException(
                date(2025, 1, 11), date(2025, 1, 11), "Catch-up Saturday", working=True
            ),
        )
    )
    worked = [calendar.is_working_day(date(2025, 1, d)) for d in range(6, 13)]
    assert worked == [True, False, False, True, True, True, False]


def test_a_yearly_exception_recurs_and_29_february_falls_back_to_the_28th() -> None:
    calendar = Calendar(
        exceptions=(CalendarException(date(2024, 2, 29), date(2024, 2, 29), yearly=True),)
    )
    assert not calendar.is_working_day(date(2024, 2, 29))
    assert not calendar.is_working_day(date(2025, 2, 28))
    assert calendar.is_working_day(date(2025, 2, 27))
    assert not calendar.is_working_day(date(2028, 2, 29))


def test_with_hours_gives_a_lunch_break_for_long_days() -> None:
    assert Calendar.with_hours(8).working_times == ((time(8), time(12)), (time(13), time(17)))
    assert Calendar.with_hours(4).working_times == ((time(8), time(12)),)
    assert Calendar.with_hours(24).minutes_per_day == 24 * 60


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"working_weekdays": ()}, "working_weekdays"),
        ({"working_weekdays": (7,)}, "working_weekdays"),
        ({"working_times": ((time(13), time(12)),)}, "working_times"),
        ({"working_times": ((time(8), time(12)), (time(11), time(14)))}, "working_times"),
    ],
)
def test_impossible_calendars_are_refused(kwargs: dict, field: str) -> None:
    with pytest.raises(PlanError) as caught:
        Calendar(**kwargs)
    assert caught.value.field == field


def test_an_exception_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(PlanError, match="ends"):
        CalendarException(date(2025, 1, 9), date(2025, 1, 8), "Backwards")


def test_friday_evening_and_monday_morning_are_the_same_working_time_on_different_dates() -> None:
    axis = TimeAxis(Calendar(), MON)
    friday_end = axis.point(date(2025, 1, 10), END_SIDE)
    monday_start = axis.point(date(2025, 1, 13), START_SIDE)
    assert friday_end >> 1 == monday_start >> 1 == 5 * 480
    assert axis.date(friday_end) == date(2025, 1, 10)
    assert axis.date(monday_start) == date(2025, 1, 13)
    assert axis.datetime(friday_end) == datetime(2025, 1, 10, 17)
    assert axis.datetime(monday_start) == datetime(2025, 1, 13, 8)


def test_points_inside_the_day_and_on_non_working_days() -> None:
    axis = TimeAxis(Calendar(), MON)
    assert axis.point(datetime(2025, 1, 7, 10, 30), START_SIDE) >> 1 == 480 + 150
    assert axis.point(datetime(2025, 1, 7, 12, 30), START_SIDE) >> 1 == 480 + 240
    saturday = axis.point(datetime(2025, 1, 11, 10), START_SIDE)
    assert axis.date(saturday) == date(2025, 1, 13)
    assert axis.date(axis.point(datetime(2025, 1, 11, 10), END_SIDE)) == date(2025, 1, 10)
    assert axis.datetime(encode_minutes(480 + 240, START_SIDE)) == datetime(2025, 1, 7, 13)
    assert axis.datetime(encode_minutes(480 + 240, END_SIDE)) == datetime(2025, 1, 7, 12)


def encode_minutes(minutes: int, side: int) -> int:
    return 2 * minutes + side


def test_shifting_forward_ends_a_period_and_back_starts_one() -> None:
    start = encode_minutes(0, START_SIDE)
    assert shift(start, 480) == encode_minutes(480, END_SIDE)
    assert shift(encode_minutes(960, END_SIDE), -480) == encode_minutes(480, START_SIDE)
    assert shift(start, 0) == start


def test_the_axis_grows_to_reach_far_dates_in_both_directions() -> None:
    axis = TimeAxis(Calendar(), MON)
    far = axis.point(date(2060, 3, 1), START_SIDE)
    past = axis.point(date(1990, 3, 1), START_SIDE)
    assert axis.dates(np.array([far, past])).tolist() == [date(2060, 3, 1), date(1990, 3, 1)]
