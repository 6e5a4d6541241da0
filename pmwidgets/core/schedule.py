"""The result of scheduling: dates, floats and criticality of every task, as arrays and tables.

The passes themselves live in :mod:`pmwidgets.core.cpm`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from pmwidgets.core import cpm
from pmwidgets.core.model import PlanState, outline_numbers
from pmwidgets.core.network import Network
from pmwidgets.core.timeaxis import TimeAxis


@dataclass
class Schedule:
    """The computed dates and floats of every task of one plan state.

    Points are encoded working-time integers (:mod:`pmwidgets.core.timeaxis`); use
    :meth:`to_frame` or :meth:`task_dates` for dates. Floats are in working days.
    """

    state: PlanState
    network: Network
    axis: TimeAxis
    early_start: np.ndarray
    early_finish: np.ndarray
    late_start: np.ndarray
    late_finish: np.ndarray
    scheduled_start: np.ndarray
    scheduled_finish: np.ndarray
    total_float: np.ndarray
    free_float: np.ndarray
    critical: np.ndarray
    project_start_point: int
    project_finish_point: int
    passes: cpm.Passes = field(repr=False)
    _frame: pd.DataFrame | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def project_start(self) -> date:
        """The date the project starts."""
        return self.axis.date(self.project_start_point)

    @property
    def finish(self) -> date:
        """The date the last task finishes."""
        return self.axis.date(self.project_finish_point)

    @property
    def makespan_days(self) -> float:
        """Working days from the project start to the end of the last task."""
        minutes = (self.project_finish_point >> 1) - (self.project_start_point >> 1)
        return minutes / self.axis.minutes_per_day

    def position(self, task_id: str) -> int:
        """The row of a task."""
        return self.network.index[task_id]

    def to_frame(self) -> pd.DataFrame:
        """One row per task, in plan order, with dates as ``datetime64[s]`` day values.

        Columns: id, name, wbs, outline_level, summary, milestone, duration_days, start, finish,
        early_start, early_finish, late_start, late_finish, total_float_days, free_float_days,
        critical. Built once per schedule (an editor reads it several times per edit); each call
        returns a copy.
        """
        if self._frame is None:
            self._frame = self._build_frame()
        return self._frame.copy()

    def _build_frame(self) -> pd.DataFrame:
        tasks = self.state.tasks
        numbers = outline_numbers(tasks)
        dates = self.axis.dates
        duration = np.array(
            [0.0 if s else t.duration for t, s in zip(tasks, self.network.is_summary, strict=False)]
        )
        summary_span = (self.finish_minutes() - self.start_minutes()) / self.axis.minutes_per_day
        duration = np.where(self.network.is_summary, summary_span, duration)
        return pd.DataFrame(
            {
                "id": [t.id for t in tasks],
                "name": [t.name for t in tasks],
                "wbs": [t.wbs or n for t, n in zip(tasks, numbers, strict=False)],
                "outline_level": [t.outline_level for t in tasks],
                "summary": self.network.is_summary,
                "milestone": self.milestones(),
                "duration_days": duration,
                "start": dates(self.scheduled_start),
                "finish": dates(self.scheduled_finish),
                "early_start": dates(self.early_start),
                "early_finish": dates(self.early_finish),
                "late_start": dates(self.late_start),
                "late_finish": dates(self.late_finish),
                "total_float_days": self.total_float,
                "free_float_days": self.free_float,
                "critical": self.critical,
            }
        )

    def to_dict(self) -> dict[str, object]:
        """The schedule as the command line's JSON: project start, finish, makespan and, per task,
        id, name, start, finish, total and free float (working days) and criticality."""
        frame = self.to_frame()
        return {
            "project_start": self.project_start.isoformat(),
            "finish": self.finish.isoformat(),
            "makespan_days": _number(self.makespan_days),
            "tasks": [
                {
                    "id": row.id,
                    "name": row.name,
                    "start": row.start.date().isoformat(),
                    "finish": row.finish.date().isoformat(),
                    "total_float_days": _number(row.total_float_days),
                    "free_float_days": _number(row.free_float_days),
                    "critical": bool(row.critical),
                }
                for row in frame.itertuples(index=False)
            ],
        }

    def start_minutes(self) -> np.ndarray:
        """Scheduled starts in working minutes from the origin."""
        return self.scheduled_start >> 1

    def finish_minutes(self) -> np.ndarray:
        """Scheduled finishes in working minutes from the origin."""
        return self.scheduled_finish >> 1

    def milestones(self) -> np.ndarray:
        """Whether each task is a milestone (flagged, or a working task of zero duration)."""
        return np.array(
            [
                t.milestone or (t.duration == 0 and not s)
                for t, s in zip(self.state.tasks, self.network.is_summary, strict=False)
            ],
            dtype=bool,
        )

    def changed_tasks(self, other: Schedule) -> list[str]:
        """Ids of tasks whose name, dates (days shown), floats or criticality differ from
        ``other``'s, in plan order; then the ids of tasks ``other`` lacks, sorted.

        Compared as arrays by position: an editor calls this on every edit.
        """
        ids = [task.id for task in self.state.tasks]
        other_ids = [task.id for task in other.state.tasks]
        if ids == other_ids:
            mine = theirs = np.arange(len(ids))
            added: list[str] = []
        else:
            where = {task_id: row for row, task_id in enumerate(other_ids)}
            mine = np.array([row for row, task_id in enumerate(ids) if task_id in where], dtype=int)
            theirs = np.array([where[ids[row]] for row in mine], dtype=int)
            added = sorted(task_id for task_id in ids if task_id not in where)
        names = np.array([task.name for task in self.state.tasks], dtype=object)
        other_names = np.array([task.name for task in other.state.tasks], dtype=object)
        differs = names[mine] != other_names[theirs]
        for column in ("total_float", "free_float", "critical"):
            differs |= getattr(self, column)[mine] != getattr(other, column)[theirs]
        for column in ("scheduled_start", "scheduled_finish"):
            days = self.axis.dates(getattr(self, column)[mine])
            differs |= days != other.axis.dates(getattr(other, column)[theirs])
        return [ids[row] for row in mine[differs]] + added


def _number(value: float) -> float | int:
    """A count of days for JSON: whole numbers as integers, others to four decimals."""
    rounded = round(float(value), 4)
    return int(rounded) if rounded.is_integer() else rounded


def compute_schedule(
    state: PlanState, net: Network, axis: TimeAxis, previous: Schedule | None = None
) -> Schedule:
    """Schedule ``state`` over its compiled network ``net`` on ``axis``.

    With the ``previous`` schedule of a state of the same network, calendar, start and status
    date, only what the changed tasks reach is recomputed.
    """
    changed = None
    if (
        previous is not None
        and previous.network is net
        and previous.axis is axis
        and previous.state.start == state.start
        and previous.state.status_date == state.status_date
    ):
        before = previous.state.tasks
        changed = [p for p, task in enumerate(state.tasks) if task is not before[p]]
    passes = cpm.run(state, net, axis, previous.passes if previous else None, changed)
    return _assemble(state, net, axis, passes)


def _assemble(state: PlanState, net: Network, axis: TimeAxis, passes: cpm.Passes) -> Schedule:
    """Scheduled dates, floats and criticality from the raw passes; summaries roll up."""
    data = passes.inputs
    early_start = np.array(passes.early_start, dtype=np.int64)
    early_finish = np.array(passes.early_finish, dtype=np.int64)
    late_start = np.array(passes.late_start, dtype=np.int64)
    late_finish = np.array(passes.late_finish, dtype=np.int64)
    start, finish = early_start, early_finish
    alap, started, finished = _flags(data.alap), _flags(data.started), _flags(data.finished)
    if alap.any():
        start, finish = np.where(alap, late_start, start), np.where(alap, late_finish, finish)
    if started.any():
        actual = np.array(data.actual_start, dtype=np.int64)
        late_start = np.where(
            started, np.where(actual == cpm.NEVER, early_start, actual), late_start
        )
    summaries = net.array("summaries")
    if len(summaries):
        start, finish, late_start, late_finish = _roll_up(
            net, start, finish, late_start, late_finish
        )
    start_float = (late_start >> 1) - (early_start >> 1)
    finish_float = (late_finish >> 1) - (early_finish >> 1)
    total = np.where(started, finish_float, np.minimum(start_float, finish_float))
    total[alap] = 0
    free = _free_float(net, data, start, finish, total, finished)
    critical = (total <= 0) & ~finished
    if len(summaries):
        ends = net.array("ends")[summaries]
        leaf_critical = (critical & ~net.array("is_summary")).astype(np.int8)
        critical[summaries] |= range_reduce(leaf_critical, summaries + 1, ends, np.maximum) > 0
    minutes = axis.minutes_per_day
    return Schedule(
        state=state,
        network=net,
        axis=axis,
        early_start=early_start,
        early_finish=early_finish,
        late_start=late_start,
        late_finish=late_finish,
        scheduled_start=start,
        scheduled_finish=finish,
        total_float=total / minutes,
        free_float=free / minutes,
        critical=critical,
        project_start_point=data.project_start,
        project_finish_point=int(finish.max()) if len(state.tasks) else passes.project_finish,
        passes=passes,
    )


def _roll_up(net: Network, *columns: np.ndarray) -> tuple[np.ndarray, ...]:
    """Summary rows span the working tasks under them: earliest start and latest finish of each
    (start, finish) pair of columns."""
    rows = net.array("summaries")
    ends = net.array("ends")[rows]
    is_summary = net.array("is_summary")
    rolled = []
    for number, column in enumerate(columns):
        earliest = number % 2 == 0
        blank = np.iinfo(np.int64).max if earliest else np.iinfo(np.int64).min
        leaves_only = np.where(is_summary, blank, column)
        reduce = np.minimum if earliest else np.maximum
        column = column.copy()
        column[rows] = range_reduce(leaves_only, rows + 1, ends, reduce)
        rolled.append(column)
    return tuple(rolled)


def range_reduce(
    values: np.ndarray, low: np.ndarray, high: np.ndarray, reduce: np.ufunc
) -> np.ndarray:
    """``reduce`` (``np.minimum`` or ``np.maximum``) over ``values[low:high]`` for every pair of
    bounds (``high > low``), by a sparse table: log2(n) vectorised steps, however the ranges nest.
    """
    lengths = high - low
    tables = [values]
    while (1 << len(tables)) <= lengths.max():
        step = 1 << (len(tables) - 1)
        tables.append(reduce(tables[-1][:-step], tables[-1][step:]))
    powers = np.floor(np.log2(lengths)).astype(np.int64)
    result = np.empty(len(low), dtype=values.dtype)
    for power in np.unique(powers):
        chosen = powers == power
        table = tables[power]
        result[chosen] = reduce(table[low[chosen]], table[high[chosen] - (1 << int(power))])
    return result


def _flags(values: list[bool]) -> np.ndarray:
    """A list of flags as a boolean array; fast when none is raised (the usual case)."""
    return np.array(values, dtype=bool) if any(values) else np.zeros(len(values), dtype=bool)


def _free_float(
    net: Network,
    data: cpm.Inputs,
    start: np.ndarray,
    finish: np.ndarray,
    total: np.ndarray,
    finished: np.ndarray,
) -> np.ndarray:
    """Float before any successor moves: the smallest gap over outgoing links, never below 0
    and never above total float (delaying a task by more would delay the project)."""
    free = total.astype(np.int64).copy()
    if net.source:
        source, target, kind = net.array("source"), net.array("target"), net.array("kind")
        lag = np.array(data.lag, dtype=np.int64)
        from_finish = (kind == 0) | (kind == 2)
        to_finish = kind >= 2
        before = np.where(from_finish, finish[source], start[source]) >> 1
        after = np.where(to_finish, finish[target], start[target]) >> 1
        gap = after - before - lag
        live = ~finished[target]
        gap, source = gap[live], source[live]
        smallest = np.full(len(free), np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(smallest, source, gap)
        has_successor = smallest != np.iinfo(np.int64).max
        free = np.where(has_successor, np.maximum(smallest, 0), free)
    free = np.minimum(free, np.maximum(total, 0))
    return np.where(finished, 0, free)
