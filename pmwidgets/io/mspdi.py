"""MS Project XML (MSPDI) reading: tasks, outline, links, calendars, constraints, progress,
costs, baselines, resources with their calendars, and assignments.

Durations and lags in the file are working minutes; they become working days of the project
calendar (also for baselines). Work is read in hours. Costs (``FixedCost``, ``ActualCost``,
``CostPerUse``, baseline ``Cost``) are stored in hundredths of the currency unit; a resource's
``StandardRate`` is always per hour, whatever ``StandardRateFormat`` (how MS Project displays it)
says. A percentage lag's ``LinkLag`` is the percentage itself. MS Project writes a
``PhysicalPercentComplete`` of 0 for every task; that 0 is read as none recorded when the file
says the task earns its value by % complete. Things the plan model does not hold yet are reported
in ``warnings`` rather than silently dropped.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from xml.etree.ElementTree import Element

from pmwidgets.core.calendar import Calendar, CalendarException
from pmwidgets.core.errors import FileFormatError, PlanError
from pmwidgets.core.model import (
    Assignment,
    ConstraintType,
    Link,
    LinkType,
    PlanState,
    ProjectSettings,
    Resource,
    Task,
    TaskBaseline,
)
from pmwidgets.io.mspdi_recurrence import YEARLY, Recurrence, day_ranges, occurrence_days
from pmwidgets.io.reader import ReadResult
from pmwidgets.io.xmlsafe import parse_xml

NS = "{http://schemas.microsoft.com/project}"
LINK_TYPES = {0: LinkType.FF, 1: LinkType.FS, 2: LinkType.SF, 3: LinkType.SS}
CONSTRAINTS = {
    0: ConstraintType.ASAP,
    1: ConstraintType.ALAP,
    2: ConstraintType.MSO,
    3: ConstraintType.MFO,
    4: ConstraintType.SNET,
    5: ConstraintType.SNLT,
    6: ConstraintType.FNET,
    7: ConstraintType.FNLT,
}
PERCENT_LAG_FORMATS = {19, 20, 51, 52}
ELAPSED_LAG_FORMATS = {4, 6, 8, 10, 12, 36, 38, 40, 42, 44}
PHYSICAL_EV_METHOD = "1"  # EarnedValueMethod: 0 earns by % complete, 1 by physical % complete
CENTS = 100  # MSPDI currency amounts are in hundredths of the currency unit
NULL_RESOURCE = "-65535"  # an assignment's ResourceUID when the task has no resource
UNASSIGNED_RESOURCE = "0"  # MS Project's placeholder resource, not a real one
# MS Project's dates end on 31 December 2149: a yearly exception ending in that year has no end.
LAST_YEAR = 2149
_ISO_DURATION = re.compile(
    r"^(?P<sign>-)?P(?:(?P<y>[\d.]+)Y)?(?:(?P<mo>[\d.]+)M)?(?:(?P<d>[\d.]+)D)?"
    r"(?:T(?:(?P<h>[\d.]+)H)?(?:(?P<m>[\d.]+)M)?(?:(?P<s>[\d.]+)S)?)?$"
)


def read_mspdi(path: str | Path) -> ReadResult:
    """Read an MS Project XML file.

    Raises
    ------
    FileFormatError
        When the file is not MSPDI or a value in it cannot be read; the message names the task
        (by UID), the element and the value.
    """
    path = Path(path)
    root = parse_xml(path)
    if root.tag != f"{NS}Project":
        raise FileFormatError(
            f"{path.name} is not an MS Project XML file (its root element is "
            f"<{root.tag.split('}')[-1]}>, not <Project>).",
            field="file",
            value=str(path),
        )
    return _Reader(root, path).read()


class _Reader:
    def __init__(self, root: Element, path: Path) -> None:
        self.root = root
        self.path = path
        self.warnings: list[str] = []
        self.calendars = {
            self.text(c, "UID"): c for c in root.iterfind(f"{NS}Calendars/{NS}Calendar")
        }
        self.unread_tasks: set[str] = set()  # UIDs of the project summary and blank tasks

    def text(self, element: Element, name: str) -> str | None:
        found = element.find(NS + name)
        return None if found is None or found.text is None else found.text.strip()

    def fail(
        self,
        message: str,
        task: str | None = None,
        element: str = "",
        value: object = None,
        owner: str | None = None,
    ) -> FileFormatError:
        """The error for a bad value; ``owner`` names a record that is not a task."""
        owner = owner or (f"task UID {task}" if task is not None else None)
        where = f"{owner}, " if owner else ""
        return FileFormatError(
            f"{self.path.name}: {where}<{element}> {message}", task=task, field=element, value=value
        )

    def number(
        self,
        element: Element,
        name: str,
        default: float,
        task: str | None = None,
        owner: str | None = None,
    ) -> float:
        raw = self.text(element, name)
        if raw is None or raw == "":
            return default
        try:
            return float(raw)
        except ValueError:
            raise self.fail(f"'{raw}' is not a number.", task, name, raw, owner) from None

    def amount(
        self, element: Element, name: str, task: str | None = None, owner: str | None = None
    ) -> float | None:
        """A currency amount (stored in hundredths), ``None`` when the element is absent."""
        if not self.text(element, name):
            return None
        return self.number(element, name, 0, task, owner) / CENTS

    def moment(self, element: Element, name: str, task: str | None = None) -> datetime | None:
        raw = self.text(element, name)
        if not raw:
            return None
        try:
            return datetime.fromisoformat(raw)
        except ValueError:
            raise self.fail(f"'{raw}' is not a date.", task, name, raw) from None

    def minutes(
        self, element: Element, name: str, task: str | None = None, owner: str | None = None
    ) -> float | None:
        raw = self.text(element, name)
        if not raw:
            return None
        match = _ISO_DURATION.match(raw)
        if match is None:
            raise self.fail(f"'{raw}' is not an ISO 8601 duration.", task, name, raw, owner)
        parts = {k: float(v) for k, v in match.groupdict().items() if v and k != "sign"}
        total = (
            parts.get("h", 0) * 60
            + parts.get("m", 0)
            + parts.get("s", 0) / 60
            + parts.get("d", 0) * 24 * 60
        )
        return -total if match.group("sign") else total

    def read(self) -> ReadResult:
        root = self.root
        if self.text(root, "ScheduleFromStart") == "0":
            self.warnings.append(
                "The project is scheduled from its finish date in MS Project; pmwidgets "
                "schedules it from its start."
            )
        calendar = self.project_calendar()
        mpd = calendar.minutes_per_day
        start = self.moment(root, "StartDate") or self.earliest_task_start()
        settings = ProjectSettings(
            currency=self.text(root, "CurrencyCode") or "EUR",
            days_per_week=self.number(root, "MinutesPerWeek", 2400)
            / self.number(root, "MinutesPerDay", 480),
            days_per_month=self.number(root, "DaysPerMonth", 20),
        )
        tasks, links, baselines = self.tasks(mpd)
        resources = self.resources()
        assignments = self.assignments({t.id for t in tasks}, {r.id for r in resources})
        name = self.text(root, "Title") or self.text(root, "Name") or self.path.stem
        if name.lower().endswith(".xml"):
            name = name[:-4]
        state = PlanState(
            name=name,
            start=start,
            calendar=calendar,
            tasks=tuple(tasks),
            links=tuple(links),
            status_date=self.moment(root, "StatusDate"),
            settings=settings,
            resources=tuple(resources),
            assignments=tuple(assignments),
            baselines=tuple(baselines),
        )
        return ReadResult(state, list(dict.fromkeys(self.warnings)))

    def earliest_task_start(self) -> datetime:
        """The project start when the file names none: its earliest task start, else today."""
        starts = [
            moment
            for task in self.root.iterfind(f"{NS}Tasks/{NS}Task")
            if (moment := self.moment(task, "Start", self.text(task, "UID"))) is not None
        ]
        if starts:
            return min(starts)
        self.warnings.append("The file names no project start; today is used.")
        return datetime.combine(datetime.now().date(), time(8))

    # -- calendars -------------------------------------------------------------------------------

    def project_calendar(self) -> Calendar:
        uid = self.text(self.root, "CalendarUID")
        if uid not in self.calendars:
            uid = next(iter(self.calendars), None)
        return self.calendar(uid) or Calendar()

    def calendar(self, uid: str | None) -> Calendar | None:
        """The calendar with this UID merged over the base calendars it derives from (a
        resource's calendar derives from a base calendar and adds its vacations); ``None`` when
        the file has no such calendar."""
        element = self.calendars.get(uid)
        if element is None:
            return None
        chain = [element]
        base = self.text(element, "BaseCalendarUID")
        while base in self.calendars and self.calendars[base] not in chain:
            chain.append(self.calendars[base])
            base = self.text(self.calendars[base], "BaseCalendarUID")
        return self.calendar_from(list(reversed(chain)))

    def calendar_from(self, chain: list[Element]) -> Calendar:
        weekdays: dict[int, tuple[bool, tuple[tuple[time, time], ...]]] = {}
        exceptions: list[CalendarException] = []
        for element in chain:
            # MS Project also lists the days of each <Exception> as DayType 0 weekdays; the rule
            # keeps the exception's name, so those days are read only when there is no rule.
            listed = element.findall(f"{NS}Exceptions/{NS}Exception")
            for day in element.iterfind(f"{NS}WeekDays/{NS}WeekDay"):
                kind = int(self.number(day, "DayType", -1))
                working = self.text(day, "DayWorking") == "1"
                times = self.working_times(day)
                if kind == 0 and not listed:
                    exceptions.extend(self.exception_days(day, working))
                elif 1 <= kind <= 7:
                    weekdays[(kind + 5) % 7] = (working, times)
            for exception in listed:
                exceptions.extend(
                    self.exception_days(exception, self.text(exception, "DayWorking") == "1")
                )
        working_days = tuple(sorted(d for d, (w, _) in weekdays.items() if w)) or (0, 1, 2, 3, 4)
        hours = [times for d, (w, times) in sorted(weekdays.items()) if w and times]
        if hours and any(h != hours[0] for h in hours):
            self.warnings.append(
                "Working hours differ between weekdays; pmwidgets uses "
                + ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in hours[0])
                + " on every working day."
            )
        name = self.text(chain[-1], "Name") or "Standard"
        if hours:
            return Calendar(name, working_days, hours[0], tuple(exceptions))
        return Calendar(name, working_days, exceptions=tuple(exceptions))

    def working_times(self, element: Element) -> tuple[tuple[time, time], ...]:
        periods = []
        for period in element.iterfind(f"{NS}WorkingTimes/{NS}WorkingTime"):
            start, finish = self.text(period, "FromTime"), self.text(period, "ToTime")
            if start and finish:
                periods.append((time.fromisoformat(start), time.fromisoformat(finish)))
        return tuple(periods)

    def exception_days(self, element: Element, working: bool) -> list[CalendarException]:
        period = element.find(f"{NS}TimePeriod")
        if period is None:
            return []
        first = self.moment(period, "FromDate")
        last = self.moment(period, "ToDate")
        if first is None or last is None:
            return []
        if last.time() == time(0) and last > first:
            last -= timedelta(minutes=1)
        if working and not self.working_times(element):
            working = False
        name = self.text(element, "Name") or ""
        ranges, yearly = [(first.date(), last.date())], False
        if element.tag == f"{NS}Exception" and self.text(element, "Type") is not None:
            ranges, yearly = self.recurrence_ranges(element, name, *ranges[0])
        return [CalendarException(start, end, name, working, yearly) for start, end in ranges]

    def recurrence_ranges(
        self, element: Element, name: str, first: date, last: date
    ) -> tuple[list[tuple[date, date]], bool]:
        """The day ranges a rule covers, and whether it is one day every year without end (a
        yearly rule running to MS Project's last year), kept as a yearly exception on the
        first day instead of more than a century of single days."""

        def whole(tag: str, default: int) -> int:
            return int(self.number(element, tag, default))

        by_occurrences = self.text(element, "EnteredByOccurrences") == "1"
        try:
            rule = Recurrence(
                kind=whole("Type", 0),
                first=first,
                last=last,
                occurrences=whole("Occurrences", 1) if by_occurrences else None,
                period=whole("Period", 1),
                days_of_week=whole("DaysOfWeek", 0),
                month=whole("Month", 0),
                month_day=whole("MonthDay", 1),
                month_item=whole("MonthItem", 3),
                month_position=whole("MonthPosition", 0),
            )
        except ValueError as error:
            self.warnings.append(
                f"Calendar exception '{name or first}' cannot be expanded ({error}); every day "
                f"from {first} to {last} is taken as an exception."
            )
            return [(first, last)], False
        days = occurrence_days(rule)
        if rule.kind == YEARLY and rule.period == 1 and not by_occurrences and days:
            if last.year >= LAST_YEAR:
                return [(days[0], days[0])], True
        return day_ranges(days), False

    # -- tasks -----------------------------------------------------------------------------------

    def tasks(self, mpd: int) -> tuple[list[Task], list[Link], list[TaskBaseline]]:
        tasks: list[Task] = []
        links: list[Link] = []
        baselines: list[TaskBaseline] = []
        manual = 0
        for element in self.root.iterfind(f"{NS}Tasks/{NS}Task"):
            uid = self.text(element, "UID")
            if uid is None or self.text(element, "IsNull") == "1":
                self.unread_tasks.add(uid or "")
                continue
            level = int(self.number(element, "OutlineLevel", 1, uid))
            if level == 0:
                self.unread_tasks.add(uid)
                continue
            if self.text(element, "Manual") == "1":
                manual += 1
            tasks.append(self.task(element, uid, level, mpd))
            for link in element.iterfind(f"{NS}PredecessorLink"):
                links.append(self.link(link, uid, mpd))
            baselines.extend(self.baselines(element, uid, mpd))
        if manual:
            self.warnings.append(
                f"{manual} task(s) are manually scheduled in MS Project; pmwidgets schedules "
                "every task automatically."
            )
        known = {t.id for t in tasks}
        for link in links:
            if link.predecessor not in known:
                raise self.fail(
                    f"names predecessor UID {link.predecessor}, which is not a task in the file.",
                    link.successor,
                    "PredecessorUID",
                    link.predecessor,
                )
        return tasks, links, baselines

    def task(self, element: Element, uid: str, level: int, mpd: int) -> Task:
        minutes = self.minutes(element, "Duration", uid) or 0.0
        constraint = CONSTRAINTS.get(
            int(self.number(element, "ConstraintType", 0, uid)), ConstraintType.ASAP
        )
        constraint_date = (
            self.moment(element, "ConstraintDate", uid) if constraint.needs_date else None
        )
        actual_start = self.moment(element, "ActualStart", uid)
        actual_finish = self.moment(element, "ActualFinish", uid)
        try:
            return Task(
                id=uid,
                name=self.text(element, "Name") or "",
                duration=minutes / mpd,
                outline_level=level,
                milestone=self.text(element, "Milestone") == "1",
                wbs=self.text(element, "WBS") or "",
                notes=self.text(element, "Notes") or "",
                constraint=constraint,
                constraint_date=constraint_date,
                deadline=self.moment(element, "Deadline", uid),
                percent_complete=self.percent(element, "PercentComplete", uid) or 0.0,
                physical_percent_complete=self.physical_percent(element, uid),
                actual_start=actual_start,
                actual_finish=actual_finish,
                priority=int(self.number(element, "Priority", 500, uid)),
                fixed_cost=self.amount(element, "FixedCost", uid) or 0.0,
                actual_cost=self.amount(element, "ActualCost", uid),
            )
        except FileFormatError:
            raise  # a value read above, already named by task, element and value
        except PlanError as error:
            raise self.fail(error.message, uid, error.field or "Task", error.value) from None

    def percent(self, element: Element, name: str, uid: str) -> float | None:
        """A percentage element, ``None`` when absent; refused outside 0 to 100."""
        raw = self.text(element, name)
        if not raw:
            return None
        share = self.number(element, name, 0, uid)
        if not 0 <= share <= 100:
            raise self.fail(f"'{raw}' is not a percentage from 0 to 100.", uid, name, raw)
        return share

    def physical_percent(self, element: Element, uid: str) -> float | None:
        """A task's physical % complete, ``None`` when none is recorded.

        MS Project writes 0 for every task, also where nobody records physical progress, so a 0
        counts only when the task earns its value by physical % complete (its
        ``EarnedValueMethod``, else the project's ``DefaultTaskEVMethod``, is 1) or when the
        file names no method at all, as pmwidgets writes it: then the 0 was written on purpose.
        """
        share = self.percent(element, "PhysicalPercentComplete", uid)
        if share is None:
            return None
        method = self.text(element, "EarnedValueMethod") or self.text(
            self.root, "DefaultTaskEVMethod"
        )
        if share == 0 and method is not None and method != PHYSICAL_EV_METHOD:
            return None
        return share

    def link(self, element: Element, successor: str, mpd: int) -> Link:
        predecessor = self.text(element, "PredecessorUID")
        if predecessor is None:
            raise self.fail("is missing.", successor, "PredecessorUID")
        kind = int(self.number(element, "Type", 1, successor))
        if kind not in LINK_TYPES:
            raise self.fail(f"'{kind}' is not a link type (0-3).", successor, "Type", kind)
        lag = self.number(element, "LinkLag", 0, successor)
        lag_format = int(self.number(element, "LagFormat", 7, successor))
        if lag_format in PERCENT_LAG_FORMATS:
            return Link(predecessor, successor, LINK_TYPES[kind], lag, True)
        if lag_format in ELAPSED_LAG_FORMATS and lag:
            self.warnings.append(
                f"Task {successor}: the lag from {predecessor} is in elapsed time; it is kept as "
                "the same amount of working time."
            )
        return Link(predecessor, successor, LINK_TYPES[kind], lag / 10 / mpd)

    def baselines(self, element: Element, uid: str, mpd: int) -> list[TaskBaseline]:
        """Baselines 0 to 10 of a task; durations in working days, work in hours."""
        baselines = []
        for baseline in element.iterfind(f"{NS}Baseline"):
            number = int(self.number(baseline, "Number", -1, uid))
            if not 0 <= number <= 10:
                continue
            duration = self.minutes(baseline, "Duration", uid)
            work = self.minutes(baseline, "Work", uid)
            baselines.append(
                TaskBaseline(
                    task=uid,
                    number=number,
                    start=self.moment(baseline, "Start", uid),
                    finish=self.moment(baseline, "Finish", uid),
                    duration=None if duration is None else duration / mpd,
                    work=None if work is None else work / 60,
                    cost=self.amount(baseline, "Cost", uid),
                )
            )
        return baselines

    # -- resources and assignments ---------------------------------------------------------------

    def resources(self) -> list[Resource]:
        resources = []
        for element in self.root.iterfind(f"{NS}Resources/{NS}Resource"):
            uid = self.text(element, "UID")
            if uid in (None, UNASSIGNED_RESOURCE) or self.text(element, "IsNull") == "1":
                continue
            owner = f"resource UID {uid}"
            name = self.text(element, "Name") or ""
            if self.text(element, "Type") in ("0", "2"):
                self.warnings.append(
                    f"Resource '{name or uid}' is a material or cost resource in MS Project; "
                    "pmwidgets plans it as a work resource (units of time, rate per hour)."
                )
            resources.append(
                Resource(
                    id=uid,
                    name=name,
                    role=self.text(element, "Group") or "",
                    max_units=self.number(element, "MaxUnits", 1.0, owner=owner),
                    standard_rate=self.number(element, "StandardRate", 0.0, owner=owner),
                    cost_per_use=self.amount(element, "CostPerUse", owner=owner) or 0.0,
                    calendar=self.calendar(self.text(element, "CalendarUID")),
                )
            )
        return resources

    def assignments(self, tasks: set[str], resources: set[str]) -> list[Assignment]:
        """Assignments of real resources to the tasks read; work in hours."""
        assignments = []
        for element in self.root.iterfind(f"{NS}Assignments/{NS}Assignment"):
            task, resource = self.text(element, "TaskUID"), self.text(element, "ResourceUID")
            if resource in (NULL_RESOURCE, UNASSIGNED_RESOURCE) or task in self.unread_tasks:
                continue
            owner = f"assignment UID {self.text(element, 'UID')}"
            units = self.number(element, "Units", 1.0, owner=owner)
            if task not in tasks or resource not in resources or units <= 0:
                self.warnings.append(
                    f"The {owner} (task {task}, resource {resource}, units {units:g}) names a "
                    "task or resource that is not in the file, or has no units; it is left out."
                )
                continue
            work = self.minutes(element, "Work", owner=owner)
            assignments.append(
                Assignment(task, resource, units, None if work is None else work / 60)
            )
        return assignments
