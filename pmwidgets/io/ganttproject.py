"""GanttProject files (``.gan``): tasks, hierarchy, dependencies, progress, resources, calendar.

How GanttProject's model becomes ours:

- Nested ``<task>`` elements give the outline; ``duration`` is working days; ``meeting="true"``
  is a milestone (zero duration); ``complete`` is the % complete; ``<notes>`` the notes;
  ``priority`` (3 lowest, 0 low, 1 normal, 2 high, 4 highest) becomes 100, 300, 500, 700, 900;
  a manual cost (``cost-calculated="false"``) the fixed cost.
- ``<depend id=S type=T difference=D>`` inside task P links P to S: type 1 start-start, 2
  finish-start, 3 finish-finish, 4 start-finish; the difference is a lag in working days.
- GanttProject keeps each task's own start date. A "strong" dependency pins the successor to the
  dependency; otherwise (no dependency, "rubber" ones, or those inherited from a summary) the task
  starts on its own date if that is later. So a working task without a strong dependency of its
  own, starting after the project start, gets a "start no earlier than" constraint on its date,
  and an "earliest begin" date (``thirdDate-constraint="1"``) one on that date. The project
  starts on the earliest task start.
- The calendar: weekends from ``<default-week>`` (1 marks a weekend day); ``<date>`` elements
  are holidays (``type="HOLIDAY"``, the default) or extra working days (``WORKING_DAY``), every
  year when they have no ``year``. Working hours are not in the file: 08:00-17:00 with lunch.
- Resources keep their name and role (``function``: a role of the file's ``<roles>``, or of
  GanttProject's default set); the standard rate, per day in GanttProject, becomes per hour;
  vacations become exceptions of the resource's own calendar. An allocation's ``load`` (percent)
  becomes the assignment's units.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from xml.etree.ElementTree import Element

from pmwidgets.core.calendar import Calendar, CalendarException
from pmwidgets.core.errors import FileFormatError
from pmwidgets.core.model import (
    Assignment,
    ConstraintType,
    Link,
    LinkType,
    PlanState,
    Resource,
    Task,
    summary_flags,
)
from pmwidgets.io.reader import ReadResult
from pmwidgets.io.xmlsafe import parse_xml

LINK_TYPES = {"1": LinkType.SS, "2": LinkType.FS, "3": LinkType.FF, "4": LinkType.SF}
PRIORITIES = {"3": 100, "0": 300, "1": 500, "2": 700, "4": 900}
WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# GanttProject's built-in role set "Default" (its English names).
DEFAULT_ROLES = {"0": "", "1": "Project manager"}


def read_ganttproject(path: str | Path) -> ReadResult:
    """Read a GanttProject file.

    Raises
    ------
    FileFormatError
        When the file is not a GanttProject file or a value in it cannot be read; the message
        names the element (a task by its id) and the value.
    """
    path = Path(path)
    root = parse_xml(path)
    if root.tag != "project":
        raise FileFormatError(
            f"{path.name} is not a GanttProject file (its root element is <{root.tag}>, not "
            "<project>).",
            field="file",
            value=str(path),
        )
    return _Reader(root, path).read()


class _Reader:
    def __init__(self, root: Element, path: Path) -> None:
        self.root = root
        self.path = path
        self.warnings: list[str] = []

    def fail(self, element: Element, attribute: str, message: str) -> FileFormatError:
        who = f"<{element.tag}>"
        if "id" in element.attrib:
            who = f"<{element.tag} id={element.get('id')}>"
        value = element.get(attribute)
        return FileFormatError(
            f"{self.path.name}: {who} {attribute}='{value}' {message}",
            task=element.get("id") if element.tag == "task" else None,
            field=attribute,
            value=value,
        )

    def number(self, element: Element, attribute: str, default: float) -> float:
        raw = element.get(attribute)
        if raw is None or not raw.strip():
            return default
        try:
            number = float(raw)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise self.fail(element, attribute, "is not a number.")
        return number

    def day(self, element: Element, attribute: str) -> date | None:
        raw = element.get(attribute)
        if not raw:
            return None
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            raise self.fail(element, attribute, "is not a date (YYYY-MM-DD).") from None

    def read(self) -> ReadResult:
        calendar = self.calendar()
        tasks, links, starts, strong = self.tasks()
        if not tasks:
            raise FileFormatError(
                f"{self.path.name} has no tasks.", field="tasks", value=str(self.path)
            )
        start = min(starts.values())
        tasks = self.pin_own_dates(tasks, starts, strong, start)
        resources, assignments = self.resources(calendar, {t.id for t in tasks})
        state = PlanState(
            name=(self.root.get("name") or "").strip() or self.path.stem,
            start=datetime.combine(start, time(0)),
            calendar=calendar,
            tasks=tuple(tasks),
            links=tuple(links),
            resources=tuple(resources),
            assignments=tuple(assignments),
        )
        return ReadResult(state, self.warnings)

    # -- calendar --------------------------------------------------------------------------------

    def calendar(self) -> Calendar:
        calendars = self.root.find("calendars")
        if calendars is None:
            return Calendar()
        week = calendars.find("day-types/default-week")
        weekdays = tuple(
            n for n, name in enumerate(WEEK) if week is None or week.get(name, "0") != "1"
        )
        if calendars.get("base-id"):
            self.warnings.append(
                f"The holiday calendar '{calendars.get('base-id')}' is GanttProject's own and not "
                "in the file; only the holidays listed in the file are kept."
            )
        exceptions = []
        for element in calendars.iterfind("date"):
            kind = element.get("type") or "HOLIDAY"
            if kind not in ("HOLIDAY", "WORKING_DAY"):
                continue
            year = element.get("year") or "2000"
            try:
                day = date(int(year), int(element.get("month", "")), int(element.get("date", "")))
            except ValueError:
                raise self.fail(element, "date", "with its month and year is not a date.") from None
            name = (element.text or "").strip()
            working = kind == "WORKING_DAY"
            exceptions.append(CalendarException(day, day, name, working, not element.get("year")))
        if not weekdays:
            raise FileFormatError(
                f"{self.path.name}: <default-week> makes every day a weekend day.",
                field="default-week",
                value="",
            )
        return Calendar("GanttProject", weekdays, exceptions=tuple(exceptions))

    # -- tasks -----------------------------------------------------------------------------------

    def tasks(self) -> tuple[list[Task], list[Link], dict[str, date], set[str]]:
        tasks: list[Task] = []
        links: list[Link] = []
        starts: dict[str, date] = {}
        strong: set[str] = set()
        pending = [(element, 1) for element in reversed(self.root.findall("tasks/task"))]
        while pending:
            element, level = pending.pop()
            task = self.task(element, level)
            if task.id in starts:
                raise self.fail(element, "id", "is the id of another task too.")
            tasks.append(task)
            own_start = self.day(element, "start")
            if own_start is None:
                raise self.fail(element, "start", "is missing; every task needs a start date.")
            starts[task.id] = own_start
            for depend in element.iterfind("depend"):
                link = self.link(depend, task.id)
                links.append(link)
                if (depend.get("hardness") or "Strong").lower() == "strong":
                    strong.add(link.successor)
            pending += [(child, level + 1) for child in reversed(element.findall("task"))]
        for link in links:
            if link.successor not in starts:
                raise FileFormatError(
                    f"{self.path.name}: task {link.predecessor} has a dependency to task "
                    f"{link.successor}, which is not in the file.",
                    task=link.predecessor,
                    field="depend",
                    value=link.successor,
                )
        return tasks, links, starts, strong

    def task(self, element: Element, level: int) -> Task:
        task_id = element.get("id")
        if not task_id:
            raise self.fail(element, "id", "is missing; every task needs one.")
        milestone = element.get("meeting") == "true"
        duration = 0.0 if milestone else self.number(element, "duration", 1)
        if duration < 0:
            raise self.fail(element, "duration", "is negative.")
        complete = self.number(element, "complete", 0)
        if not 0 <= complete <= 100:
            raise self.fail(element, "complete", "is not between 0 and 100.")
        priority = element.get("priority", "1")
        if priority not in PRIORITIES:
            raise self.fail(element, "priority", "is not a GanttProject priority (0 to 4).")
        manual_cost = element.get("cost-calculated") == "false"
        notes = element.find("notes")
        earliest = (
            self.day(element, "thirdDate") if element.get("thirdDate-constraint") == "1" else None
        )
        return Task(
            id=task_id,
            name=element.get("name", ""),
            duration=duration,
            outline_level=level,
            milestone=milestone,
            notes=(notes.text or "").strip() if notes is not None else "",
            constraint=ConstraintType.SNET if earliest else ConstraintType.ASAP,
            constraint_date=datetime.combine(earliest, time(0)) if earliest else None,
            percent_complete=complete,
            priority=PRIORITIES[priority],
            fixed_cost=self.number(element, "cost-manual-value", 0) if manual_cost else 0.0,
        )

    def link(self, depend: Element, predecessor: str) -> Link:
        kind = depend.get("type", "2")
        if kind not in LINK_TYPES:
            raise self.fail(depend, "type", "is not a dependency type (1 to 4).")
        successor = depend.get("id")
        if not successor:
            raise self.fail(depend, "id", f"is missing in a dependency of task {predecessor}.")
        return Link(predecessor, successor, LINK_TYPES[kind], self.number(depend, "difference", 0))

    def pin_own_dates(
        self, tasks: list[Task], starts: dict[str, date], strong: set[str], start: date
    ) -> list[Task]:
        """Working tasks keep their own start date unless a strong dependency places them."""
        pinned = []
        for task, summary in zip(tasks, summary_flags(tuple(tasks)), strict=True):
            own = starts[task.id]
            free = not summary and task.id not in strong and own > start
            if free and (task.constraint_date is None or task.constraint_date.date() < own):
                task = replace(
                    task,
                    constraint=ConstraintType.SNET,
                    constraint_date=datetime.combine(own, time(0)),
                )
            pinned.append(task)
        return pinned

    # -- resources -------------------------------------------------------------------------------

    def resources(
        self, calendar: Calendar, task_ids: set[str]
    ) -> tuple[list[Resource], list[Assignment]]:
        roles = dict(DEFAULT_ROLES)
        for roles_element in self.root.iterfind("roles"):
            for role in roles_element.iterfind("role"):
                roles[role.get("id", "")] = role.get("name", "")
        vacations: dict[str, list[CalendarException]] = {}
        for vacation in self.root.iterfind("vacations/vacation"):
            first, last = self.day(vacation, "start"), self.day(vacation, "end")
            if first and last:
                vacations.setdefault(vacation.get("resourceid", ""), []).append(
                    CalendarException(first, last, "Vacation")
                )
        resources = []
        for element in self.root.iterfind("resources/resource"):
            rid = element.get("id")
            if not rid:
                raise self.fail(element, "id", "is missing; every resource needs one.")
            rate = element.find("rate[@name='standard']")
            per_day = self.number(rate, "value", 0) if rate is not None else 0.0
            own = vacations.get(rid)
            resources.append(
                Resource(
                    id=rid,
                    name=element.get("name", ""),
                    role=self.role(element, roles),
                    standard_rate=per_day / calendar.hours_per_day,
                    calendar=replace(
                        calendar,
                        name=element.get("name", rid),
                        exceptions=calendar.exceptions + tuple(own),
                    )
                    if own
                    else None,
                )
            )
        known = {r.id for r in resources}
        assignments = []
        for element in self.root.iterfind("allocations/allocation"):
            task, resource = element.get("task-id", ""), element.get("resource-id", "")
            if task not in task_ids or resource not in known:
                missing = "task-id" if task not in task_ids else "resource-id"
                raise self.fail(element, missing, "is not a task or resource of the file.")
            load = self.number(element, "load", 100)
            if load <= 0:
                self.warnings.append(
                    f"The allocation of resource {resource} to task {task} has no load; it is "
                    "not kept."
                )
                continue
            assignments.append(Assignment(task, resource, load / 100))
        return resources, assignments

    def role(self, element: Element, roles: dict[str, str]) -> str:
        """A role name from GanttProject's ``function``: ``4`` or ``Default:1``."""
        function = element.get("function", "")
        role_id = function.split(":")[-1]
        if function.startswith("Default:") and role_id in DEFAULT_ROLES:
            return DEFAULT_ROLES[role_id]
        if role_id in roles:
            return roles[role_id]
        if function:
            self.warnings.append(
                f"Resource {element.get('id')}: role '{function}' is not in the file; it is left "
                "empty."
            )
        return ""
