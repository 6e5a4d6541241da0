"""The days a recurring MS Project calendar exception covers.

MS Project 2007 and later save a calendar exception as a rule (``<Calendar><Exceptions>
<Exception>``): "the first Monday of every 2 months, 3 times". A plan calendar holds concrete
days, so the MSPDI reader expands each rule here. The numbering is the MSPDI schema's. Where the
schema is silent, the semantics are those of MS Project 2016, which saved every rule of
``tests/data/mspdi/calendar-recurring-exceptions-project2016-mspdi.xml`` next to the days it
expands to (its ``<WeekDay><DayType>0</DayType>`` list):

- periods (days, weeks, months, years) are counted from the one holding the first day
  (``FromDate``); days of that period before the first day are skipped and are not occurrences;
- weeks run Sunday to Saturday, although that file's weeks start on Monday (``WeekStartDay``).

The schema defines the end: after ``Occurrences`` days when the range was entered as a number of
occurrences (``EnteredByOccurrences``), else on the last day (``ToDate``).
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import count, islice, takewhile

DAILY, YEARLY, YEARLY_RELATIVE, MONTHLY, MONTHLY_RELATIVE, WEEKLY, EVERY_N_DAYS = range(1, 8)
LAST_POSITION = 4
# <MonthItem> -> the weekdays it matches (Monday = 0): any day, a weekday, a weekend day, Sunday ...
MONTH_ITEMS: dict[int, frozenset[int]] = {
    0: frozenset(range(7)),
    1: frozenset(range(5)),
    2: frozenset({5, 6}),
    **{item: frozenset({(item - 4) % 7}) for item in range(3, 10)},
}


@dataclass(frozen=True)
class Recurrence:
    """How an MSPDI ``<Exception>`` repeats, in the file's own numbering.

    Parameters
    ----------
    kind : int
        ``<Type>``: 1 every day, 2 yearly on a day of a month, 3 yearly on the n-th weekday of a
        month, 4 monthly on a day, 5 monthly on the n-th weekday, 6 weekly on some days, 7 every
        ``period`` days.
    first, last : date
        ``<TimePeriod>`` ``FromDate`` and ``ToDate``, both inclusive.
    occurrences : int or None
        ``<Occurrences>`` when the range was entered as a number of occurrences
        (``<EnteredByOccurrences>1``): the recurrence ends after that many days. ``None``: it ends
        on ``last``.
    period : int
        ``<Period>``: every how many days (types 1, 7), weeks (6), months (4, 5) or years (2, 3).
    days_of_week : int
        ``<DaysOfWeek>`` for type 6, a sum of 1 = Sunday, 2 = Monday, 4 = Tuesday ... 64 = Saturday.
    month : int
        ``<Month>`` for types 2 and 3, 0 = January ... 11 = December.
    month_day : int
        ``<MonthDay>`` for types 2 and 4, 1-31; a month with fewer days uses its last day.
    month_item : int
        ``<MonthItem>`` for types 3 and 5: 0 any day, 1 a weekday (Monday-Friday), 2 a weekend
        day, 3 Sunday, 4 Monday ... 9 Saturday.
    month_position : int
        ``<MonthPosition>`` for types 3 and 5: 0 first, 1 second, 2 third, 3 fourth, 4 last.

    Raises
    ------
    ValueError
        When the rule is not one MS Project writes (an unknown type, no day of the week, ...), with
        a sentence saying what is wrong.
    """

    kind: int
    first: date
    last: date
    occurrences: int | None = None
    period: int = 1
    days_of_week: int = 0
    month: int = 0
    month_day: int = 1
    month_item: int = 3
    month_position: int = 0

    def __post_init__(self) -> None:
        yearly = self.kind in (YEARLY, YEARLY_RELATIVE)
        relative = self.kind in (YEARLY_RELATIVE, MONTHLY_RELATIVE)
        checks = [
            (DAILY <= self.kind <= EVERY_N_DAYS, f"its recurrence type {self.kind} is not 1-7"),
            (self.period >= 1, f"it repeats every {self.period} periods"),
            (self.kind != WEEKLY or self.days_of_week & 0x7F, "it names no day of the week"),
            (not yearly or 0 <= self.month <= 11, f"its month {self.month} is not 0-11"),
            (
                self.kind not in (YEARLY, MONTHLY) or 1 <= self.month_day <= 31,
                f"its day of the month {self.month_day} is not 1-31",
            ),
            (
                not relative or self.month_item in MONTH_ITEMS,
                f"its month item {self.month_item} is not 0-9",
            ),
            (
                not relative or 0 <= self.month_position <= LAST_POSITION,
                f"its month position {self.month_position} is not 0-4",
            ),
        ]
        wrong = [message for ok, message in checks if not ok]
        if wrong:
            raise ValueError("; ".join(wrong))


def occurrence_days(rule: Recurrence) -> list[date]:
    """The days ``rule`` covers, in order.

    Each occurrence of an MS Project recurring exception is one day.
    """
    days = (day for day in _candidates(rule) if day >= rule.first)
    if rule.occurrences is not None:
        return list(islice(days, rule.occurrences))
    return list(takewhile(lambda day: day <= rule.last, days))


def day_ranges(days: Iterable[date]) -> list[tuple[date, date]]:
    """``days`` as ranges of consecutive days (first, last; both inclusive), in order.

    A calendar keeps one exception per range rather than one per day.
    """
    ranges: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if ranges and ranges[-1][1] + timedelta(days=1) == day:
            ranges[-1] = (ranges[-1][0], day)
        else:
            ranges.append((day, day))
    return ranges


def _candidates(rule: Recurrence) -> Iterator[date]:
    """Every day the rule matches from the start of the period holding ``rule.first``, unending."""
    if rule.kind in (DAILY, EVERY_N_DAYS):
        return (rule.first + timedelta(days=n * rule.period) for n in count())
    if rule.kind == WEEKLY:
        sunday = rule.first - timedelta(days=(rule.first.weekday() + 1) % 7)
        offsets = [bit for bit in range(7) if rule.days_of_week & (1 << bit)]
        return (
            sunday + timedelta(weeks=n * rule.period, days=offset)
            for n in count()
            for offset in offsets
        )
    if rule.kind in (MONTHLY, MONTHLY_RELATIVE):
        step, start = rule.period, rule.first.month - 1
    else:
        step, start = 12 * rule.period, rule.month
    months = (rule.first.year * 12 + start + n * step for n in count())
    pick = _day_of_month if rule.kind in (YEARLY, MONTHLY) else _nth_item
    return (pick(rule, year, month + 1) for year, month in (divmod(m, 12) for m in months))


def _day_of_month(rule: Recurrence, year: int, month: int) -> date:
    return date(year, month, min(rule.month_day, monthrange(year, month)[1]))


def _nth_item(rule: Recurrence, year: int, month: int) -> date:
    matching = [
        day
        for day in (date(year, month, d) for d in range(1, monthrange(year, month)[1] + 1))
        if day.weekday() in MONTH_ITEMS[rule.month_item]
    ]
    return matching[-1 if rule.month_position == LAST_POSITION else rule.month_position]
