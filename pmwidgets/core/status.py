"""Earned value of a plan as of its status date, against one of its baselines.

The performance measurement baseline is the time-phased planned value: each working task's
baseline cost spread evenly over the working days of its baseline dates (a milestone's on its
day), summed per day. Time is counted in working days of the project calendar from the first
baseline day, so earned-schedule figures (ES, SV(t), IEAC(t)) are working days too.

- **EV** of a task is its baseline cost x its % complete (or physical % complete, when the
  status is measured physically and the task has one).
- **AC** is the actual cost recorded on the task; without one it is the task's current cost x
  its % complete, as MS Project computes actual cost from actual work.
- **Bottom-up ETC** is each task's current cost x the share still to do; EAC bottom-up is AC
  plus that.

Project figures come from :func:`pmwidgets.core.earned_value.earned_value` on this curve, so a
ratio without a denominator (nothing planned yet, nothing spent) is ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pmwidgets.core.baselines import baseline_records
from pmwidgets.core.costs import roll_up, task_costs
from pmwidgets.core.earned_value import EarnedValue, earned_value
from pmwidgets.core.errors import PlanError
from pmwidgets.core.model import parent_positions

if TYPE_CHECKING:
    from pmwidgets.core.model import Task, TaskBaseline
    from pmwidgets.core.plan import Plan

METHODS = ("percent", "physical")
#: The command line's ``status --json`` keys, in order (a contract: never rename).
FIGURE_KEYS = (
    "pv",
    "ev",
    "ac",
    "sv",
    "cv",
    "spi",
    "cpi",
    "bac",
    "eac_cpi",
    "eac_atypical",
    "eac_cpi_spi",
    "etc",
    "vac",
    "tcpi_bac",
    "tcpi_eac",
    "es",
    "sv_t",
    "spi_t",
    "ieac_t",
)
TASK_COLUMNS = ["id", "name", "summary", "bac", "pv", "ev", "ac", "etc", "eac", "sv", "cv"]


@dataclass(frozen=True)
class ProjectStatus:
    """A plan's earned value as of a status date.

    ``value`` holds the project figures; ``eac_bottom_up`` is AC + the tasks' remaining cost;
    ``tasks`` has one row per task (summaries rolled up) with ``bac, pv, ev, ac, etc, eac, sv,
    cv`` and the ``spi``/``cpi`` ratios; ``curve`` has one row per working day of the baseline
    (``day``, cumulative ``pv``).
    """

    project: str
    status_date: date
    baseline: int
    method: str
    currency: str
    value: EarnedValue
    eac_bottom_up: float
    own_values: pd.DataFrame = field(repr=False)
    parents: tuple[int, ...] = field(repr=False)
    curve: pd.DataFrame = field(repr=False)
    baseline_start: date = field(kw_only=True)
    baseline_finish: date = field(kw_only=True)
    forecast_finish: date = field(kw_only=True)
    finish_variance_days: int = field(kw_only=True)

    @cached_property
    def tasks(self) -> pd.DataFrame:
        """Per task (summaries rolled up): ``bac, pv, ev, ac, etc, eac, sv, cv, spi, cpi``.
        Built on first use: a status history needs only the project's figures."""
        return _with_ratios(
            roll_up(self.own_values, self.parents, ["bac", "pv", "ev", "ac", "etc"])
        )

    @property
    def percent_complete(self) -> float | None:
        """Work done as a share of the budget (EV / BAC), in percent."""
        return None if not self.value.bac else 100 * self.value.ev / self.value.bac

    def figures(self) -> dict[str, float | None]:
        """The earned-value figures under the command line's contract keys."""
        value = self.value
        return {key: _rounded(getattr(value, key)) for key in FIGURE_KEYS}


def project_status(
    plan: Plan,
    status_date: date | datetime | None = None,
    *,
    baseline: int = 0,
    method: str = "percent",
) -> ProjectStatus:
    """Earned value of ``plan`` as of ``status_date`` (the plan's status date by default)
    against baseline ``baseline``.

    Raises
    ------
    PlanError
        When there is no status date, no such baseline, an unknown method, or the baseline
        plans no cost at all (there is nothing to earn).
    """
    if method not in METHODS:
        raise PlanError(
            f"The earned-value method is one of {', '.join(METHODS)}, not {method!r}.",
            field="method",
            value=method,
        )
    moment = status_date if status_date is not None else plan.status_date
    if moment is None:
        raise PlanError(
            f"Project '{plan.name}' has no status date; give the date progress is reported as of.",
            field="status_date",
            value=None,
        )
    day = moment.date() if isinstance(moment, datetime) else moment
    records = baseline_records(plan, baseline)
    frame = plan.schedule().to_frame()
    costs = task_costs(plan)
    spans = _baseline_spans(plan, frame, records, costs)
    days = _working_days(plan, spans, day)
    spans = _place(spans, days)
    daily = _daily_planned_value(spans, days)
    if daily.sum() <= 0:
        raise PlanError(
            f"Baseline {baseline} of '{plan.name}' plans no cost: give tasks fixed costs or "
            "resources with rates, then set the baseline again.",
            field="baseline",
            value=baseline,
        )
    elapsed = int(np.searchsorted(days, np.datetime64(day), side="right"))
    horizon = int(spans["end"].max())
    per_task = _task_values(plan, frame, costs, spans, elapsed, method)
    cumulative = np.concatenate(([0.0], np.cumsum(daily[:horizon])))
    value = earned_value(
        np.arange(horizon + 1, dtype=float),
        cumulative,
        ev=float(per_task["ev"].sum()),
        ac=float(per_task["ac"].sum()),
        at=float(elapsed),
    )
    return ProjectStatus(
        project=plan.name,
        status_date=day,
        baseline=baseline,
        method=method,
        currency=plan.settings.currency,
        value=value,
        eac_bottom_up=float(per_task["ac"].sum() + per_task["etc"].sum()),
        own_values=per_task,
        parents=tuple(parent_positions(plan.tasks)),
        curve=pd.DataFrame({"day": days[:horizon], "pv": cumulative[1:]}),
        baseline_start=_day_values(spans["first"]).min().astype(date),
        baseline_finish=_day_values(spans["last"]).max().astype(date),
        forecast_finish=plan.schedule().finish,
        finish_variance_days=_day_shift(
            plan, _day_values(spans["last"]).max(), plan.schedule().finish
        ),
    )


def _baseline_spans(
    plan: Plan, frame: pd.DataFrame, records: dict[str, TaskBaseline], costs: pd.DataFrame
) -> pd.DataFrame:
    """Per task in the baseline: its baseline first and last day and its own budget.

    A task without a baseline cost (a baseline set before costs were kept, or imported
    without them) is budgeted at its current cost; a summary task's own budget is its fixed
    cost (its children budget the rest).
    """
    rows = []
    for task, row in zip(plan.tasks, frame.itertuples(index=False), strict=True):
        record = records.get(row.id)
        if record is None or record.start is None or record.finish is None:
            continue
        if row.summary:
            budget = task.fixed_cost
        elif record.cost is not None:
            budget = record.cost
        else:
            budget = float(costs.at[row.id, "cost"])
        rows.append(
            {
                "id": row.id,
                "first": np.datetime64(record.start.date()),
                "last": np.datetime64(record.finish.date()),
                "budget": budget,
            }
        )
    if not rows:
        raise PlanError(
            f"Baseline of '{plan.name}' records no task dates.", field="baseline", value=None
        )
    return pd.DataFrame(rows).set_index("id")


def _working_days(plan: Plan, spans: pd.DataFrame, status_day: date) -> np.ndarray:
    """The project calendar's working days from the first baseline day to the later of the
    baseline finish and the status date."""
    first = _day_values(spans["first"]).min()
    last = max(_day_values(spans["last"]).max(), np.datetime64(status_day, "D"))
    every = np.arange(first, last + 1)
    return every[plan.calendar.working_mask(every)]


def _day_values(column: pd.Series) -> np.ndarray:
    return column.to_numpy(dtype="datetime64[D]")


def _place(spans: pd.DataFrame, days: np.ndarray) -> pd.DataFrame:
    """``spans`` with ``begin`` and ``end``: positions in ``days`` of each task's baseline
    working days; a task with none (a milestone, or dates on days off) gets the first working
    day from its finish on."""
    first, last = _day_values(spans["first"]), _day_values(spans["last"])
    begin = np.searchsorted(days, first, side="left")
    end = np.searchsorted(days, last, side="right")
    empty = end <= begin
    fallback = np.minimum(np.searchsorted(days, last, side="left"), len(days) - 1)
    begin = np.where(empty, fallback, begin)
    end = np.where(empty, fallback + 1, end)
    return spans.assign(begin=begin, end=end)


def _daily_planned_value(spans: pd.DataFrame, days: np.ndarray) -> np.ndarray:
    daily = np.zeros(len(days))
    for begin, end, budget in spans[["begin", "end", "budget"]].itertuples(index=False):
        daily[begin:end] += budget / (end - begin)
    return daily


def _task_values(
    plan: Plan,
    frame: pd.DataFrame,
    costs: pd.DataFrame,
    spans: pd.DataFrame,
    elapsed: int,
    method: str,
) -> pd.DataFrame:
    """Each task's own BAC, PV, EV, AC and bottom-up ETC (before summaries roll up).

    A summary's own budget (its fixed cost) is earned as its subtree is: by the share of the
    subtree's budget earned.
    """
    placed = {
        task_id: (float(budget), int(begin), int(end))
        for task_id, budget, begin, end in zip(
            spans.index, spans["budget"], spans["begin"], spans["end"], strict=True
        )
    }
    current = dict(zip(costs.index, costs["cost"].to_numpy(), strict=True))
    rows = []
    for task, summary in zip(plan.tasks, frame["summary"].to_numpy(), strict=True):
        cost = task.fixed_cost if summary else float(current[task.id])
        bac, begin, end = placed.get(task.id, (0.0, 0, 0))
        planned = bac * min(max(elapsed - begin, 0), end - begin) / (end - begin) if end else 0.0
        share, done = _earned_share(task, method), task.percent_complete / 100
        rows.append((task.id, task.name, bool(summary), cost, bac, planned, share, done))
    values = pd.DataFrame(
        rows, columns=["id", "name", "summary", "cost", "bac", "pv", "share", "done"]
    ).set_index("id", drop=False)
    leaves = values.assign(
        bac=values["bac"].where(~values["summary"], 0.0),
        earned=np.where(values["summary"], 0.0, values["bac"] * values["share"]),
        worked=np.where(values["summary"], 0.0, values["bac"] * values["done"]),
    )
    subtree = roll_up(leaves, parent_positions(plan.tasks), ["bac", "earned", "worked"])
    budget = subtree["bac"].where(subtree["bac"] > 0)
    share = values["share"].where(~values["summary"], (subtree["earned"] / budget).fillna(0.0))
    done = values["done"].where(~values["summary"], (subtree["worked"] / budget).fillna(0.0))
    actual = [t.actual_cost for t in plan.tasks]
    values["ev"] = values["bac"] * share
    values["ac"] = [
        a if a is not None else c * d for a, c, d in zip(actual, values["cost"], done, strict=True)
    ]
    values["etc"] = values["cost"] * (1 - done)
    return values[["id", "name", "summary", "bac", "pv", "ev", "ac", "etc"]]


def _earned_share(task: Task, method: str) -> float:
    if method == "physical" and task.physical_percent_complete is not None:
        return task.physical_percent_complete / 100
    return task.percent_complete / 100


def _day_shift(plan: Plan, planned: np.datetime64, forecast: date) -> int:
    """Working days from the planned to the forecast finish day (later: positive)."""
    later = np.datetime64(forecast)
    low, high = min(planned, later), max(planned, later)
    between = np.arange(low + 1, high + 1)
    count = int(plan.calendar.working_mask(between).sum())
    return count if later >= planned else -count


def _with_ratios(values: pd.DataFrame) -> pd.DataFrame:
    values = values.copy()
    values["eac"] = values["ac"] + values["etc"]
    values["sv"] = values["ev"] - values["pv"]
    values["cv"] = values["ev"] - values["ac"]
    values["spi"] = _safe_ratio(values["ev"], values["pv"])
    values["cpi"] = _safe_ratio(values["ev"], values["ac"])
    return values.reset_index(drop=True)[[*TASK_COLUMNS, "spi", "cpi"]]


def _safe_ratio(top: pd.Series, bottom: pd.Series) -> pd.Series:
    """``top / bottom`` with an empty value (None) where ``bottom`` is zero."""
    ratio = top.astype(float) / bottom.astype(float).where(bottom != 0)
    return ratio.astype(object).where(ratio.notna(), None)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)
