"""MS Project XML (MSPDI) writing, in the element order of the Project 2007 schema (mspdi_pj12.xsd).

MS Project validates the order of the elements it reads, so every record is written field by field
in schema order. Only what the plan holds is written, plus what scheduling the plan computes (start,
finish, early and late dates, slack, criticality, the project summary task) and what the outline
implies (outline numbers, summary flags); nothing is filled in with guessed values.

Units follow the reader (:mod:`pmwidgets.io.mspdi`): durations and lags become working minutes of
the project calendar, work hours become ISO 8601 durations, costs are written in hundredths of the
currency unit, rates per hour, percentage lags as the percentage itself. Percent complete and
physical percent complete are whole numbers. No ``EarnedValueMethod`` is written (the plan chooses
how to earn value when it reports status, not per task), so MS Project earns by % complete until
told otherwise; the reader takes a physical 0 in such a file as recorded.

MSPDI identifies tasks and resources by integer UIDs. An id that is a positive whole number in its
plain form ("12", not "012" or "0") keeps it as UID; other ids are given the next numbers after the
largest such UID, in plan order (:func:`task_uids`, :func:`resource_uids`). UID 0 is MS Project's
project summary task, so a task id "0" is renumbered too. Reading the file back gives the UIDs as
ids.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from pmwidgets.core.calendar import Calendar, CalendarException
from pmwidgets.core.model import (
    Link,
    PlanState,
    Task,
    TaskBaseline,
    outline_numbers,
    summary_flags,
)
from pmwidgets.core.plan import Plan
from pmwidgets.io.mspdi import CENTS, CONSTRAINTS, LAST_YEAR, LINK_TYPES
from pmwidgets.io.mspdi_recurrence import DAILY, YEARLY, Recurrence, day_ranges, occurrence_days

NAMESPACE = "http://schemas.microsoft.com/project"
SAVE_VERSION = 12  # the Project 2007 schema this writer follows
PROJECT_CALENDAR_UID = 1
DAYS_FORMAT = 7  # durations and lags shown in days
PERCENT_FORMAT = 19  # a lag in percent of the predecessor's duration
HOURLY_RATE_FORMAT = 2
WORK_RESOURCE = 1
_LINK_CODES = {kind: code for code, kind in LINK_TYPES.items()}
_CONSTRAINT_CODES = {kind: code for code, kind in CONSTRAINTS.items()}


def write_mspdi(state: PlanState, path: str | Path) -> None:
    """Write a plan as an MS Project XML file (UTF-8).

    The plan is scheduled first, so the file carries the dates and floats MS Project shows.

    Raises
    ------
    PlanError
        When the state is not a valid plan (it cannot be scheduled).
    """
    path = Path(path)
    root = _Writer(state).project(path.name)
    indent(root)
    path.write_bytes(tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n")


def task_uids(state: PlanState) -> dict[str, int]:
    """The MSPDI UID each task id is written with (see the module docstring)."""
    return _uids(task.id for task in state.tasks)


def resource_uids(state: PlanState) -> dict[str, int]:
    """The MSPDI UID each resource id is written with (UID 0 is MS Project's "unassigned")."""
    return _uids(resource.id for resource in state.resources)


def _uids(ids: Iterable[str]) -> dict[str, int]:
    """Plain positive whole numbers kept, the other ids numbered after the largest, in order."""
    ids = list(ids)
    plain = [i for i in ids if i.isascii() and i.isdigit() and i == str(int(i))]
    kept = {i: int(i) for i in plain if int(i) > 0}
    following = max(kept.values(), default=0) + 1
    uids = {}
    for i in ids:
        if i in kept:
            uids[i] = kept[i]
        else:
            uids[i], following = following, following + 1
    return uids


class _Writer:
    def __init__(self, state: PlanState) -> None:
        self.state = state
        self.schedule = Plan.from_state(state).schedule()
        self.minutes_per_day = state.calendar.minutes_per_day
        self.task_uids = task_uids(state)
        self.resource_uids = resource_uids(state)
        with_calendar = [r.id for r in state.resources if r.calendar is not None]
        self.calendar_uids = {r: PROJECT_CALENDAR_UID + 1 + n for n, r in enumerate(with_calendar)}

    def moment(self, point: int) -> str:
        return _moment(self.schedule.axis.datetime(int(point)))

    def project(self, file_name: str) -> Element:
        state, schedule = self.state, self.schedule
        settings = state.settings
        finish = self.moment(schedule.project_finish_point) if state.tasks else _moment(state.start)
        root = Element("Project", xmlns=NAMESPACE)
        _add(root, "SaveVersion", SAVE_VERSION)
        _add(root, "Name", file_name)
        _add(root, "Title", state.name)
        _add(root, "ScheduleFromStart", 1)
        _add(root, "StartDate", _moment(state.start))
        _add(root, "FinishDate", finish)
        _add(root, "CurrencyCode", settings.currency)
        _add(root, "CalendarUID", PROJECT_CALENDAR_UID)
        _add(root, "MinutesPerDay", self.minutes_per_day)
        _add(root, "MinutesPerWeek", round(self.minutes_per_day * settings.days_per_week))
        _add(root, "DaysPerMonth", round(settings.days_per_month))
        _add(root, "StatusDate", _moment(state.status_date))
        self.calendars(SubElement(root, "Calendars"))
        self.tasks(SubElement(root, "Tasks"), finish)
        if state.resources:
            self.resources(SubElement(root, "Resources"))
        if state.assignments:
            self.assignments(SubElement(root, "Assignments"))
        return root

    # -- calendars -------------------------------------------------------------------------------

    def calendars(self, parent: Element) -> None:
        """The project calendar, then each resource's own calendar. A resource calendar derives
        from the project calendar, as in MS Project, unless it lacks one of the project's
        exceptions (a derived calendar cannot drop them): then it is written whole."""
        project = self.state.calendar
        _calendar(parent, PROJECT_CALENDAR_UID, project, None)
        for resource in self.state.resources:
            own = resource.calendar
            if own is not None:
                derives = set(project.exceptions) <= set(own.exceptions)
                _calendar(
                    parent, self.calendar_uids[resource.id], own, project if derives else None
                )

    # -- tasks -----------------------------------------------------------------------------------

    def tasks(self, parent: Element, finish: str) -> None:
        state, schedule = self.state, self.schedule
        project = SubElement(parent, "Task")
        _add(project, "UID", 0)
        _add(project, "ID", 0)
        _add(project, "Name", state.name)
        _add(project, "OutlineNumber", 0)
        _add(project, "OutlineLevel", 0)
        if state.tasks:
            first, last = schedule.scheduled_start.min(), schedule.scheduled_finish.max()
            _add(project, "Start", self.moment(first))
            _add(project, "Finish", finish)
            _add(project, "Duration", _duration(int(last >> 1) - int(first >> 1)))
            _add(project, "DurationFormat", DAYS_FORMAT)
        _add(project, "Summary", 1)
        links: dict[str, list[Link]] = defaultdict(list)
        for link in state.links:
            links[link.successor].append(link)
        baselines: dict[str, list[TaskBaseline]] = defaultdict(list)
        for baseline in state.baselines:
            baselines[baseline.task].append(baseline)
        numbers = outline_numbers(state.tasks)
        summaries = summary_flags(state.tasks)
        for position, task in enumerate(state.tasks):
            element = SubElement(parent, "Task")
            self.task(element, position, task, numbers[position], summaries[position])
            for link in links[task.id]:
                self.link(SubElement(element, "PredecessorLink"), link)
            for baseline in sorted(baselines[task.id], key=lambda b: b.number):
                self.baseline(SubElement(element, "Baseline"), baseline)

    def task(self, element: Element, position: int, task: Task, number: str, summary: bool) -> None:
        schedule, p, mpd = self.schedule, position, self.minutes_per_day
        start, finish = schedule.scheduled_start[p], schedule.scheduled_finish[p]
        minutes = int(finish >> 1) - int(start >> 1) if summary else task.duration * mpd
        _add(element, "UID", self.task_uids[task.id])
        _add(element, "ID", position + 1)
        _add(element, "Name", task.name)
        _add(element, "WBS", task.wbs or None)
        _add(element, "OutlineNumber", number)
        _add(element, "OutlineLevel", task.outline_level)
        _add(element, "Priority", task.priority)
        _add(element, "Start", self.moment(start))
        _add(element, "Finish", self.moment(finish))
        _add(element, "Duration", _duration(minutes))
        _add(element, "DurationFormat", DAYS_FORMAT)
        _add(element, "Milestone", _flag(task.milestone))
        _add(element, "Summary", _flag(summary))
        _add(element, "Critical", _flag(schedule.critical[p]))
        _add(element, "EarlyStart", self.moment(schedule.early_start[p]))
        _add(element, "EarlyFinish", self.moment(schedule.early_finish[p]))
        _add(element, "LateStart", self.moment(schedule.late_start[p]))
        _add(element, "LateFinish", self.moment(schedule.late_finish[p]))
        _add(element, "FreeSlack", round(schedule.free_float[p] * mpd * 10))  # tenths of minutes
        _add(element, "TotalSlack", round(schedule.total_float[p] * mpd * 10))
        _add(element, "FixedCost", _cents(task.fixed_cost))
        _add(element, "PercentComplete", round(task.percent_complete))
        _add(element, "ActualStart", _moment(task.actual_start))
        _add(element, "ActualFinish", _moment(task.actual_finish))
        done = minutes * task.percent_complete / 100
        _add(element, "ActualDuration", _duration(done))
        _add(element, "ActualCost", _cents(task.actual_cost))
        _add(element, "RemainingDuration", _duration(minutes - done))
        _add(element, "ConstraintType", _CONSTRAINT_CODES[task.constraint])
        _add(element, "ConstraintDate", _moment(task.constraint_date))
        _add(element, "Deadline", _moment(task.deadline))
        _add(element, "Notes", task.notes or None)
        _add(element, "PhysicalPercentComplete", _whole(task.physical_percent_complete))

    def link(self, element: Element, link: Link) -> None:
        _add(element, "PredecessorUID", self.task_uids[link.predecessor])
        _add(element, "Type", _LINK_CODES[link.type])
        if link.lag_percent:
            _add(element, "LinkLag", round(link.lag))
            _add(element, "LagFormat", PERCENT_FORMAT)
        else:
            _add(element, "LinkLag", round(link.lag * self.minutes_per_day * 10))
            _add(element, "LagFormat", DAYS_FORMAT)

    def baseline(self, element: Element, baseline: TaskBaseline) -> None:
        _add(element, "Number", baseline.number)
        _add(element, "Start", _moment(baseline.start))
        _add(element, "Finish", _moment(baseline.finish))
        if baseline.duration is not None:
            _add(element, "Duration", _duration(baseline.duration * self.minutes_per_day))
            _add(element, "DurationFormat", DAYS_FORMAT)
        if baseline.work is not None:
            _add(element, "Work", _duration(baseline.work * 60))
        _add(element, "Cost", _cents(baseline.cost))

    # -- resources and assignments ---------------------------------------------------------------

    def resources(self, parent: Element) -> None:
        for position, resource in enumerate(self.state.resources):
            element = SubElement(parent, "Resource")
            _add(element, "UID", self.resource_uids[resource.id])
            _add(element, "ID", position + 1)
            _add(element, "Name", resource.name)
            _add(element, "Type", WORK_RESOURCE)
            _add(element, "Group", resource.role or None)
            _add(element, "MaxUnits", _decimal(resource.max_units))
            _add(element, "StandardRate", _decimal(resource.standard_rate))
            _add(element, "StandardRateFormat", HOURLY_RATE_FORMAT)
            _add(element, "CostPerUse", _cents(resource.cost_per_use))
            _add(element, "CalendarUID", self.calendar_uids.get(resource.id))

    def assignments(self, parent: Element) -> None:
        for number, assignment in enumerate(self.state.assignments, start=1):
            element = SubElement(parent, "Assignment")
            _add(element, "UID", number)
            _add(element, "TaskUID", self.task_uids[assignment.task])
            _add(element, "ResourceUID", self.resource_uids[assignment.resource])
            _add(element, "Units", _decimal(assignment.units))
            if assignment.work is not None:
                _add(element, "Work", _duration(assignment.work * 60))


def _calendar(parent: Element, uid: int, calendar: Calendar, base: Calendar | None) -> None:
    """A calendar; derived from ``base`` (the project calendar) it holds only what differs:
    weekdays worked otherwise or at other hours, and its own exceptions (vacations)."""
    element = SubElement(parent, "Calendar")
    _add(element, "UID", uid)
    _add(element, "Name", calendar.name)
    _add(element, "IsBaseCalendar", _flag(base is None))
    if base is not None:
        _add(element, "BaseCalendarUID", PROJECT_CALENDAR_UID)
    exceptions = [e for e in calendar.exceptions if base is None or e not in base.exceptions]
    weekdays = SubElement(element, "WeekDays")
    for day_type in range(1, 8):
        weekday = (day_type + 5) % 7  # DayType 1 is Sunday; Monday is 0 in the plan
        working = weekday in calendar.working_weekdays
        if base is not None and working == (weekday in base.working_weekdays):
            if not working or calendar.working_times == base.working_times:
                continue
        day = SubElement(weekdays, "WeekDay")
        _add(day, "DayType", day_type)
        _add(day, "DayWorking", _flag(working))
        if working:
            _working_times(day, calendar.working_times)
    for exception in exceptions:
        for first, last in _exception_spans(exception):
            day = SubElement(weekdays, "WeekDay")
            _add(day, "DayType", 0)
            _add(day, "DayWorking", _flag(exception.working))
            _time_period(day, first, last)
            if exception.working:
                _working_times(day, calendar.working_times)
    if not len(weekdays):
        element.remove(weekdays)
    if exceptions:
        rules = SubElement(element, "Exceptions")
        for exception in exceptions:
            for rule in _exception_rules(exception):
                _exception(rules, exception, rule, calendar.working_times)


def _exception(
    parent: Element,
    exception: CalendarException,
    rule: Recurrence,
    times: tuple[tuple[time, time], ...],
) -> None:
    """One exception rule as MS Project 2007 and later read it; a working exception has the
    calendar's hours."""
    element = SubElement(parent, "Exception")
    _add(element, "EnteredByOccurrences", 0)
    _time_period(element, rule.first, rule.last)
    _add(element, "Occurrences", len(occurrence_days(rule)))
    _add(element, "Name", exception.name or None)
    _add(element, "Type", rule.kind)
    if rule.kind == YEARLY:
        _add(element, "Month", rule.month)
        _add(element, "MonthDay", rule.month_day)
    _add(element, "DayWorking", _flag(exception.working))
    if exception.working:
        _working_times(element, times)


def _exception_rules(exception: CalendarException) -> list[Recurrence]:
    """MS Project's rules for an exception: every day of its span, or for a yearly exception one
    yearly rule per day of the span, running to its last occurrence in MS Project's last year."""
    if not exception.yearly:
        return [Recurrence(DAILY, exception.start, exception.end)]
    rules = []
    for n in range((exception.end - exception.start).days + 1):
        day = exception.start + timedelta(days=n)
        every_year = Recurrence(
            YEARLY, day, date(LAST_YEAR, 12, 31), month=day.month - 1, month_day=day.day
        )
        rules.append(replace(every_year, last=occurrence_days(every_year)[-1]))
    return rules


def _exception_spans(exception: CalendarException) -> list[tuple[date, date]]:
    """The day spans of an exception as MS Project lists them (DayType 0 weekdays)."""
    if not exception.yearly:
        return [(exception.start, exception.end)]
    return day_ranges(d for rule in _exception_rules(exception) for d in occurrence_days(rule))


def _add(parent: Element, tag: str, value: object) -> None:
    """A child element holding ``value``; nothing when the value is ``None``."""
    if value is not None:
        SubElement(parent, tag).text = str(value)


def _time_period(parent: Element, first: date, last: date) -> None:
    period = SubElement(parent, "TimePeriod")
    _add(period, "FromDate", f"{first.isoformat()}T00:00:00")
    _add(period, "ToDate", f"{last.isoformat()}T23:59:00")


def _working_times(parent: Element, times: tuple[tuple[time, time], ...]) -> None:
    periods = SubElement(parent, "WorkingTimes")
    for start, finish in times:
        period = SubElement(periods, "WorkingTime")
        _add(period, "FromTime", f"{start:%H:%M:%S}")
        _add(period, "ToTime", f"{finish:%H:%M:%S}")


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def _flag(value: object) -> int:
    return 1 if value else 0


def _duration(minutes: float) -> str:
    """Working minutes as MS Project writes durations and work: ``PT7H30M0S``."""
    seconds = round(minutes * 60)
    hours, rest = divmod(abs(seconds), 3600)
    return f"{'-' if seconds < 0 else ''}PT{hours}H{rest // 60}M{rest % 60}S"


def _whole(value: float | None) -> int | None:
    """A percentage as the integer MSPDI holds; ``None`` stays unwritten."""
    return None if value is None else round(value)


def _decimal(value: float) -> str:
    """A number in xsd:decimal form: no exponent, no trailing ``.0``."""
    value = float(value)
    return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")


def _cents(amount: float | None) -> str | None:
    """A currency amount in hundredths, as MSPDI stores costs."""
    return None if amount is None else _decimal(round(amount * CENTS, 6))
