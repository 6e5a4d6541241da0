"""Portfolio capacity forecast: demand against capacity by role and month, across every project.

Rules
-----
* **Demand** is the sum, over every project that is not closed (active and pending), of the
  hours its assignments ask of each role in each month (:func:`resource_load` by role and
  month). A pending (proposed) project counts at its tentative start: the start of its plan.
* **Capacity** is per role and month. Resources belong to plans, and the same person may appear
  in several plans under the same resource *name*: each distinct name is counted once, with the
  role, units and calendar it has in the first plan where it appears, plans taken in project
  name order. Only the plans given count (:func:`forecast` gives the non-closed ones).
* **Gap** is demand minus capacity: positive means the role is short of hours that month.
* A **what-if** (``shifts``) moves a project's start on a copy of its plan (:func:`shifted`);
  nothing is saved.

Months run from the 1st of ``first``'s month, for ``months`` months (1 to 36).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

import pandas as pd

from pmwidgets.core.errors import PlanError
from pmwidgets.core.onboarding import is_sandbox
from pmwidgets.core.plan import Plan
from pmwidgets.core.resource_load import capacity_hours, period_starts, resource_load

if TYPE_CHECKING:
    from pmwidgets.store.store import Store

MAX_MONTHS = 36
#: Statuses whose demand counts (closed projects are left out).
COUNTED = ("active", "pending")
#: The role shown for resources without one.
NO_ROLE = "(no role)"
DEMAND_COLUMNS = ["role", "month", "project", "status", "demand_hours"]
CAPACITY_COLUMNS = ["role", "month", "capacity_hours"]
GAP_COLUMNS = ["role", "month", "demand_hours", "capacity_hours", "gap_hours"]
#: Gaps below this many hours are rounding noise, not a shortfall.
TOLERANCE_HOURS = 1e-6

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Forecast:
    """Demand, capacity and gaps by role and month.

    Attributes
    ----------
    demand : DataFrame
        ``role, month, project, status, demand_hours``: one row per role, month and project
        with demand.
    capacity : DataFrame
        ``role, month, capacity_hours`` for every role and month.
    gaps : DataFrame
        ``role, month, demand_hours, capacity_hours, gap_hours`` for every role and month;
        ``gap_hours`` is demand minus capacity (positive: short).
    months : tuple of date
        The 1st of each month covered.
    """

    demand: pd.DataFrame
    capacity: pd.DataFrame
    gaps: pd.DataFrame
    months: tuple[date, ...]

    @property
    def roles(self) -> list[str]:
        """Every role with demand or capacity, sorted."""
        return sorted(set(self.gaps["role"]))

    def shortfalls(self) -> pd.DataFrame:
        """The gap rows where demand exceeds capacity."""
        return self.gaps[self.gaps["gap_hours"] > TOLERANCE_HOURS].reset_index(drop=True)

    def first_role(self) -> str | None:
        """The role to look at first: the one short of the most hours over the months, else
        the one with the most demand, else the first by name (None without roles)."""
        if self.gaps.empty:
            return None
        short = self.shortfalls().groupby("role")["gap_hours"].sum()
        if not short.empty:
            return str(short.sort_values(ascending=False, kind="stable").index[0])
        demand = self.gaps.groupby("role")["demand_hours"].sum().sort_index()
        if demand.max() > TOLERANCE_HOURS:
            return str(demand.sort_values(ascending=False, kind="stable").index[0])
        return self.roles[0]


def month_starts(first: date, months: int) -> tuple[date, ...]:
    """The 1st of ``first``'s month and of the ``months - 1`` months after it."""
    _check_months(months)
    start = date(first.year, first.month, 1)
    return tuple(
        date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1)
        for i in range(months)
    )


def shifted(plan: Plan, new_start: date | datetime) -> Plan:
    """A copy of ``plan`` starting at ``new_start``; ``plan`` itself is not changed."""
    copy = Plan.from_state(plan.state)
    copy.project, copy.version = plan.project, plan.version
    if not isinstance(new_start, datetime):
        new_start = datetime.combine(new_start, plan.start.time() if plan.start else time())
    copy.set_project(start=new_start)
    return copy


def portfolio_demand(
    plans: dict[str, Plan], statuses: dict[str, str], *, first: date, months: int = 12
) -> pd.DataFrame:
    """Hours asked of each role per month by each non-closed project.

    Parameters
    ----------
    plans : dict
        Plans by project name.
    statuses : dict
        Status by project name (``active``, ``pending``, ``closed``); missing means active.
    first : date
        Any day of the first month.
    months : int
        How many months (1 to 36).

    Returns
    -------
    DataFrame
        ``role, month, project, status, demand_hours``, sorted by role, month and project;
        only rows with demand.
    """
    spans = month_starts(first, months)
    last = _last_day(spans[-1])
    frames = []
    for name in sorted(plans):
        status = statuses.get(name, "active")
        if status not in COUNTED:
            continue
        load = resource_load(plans[name], by="role", period="month", first=spans[0], last=last)
        load = load[load["load_hours"] > 0]
        if load.empty:
            continue
        frames.append(
            pd.DataFrame(
                {
                    "role": load["key"].map(_role).to_numpy(),
                    "month": load["period"].to_numpy(),
                    "project": name,
                    "status": status,
                    "demand_hours": load["load_hours"].astype(float).to_numpy(),
                }
            )
        )
    if not frames:
        return pd.DataFrame({column: [] for column in DEMAND_COLUMNS}).astype(
            {"demand_hours": float}
        )
    demand = pd.concat(frames, ignore_index=True)
    demand = demand.groupby(["role", "month", "project", "status"], as_index=False)[
        "demand_hours"
    ].sum()
    return demand[DEMAND_COLUMNS].sort_values(["role", "month", "project"], ignore_index=True)


def role_capacity(plans: dict[str, Plan], *, first: date, months: int = 12) -> pd.DataFrame:
    """Hours each role has per month, each resource name counted once (first plan by name).

    Returns
    -------
    DataFrame
        ``role, month, capacity_hours`` for every role of the plans' resources and every month.
    """
    spans = month_starts(first, months)
    last = _last_day(spans[-1])
    seen: set[str] = set()
    frames = []
    for name in sorted(plans):
        plan = plans[name]
        chosen = {}
        for resource in plan.resources:
            if resource.name in seen:
                continue
            seen.add(resource.name)
            chosen[resource.id] = _role(resource.role)
        if not chosen:
            continue
        hours = capacity_hours(plan, spans[0], last)
        hours = hours[hours["resource"].isin(chosen)]
        frames.append(
            pd.DataFrame(
                {
                    "role": hours["resource"].map(chosen).to_numpy(),
                    "month": period_starts(hours["day"], "month"),
                    "capacity_hours": hours["hours"].astype(float).to_numpy(),
                }
            )
        )
    roles = sorted({role for frame in frames for role in frame["role"]})
    grid = _grid(roles, spans)
    if not frames:
        return grid.assign(capacity_hours=0.0)
    table = pd.concat(frames, ignore_index=True)
    table["month"] = pd.to_datetime(table["month"]).dt.date
    summed = table.groupby(["role", "month"], as_index=False)["capacity_hours"].sum()
    merged = grid.merge(summed, on=["role", "month"], how="left").fillna({"capacity_hours": 0.0})
    return merged[CAPACITY_COLUMNS]


def forecast(
    plans: dict[str, Plan],
    statuses: dict[str, str],
    *,
    first: date,
    months: int = 12,
    shifts: dict[str, date] | None = None,
) -> Forecast:
    """Demand, capacity and gaps by role and month, with optional what-if start shifts.

    Parameters
    ----------
    plans, statuses : dict
        Plans and statuses by project name; closed projects count neither demand nor capacity.
    first : date
        Any day of the first month.
    months : int
        How many months (1 to 36).
    shifts : dict, optional
        New start by project name: the forecast uses a shifted copy (nothing is saved).

    Raises
    ------
    PlanError
        If ``months`` is out of range or a shifted project is not among the counted plans.
    """
    spans = month_starts(first, months)
    counted = {
        name: plan for name, plan in plans.items() if statuses.get(name, "active") in COUNTED
    }
    for name, start in (shifts or {}).items():
        if name not in counted:
            raise PlanError(
                f"There is no open project '{name}' to shift; "
                f"choose one of {', '.join(sorted(counted)) or 'none'}.",
                field="shifts",
                value=name,
            )
        counted[name] = shifted(counted[name], start)
    demand = portfolio_demand(counted, statuses, first=spans[0], months=months)
    capacity = role_capacity(counted, first=spans[0], months=months)
    roles = sorted(set(demand["role"]) | set(capacity["role"]))
    totals = demand.groupby(["role", "month"], as_index=False)["demand_hours"].sum()
    gaps = (
        _grid(roles, spans)
        .merge(totals, on=["role", "month"], how="left")
        .merge(capacity, on=["role", "month"], how="left")
        .fillna({"demand_hours": 0.0, "capacity_hours": 0.0})
    )
    gaps["gap_hours"] = gaps["demand_hours"] - gaps["capacity_hours"]
    capacity = _grid(roles, spans).merge(capacity, on=["role", "month"], how="left")
    capacity = capacity.fillna({"capacity_hours": 0.0})
    return Forecast(demand, capacity[CAPACITY_COLUMNS], gaps[GAP_COLUMNS], spans)


def load_portfolio(
    store: Store, *, progress: Progress | None = None
) -> tuple[dict[str, Plan], dict[str, str]]:
    """Every non-closed project's latest plan and its status, by name (onboarding sandboxes,
    learners' copies of a sample, are not projects and are left out).

    ``progress(done, total)`` is called after each project is loaded.
    """
    infos = [
        info for info in store.projects() if info.status in COUNTED and not is_sandbox(info.name)
    ]
    plans, statuses = {}, {}
    for done, info in enumerate(infos, start=1):
        plans[info.name] = store.load(info.name)
        statuses[info.name] = info.status
        if progress is not None:
            progress(done, len(infos))
    return plans, statuses


def forecast_from_store(
    store: Store,
    *,
    first: date | None = None,
    months: int = 12,
    shifts: dict[str, date] | None = None,
    progress: Progress | None = None,
) -> Forecast:
    """:func:`forecast` over every non-closed project of ``store`` (from the 1st of the current
    month by default). ``progress(done, total)`` is called per project loaded."""
    _check_months(months)
    plans, statuses = load_portfolio(store, progress=progress)
    return forecast(plans, statuses, first=first or date.today(), months=months, shifts=shifts)


def _check_months(months: object) -> None:
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= MAX_MONTHS:
        raise PlanError(
            f"The forecast covers 1 to {MAX_MONTHS} months, not {months!r}.",
            field="months",
            value=months,
        )


def _last_day(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def _role(role: object) -> str:
    return str(role) if role else NO_ROLE


def _grid(roles: list[str], spans: tuple[date, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "role": [role for role in roles for _ in spans],
            "month": [month for _ in roles for month in spans],
        }
    )
