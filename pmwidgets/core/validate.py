"""Checks of single tasks and of whole plans, each failure a :class:`PlanError` that names it."""

from __future__ import annotations

import math

from pmwidgets.core.errors import PlanError
from pmwidgets.core.model import CONSTRAINT_NAMES, PlanState, Task
from pmwidgets.core.network import Network, compile_network


def check_task(task: Task) -> None:
    """Refuse a task whose own fields contradict each other or are out of range."""
    if not isinstance(task.id, str) or not task.id.strip():
        raise PlanError("Every task needs an id.", task=None, field="id", value=task.id)
    who = f"Task {task.id}"
    if not isinstance(task.duration, (int, float)) or not math.isfinite(task.duration):
        raise PlanError(
            f"{who}: duration must be a number of working days, not {task.duration!r}.",
            task=task.id,
            field="duration",
            value=task.duration,
        )
    if task.duration < 0:
        raise PlanError(
            f"{who}: duration cannot be negative ({task.duration:g} days).",
            task=task.id,
            field="duration",
            value=task.duration,
        )
    if not isinstance(task.outline_level, int) or task.outline_level < 1:
        raise PlanError(
            f"{who}: outline level must be 1 or more.",
            task=task.id,
            field="outline_level",
            value=task.outline_level,
        )
    if not 0 <= task.percent_complete <= 100:
        raise PlanError(
            f"{who}: % complete must be between 0 and 100, not {task.percent_complete:g}.",
            task=task.id,
            field="percent_complete",
            value=task.percent_complete,
        )
    if task.constraint.needs_date and task.constraint_date is None:
        raise PlanError(
            f"{who}: the constraint '{CONSTRAINT_NAMES[task.constraint]}' needs a date.",
            task=task.id,
            field="constraint_date",
            value=None,
        )
    if task.actual_finish is not None and task.actual_start is None:
        raise PlanError(
            f"{who}: an actual finish needs an actual start.",
            task=task.id,
            field="actual_start",
            value=None,
        )
    if (
        task.actual_start is not None
        and task.actual_finish is not None
        and task.actual_finish < task.actual_start
    ):
        raise PlanError(
            f"{who}: actual finish {task.actual_finish:%Y-%m-%d} is before actual start "
            f"{task.actual_start:%Y-%m-%d}.",
            task=task.id,
            field="actual_finish",
            value=task.actual_finish,
        )
    if not 0 <= task.priority <= 1000:
        raise PlanError(
            f"{who}: priority must be between 0 and 1000, not {task.priority}.",
            task=task.id,
            field="priority",
            value=task.priority,
        )


def check_outline(state: PlanState) -> None:
    """Refuse an outline that skips a level (a task two levels below the one above it)."""
    previous = 0
    for task in state.tasks:
        if task.outline_level > previous + 1:
            raise PlanError(
                f"Task {task.id}: outline level {task.outline_level} is more than one level "
                f"below the task above it (level {previous}).",
                task=task.id,
                field="outline_level",
                value=task.outline_level,
            )
        previous = task.outline_level


def validate_state(state: PlanState) -> Network:
    """Check every task, the outline and the links; return the compiled network."""
    for task in state.tasks:
        check_task(task)
    check_outline(state)
    return compile_network(state)
