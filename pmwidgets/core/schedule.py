"""Critical path scheduling: forward and backward passes, floats, roll-up, progress.

The passes follow MS Project's rules so that a manager who checks our dates against MS Project finds
the same ones:

* a task with duration starts at the next working moment after what drives it, and finishes at
  the end of a working period (a one-day task starting Monday finishes Monday);
* a milestone sits where its driver puts it (at the end of Friday after a Friday finish);
* FS, SS, FF and SF links with lags and leads in working time; FF leads never pull a task before
  the project start;
* constraints are honoured (MS Project's default): an unmeetable one shows as negative float;
* a deadline only tightens the late dates;
* total float is the smaller of start and finish float; critical means total float <= 0;
* summary tasks roll up from their children; links to a summary apply to all tasks under it;
* done work stays where it happened and remaining work is scheduled no earlier than the status
  date.

All arithmetic is on integer working minutes (see :mod:`pmwidgets.core.timeaxis`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from pmwidgets.core.model import ConstraintType, PlanState, outline_numbers
from pmwidgets.core.network import Network
from pmwidgets.core.timeaxis import END_SIDE, START_SIDE, TimeAxis, shift

_NEVER = -(1 << 62)
_ALWAYS = 1 << 62


@dataclass
class _Inputs:
    """Per-task and per-link numbers in working minutes, ready for the passes."""

    duration: list[int]
    remaining: list[int]
    lag: list[int]
    started: list[bool]
    finished: list[bool]
    special: list[bool]
    alap: list[bool]
    actual_start: list[int]
    actual_finish: list[int]
    resume: list[int]
    constraint: list[ConstraintType]
    constraint_point: list[int]
    deadline: list[int]


def _prepare(state: PlanState, net: Network, axis: TimeAxis, status: int | None) -> _Inputs:
    mpd = axis.minutes_per_day
    tasks = state.tasks
    count = len(tasks)
    duration = [0 if net.is_summary[p] else round(t.duration * mpd) for p, t in enumerate(tasks)]
    lag: list[int] = []
    for k, number in enumerate(net.origin):
        link = state.links[number]
        if link.lag_percent:
            lag.append(round(duration[net.source[k]] * link.lag / 100))
        else:
            lag.append(round(link.lag * mpd))
    remaining = list(duration)
    started = [False] * count
    finished = [False] * count
    special = [False] * count
    alap = [False] * count
    actual_start = [0] * count
    actual_finish = [0] * count
    resume = [_NEVER] * count
    constraint_point = [0] * count
    deadline = [_ALWAYS] * count
    for p, task in enumerate(tasks):
        if net.is_summary[p]:
            continue
        if task.constraint is not ConstraintType.ASAP:
            special[p] = True
            alap[p] = task.constraint is ConstraintType.ALAP
            if task.constraint_date is not None:
                side = START_SIDE if task.constraint.on_start else END_SIDE
                constraint_point[p] = axis.point(task.constraint_date, side)
        if task.deadline is not None:
            special[p] = True
            deadline[p] = axis.point(task.deadline, END_SIDE)
        if task.actual_start is not None or task.percent_complete > 0:
            special[p] = True
            started[p] = True
            done = round(duration[p] * task.percent_complete / 100)
            if task.actual_start is not None:
                actual_start[p] = axis.point(task.actual_start, START_SIDE)
            else:
                actual_start[p] = _NEVER
            if task.actual_finish is not None:
                finished[p] = True
                actual_finish[p] = axis.point(task.actual_finish, END_SIDE)
                remaining[p] = 0
            elif task.percent_complete >= 100:
                finished[p] = True
                actual_finish[p] = _NEVER
                remaining[p] = 0
            else:
                remaining[p] = duration[p] - done
                resume[p] = status if status is not None else _NEVER
    return _Inputs(
        duration=duration,
        remaining=remaining,
        lag=lag,
        started=started,
        finished=finished,
        special=special,
        alap=alap,
        actual_start=actual_start,
        actual_finish=actual_finish,
        resume=resume,
        constraint=[t.constraint for t in tasks],
        constraint_point=constraint_point,
        deadline=deadline,
    )


def _forward(
    net: Network,
    data: _Inputs,
    mpd: int,
    project_start: int,
    status: int | None,
    es: list[int],
    ef: list[int],
    late: tuple[list[int], list[int]] | None,
) -> None:
    """Early dates in topological order; ``late`` gives ALAP predecessors' late dates."""
    src, kind, lag, incoming = net.source, net.kind, data.lag, net.incoming
    duration, special, is_summary, children = (
        data.duration,
        data.special,
        net.is_summary,
        net.children,
    )
    alap = data.alap
    floor = _NEVER if status is None else status
    for j in net.order:
        if is_summary[j]:
            kids = children[j]
            es[j] = min([es[c] for c in kids])
            ef[j] = max([ef[c] for c in kids])
            continue
        d = duration[j]
        links = incoming[j]
        fin = None
        if links:
            best = _NEVER
            for k in links:
                i = src[k]
                typ = kind[k]
                if late is not None and alap[i] and not alap[j]:
                    p = late[1][i] if typ == 0 or typ == 2 else late[0][i]
                else:
                    p = ef[i] if typ == 0 or typ == 2 else es[i]
                lg = lag[k]
                if lg:
                    p = 2 * ((p >> 1) + lg) + (lg < 0)
                if typ >= 2:
                    f = p
                    if d:
                        p = 2 * ((p >> 1) - d) + 1
                    if typ == 2 and p < project_start:
                        p = project_start
                    if p > best:
                        best, fin = p, f
                elif p > best:
                    best, fin = p, None
            start = best
        else:
            start = project_start
        if d and not (start & 1) and (start >> 1) % mpd == 0:
            start += 1
        if special[j]:
            if data.started[j]:
                es[j], ef[j] = _progress(j, data, start)
                continue
            start, fin = _constrain(j, data, start, fin, bool(links), floor, d, mpd)
        elif start < floor:
            start, fin = _next_start(floor, d, mpd), None
        es[j] = start
        if fin is not None and (fin >> 1) - d == start >> 1:
            ef[j] = fin
        else:
            ef[j] = 2 * ((start >> 1) + d) if d else start


def _next_start(point: int, d: int, mpd: int) -> int:
    """Where work of ``d`` minutes can start at ``point``: the next day when at a day's end."""
    if d and not (point & 1) and (point >> 1) % mpd == 0:
        return point + 1
    return point


def _progress(j: int, data: _Inputs, planned_start: int) -> tuple[int, int]:
    """Start and finish of a started task: actual dates where known, the rest after the status
    date."""
    start = data.actual_start[j]
    if start == _NEVER:
        start = planned_start
    if data.finished[j]:
        actual = data.actual_finish[j]
        return start, (shift(start, data.duration[j]) if actual == _NEVER else actual)
    done = data.duration[j] - data.remaining[j]
    resume = max(shift(start, done), data.resume[j])
    return start, (shift(resume, data.remaining[j]) if data.remaining[j] else resume)


def _constrain(
    j: int,
    data: _Inputs,
    start: int,
    fin: int | None,
    has_links: bool,
    floor: int,
    d: int,
    mpd: int,
) -> tuple[int, int | None]:
    """Apply the status date and the task's constraint to its early start; returns the start and
    the finish when the constraint fixes it."""
    if start < floor:
        start, fin = _next_start(floor, d, mpd), None
    kind = data.constraint[j]
    date_point = data.constraint_point[j]
    if kind is ConstraintType.SNET:
        if not has_links or start < date_point:
            start, fin = date_point, None
    elif kind is ConstraintType.FNET:
        earliest = shift(date_point, -d)
        if not has_links or start < earliest:
            start, fin = earliest, date_point
    elif kind is ConstraintType.SNLT:
        if start > date_point:
            start, fin = date_point, None
    elif kind is ConstraintType.FNLT:
        latest = shift(date_point, -d)
        if start > latest:
            start, fin = latest, date_point
    elif kind is ConstraintType.MSO:
        start, fin = date_point, None
    elif kind is ConstraintType.MFO:
        start, fin = shift(date_point, -d), date_point
    return start, fin


def _backward(
    net: Network,
    data: _Inputs,
    mpd: int,
    project_finish: int,
    es: list[int],
    ef: list[int],
    ls: list[int],
    lf: list[int],
) -> None:
    """Late dates in reverse topological order."""
    tgt, kind, lag, outgoing = net.target, net.kind, data.lag, net.outgoing
    duration, remaining, special, finished = (
        data.duration,
        data.remaining,
        data.special,
        data.finished,
    )
    is_summary = net.is_summary
    pushed: dict[int, int] = {}
    for j in reversed(net.order):
        if is_summary[j]:
            _push_summary_bounds(net, data, j, es, ls, lf, pushed, project_finish, mpd)
            continue
        d = duration[j]
        if finished[j]:
            late_finish = ef[j]
        else:
            late_finish = project_finish
            for k in outgoing[j]:
                s = tgt[k]
                if finished[s]:
                    continue
                typ = kind[k]
                lg = -lag[k]
                if typ == 0:
                    b = ls[s]
                elif typ == 2:
                    b = lf[s]
                elif typ == 1:
                    b = ls[s]
                    if not (b & 1) and (b >> 1) % mpd == 0:
                        b += 1
                else:
                    b = lf[s]
                if lg:
                    b = 2 * ((b >> 1) + lg) + (lg < 0)
                if (typ == 1 or typ == 3) and d:
                    b = 2 * ((b >> 1) + d)
                if b < late_finish:
                    late_finish = b
            if late_finish > project_finish:
                late_finish = project_finish
            bound = pushed.get(j)
            if bound is not None and bound < late_finish:
                late_finish = bound
            if special[j]:
                late_finish = _backward_special(j, data, late_finish, d)
            if (late_finish & 1) and (late_finish >> 1) % mpd == 0:
                late_finish -= 1
        lf[j] = late_finish
        rem = remaining[j]
        ls[j] = 2 * ((late_finish >> 1) - rem) + 1 if rem else late_finish


def _push_summary_bounds(
    net: Network,
    data: _Inputs,
    j: int,
    es: list[int],
    ls: list[int],
    lf: list[int],
    pushed: dict[int, int],
    project_finish: int,
    mpd: int,
) -> None:
    """Pass a summary's own successor logic down to the tasks under it."""
    finish_bound = _ALWAYS
    start_bound = _ALWAYS
    for k in net.outgoing[j]:
        s = net.target[k]
        if data.finished[s]:
            continue
        typ = net.kind[k]
        base = ls[s] if typ in (0, 1) else lf[s]
        bound = shift(base, -data.lag[k])
        if typ in (0, 2):
            finish_bound = min(finish_bound, bound)
        else:
            start_bound = min(start_bound, bound)
    leaves = net.leaves[j]
    if finish_bound < _ALWAYS:
        for leaf in leaves:
            pushed[leaf] = min(pushed.get(leaf, _ALWAYS), finish_bound)
    if start_bound < _ALWAYS and leaves:
        first = min(leaves, key=lambda leaf: es[leaf])
        bound = shift(start_bound, data.duration[first])
        pushed[first] = min(pushed.get(first, _ALWAYS), bound)


def _backward_special(j: int, data: _Inputs, late_finish: int, d: int) -> int:
    kind = data.constraint[j]
    date_point = data.constraint_point[j]
    if kind is ConstraintType.MSO:
        late_finish = shift(date_point, d)
    elif kind is ConstraintType.MFO:
        late_finish = date_point
    elif kind is ConstraintType.SNLT:
        late_finish = min(late_finish, shift(date_point, d))
    elif kind is ConstraintType.FNLT:
        late_finish = min(late_finish, date_point)
    return min(late_finish, data.deadline[j])


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
        critical.
        """
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
        """Ids of tasks whose dates, floats or criticality differ from ``other``'s."""
        mine = self.to_frame().set_index("id")
        theirs = other.to_frame().set_index("id")
        common = mine.index.intersection(theirs.index)
        columns = ["name", "start", "finish", "total_float_days", "free_float_days", "critical"]
        left, right = mine.loc[common, columns], theirs.loc[common, columns]
        differs = (left != right).any(axis=1)
        added = mine.index.difference(theirs.index)
        return list(common[differs.to_numpy()]) + list(added)


def _number(value: float) -> float | int:
    """A count of days for JSON: whole numbers as integers, others to four decimals."""
    rounded = round(float(value), 4)
    return int(rounded) if rounded.is_integer() else rounded


def compute_schedule(state: PlanState, net: Network, axis: TimeAxis) -> Schedule:
    """Schedule ``state`` over its compiled network ``net`` on ``axis``."""
    mpd = axis.minutes_per_day
    count = len(state.tasks)
    project_start = axis.point(state.start, START_SIDE)
    status = None
    if state.status_date is not None:
        status = axis.point(state.status_date, END_SIDE)
        if not (status & 1) and (status >> 1) % mpd == 0:
            status += 1
    data = _prepare(state, net, axis, status)
    es = [project_start] * count
    ef = [project_start] * count
    _forward(net, data, mpd, project_start, status, es, ef, None)
    leaves = [p for p in range(count) if not net.is_summary[p]]
    project_finish = max([ef[p] for p in leaves], default=project_start)
    ls = [0] * count
    lf = [0] * count
    _backward(net, data, mpd, project_finish, es, ef, ls, lf)
    if any(data.alap):
        _forward(net, data, mpd, project_start, status, es, ef, (ls, lf))
    return _assemble(state, net, axis, data, es, ef, ls, lf, project_start, project_finish)


def _assemble(
    state: PlanState,
    net: Network,
    axis: TimeAxis,
    data: _Inputs,
    es: list[int],
    ef: list[int],
    ls: list[int],
    lf: list[int],
    project_start: int,
    project_finish: int,
) -> Schedule:
    mpd = axis.minutes_per_day
    early_start = np.array(es, dtype=np.int64)
    early_finish = np.array(ef, dtype=np.int64)
    late_start = np.array(ls, dtype=np.int64)
    late_finish = np.array(lf, dtype=np.int64)
    alap = np.array(data.alap, dtype=bool)
    started = np.array(data.started, dtype=bool)
    finished = np.array(data.finished, dtype=bool)
    if started.any():
        late_start = np.where(started, np.array(data.actual_start, dtype=np.int64), late_start)
    start = np.where(alap, late_start, early_start)
    finish = np.where(alap, late_finish, early_finish)
    start_float = (late_start >> 1) - (early_start >> 1)
    finish_float = (late_finish >> 1) - (early_finish >> 1)
    total = np.where(started, finish_float, np.minimum(start_float, finish_float))
    total = np.where(alap, 0, total)
    is_summary = np.array(net.is_summary, dtype=bool)
    start, finish, late_start, late_finish, total = _roll_up(
        net, is_summary, start, finish, late_start, late_finish, early_start, early_finish, total
    )
    free = _free_float(net, data, start, finish, total, finished)
    critical = (total <= 0) & ~finished
    if is_summary.any():
        for p in np.flatnonzero(is_summary):
            critical[p] = critical[p] or bool(critical[net.leaves[int(p)]].any())
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
        total_float=total / mpd,
        free_float=free / mpd,
        critical=critical,
        project_start_point=project_start,
        project_finish_point=int(finish.max()) if len(finish) else project_finish,
    )


def _roll_up(
    net: Network,
    is_summary: np.ndarray,
    start: np.ndarray,
    finish: np.ndarray,
    late_start: np.ndarray,
    late_finish: np.ndarray,
    early_start: np.ndarray,
    early_finish: np.ndarray,
    total: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """Summary tasks span their children: earliest start, latest finish, and their floats."""
    if not is_summary.any():
        return start, finish, late_start, late_finish, total
    start, finish = start.copy(), finish.copy()
    late_start, late_finish, total = late_start.copy(), late_finish.copy(), total.copy()
    for p, leaves in net.leaves.items():
        if not leaves:
            continue
        start[p] = start[leaves].min()
        finish[p] = finish[leaves].max()
        late_start[p] = late_start[leaves].min()
        late_finish[p] = late_finish[leaves].max()
        start_float = (late_start[p] >> 1) - (early_start[p] >> 1)
        finish_float = (late_finish[p] >> 1) - (early_finish[p] >> 1)
        total[p] = min(start_float, finish_float)
    return start, finish, late_start, late_finish, total


def _free_float(
    net: Network,
    data: _Inputs,
    start: np.ndarray,
    finish: np.ndarray,
    total: np.ndarray,
    finished: np.ndarray,
) -> np.ndarray:
    """Float before any successor moves: the smallest gap over outgoing links, never below 0
    and never above total float (delaying a task by more would delay the project)."""
    free = total.astype(np.int64).copy()
    if net.source:
        source = np.array(net.source, dtype=np.int64)
        target = np.array(net.target, dtype=np.int64)
        kind = np.array(net.kind, dtype=np.int64)
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
