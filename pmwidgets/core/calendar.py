"""Working calendars: which days are worked, for how long, and the exceptions to the week.

A calendar is a value (frozen): a project holds one, later issues give resources their own. The
scheduler never walks calendars day by day; it compiles one into a
:class:`~pmwidgets.core.timeaxis.TimeAxis` of working days and does arithmetic on working minutes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

import numpy as np

from pmwidgets.core.errors import PlanError

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday; Monday is 0 as in datetime.weekday()


@dataclass(frozen=True)
class CalendarException:
    """A departure from the normal week: a holiday, a shutdown, or an extra working day.

    Parameters
    ----------
    start, end : date
        First and last day affected, both inclusive.
    name : str
        What people call it ("Christmas shutdown").
    working : bool
        ``False`` (the default) makes the days non-working; ``True`` makes them working days with
        the calendar's normal hours (a Saturday worked to catch up).
    yearly : bool
        Recur every year on the same month and day span (public holidays on fixed dates).
    """

    start: date
    end: date
    name: str = ""
    working: bool = False
    yearly: bool = False

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PlanError(
                f"Calendar exception '{self.name or self.start}' ends ({self.end}) before it "
                f"starts ({self.start}).",
                field="exceptions",
                value=f"{self.start}..{self.end}",
            )

    def days_in(self, first: date, last: date) -> np.ndarray:
        """The affected days between ``first`` and ``last`` (inclusive), as ``datetime64[D]``."""
        spans = []
        if self.yearly:
            for year in range(first.year - 1, last.year + 1):
                start = _same_day_in_year(self.start, year)
                end_year = year + (self.end.year - self.start.year)
                spans.append((start, _same_day_in_year(self.end, end_year)))
        else:
            spans.append((self.start, self.end))
        pieces = [
            np.arange(np.datetime64(max(a, first)), np.datetime64(min(b, last)) + 1)
            for a, b in spans
            if b >= first and a <= last
        ]
        return np.concatenate(pieces) if pieces else np.array([], dtype="datetime64[D]")


def _same_day_in_year(day: date, year: int) -> date:
    """``day`` moved to ``year``; 29 February becomes 28 February in common years."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def _standard_times() -> tuple[tuple[time, time], ...]:
    return ((time(8), time(12)), (time(13), time(17)))


@dataclass(frozen=True)
class Calendar:
    """A working calendar.

    Parameters
    ----------
    name : str
        Shown to people and kept in files.
    working_weekdays : tuple of int
        Worked days of the week, Monday = 0 ... Sunday = 6.
    working_times : tuple of (time, time)
        The working periods of a working day, in order, e.g. 08:00-12:00 and 13:00-17:00. Every
        working day has these hours; their total is :attr:`hours_per_day`.
    exceptions : tuple of CalendarException
        Holidays, shutdowns and extra working days.
    """

    name: str = "Standard"
    working_weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    working_times: tuple[tuple[time, time], ...] = field(default_factory=_standard_times)
    exceptions: tuple[CalendarException, ...] = ()

    def __post_init__(self) -> None:
        days = tuple(sorted(set(self.working_weekdays)))
        if not days or any(not 0 <= d <= 6 for d in days):
            raise PlanError(
                "A calendar needs at least one working weekday, numbered Monday = 0 to Sunday = 6.",
                field="working_weekdays",
                value=self.working_weekdays,
            )
        object.__setattr__(self, "working_weekdays", days)
        object.__setattr__(self, "exceptions", tuple(self.exceptions))
        previous_end = None
        for start, end in self.period_minutes:
            if end <= start or (previous_end is not None and start < previous_end):
                raise PlanError(
                    "Working times must be in order, each ending after it starts and not "
                    "overlapping the previous one.",
                    field="working_times",
                    value=f"{_clock(start):%H:%M}-{_clock(end):%H:%M}",
                )
            previous_end = end
        if not self.working_times:
            raise PlanError("A calendar needs working hours.", field="working_times", value="")

    @classmethod
    def with_hours(cls, hours_per_day: float, name: str = "Standard", **kwargs: object) -> Calendar:
        """A calendar whose working day starts at 08:00 and lasts ``hours_per_day`` hours.

        Days longer than four hours get a one-hour lunch break at noon, as in MS Project's
        standard calendar.
        """
        if not 0 < hours_per_day <= 24:
            raise PlanError(
                "Hours per day must be more than 0 and at most 24.",
                field="hours_per_day",
                value=hours_per_day,
            )
        minutes = round(hours_per_day * 60)
        if minutes <= 4 * 60 or minutes > 15 * 60:
            start = 0 if minutes > 15 * 60 else 8 * 60
            periods = ((start, start + minutes),)
        else:
            periods = ((8 * 60, 12 * 60), (13 * 60, 13 * 60 + minutes - 4 * 60))
        times = tuple((_clock(a), _clock(b)) for a, b in periods)
        return cls(name=name, working_times=times, **kwargs)  # type: ignore[arg-type]

    @property
    def minutes_per_day(self) -> int:
        """Working minutes in a working day."""
        return sum(b - a for a, b in self.period_minutes)

    @property
    def hours_per_day(self) -> float:
        """Working hours in a working day."""
        return self.minutes_per_day / 60

    @property
    def period_minutes(self) -> tuple[tuple[int, int], ...]:
        """The working periods as minutes after midnight (24:00 is 1440)."""
        return tuple((_minutes(a), _minutes(b) or 24 * 60) for a, b in self.working_times)

    def working_mask(self, days: np.ndarray) -> np.ndarray:
        """Whether each of ``days`` (``datetime64[D]``, sorted) is a working day."""
        if len(days) == 0:
            return np.zeros(0, dtype=bool)
        weekday = (days.astype(np.int64) + _EPOCH_WEEKDAY) % 7
        mask = np.isin(weekday, self.working_weekdays)
        first, last = days[0].astype(date), days[-1].astype(date)
        for exception in self.exceptions:
            affected = exception.days_in(first, last)
            if len(affected):
                mask[np.isin(days, affected)] = exception.working
        return mask

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is worked on this calendar."""
        return bool(self.working_mask(np.array([np.datetime64(day)]))[0])


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _clock(minutes: int) -> time:
    return time(0) if minutes >= 24 * 60 else time(minutes // 60, minutes % 60)
