"""What each task costs: its fixed cost plus its resources' cost.

A resource costs its standard rate per hour of work plus its cost per use once per assignment
(MS Project's Cost = Fixed Cost + Standard Rate x Work + Cost/Use). An assignment's work is its
``work`` hours, or units x the task's duration x the calendar's hours per day. A summary task
costs its own fixed cost plus its children's costs, so the budget at completion is the sum
over top-level tasks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pmwidgets.core.model import parent_positions

if TYPE_CHECKING:
    from pmwidgets.core.plan import Plan

COST_COLUMNS = ["work_hours", "resource_cost", "fixed_cost", "cost"]


def task_costs(plan: Plan) -> pd.DataFrame:
    """Work and cost of every task, summaries rolled up, indexed by task id in plan order.

    Columns: ``work_hours``, ``resource_cost``, ``fixed_cost``, ``cost`` (in the project's
    currency), ``summary``, ``milestone``.
    """
    frame = plan.schedule().to_frame().set_index("id")
    hours_per_day = plan.calendar.hours_per_day
    rates = {r.id: (r.standard_rate, r.cost_per_use) for r in plan.resources}
    durations = dict(zip(frame.index, frame["duration_days"].to_numpy(), strict=True))
    summaries = dict(zip(frame.index, frame["summary"].to_numpy(), strict=True))
    work = dict.fromkeys(frame.index, 0.0)
    resource_cost = dict.fromkeys(frame.index, 0.0)
    for assignment in plan.assignments:
        if summaries[assignment.task]:
            continue
        hours = (
            assignment.work
            if assignment.work is not None
            else assignment.units * durations[assignment.task] * hours_per_day
        )
        rate, per_use = rates.get(assignment.resource, (0.0, 0.0))
        work[assignment.task] += hours
        resource_cost[assignment.task] += rate * hours + per_use
    costs = pd.DataFrame(
        {
            "work_hours": [work[i] for i in frame.index],
            "resource_cost": [resource_cost[i] for i in frame.index],
            "fixed_cost": [task.fixed_cost for task in plan.tasks],
            "summary": frame["summary"].to_numpy(),
            "milestone": frame["milestone"].to_numpy(),
        },
        index=frame.index,
    )
    costs["cost"] = costs["resource_cost"] + costs["fixed_cost"]
    return roll_up(costs, parent_positions(plan.tasks), ["work_hours", "resource_cost", "cost"])[
        [*COST_COLUMNS, "summary", "milestone"]
    ]


def budget_at_completion(plan: Plan) -> float:
    """The plan's current total cost (not its baseline's)."""
    costs = task_costs(plan)
    return float(costs["cost"].to_numpy()[_top_level(plan)].sum())


def roll_up(frame: pd.DataFrame, parents: Sequence[int], columns: list[str]) -> pd.DataFrame:
    """``frame`` (one row per task in plan order; ``parents``: each row's summary row, -1 at
    the top) with each summary's ``columns`` increased by its children's values, deepest
    first, so a summary holds its own value plus its subtree's."""
    rolled = frame.copy()
    values = {c: rolled[c].to_numpy(dtype=float).copy() for c in columns}
    for position in range(len(parents) - 1, -1, -1):
        parent = parents[position]
        if parent >= 0:
            for column in columns:
                values[column][parent] += values[column][position]
    for column in columns:
        rolled[column] = values[column]
    return rolled


def _top_level(plan: Plan) -> np.ndarray:
    return np.array([p < 0 for p in parent_positions(plan.tasks)], dtype=bool)
