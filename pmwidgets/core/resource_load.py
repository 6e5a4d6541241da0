"""Resource load: the hours each resource (or role) is asked to work, per day, week or month,
against the hours its calendar and units make available, and the periods where it is
over-allocated, with the tasks that cause it.

An assignment's work (``Assignment.work`` hours, or units x the task's duration) is spread evenly
over the task's working days on the project calendar, as MS Project's flat contour does.
Capacity is ``max_units`` x the working hours of the resource's own calendar (vacations and
part-time days included), or of the project calendar when it has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pmwidgets.core.calendar import Calendar
from pmwidgets.core.errors import PlanError

if TYPE_CHECKING:
    from pmwidgets.core.plan import Plan

PERIODS = ("day", "week", "month")
GROUPINGS = ("resource", "role")
#: Hours of load above capacity that count as an over-allocation (rounding noise below).
TOLERANCE_HOURS = 1e-6
LOAD_COLUMNS = ["key", "name", "period", "load_hours", "capacity_hours", "over", "tasks"]


@dataclass(frozen=True)
class Overallocation:
    """A period in which a resource (or role) is asked for more hours than it has."""

    key: str
    name: str
    period: date
    load_hours: float
    capacity_hours: float
    tasks: tuple[str, ...]

    @property
    def excess_hours(self) -> float:
        return self.load_hours - self.capacity_hours


def assignment_hours(plan: Plan) -> pd.DataFrame:
    """One row per assignment and working day: task, resource, day, hours.

    Milestones and summary tasks carry no work; an assignment to one adds no rows.
    """
    frame = plan.schedule().to_frame().set_index("id")
    calendar = plan.calendar
    rows: list[pd.DataFrame] = []
    for assignment in plan.assignments:
        task = frame.loc[assignment.task]
        if task["summary"] or task["milestone"]:
            continue
        days = _days(task["start"], task["finish"])
        working = days[calendar.working_mask(days)]
        if len(working) == 0:
            continue
        total = (
            assignment.work
            if assignment.work is not None
            else assignment.units * task["duration_days"] * calendar.hours_per_day
        )
        rows.append(
            pd.DataFrame(
                {
                    "task": assignment.task,
                    "resource": assignment.resource,
                    "day": working,
                    "hours": total / len(working),
                }
            )
        )
    if not rows:
        return pd.DataFrame(
            {"task": [], "resource": [], "day": np.array([], "datetime64[D]"), "hours": []}
        )
    return pd.concat(rows, ignore_index=True)


def capacity_hours(plan: Plan, first: date, last: date) -> pd.DataFrame:
    """Working hours each resource has on each day from ``first`` to ``last``."""
    days = _days(first, last)
    rows = []
    for resource in plan.resources:
        calendar: Calendar = resource.calendar or plan.calendar
        hours = calendar.working_mask(days) * calendar.hours_per_day * resource.max_units
        rows.append(pd.DataFrame({"resource": resource.id, "day": days, "hours": hours}))
    if not rows:
        return pd.DataFrame({"resource": [], "day": np.array([], "datetime64[D]"), "hours": []})
    return pd.concat(rows, ignore_index=True)


def resource_load(
    plan: Plan,
    *,
    by: str = "resource",
    period: str = "week",
    first: date | None = None,
    last: date | None = None,
) -> pd.DataFrame:
    """Load against capacity per resource (or role) and period.

    Parameters
    ----------
    by : {"resource", "role"}
        Group by resource id, or by role (resources without a role form the role "").
    period : {"day", "week", "month"}
        Weeks start on Monday, months on the 1st; ``period`` holds the first day.
    first, last : date, optional
        The span covered; the plan's start to its finish by default.

    Returns
    -------
    pandas.DataFrame
        Columns ``key`` (resource id or role), ``name``, ``period``, ``load_hours``,
        ``capacity_hours``, ``over`` (load above capacity) and ``tasks`` (ids of the tasks
        loading that key in that period, in plan order).
    """
    check_choice(by, GROUPINGS, "by", "Load can be grouped by")
    check_choice(period, PERIODS, "period", "The load period is one of")
    default_first, default_last = load_span(plan)
    first = first or default_first
    last = last or default_last
    work = assignment_hours(plan)
    work = work[(work["day"] >= np.datetime64(first)) & (work["day"] <= np.datetime64(last))]
    capacity = capacity_hours(plan, first, last)
    keys = _keys(plan, by)
    work = work.assign(key=work["resource"].map(keys), period=period_starts(work["day"], period))
    capacity = capacity.assign(
        key=capacity["resource"].map(keys), period=period_starts(capacity["day"], period)
    )
    load = work.groupby(["key", "period"])["hours"].sum().rename("load_hours")
    available = capacity.groupby(["key", "period"])["hours"].sum().rename("capacity_hours")
    table = pd.concat([load, available], axis=1).fillna(0.0).reset_index()
    order = {task.id: position for position, task in enumerate(plan.tasks)}
    tasks = (
        work.groupby(["key", "period"])["task"]
        .agg(lambda ids: tuple(sorted(set(ids), key=order.__getitem__)))
        .rename("tasks")
    )
    table = table.merge(tasks.reset_index(), on=["key", "period"], how="left")
    table["tasks"] = table["tasks"].apply(lambda ids: ids if isinstance(ids, tuple) else ())
    table["over"] = table["load_hours"] > table["capacity_hours"] + TOLERANCE_HOURS
    table["name"] = table["key"].map(_names(plan, by))
    table["period"] = pd.to_datetime(table["period"]).dt.date
    return table[LOAD_COLUMNS].sort_values(["key", "period"], ignore_index=True)


def task_hours(
    plan: Plan, *, key: str | None, by: str = "resource", period: str = "week"
) -> pd.DataFrame:
    """Hours of each task loading ``key`` (a resource id, or a role) in each period of
    :func:`load_span`.

    Returns
    -------
    pandas.DataFrame
        Columns ``period`` (date), ``task`` (id) and ``hours``, by period then plan order.
    """
    check_choice(by, GROUPINGS, "by", "Load can be grouped by")
    check_choice(period, PERIODS, "period", "The load period is one of")
    columns = ["period", "task", "hours"]
    if key is None:
        return pd.DataFrame({name: [] for name in columns})
    resources = {rid for rid, k in _keys(plan, by).items() if k == key}
    first, last = load_span(plan)
    work = assignment_hours(plan)
    work = work[
        work["resource"].isin(resources)
        & (work["day"] >= np.datetime64(first))
        & (work["day"] <= np.datetime64(last))
    ]
    if work.empty:
        return pd.DataFrame({name: [] for name in columns})
    work = work.assign(period=pd.to_datetime(period_starts(work["day"], period)).date)
    table = work.groupby(["period", "task"], as_index=False)["hours"].sum()
    order = {task.id: position for position, task in enumerate(plan.tasks)}
    table["position"] = table["task"].map(order)
    table = table.sort_values(["period", "position"], ignore_index=True)
    return table[columns]


def load_span(plan: Plan) -> tuple[date, date]:
    """The days load is reported for by default: the plan's start to its finish."""
    return plan.start.date(), plan.schedule().finish


def check_choice(choice: str, allowed: tuple[str, ...], field: str, what: str) -> None:
    """Refuse an option that is not one of ``allowed``, naming the field and the choices."""
    if choice not in allowed:
        raise PlanError(f"{what} {', '.join(allowed)}, not '{choice}'.", field=field, value=choice)


def overallocations(
    plan: Plan, *, by: str = "resource", period: str = "day"
) -> list[Overallocation]:
    """Every period in which a resource (or role) is loaded beyond its capacity."""
    table = resource_load(plan, by=by, period=period)
    return [
        Overallocation(row.key, row.name, row.period, row.load_hours, row.capacity_hours, row.tasks)
        for row in table[table["over"]].itertuples(index=False)
    ]


def _days(first: object, last: object) -> np.ndarray:
    start = np.datetime64(pd.Timestamp(first).date(), "D")
    end = np.datetime64(pd.Timestamp(last).date(), "D")
    return np.arange(start, end + 1, dtype="datetime64[D]")


def period_starts(days: pd.Series, period: str) -> np.ndarray:
    """The first day of the period holding each day: the day, its week's Monday, or the 1st of
    its month (``datetime64[D]`` values)."""
    values = days.to_numpy(dtype="datetime64[D]")
    if period == "day":
        return values
    if period == "week":
        weekday = (values.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday
        return values - weekday.astype("timedelta64[D]")
    return values.astype("datetime64[M]").astype("datetime64[D]")


def _keys(plan: Plan, by: str) -> dict[str, str]:
    return {r.id: (r.id if by == "resource" else r.role) for r in plan.resources}


def _names(plan: Plan, by: str) -> dict[str, str]:
    if by == "role":
        return {r.role: r.role or "(no role)" for r in plan.resources}
    return {r.id: r.name or r.id for r in plan.resources}
