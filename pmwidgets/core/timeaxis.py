"""A calendar compiled into a line of working minutes, where scheduling is plain arithmetic.

Time points are integers ``2 * t + s``: ``t`` counts working minutes from the start of working day
0 (the first working day on or after the anchor date) and ``s`` says, for a point that falls on a
boundary between two working days, which side of the gap it names. ``s = 0`` is the end of the
earlier day (Friday 17:00), ``s = 1`` the start of the later one (Monday 08:00). Both are the same
instant of working time, but MS Project shows them as different dates: a task finishing at the end
of Friday finishes on Friday, its successor starts on Monday. Ordering the encoded integers orders
the clock times, so ``max`` and ``min`` work directly.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np

from pmwidgets.core.calendar import Calendar
from pmwidgets.core.errors import PlanError

START_SIDE = 1
END_SIDE = 0
_MAX_SPAN_DAYS = 366 * 400


def encode(minutes: int, side: int) -> int:
    """The point ``minutes`` working minutes from the origin, on ``side`` of a day boundary."""
    return 2 * minutes + side


def minutes_of(point: int) -> int:
    """Working minutes from the origin to ``point``."""
    return point >> 1


def shift(point: int, minutes: int) -> int:
    """``point`` moved by ``minutes`` of working time.

    Moving forward lands at the end of a working period, moving back at the start of one, as MS
    Project's date arithmetic does; moving by zero keeps the point as it was.
    """
    if minutes == 0:
        return point
    return 2 * ((point >> 1) + minutes) + (minutes < 0)


class TimeAxis:
    """Maps dates and datetimes to working-time points and back for one calendar.

    Parameters
    ----------
    calendar : Calendar
        The calendar to compile.
    anchor : date
        Working day 0 is the first working day on or after this date (the project start).
    """

    def __init__(self, calendar: Calendar, anchor: date) -> None:
        self.calendar = calendar
        self.minutes_per_day = calendar.minutes_per_day
        self._periods = calendar.period_minutes
        self._anchor = np.datetime64(anchor, "D")
        self._build(back=366 * 2, forward=366 * 4)

    def _build(self, back: int, forward: int) -> None:
        if back + forward > _MAX_SPAN_DAYS:
            raise PlanError(
                f"The calendar '{self.calendar.name}' has no working days near the dates used, "
                "or the plan spans more than 400 years.",
                field="calendar",
                value=self.calendar.name,
            )
        span = np.arange(self._anchor - back, self._anchor + forward + 1)
        days = span[self.calendar.working_mask(span)]
        zero = int(np.searchsorted(days, self._anchor))
        if zero >= len(days):
            self._build(back, forward * 4)
            return
        self._days, self._zero, self._back, self._forward = days, zero, back, forward

    def _ensure(self, low: int, high: int) -> None:
        """Make working-day indices ``low``..``high`` addressable, growing the span as needed."""
        back, forward = self._back, self._forward
        while low + self._zero < 0 or high + self._zero >= len(self._days):
            if low + self._zero < 0:
                back *= 4
            if high + self._zero >= len(self._days):
                forward *= 4
            self._build(back, forward)

    # -- dates to points -------------------------------------------------------------------

    def day_index(self, day: date) -> tuple[int, bool]:
        """The index of the first working day on or after ``day``, and whether ``day`` is one."""
        target = np.datetime64(day, "D")
        while True:
            position = int(np.searchsorted(self._days, target))
            if 0 < position < len(self._days):
                break
            self._ensure(
                -self._zero - 1 if position == 0 else 0,
                len(self._days) - self._zero if position >= len(self._days) else 0,
            )
        working = self._days[position] == target
        return position - self._zero, bool(working)

    def point(self, moment: date | datetime, side: int) -> int:
        """The point of ``moment``.

        A bare date, or a datetime at midnight, means the start of that day
        (``side=START_SIDE``) or its end (``side=END_SIDE``): a deadline "on the 9th" is met by
        work finishing that evening. A datetime on a non-working day, or outside working hours,
        falls on the boundary between working days, on the given side.
        """
        if isinstance(moment, datetime) and moment.time() == time(0):
            moment = moment.date()
        if not isinstance(moment, datetime):
            index, working = self.day_index(moment)
            if side == START_SIDE or not working:
                return encode(index * self.minutes_per_day, side)
            return encode((index + 1) * self.minutes_per_day, END_SIDE)
        index, working = self.day_index(moment.date())
        if not working:
            return encode(index * self.minutes_per_day, side)
        clock = moment.hour * 60 + moment.minute + moment.second / 60
        worked = sum(min(max(clock - a, 0), b - a) for a, b in self._periods)
        worked = round(worked)
        if worked == 0:
            return encode(index * self.minutes_per_day, START_SIDE)
        if worked >= self.minutes_per_day:
            return encode((index + 1) * self.minutes_per_day, END_SIDE)
        return encode(index * self.minutes_per_day + worked, side)

    # -- points to dates -------------------------------------------------------------------

    def display_day_indices(self, points: np.ndarray) -> np.ndarray:
        """The working-day index each point is shown on (MS Project's convention)."""
        points = np.asarray(points, dtype=np.int64)
        minutes = points >> 1
        day = minutes // self.minutes_per_day
        at_boundary = (minutes % self.minutes_per_day == 0) & ((points & 1) == END_SIDE)
        return day - at_boundary

    def dates_of_days(self, indices: np.ndarray) -> np.ndarray:
        """The calendar dates (``datetime64[D]``) of working-day indices."""
        indices = np.asarray(indices, dtype=np.int64)
        if len(indices):
            self._ensure(int(indices.min()), int(indices.max()))
        return self._days[indices + self._zero]

    def dates(self, points: np.ndarray) -> np.ndarray:
        """The dates (``datetime64[D]``) on which each point is shown."""
        return self.dates_of_days(self.display_day_indices(points))

    def date(self, point: int) -> date:
        """The date on which one point is shown."""
        return self.dates(np.array([point]))[0].astype(date)

    def datetime(self, point: int) -> datetime:
        """The clock time of one point (end of the working day for an end-side boundary)."""
        index = int(self.display_day_indices(np.array([point]))[0])
        day = self.dates_of_days(np.array([index]))[0].astype(date)
        into_day = minutes_of(point) - index * self.minutes_per_day
        clock = self._clock(into_day, point & 1)
        return datetime.combine(day, time(0)) + timedelta(minutes=clock)

    def _clock(self, worked: int, side: int) -> int:
        """Minutes after midnight ``worked`` working minutes into a day."""
        for a, b in self._periods:
            length = b - a
            if worked < length or (worked == length and side == END_SIDE):
                return a + worked
            worked -= length
        return self._periods[-1][1]
