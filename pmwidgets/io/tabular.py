"""Plans as tables of cells, shared by the Excel and CSV formats.

Each table (Tasks, Resources, Project, Holidays) is described once by its columns: the header we
write and the synonyms people use. :func:`plan_to_tables` turns a plan into rows of plain cell
values (text, numbers, datetimes); :func:`plan_from_tables` reads them back. Format modules only
move cells in and out of files. The risk register has its own file of one table, read and
written by :mod:`pmwidgets.io.risk_table` with these helpers.

Typed values go through the core's own readers (``parse_duration``, ``parse_predecessors``,
``coerce_field``), so a cell accepts what a table cell in the editor accepts. Every error names
the table, the row, the column and the value.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pandas as pd

from pmwidgets.core.calendar import WEEKDAY_NAMES, Calendar, CalendarException
from pmwidgets.core.edits import coerce_field, mark_milestone
from pmwidgets.core.errors import FileFormatError, PlanError
from pmwidgets.core.model import (
    CONSTRAINT_NAMES,
    Assignment,
    Link,
    PlanState,
    ProjectSettings,
    Resource,
    Task,
    outline_numbers,
    summary_flags,
)
from pmwidgets.core.notation import format_days, format_predecessors, parse_date, parse_predecessors
from pmwidgets.core.plan import Plan

TASKS, RESOURCES, PROJECT, HOLIDAYS = "Tasks", "Resources", "Project", "Holidays"
SHEETS = (TASKS, RESOURCES, PROJECT, HOLIDAYS)
# OWASP: a cell starting with one of these may run as a formula when a spreadsheet opens it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


@dataclass(frozen=True)
class Column:
    """One column: the key read into, the header written, and other headers accepted."""

    key: str
    header: str
    synonyms: tuple[str, ...] = ()


TASK_COLUMNS = (
    # Not "Unique ID": MS Project's predecessors name tasks by ID.
    Column("id", "ID", ("task id",)),
    Column("wbs", "WBS", ("wbs code", "outline number")),
    Column("name", "Name", ("task name", "task", "title")),
    Column("duration", "Duration", ("duration (days)", "days", "work days")),
    Column("start", "Start", ("start date", "begin date", "begin")),
    Column("finish", "Finish", ("finish date", "end date", "end")),
    Column("predecessors", "Predecessors", ("predecessor", "depends on", "dependencies")),
    Column("outline_level", "Outline level", ("level",)),
    Column("milestone", "Milestone", ()),
    Column("constraint", "Constraint", ("constraint type",)),
    Column("constraint_date", "Constraint date", ()),
    Column("deadline", "Deadline", ()),
    Column("percent_complete", "% complete", ("percent complete", "% done", "progress")),
    Column("actual_start", "Actual start", ()),
    Column("actual_finish", "Actual finish", ()),
    Column("priority", "Priority", ()),
    Column("fixed_cost", "Fixed cost", ()),
    Column("actual_cost", "Actual cost", ()),
    Column("notes", "Notes", ("note", "comments")),
    Column("resources", "Resources", ("resource names", "assigned to", "resource")),
)
RESOURCE_COLUMNS = (
    Column("id", "ID", ("resource id",)),
    Column("name", "Name", ("resource name", "resource")),
    Column("role", "Role", ("group", "function")),
    Column("max_units", "Max units", ("max. units", "maximum units", "capacity", "units")),
    Column("standard_rate", "Standard rate", ("std. rate", "rate", "hourly rate")),
    Column("cost_per_use", "Cost per use", ("cost/use",)),
)
PROJECT_COLUMNS = (Column("field", "Field", ("property", "key")), Column("value", "Value", ()))
PROJECT_FIELDS = (
    Column("name", "Name", ("project name", "project", "title")),
    Column("start", "Start", ("project start", "start date")),
    Column("status_date", "Status date", ()),
    Column("currency", "Currency", ()),
    Column("date_format", "Date format", ()),
    Column("days_per_week", "Days per week", ()),
    Column("days_per_month", "Days per month", ()),
    Column("calendar", "Calendar", ("calendar name",)),
    Column("working_days", "Working days", ("working weekdays",)),
    Column("working_hours", "Working hours", ("working times",)),
)
HOLIDAY_COLUMNS = (
    Column("name", "Name", ("holiday",)),
    Column("start", "Start", ("date", "from")),
    Column("end", "End", ("finish", "to")),
    Column("working", "Working", ("working day",)),
    Column("yearly", "Every year", ("yearly", "recurring")),
)
_ASSIGNMENT = re.compile(r"\s*(?P<who>[^\[\];,]+?)\s*(?:\[(?P<units>[^\]]*)\])?\s*(?:[;,]|$)")
_HOURS = re.compile(r"^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$")
_PER_HOUR = re.compile(r"\s*/\s*(h|hr|hour)\s*$", re.IGNORECASE)


def neutralise(value: object) -> object:
    """A cell value safe to open in a spreadsheet: text that could start a formula gets a
    leading ``'``; numbers, dates and other text are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` that replaces it when the block succeeds, so a failed
    write never leaves half a file."""
    temporary = path.with_name(f".{path.name}.part")
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


@dataclass
class Table:
    """Cells read from one sheet or file.

    Parameters
    ----------
    label : str
        How messages name it: a sheet name (``"Tasks"``) or a file name.
    header : list
        The header row's cells.
    rows : list of (int, list)
        Each data row with its row number as a spreadsheet shows it (the header is row 1).
    """

    label: str
    header: list[object]
    rows: list[tuple[int, list[object]]] = field(default_factory=list)


# -- writing -----------------------------------------------------------------------------------


def plan_to_tables(state: PlanState) -> dict[str, list[list[object]]]:
    """Rows (header first) of every table the plan fills, by sheet name.

    Start and Finish are the computed dates, and a summary's duration is its computed span, so
    the plan is validated and scheduled first (a :class:`PlanError` when it cannot be).
    """
    frame = Plan.from_state(state).schedule().to_frame()
    tables = {
        PROJECT: _project_rows(state),
        TASKS: _task_rows(state, frame),
        RESOURCES: _resource_rows(state),
    }
    if state.calendar.exceptions:
        tables[HOLIDAYS] = _holiday_rows(state.calendar)
    return tables


def _task_rows(state: PlanState, frame: pd.DataFrame) -> list[list[object]]:
    numbers = outline_numbers(state.tasks)
    summaries = summary_flags(state.tasks)
    spans = frame["duration_days"].tolist()
    starts = [s.to_pydatetime() for s in frame["start"]]
    finishes = [f.to_pydatetime() for f in frame["finish"]]
    incoming: dict[str, list[Link]] = {}
    for link in state.links:
        incoming.setdefault(link.successor, []).append(link)
    names = _assignment_names(state.resources)
    assigned: dict[str, list[str]] = {}
    for a in state.assignments:
        units = "" if a.units == 1 else f"[{a.units * 100:g}%]"
        assigned.setdefault(a.task, []).append(names.get(a.resource, a.resource) + units)
    rows: list[list[object]] = [[c.header for c in TASK_COLUMNS]]
    for position, task in enumerate(state.tasks):
        duration = spans[position] if summaries[position] else task.duration
        values = {
            "id": _id_cell(task.id),
            "wbs": task.wbs or numbers[position],
            "name": task.name,
            "duration": format_days(duration),
            "start": starts[position],
            "finish": finishes[position],
            "predecessors": ";".join(format_predecessors([k]) for k in incoming.get(task.id, [])),
            "outline_level": task.outline_level,
            "milestone": "Yes" if task.milestone else "No",
            "constraint": CONSTRAINT_NAMES[task.constraint],
            "constraint_date": task.constraint_date,
            "deadline": task.deadline,
            "percent_complete": task.percent_complete,
            "actual_start": task.actual_start,
            "actual_finish": task.actual_finish,
            "priority": task.priority,
            "fixed_cost": task.fixed_cost,
            "actual_cost": task.actual_cost,
            "notes": task.notes,
            "resources": ";".join(assigned.get(task.id, [])),
        }
        rows.append([values[c.key] for c in TASK_COLUMNS])
    return rows


def _assignment_names(resources: tuple[Resource, ...]) -> dict[str, str]:
    """How the Resources column names each resource: by name, as MS Project does, unless the
    name is empty, shared or holds a separator; then by id."""
    counts: dict[str, int] = {}
    for r in resources:
        counts[r.name] = counts.get(r.name, 0) + 1
    return {
        r.id: r.name
        if r.name and counts[r.name] == 1 and not re.search(r"[\[\];,]", r.name)
        else r.id
        for r in resources
    }


def _resource_rows(state: PlanState) -> list[list[object]]:
    rows: list[list[object]] = [[c.header for c in RESOURCE_COLUMNS]]
    for r in state.resources:
        rows.append([_id_cell(r.id), r.name, r.role, r.max_units, r.standard_rate, r.cost_per_use])
    return rows


def _project_rows(state: PlanState) -> list[list[object]]:
    settings, calendar = state.settings, state.calendar
    values = {
        "name": state.name,
        "start": state.start,
        "status_date": state.status_date,
        "currency": settings.currency,
        "date_format": settings.date_format,
        "days_per_week": settings.days_per_week,
        "days_per_month": settings.days_per_month,
        "calendar": calendar.name,
        "working_days": ", ".join(WEEKDAY_NAMES[d][:3] for d in calendar.working_weekdays),
        "working_hours": ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in calendar.working_times),
    }
    header: list[object] = [c.header for c in PROJECT_COLUMNS]
    return [header] + [[f.header, values[f.key]] for f in PROJECT_FIELDS]


def _holiday_rows(calendar: Calendar) -> list[list[object]]:
    rows: list[list[object]] = [[c.header for c in HOLIDAY_COLUMNS]]
    for e in calendar.exceptions:
        start, end = datetime.combine(e.start, time(0)), datetime.combine(e.end, time(0))
        yes_no = ("Yes" if e.working else "No", "Yes" if e.yearly else "No")
        rows.append([e.name, start, end, *yes_no])
    return rows


def _id_cell(identifier: str) -> object:
    """A numeric id as a number (so a spreadsheet does not flag it), any other as text."""
    if identifier.isdigit() and str(int(identifier)) == identifier:
        return int(identifier)
    return identifier


# -- reading -----------------------------------------------------------------------------------


def plan_from_tables(tables: dict[str, Table], name: str) -> tuple[PlanState, list[str]]:
    """A plan state from tables read by a format module, and warnings about what was not read.

    ``tables`` must hold :data:`TASKS`; :data:`RESOURCES`, :data:`PROJECT` and :data:`HOLIDAYS`
    are optional. ``name`` is used when no Project table names the plan. The project start is
    the Project table's; else the earliest date in the Start column; else the earliest actual
    start or constraint date; else today. Start and Finish are otherwise not read: the schedule
    computes them.

    Raises
    ------
    FileFormatError
        Naming the table, row, column and value of the first cell that cannot be read.
    """
    warnings: list[str] = []
    project = _read_project(tables.get(PROJECT), warnings)
    holidays = tables.get(HOLIDAYS)
    base = PlanState(
        name=project.name or name,
        start=datetime.combine(date.today(), time(0)),
        calendar=replace(
            project.calendar,
            exceptions=tuple(_holiday(row) for row in _rows(holidays, HOLIDAY_COLUMNS, warnings))
            if holidays
            else (),
        ),
        status_date=project.status_date,
        settings=project.settings,
    )
    resources = _read_resources(tables[RESOURCES], warnings) if RESOURCES in tables else None
    tasks, links, wanted, earliest = _read_tasks(
        tables[TASKS], base, project.start is None, warnings
    )
    resources, assignments = _resolve_assignments(wanted, resources)
    state = base.changed(
        structural=True,
        start=project.start or earliest or base.start,
        tasks=tuple(tasks),
        links=tuple(links),
        resources=tuple(resources),
        assignments=tuple(assignments),
    )
    return state, warnings


class _Row:
    """One data row: its cells by column key, and errors that name the cell."""

    def __init__(
        self, label: str, number: int, cells: dict[str, object], headers: dict[str, str]
    ) -> None:
        self.label, self.number, self.cells, self.headers = label, number, cells, headers

    def get(self, key: str) -> object:
        return self.cells.get(key)

    def error(self, key: str, reason: str, task: str | None = None) -> FileFormatError:
        return FileFormatError(
            f"{self.label} row {self.number}, column {self.headers.get(key, key)}: {reason}",
            task=task,
            field=key,
            value=self.cells.get(key),
        )

    def failed(self, key: str, error: PlanError, task: str | None = None) -> FileFormatError:
        """The core's own reason, without its "Task 3: " opening (the row says where)."""
        return self.error(key, re.sub(r"^Task [^:]*: ", "", error.message), task)


def _rows(table: Table, columns: tuple[Column, ...], warnings: list[str]) -> Iterator[_Row]:
    """The table's non-empty rows, their cells matched to ``columns`` by header."""
    known = {_plain(name): c for c in columns for name in (c.header, *c.synonyms)}
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    for position, cell in enumerate(table.header):
        text = _clean(cell)
        if text is None:
            continue
        column = known.get(_plain(_text(text)))
        if column is None:
            warnings.append(f"{table.label}: column '{text}' is not read.")
        elif column.key in positions:
            raise FileFormatError(
                f"{table.label}: columns '{headers[column.key]}' and '{text}' both give "
                f"{column.header}; keep one.",
                field=column.key,
                value=_text(text),
            )
        else:
            positions[column.key], headers[column.key] = position, _text(text)
    for number, cells in table.rows:
        values = {
            key: _clean(cells[position]) if position < len(cells) else None
            for key, position in positions.items()
        }
        if any(v is not None for v in values.values()):
            yield _Row(table.label, number, values, headers)


def _plain(header: str) -> str:
    return " ".join(header.replace("_", " ").lower().split()).rstrip(":")


def _clean(value: object) -> object:
    """A cell's value: stripped text (``None`` when empty) with our formula guard removed."""
    if isinstance(value, str):
        value = value.strip()
        if value[:1] == "'" and value[1:2] and value[1] in FORMULA_STARTS:
            value = value[1:]
        return value or None
    return value


def _text(value: object) -> str:
    """A cell as text: a whole number without ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _identifier(row: _Row, fallback: int, what: str) -> str:
    if "id" not in row.headers:
        return str(fallback)
    if row.get("id") is None:
        raise row.error("id", f"empty; every {what} needs an ID.")
    return _text(row.get("id"))


def _read_tasks(
    table: Table, base: PlanState, need_start: bool, warnings: list[str]
) -> tuple[list[Task], list[Link], list[tuple[_Row, str]], datetime | None]:
    tasks: list[Task] = []
    links: list[Link] = []
    rows: dict[str, _Row] = {}
    wanted: list[tuple[_Row, str]] = []
    starts: list[Any] = []
    others: list[Any] = []
    has_level = False
    for row in _rows(table, TASK_COLUMNS, warnings):
        task_id = _identifier(row, len(tasks) + 1, "task")
        if task_id in rows:
            raise row.error("id", f"'{task_id}' is also the ID of row {rows[task_id].number}.")
        rows[task_id] = row
        task = Task(id=task_id)
        values: dict[str, object] = {}
        for key, value in row.cells.items():
            if value is None or key in _NOT_TASK_FIELDS:
                continue
            try:
                text_field = key in ("name", "wbs", "notes")
                values.update(coerce_field(base, task, key, _text(value) if text_field else value))
            except PlanError as error:
                raise row.failed(key, error, task_id) from None
        has_level = has_level or "outline_level" in values
        mark_milestone(values)
        tasks.append(task.with_changes(**values))
        try:
            links += parse_predecessors(
                _text(row.get("predecessors") or ""),
                task_id,
                base.calendar.hours_per_day,
                base.settings,
            )
        except PlanError as error:
            raise row.failed("predecessors", error, task_id) from None
        if row.get("resources") is not None:
            wanted.append((row, task_id))
        others += [v for k in ("actual_start", "constraint_date") if (v := values.get(k))]
        if need_start and row.get("start") is not None:
            try:
                moment = parse_date(row.get("start"), base.settings, field="start")
            except PlanError as error:
                raise row.failed("start", error, task_id) from None
            starts.append(moment)
    for link in links:
        if link.predecessor not in rows:
            raise rows[link.successor].error(
                "predecessors",
                f"'{link.predecessor}' is not the ID of a task in {table.label}.",
                link.successor,
            )
    return _outline(tasks, has_level), links, wanted, min(starts or others, default=None)


_NOT_TASK_FIELDS = ("id", "start", "finish", "predecessors", "resources")


def _outline(tasks: list[Task], has_level: bool) -> list[Task]:
    """Outline levels from WBS codes when no column gives them; a WBS equal to the outline
    number is the default one (kept empty)."""
    if not has_level:
        tasks = [t.with_changes(outline_level=t.wbs.count(".") + 1) if t.wbs else t for t in tasks]
    numbers = outline_numbers(tuple(tasks))
    return [
        t.with_changes(wbs="") if t.wbs == n else t for t, n in zip(tasks, numbers, strict=True)
    ]


def _read_resources(table: Table, warnings: list[str]) -> list[Resource]:
    resources: list[Resource] = []
    seen: dict[str, int] = {}
    for row in _rows(table, RESOURCE_COLUMNS, warnings):
        rid = _identifier(row, len(resources) + 1, "resource")
        if rid in seen:
            raise row.error("id", f"'{rid}' is also the ID of row {seen[rid]}.")
        seen[rid] = row.number
        resources.append(
            Resource(
                id=rid,
                name=_text(row.get("name") or ""),
                role=_text(row.get("role") or ""),
                max_units=_number(row, "max_units", 1.0, units=True),
                standard_rate=_number(row, "standard_rate", 0.0),
                cost_per_use=_number(row, "cost_per_use", 0.0),
            )
        )
    return resources


def _number(row: _Row, key: str, default: float, *, units: bool = False) -> float:
    """A number of 0 or more; ``units`` are a fraction of full time (``1`` or ``100%``), a rate
    may end in ``/h``."""
    value = row.get(key)
    if value is None:
        return default
    try:
        return _parse_units(value) if units else _parse_number(_PER_HOUR.sub("", _text(value)))
    except ValueError as error:
        raise row.error(key, f"'{value}' {error}") from None


def _parse_number(text: str) -> float:
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise ValueError("is not a number.") from None
    if not number >= 0:
        raise ValueError("cannot be negative.")
    return number


def _parse_units(value: object) -> float:
    """Units typed by people: ``100%`` or ``1`` is full time, ``50%`` or ``0.5`` half time.

    Raises ``ValueError`` with the reason when ``value`` is not above 0.
    """
    text = _text(value).strip()
    try:
        units = float(text[:-1].replace(",", ".")) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise ValueError("is not units; type 100%, 50% or 1 (one full-time person).") from None
    if not units > 0:
        raise ValueError("is not above 0; units are more than 0%.")
    return units


def _resolve_assignments(
    wanted: list[tuple[_Row, str]], resources: list[Resource] | None
) -> tuple[list[Resource], list[Assignment]]:
    """Assignments from the Resources column (``Ada[50%];Bob``). Without a resource table, a
    name not met before becomes a new resource, as in MS Project."""
    known = list(resources or [])
    assignments: list[Assignment] = []
    for row, task_id in wanted:
        text = _text(row.get("resources"))
        position, taken = 0, set()
        while position < len(text):
            match = _ASSIGNMENT.match(text, position)
            if match is None or match.end() == position:
                raise row.error("resources", f"'{text}' is not like Ada[50%];Bob.", task_id)
            position = match.end()
            who = match.group("who")
            resource = _find_resource(known, who)
            if resource is None and resources is not None:
                raise row.error("resources", f"'{who}' is not a resource of the file.", task_id)
            if resource is None:
                numbers = [int(r.id) for r in known if r.id.isdigit()]
                resource = Resource(id=str(max(numbers, default=0) + 1), name=who)
                known.append(resource)
            if resource.id in taken:
                raise row.error("resources", f"'{who}' is named twice.", task_id)
            taken.add(resource.id)
            try:
                units = _parse_units(match.group("units")) if match.group("units") else 1.0
            except ValueError as error:
                raise row.error("resources", f"{who}[{match.group('units')}] {error}") from None
            assignments.append(Assignment(task_id, resource.id, units))
    return known, assignments


def _find_resource(resources: list[Resource], who: str) -> Resource | None:
    """By name, then by name in any case, then by id."""
    for found in (
        [r for r in resources if r.name == who],
        [r for r in resources if r.name.lower() == who.lower()],
        [r for r in resources if r.id == who],
    ):
        if found:
            return found[0]
    return None


@dataclass
class _Project:
    """What a Project table says; ``None`` where it says nothing."""

    name: str | None = None
    start: datetime | None = None
    status_date: datetime | None = None
    settings: ProjectSettings = field(default_factory=ProjectSettings)
    calendar: Calendar = field(default_factory=Calendar)


def _read_project(table: Table | None, warnings: list[str]) -> _Project:
    values: dict[str, Any] = {}
    fields = {_plain(name): f for f in PROJECT_FIELDS for name in (f.header, *f.synonyms)}
    for row in _rows(table, PROJECT_COLUMNS, warnings) if table else ():
        found = fields.get(_plain(_text(row.get("field") or "")))
        if found is None:
            warnings.append(f"{row.label} row {row.number}: '{row.get('field')}' is not read.")
        elif row.get("value") is not None:
            values[found.key] = _project_value(row, found.key)
    settings = ProjectSettings(
        **{
            k: values[k]
            for k in ("currency", "date_format", "days_per_week", "days_per_month")
            if k in values
        }
    )
    calendar = Calendar()
    try:
        calendar = Calendar(
            name=values.get("calendar", calendar.name),
            working_weekdays=values.get("working_days", calendar.working_weekdays),
            working_times=values.get("working_hours", calendar.working_times),
        )
    except PlanError as error:
        raise FileFormatError(
            f"{PROJECT}: {error.message}", field=error.field, value=error.value
        ) from None
    return _Project(
        values.get("name"), values.get("start"), values.get("status_date"), settings, calendar
    )


def _project_value(row: _Row, key: str) -> object:
    """The Value cell of the Project row giving ``key``."""
    value = row.get("value")
    if key in ("start", "status_date"):
        try:
            return parse_date(value, field=key)
        except PlanError as error:
            raise row.failed("value", error) from None
    if key in ("days_per_week", "days_per_month"):
        return _number(row, "value", 0.0)
    if key == "working_days":
        return _weekdays(row)
    if key == "working_hours":
        return _working_times(row)
    return _text(value)


def _weekdays(row: _Row) -> tuple[int, ...]:
    days = []
    for part in re.split(r"[,;\s]+", _text(row.get("value")).strip()):
        found = [n for n, name in enumerate(WEEKDAY_NAMES) if name.lower()[:3] == part.lower()[:3]]
        if not found or len(part) < 3:
            raise row.error("value", f"'{part}' is not a day of the week; type Mon, Tue, ...")
        days.append(found[0])
    return tuple(days)


def _working_times(row: _Row) -> tuple[tuple[time, time], ...]:
    periods = []
    for part in re.split(r"[,;]", _text(row.get("value"))):
        match = _HOURS.match(part)
        try:
            if match is None:
                raise ValueError(part)
            a, b = (time.fromisoformat(match.group(n).zfill(5)) for n in (1, 2))
        except ValueError:
            raise row.error("value", f"'{part.strip()}' is not like 08:00-12:00.") from None
        periods.append((a, b))
    return tuple(periods)


def _holiday(row: _Row) -> CalendarException:
    if row.get("start") is None:
        raise row.error("start", "a holiday needs a start date.")
    days: list[date] = []
    for key in ("start", "end"):
        try:
            moment = parse_date(row.get(key) or row.get("start"), field=key)
        except PlanError as error:
            raise row.failed(key, error) from None
        days.append(moment.date() if moment else date.min)
    flags = []
    for key in ("working", "yearly"):
        text = _text(row.get(key) or "no").strip().lower()
        if text not in _YES + _NO:
            raise row.error(key, f"'{row.get(key)}' must be yes or no.")
        flags.append(text in _YES)
    try:
        return CalendarException(days[0], days[1], _text(row.get("name") or ""), *flags)
    except PlanError as error:
        raise row.failed("end", error) from None


_YES, _NO = ("yes", "y", "true", "1"), ("no", "n", "false", "0")
