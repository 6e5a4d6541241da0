"""The edits managers make, as functions from one plan state to the next.

Each returns a new :class:`PlanState`; none mutates. Values typed by people (``"5d"``,
``"2025-03-31"``, ``"3FS+2d"``) are read here, so every caller (a table cell, a file, the command
line) gets the same rules and the same messages. :class:`~pmwidgets.core.plan.Plan` validates and
schedules the result before accepting it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields

from pmwidgets.core.errors import PlanError
from pmwidgets.core.model import (
    CONSTRAINT_NAMES,
    Assignment,
    ConstraintType,
    Link,
    LinkType,
    PlanState,
    Task,
    descendants_end,
)
from pmwidgets.core.notation import parse_date, parse_duration, parse_predecessors, parse_quantity

TASK_FIELDS = tuple(f.name for f in fields(Task) if f.name != "id")
EDITABLE_FIELDS = TASK_FIELDS + ("start", "finish", "predecessors")
_TRUE = {"1", "true", "yes", "y", "x", "on"}
_FALSE = {"0", "false", "no", "n", "", "off"}


def position_of(state: PlanState, task_id: str) -> int:
    """The row of ``task_id``; refuses an unknown id."""
    for position, task in enumerate(state.tasks):
        if task.id == task_id:
            return position
    raise PlanError(
        f"There is no task '{task_id}' in the plan.", task=task_id, field="id", value=task_id
    )


def next_task_id(state: PlanState) -> str:
    """One more than the largest numeric id (MS Project's UIDs), as text."""
    numbers = [int(t.id) for t in state.tasks if t.id.isdigit()]
    return str(max(numbers, default=0) + 1)


def add_task(state: PlanState, task: Task, position: int | None = None) -> PlanState:
    """Insert ``task`` before row ``position`` (at the end when ``None``)."""
    tasks = state.tasks
    position = len(tasks) if position is None else position
    if not 0 <= position <= len(tasks):
        raise PlanError(
            f"Row {position + 1} is outside the plan (1 to {len(tasks) + 1}).",
            task=task.id,
            field="position",
            value=position,
        )
    if any(t.id == task.id for t in tasks):
        raise PlanError(
            f"Task id '{task.id}' is already used; every task needs its own id.",
            task=task.id,
            field="id",
            value=task.id,
        )
    return state.changed(structural=True, tasks=tasks[:position] + (task,) + tasks[position:])


def delete_task(state: PlanState, task_id: str) -> tuple[PlanState, list[str]]:
    """Remove a task, with everything under it when it is a summary, and all their links."""
    position = position_of(state, task_id)
    end = descendants_end(state.tasks, position)
    removed = [t.id for t in state.tasks[position:end]]
    gone = set(removed)
    links = tuple(
        link for link in state.links if link.predecessor not in gone and link.successor not in gone
    )
    tasks = state.tasks[:position] + state.tasks[end:]
    assignments = tuple(a for a in state.assignments if a.task not in gone)
    baselines = tuple(b for b in state.baselines if b.task not in gone)
    risks = tuple(
        r.with_changes(tasks=tuple(t for t in r.tasks if t not in gone))
        if gone.intersection(r.tasks)
        else r
        for r in state.risks
    )
    requests = tuple(
        r.with_changes(tasks=tuple(t for t in r.tasks if t not in gone))
        if gone.intersection(r.tasks)
        else r
        for r in state.change_requests
    )
    new_state = state.changed(
        structural=True,
        tasks=tasks,
        links=links,
        assignments=assignments,
        baselines=baselines,
        risks=risks,
        change_requests=requests,
    )
    return new_state, removed


def outermost(state: PlanState, task_ids: Iterable[str]) -> list[str]:
    """The given tasks in row order, without those under another given task (they move with it).

    Raises
    ------
    PlanError
        For an unknown task id.
    """
    wanted = {str(task_id) for task_id in task_ids}
    for task_id in wanted:
        position_of(state, task_id)
    kept: list[str] = []
    end = -1
    for position, task in enumerate(state.tasks):
        if position < end or task.id not in wanted:
            continue
        kept.append(task.id)
        end = descendants_end(state.tasks, position)
    return kept


def shift_outline(state: PlanState, task_id: str, step: int) -> PlanState:
    """Indent (``step=1``) or outdent (``step=-1``) a task together with its subtasks."""
    tasks = state.tasks
    position = position_of(state, task_id)
    level = tasks[position].outline_level
    if step > 0 and (position == 0 or tasks[position - 1].outline_level < level):
        raise PlanError(
            f"Task {task_id} cannot be indented: there is no task above it at the same level to "
            "become its summary.",
            task=task_id,
            field="outline_level",
            value=level + step,
        )
    if step < 0 and level == 1:
        raise PlanError(
            f"Task {task_id} is already at the top level.",
            task=task_id,
            field="outline_level",
            value=level + step,
        )
    end = descendants_end(tasks, position)
    moved = tuple(t.with_changes(outline_level=t.outline_level + step) for t in tasks[position:end])
    return state.changed(structural=True, tasks=tasks[:position] + moved + tasks[end:])


def set_link(state: PlanState, link: Link) -> PlanState:
    """Add a link, or replace the one already joining the same two tasks."""
    position_of(state, link.predecessor)
    position_of(state, link.successor)
    kept = tuple(
        existing
        for existing in state.links
        if (existing.predecessor, existing.successor) != (link.predecessor, link.successor)
    )
    return state.changed(structural=True, links=kept + (link,))


def set_assignment(state: PlanState, assignment: Assignment) -> PlanState:
    """Add an assignment, or replace the one of the same resource to the same task."""
    position_of(state, assignment.task)
    kept = tuple(
        a
        for a in state.assignments
        if (a.task, a.resource) != (assignment.task, assignment.resource)
    )
    return state.changed(structural=False, assignments=kept + (assignment,))


def remove_assignment(state: PlanState, task_id: str, resource_id: str) -> PlanState:
    """Remove an assignment; refuses when there is none."""
    kept = tuple(a for a in state.assignments if (a.task, a.resource) != (task_id, resource_id))
    if len(kept) == len(state.assignments):
        raise PlanError(
            f"Task {task_id} has no assignment of resource {resource_id}.",
            task=task_id,
            field="resources",
            value=resource_id,
        )
    return state.changed(structural=False, assignments=kept)


def remove_link(state: PlanState, predecessor: str, successor: str) -> PlanState:
    """Remove the link between two tasks; refuses when there is none."""
    kept = tuple(
        link
        for link in state.links
        if (link.predecessor, link.successor) != (predecessor, successor)
    )
    if len(kept) == len(state.links):
        raise PlanError(
            f"Task {successor} has no link from task {predecessor}.",
            task=successor,
            field="predecessors",
            value=predecessor,
        )
    return state.changed(structural=True, links=kept)


def make_link(
    state: PlanState,
    predecessor: str,
    successor: str,
    link_type: str | LinkType = LinkType.FS,
    lag: object = 0,
    lag_percent: bool = False,
) -> Link:
    """A link from people's values: a type like ``"ss"``, a lag like ``2``, ``"2d"``, ``"50%"``."""
    try:
        kind = LinkType(str(getattr(link_type, "value", link_type)).upper())
    except ValueError:
        raise PlanError(
            f"Task {successor}: link type '{link_type}' is not one of FS, SS, FF, SF.",
            task=successor,
            field="link_type",
            value=link_type,
        ) from None
    amount = parse_quantity(
        lag,
        state.calendar.hours_per_day,
        state.settings,
        field="lag",
        task=successor,
        allow_percent=True,
    )
    if amount.percent is not None:
        return Link(predecessor, successor, kind, amount.percent, True)
    return Link(predecessor, successor, kind, amount.days, lag_percent)


def update_task(state: PlanState, task_id: str, changes: dict[str, object]) -> PlanState:
    """Set fields of one task from people's values (see :func:`coerce_field`)."""
    position = position_of(state, task_id)
    task = state.tasks[position]
    new_values: dict[str, object] = {}
    links = state.links
    structural = False
    for name, value in changes.items():
        if name == "predecessors":
            incoming = parse_predecessors(
                str(value or ""), task_id, state.calendar.hours_per_day, state.settings
            )
            links = tuple(link for link in links if link.successor != task_id) + tuple(incoming)
            structural = True
        elif name == "id":
            raise PlanError(
                f"Task {task_id}: the id cannot be changed; it keeps links and history together.",
                task=task_id,
                field="id",
                value=value,
            )
        else:
            new_values.update(coerce_field(state, task, name, value))
    mark_milestone(new_values)
    if "outline_level" in new_values:
        structural = True
    tasks = (
        state.tasks[:position] + (task.with_changes(**new_values),) + state.tasks[position + 1 :]
    )
    return state.changed(structural=structural, tasks=tasks, links=links)


def mark_milestone(values: dict[str, object]) -> None:
    """A duration typed without a milestone flag sets it as MS Project does: a zero-duration
    task becomes a milestone, one given a duration stops being one."""
    if "duration" in values and "milestone" not in values:
        values["milestone"] = values["duration"] == 0


def coerce_field(state: PlanState, task: Task, name: str, value: object) -> dict[str, object]:
    """The task fields set by typing ``value`` into ``name``.

    ``start`` and ``finish`` are not stored: as in MS Project, typing a start sets a "start no
    earlier than" constraint on that date, typing a finish a "finish no earlier than" one.
    """
    who = task.id
    settings = state.settings
    if name not in EDITABLE_FIELDS:
        raise PlanError(
            f"Task {who}: '{name}' is not a task field; use one of {', '.join(EDITABLE_FIELDS)}.",
            task=who,
            field=name,
            value=value,
        )
    if name == "duration":
        return {"duration": parse_duration(value, state.calendar.hours_per_day, settings, task=who)}
    if name in ("name", "wbs", "notes"):
        return {name: "" if value is None else str(value)}
    if name == "milestone":
        return {"milestone": _boolean(value, who, name)}
    if name in ("percent_complete", "priority", "outline_level", "fixed_cost"):
        integer = name in ("priority", "outline_level")
        return {name: _number(value, who, name, integer=integer)}
    if name in ("actual_cost", "physical_percent_complete"):
        empty = value is None or (isinstance(value, str) and not value.strip())
        return {name: None if empty else _number(value, who, name, integer=False)}
    if name == "constraint":
        return {"constraint": _constraint(value, who)}
    if name in ("constraint_date", "deadline", "actual_start", "actual_finish"):
        return {name: parse_date(value, settings, field=name, task=who)}
    moment = parse_date(value, settings, field=name, task=who)
    if moment is None:
        return {"constraint": ConstraintType.ASAP, "constraint_date": None}
    kind = ConstraintType.SNET if name == "start" else ConstraintType.FNET
    return {"constraint": kind, "constraint_date": moment}


def set_project(state: PlanState, changes: dict[str, object]) -> PlanState:
    """Change project-wide values: name, start, status_date, calendar, settings."""
    values: dict[str, object] = {}
    for name, value in changes.items():
        if name in ("start", "status_date"):
            moment = parse_date(value, state.settings, field=name)
            if moment is None and name == "start":
                raise PlanError("The project needs a start date.", field="start", value=value)
            values[name] = moment
        elif name in ("name", "calendar", "settings"):
            values[name] = value
        else:
            raise PlanError(
                f"'{name}' is not a project field; use name, start, status_date, calendar or "
                "settings.",
                field=name,
                value=value,
            )
    return state.changed(structural=False, **values)


def _boolean(value: object, task: str, name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise PlanError(
        f"Task {task}: {name} must be yes or no, not '{value}'.", task=task, field=name, value=value
    )


def _number(value: object, task: str, name: str, *, integer: bool) -> float | int:
    label = name.replace("_", " ").replace("percent", "%")
    try:
        number = (
            float(str(value).strip().rstrip("%").replace(",", "."))
            if isinstance(value, str)
            else float(value)
        )  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise PlanError(
            f"Task {task}: {label} must be a number, not '{value}'.",
            task=task,
            field=name,
            value=value,
        ) from None
    if number != number:
        raise PlanError(
            f"Task {task}: {label} must be a number.", task=task, field=name, value=value
        )
    if integer:
        if number != int(number):
            raise PlanError(
                f"Task {task}: {label} must be a whole number, not {value}.",
                task=task,
                field=name,
                value=value,
            )
        return int(number)
    return number


def _constraint(value: object, task: str) -> ConstraintType:
    if isinstance(value, ConstraintType):
        return value
    text = str(value).strip()
    for kind, label in CONSTRAINT_NAMES.items():
        if text.upper() == kind.value or text.lower() == label.lower():
            return kind
    raise PlanError(
        f"Task {task}: constraint '{value}' is not one of "
        + ", ".join(k.value for k in ConstraintType)
        + ".",
        task=task,
        field="constraint",
        value=value,
    )


__all__ = [
    "EDITABLE_FIELDS",
    "add_task",
    "coerce_field",
    "delete_task",
    "make_link",
    "next_task_id",
    "position_of",
    "remove_link",
    "set_link",
    "set_project",
    "shift_outline",
    "update_task",
]
