"""Comparing a plan with one of its baselines: variances per task and what slipped.

Variances are MS Project's: current minus baseline, dates in working days of the project
calendar (a task finishing on Monday instead of Friday is one day late, not three), cost in the
project's currency. Positive is later, longer or dearer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from pmwidgets.core.costs import task_costs
from pmwidgets.core.errors import PlanError
from pmwidgets.core.timeaxis import END_SIDE, START_SIDE, minutes_of

if TYPE_CHECKING:
    from datetime import datetime

    from pmwidgets.core.model import TaskBaseline
    from pmwidgets.core.plan import Plan

VARIANCE_COLUMNS = [
    "id",
    "name",
    "summary",
    "milestone",
    "start",
    "baseline_start",
    "start_variance_days",
    "finish",
    "baseline_finish",
    "finish_variance_days",
    "duration_days",
    "baseline_duration_days",
    "duration_variance_days",
    "cost",
    "baseline_cost",
    "cost_variance",
]


def baseline_numbers(plan: Plan) -> list[int]:
    """The baselines the plan holds, in order."""
    return sorted({b.number for b in plan.state.baselines})


def baseline_records(plan: Plan, number: int = 0) -> dict[str, TaskBaseline]:
    """Baseline ``number``'s record of each task, by task id.

    Raises
    ------
    PlanError
        When the plan has no such baseline.
    """
    records = {b.task: b for b in plan.state.baselines if b.number == number}
    if not records:
        held = ", ".join(str(n) for n in baseline_numbers(plan)) or "none"
        raise PlanError(
            f"Project '{plan.name}' has no baseline {number} (baselines held: {held}); set one "
            "before comparing or measuring earned value.",
            field="baseline",
            value=number,
        )
    return records


def baseline_variance(plan: Plan, number: int = 0) -> pd.DataFrame:
    """Every task of the plan beside baseline ``number``, with the variances.

    Tasks added since the baseline have empty baseline values and variances.
    """
    records = baseline_records(plan, number)
    frame = plan.schedule().to_frame()
    costs = task_costs(plan)
    rows = []
    for row in frame.itertuples(index=False):
        record = records.get(row.id)
        start, finish = row.start.to_pydatetime(), row.finish.to_pydatetime()
        cost = float(costs.at[row.id, "cost"])
        rows.append(
            {
                "id": row.id,
                "name": row.name,
                "summary": bool(row.summary),
                "milestone": bool(row.milestone),
                "start": start,
                "baseline_start": record.start if record else None,
                "start_variance_days": _shift(plan, record, "start", start, START_SIDE),
                "finish": finish,
                "baseline_finish": record.finish if record else None,
                "finish_variance_days": _shift(plan, record, "finish", finish, END_SIDE),
                "duration_days": float(row.duration_days),
                "baseline_duration_days": record.duration if record else None,
                "duration_variance_days": _difference(row.duration_days, record, "duration"),
                "cost": cost,
                "baseline_cost": record.cost if record else None,
                "cost_variance": _difference(cost, record, "cost"),
            }
        )
    return pd.DataFrame(rows, columns=VARIANCE_COLUMNS)


def slipped(plan: Plan, number: int = 0, *, tolerance_days: float = 0.0) -> pd.DataFrame:
    """Tasks and milestones (not summaries) finishing more than ``tolerance_days`` working
    days after baseline ``number``, latest slip first."""
    variance = baseline_variance(plan, number)
    late = variance[
        ~variance["summary"]
        & variance["finish_variance_days"].notna()
        & (variance["finish_variance_days"].astype(float) > tolerance_days)
    ]
    return late.sort_values("finish_variance_days", ascending=False, kind="stable").reset_index(
        drop=True
    )


def working_days_between(plan: Plan, old: datetime, new: datetime, side: int) -> float:
    """Working days of the project calendar from ``old`` to ``new`` (negative: earlier)."""
    axis = plan.schedule().axis
    moved = minutes_of(axis.point(new, side)) - minutes_of(axis.point(old, side))
    return round(moved / plan.calendar.minutes_per_day, 4)


def _shift(
    plan: Plan, record: TaskBaseline | None, name: str, current: datetime, side: int
) -> float | None:
    old = None if record is None else getattr(record, name)
    return None if old is None else working_days_between(plan, old, current, side)


def _difference(current: float, record: TaskBaseline | None, name: str) -> float | None:
    if record is None or getattr(record, name) is None:
        return None
    return round(float(current) - float(getattr(record, name)), 4)


def has_baseline(plan: Plan, number: int = 0) -> bool:
    """Whether the plan holds baseline ``number``."""
    return any(b.number == number for b in plan.state.baselines)
