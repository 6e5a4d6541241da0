"""Checks of single tasks and of whole plans, each failure a :class:`PlanError` that names it."""

from __future__ import annotations

import math

from pmwidgets.core.errors import PlanError
from pmwidgets.core.model import CONSTRAINT_NAMES, PlanState, Task
from pmwidgets.core.network import Network, compile_network
from pmwidgets.core.risks import check_risk


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
    for name, label in (
        ("percent_complete", "% complete"),
        ("physical_percent_complete", "physical % complete"),
    ):
        share = getattr(task, name)
        if share is not None and not 0 <= share <= 100:
            raise PlanError(
                f"{who}: {label} must be between 0 and 100, not {share:g}.",
                task=task.id,
                field=name,
                value=share,
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
    for name in ("fixed_cost", "actual_cost"):
        value = getattr(task, name)
        if value is not None and (not isinstance(value, (int, float)) or value != value):
            raise PlanError(
                f"{who}: {name.replace('_', ' ')} must be an amount of money, not {value!r}.",
                task=task.id,
                field=name,
                value=value,
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


def check_resources(state: PlanState) -> None:
    """Refuse resources, assignments and baselines that contradict themselves or the tasks."""
    resources: set[str] = set()
    for resource in state.resources:
        who = f"Resource {resource.id}"
        if not resource.id or resource.id in resources:
            raise PlanError(
                f"{who}: every resource needs its own id.", field="resource", value=resource.id
            )
        resources.add(resource.id)
        if not resource.max_units > 0:
            raise PlanError(
                f"{who}: maximum units must be more than 0, not {resource.max_units:g}.",
                field="max_units",
                value=resource.max_units,
            )
        for name in ("standard_rate", "cost_per_use"):
            if getattr(resource, name) < 0:
                raise PlanError(
                    f"{who}: {name.replace('_', ' ')} cannot be negative.",
                    field=name,
                    value=getattr(resource, name),
                )
    tasks = {task.id for task in state.tasks}
    pairs: set[tuple[str, str]] = set()
    for assignment in state.assignments:
        task = assignment.task
        if task not in tasks:
            raise PlanError(
                f"An assignment of resource {assignment.resource} names task '{task}', which "
                "does not exist.",
                task=task,
                field="assignments",
                value=task,
            )
        if assignment.resource not in resources:
            raise PlanError(
                f"Task {task}: resource '{assignment.resource}' does not exist.",
                task=task,
                field="resources",
                value=assignment.resource,
            )
        if (task, assignment.resource) in pairs:
            raise PlanError(
                f"Task {task}: resource {assignment.resource} is assigned twice.",
                task=task,
                field="resources",
                value=assignment.resource,
            )
        pairs.add((task, assignment.resource))
        if not assignment.units > 0 or (assignment.work is not None and assignment.work < 0):
            raise PlanError(
                f"Task {task}: resource {assignment.resource} needs units above 0 and work of "
                "0 hours or more.",
                task=task,
                field="units",
                value=assignment.units,
            )
    numbered: set[tuple[str, int]] = set()
    for baseline in state.baselines:
        if baseline.task not in tasks or not 0 <= baseline.number <= 10:
            raise PlanError(
                f"Baseline {baseline.number} of task '{baseline.task}': the task must exist and "
                "the baseline be numbered 0 to 10.",
                task=baseline.task,
                field="baselines",
                value=baseline.number,
            )
        if (baseline.task, baseline.number) in numbered:
            raise PlanError(
                f"Task {baseline.task} has baseline {baseline.number} twice.",
                task=baseline.task,
                field="baselines",
                value=baseline.number,
            )
        numbered.add((baseline.task, baseline.number))


def validate_state(state: PlanState) -> Network:
    """Check every task, the outline, the links, the resources and the risks; return the compiled
    network."""
    for task in state.tasks:
        check_task(task)
    check_outline(state)
    check_resources(state)
    check_risks(state)
    return compile_network(state)


def check_risks(state: PlanState) -> None:
    """Every risk valid on the plan's scale, linked to tasks that exist, with its own id."""
    task_ids = {task.id for task in state.tasks}
    seen: set[str] = set()
    for risk in state.risks:
        if risk.id in seen:
            raise PlanError(
                f"Risk id '{risk.id}' is used twice; every risk needs its own id.",
                task=risk.id,
                field="id",
                value=risk.id,
            )
        seen.add(risk.id)
        check_risk(risk, state.risk_scale, task_ids)
