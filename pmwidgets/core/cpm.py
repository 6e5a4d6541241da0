"""The critical path passes over a compiled network, in working-time points.

The passes follow MS Project's rules so that a manager who checks our dates against MS Project finds
the same ones:

* a task with duration starts at the next working moment after what drives it, and finishes at
  the end of a working period (a one-day task starting Monday finishes Monday);
* a milestone sits where its driver puts it (at the end of Friday after a Friday finish); a
  task of zero duration not flagged as a milestone starts, like any task, at the next working
  moment (as MPXJ's MS Project scheduler does; pmwidgets flags zero-duration tasks as milestones
  when their duration is typed, as MS Project does);
* a finish driven by an SF link without lag is the predecessor's start as it is (MS Project
  shows a task finishing "Monday 08:00" after an SF link from a Monday start); otherwise a
  finish is the start plus the duration, at the end of a working period;
* FS, SS, FF and SF links with lags and leads in working time; FF leads never pull a task before
  the project start;
* constraints are honoured (MS Project's default): an unmeetable one shows as negative float;
* a deadline only tightens the late dates;
* summary tasks roll up from their children; links to a summary apply to all tasks under it;
* done work stays where it happened and remaining work is scheduled no earlier than the status
  date.

Points are encoded integers (:mod:`pmwidgets.core.timeaxis`); the loops below inline
``shift`` for speed. After one edit the passes start from the edited tasks and stop where dates
stop changing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pmwidgets.core.model import ConstraintType, PlanState
from pmwidgets.core.network import Network
from pmwidgets.core.timeaxis import END_SIDE, START_SIDE, TimeAxis, shift

NEVER = -(1 << 62)
_NONE: list = []  # shared by every node without links of a kind, to save memory; never mutated
ALWAYS = 1 << 62
_ASAP = ConstraintType.ASAP


@dataclass
class Inputs:
    """Per-task and per-link numbers in working minutes, ready for the passes."""

    duration: list[int]
    remaining: list[int]
    pred_fs: list[list[int]]
    pred_other: list[list[tuple[int, int, int]]]
    succ_fs: list[list[int]]
    succ_other: list[list[tuple[int, int, int]]]
    lag: list[int]
    special: list[bool]
    milestone: list[bool]
    started: list[bool]
    finished: list[bool]
    alap: list[bool]
    actual_start: list[int]
    actual_finish: list[int]
    constraint: list[ConstraintType]
    constraint_point: list[int]
    deadline: list[int]
    project_start: int
    status: int | None
    minutes_per_day: int


@dataclass
class Passes:
    """The raw results of the passes, kept so that the next edit can start from them."""

    inputs: Inputs
    early_start: list[int]
    early_finish: list[int]
    late: Late
    project_finish: int

    @property
    def late_start(self) -> list[int]:
        return self.late.start

    @property
    def late_finish(self) -> list[int]:
        return self.late.finish


def prepare(state: PlanState, net: Network, axis: TimeAxis) -> Inputs:
    """Everything the passes need, from a plan state and its network."""
    mpd = axis.minutes_per_day
    tasks = state.tasks
    count = len(tasks)
    summary = net.is_summary
    duration = [0 if summary[p] else round(t.duration * mpd) for p, t in enumerate(tasks)]
    status = None
    if state.status_date is not None:
        status = _start_after(axis.point(state.status_date, END_SIDE), mpd)
    inputs = Inputs(
        duration=duration,
        remaining=list(duration),
        pred_fs=[],
        pred_other=[],
        succ_fs=[],
        succ_other=[],
        lag=[],
        special=[False] * count,
        milestone=[t.milestone for t in tasks],
        started=[False] * count,
        finished=[False] * count,
        alap=[False] * count,
        actual_start=[0] * count,
        actual_finish=[0] * count,
        constraint=[_ASAP] * count,
        constraint_point=[0] * count,
        deadline=[ALWAYS] * count,
        project_start=axis.point(state.start, START_SIDE),
        status=status,
        minutes_per_day=mpd,
    )
    _link_tables(inputs, state, net)
    for p, task in enumerate(tasks):
        if not summary[p] and (
            task.constraint is not _ASAP
            or task.deadline is not None
            or task.actual_start is not None
            or task.percent_complete > 0
        ):
            _special_task(inputs, p, task, axis)
    return inputs


def update(
    previous: Inputs, state: PlanState, net: Network, axis: TimeAxis, changed: list[int]
) -> Inputs:
    """``previous`` with the tasks at ``changed`` positions read again (same network)."""
    mpd = axis.minutes_per_day
    inputs = replace(
        previous,
        duration=list(previous.duration),
        remaining=list(previous.remaining),
        special=list(previous.special),
        milestone=list(previous.milestone),
        started=list(previous.started),
        finished=list(previous.finished),
        alap=list(previous.alap),
        actual_start=list(previous.actual_start),
        actual_finish=list(previous.actual_finish),
        constraint=list(previous.constraint),
        constraint_point=list(previous.constraint_point),
        deadline=list(previous.deadline),
    )
    for p in changed:
        if net.is_summary[p]:
            continue
        task = state.tasks[p]
        inputs.duration[p] = inputs.remaining[p] = round(task.duration * mpd)
        inputs.milestone[p] = task.milestone
        inputs.special[p] = inputs.started[p] = inputs.finished[p] = inputs.alap[p] = False
        inputs.constraint[p] = _ASAP
        inputs.deadline[p] = ALWAYS
        if (
            task.constraint is not _ASAP
            or task.deadline is not None
            or task.actual_start is not None
            or task.percent_complete > 0
        ):
            _special_task(inputs, p, task, axis)
    if net.percent_lags and any(net.percent_lags[k] for p in changed for k in net.outgoing[p]):
        _link_tables(inputs, state, net)
    return inputs


def _link_tables(inputs: Inputs, state: PlanState, net: Network) -> None:
    """Lags in working minutes and each node's links, split for speed into plain
    finish-to-start links without lag (just the other node) and the rest, as
    ``(other node, kind, lag)``.

    The tables depend only on the network and the day length, unless a lag is a percentage of
    its predecessor's duration; they are cached on the network otherwise.
    """
    mpd = inputs.minutes_per_day
    cached = net.tables.get(mpd)
    if cached is not None and not net.percent_lags:
        inputs.lag, inputs.pred_fs, inputs.pred_other, inputs.succ_fs, inputs.succ_other = cached
        return
    links, duration, src, tgt, kind = state.links, inputs.duration, net.source, net.target, net.kind
    lag = [
        round(duration[src[k]] * links[number].lag / 100)
        if net.percent_lags and net.percent_lags[k]
        else round(links[number].lag * mpd)
        for k, number in enumerate(net.origin)
    ]
    plain = [kind[k] == 0 and lag[k] == 0 for k in range(len(lag))]
    pred_fs = [[src[k] for k in ks if plain[k]] or _NONE for ks in net.incoming]
    pred_other = [
        [(src[k], kind[k], lag[k]) for k in ks if not plain[k]] or _NONE for ks in net.incoming
    ]
    succ_fs = [[tgt[k] for k in ks if plain[k]] or _NONE for ks in net.outgoing]
    succ_other = [
        [(tgt[k], kind[k], lag[k]) for k in ks if not plain[k]] or _NONE for ks in net.outgoing
    ]
    tables = (lag, pred_fs, pred_other, succ_fs, succ_other)
    inputs.lag, inputs.pred_fs, inputs.pred_other, inputs.succ_fs, inputs.succ_other = tables
    if not net.percent_lags:
        net.tables[mpd] = tables


def _special_task(inputs: Inputs, p: int, task: object, axis: TimeAxis) -> None:
    """Read a task's constraint, deadline and progress into ``inputs``."""
    inputs.special[p] = True
    inputs.constraint[p] = task.constraint  # type: ignore[attr-defined]
    inputs.alap[p] = task.constraint is ConstraintType.ALAP  # type: ignore[attr-defined]
    if task.constraint_date is not None:  # type: ignore[attr-defined]
        side = START_SIDE if task.constraint.on_start else END_SIDE  # type: ignore[attr-defined]
        inputs.constraint_point[p] = axis.point(task.constraint_date, side)  # type: ignore[attr-defined]
    if task.deadline is not None:  # type: ignore[attr-defined]
        inputs.deadline[p] = axis.point(task.deadline, END_SIDE)  # type: ignore[attr-defined]
    if task.actual_start is None and task.percent_complete <= 0:  # type: ignore[attr-defined]
        return
    inputs.started[p] = True
    full = inputs.duration[p]
    actual_start = task.actual_start  # type: ignore[attr-defined]
    inputs.actual_start[p] = NEVER if actual_start is None else axis.point(actual_start, START_SIDE)
    if task.actual_finish is not None:  # type: ignore[attr-defined]
        inputs.finished[p] = True
        inputs.actual_finish[p] = axis.point(task.actual_finish, END_SIDE)  # type: ignore[attr-defined]
        inputs.remaining[p] = 0
    elif task.percent_complete >= 100:  # type: ignore[attr-defined]
        inputs.finished[p] = True
        inputs.actual_finish[p] = NEVER
        inputs.remaining[p] = 0
    else:
        inputs.remaining[p] = full - round(full * task.percent_complete / 100)  # type: ignore[attr-defined]


def _start_after(point: int, mpd: int) -> int:
    """Where work can start at ``point``: the next working day when it is a day's end."""
    if not (point & 1) and (point >> 1) % mpd == 0:
        return point + 1
    return point


# -- forward pass ------------------------------------------------------------------------------


def forward(
    net: Network,
    data: Inputs,
    es: list[int],
    ef: list[int],
    late: tuple[list[int], list[int]] | None = None,
    seeds: list[int] | None = None,
) -> None:
    """Early dates in topological order.

    ``late`` gives ALAP predecessors' late dates (the pass after the backward pass). With
    ``seeds``, only those tasks and whatever their changes reach are recomputed.
    """
    pred_fs, pred_other, duration, special = (
        data.pred_fs,
        data.pred_other,
        data.duration,
        data.special,
    )
    is_summary, children, parent = net.is_summary, net.children, net.parent
    succ_fs, succ_other = data.succ_fs, data.succ_other
    alap, mpd, project_start = data.alap, data.minutes_per_day, data.project_start
    milestone = data.milestone
    floor = NEVER if data.status is None else data.status
    use_late = late is not None
    order = net.order
    dirty = None if seeds is None else _flags(len(order), seeds)
    if seeds is not None:
        order = order[min((net.rank[s] for s in seeds), default=len(order)) :]
    for j in order:
        if dirty is not None:
            if not dirty[j]:
                continue
            old = (es[j], ef[j])
        if is_summary[j]:
            kids = children[j]
            es[j] = min([es[c] for c in kids])
            ef[j] = max([ef[c] for c in kids])
        else:
            d = duration[j]
            fast, links = pred_fs[j], pred_other[j]
            fin = None
            if fast or links:
                best = NEVER
                if fast and use_late:
                    best = max(_finish_seen(i, j, ef, late, alap) for i in fast)
                elif fast:
                    best = max(map(ef.__getitem__, fast))
                for i, typ, lg in links:
                    if use_late and alap[i] and not alap[j]:
                        p = late[0][i] if typ & 1 else late[1][i]  # type: ignore[index]
                    else:
                        p = es[i] if typ & 1 else ef[i]
                    if lg:
                        p = 2 * ((p >> 1) + lg) + (lg < 0)
                    if typ >= 2:
                        f = None if lg or typ == 2 else p
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
            if (d or not milestone[j]) and not (start & 1) and (start >> 1) % mpd == 0:
                start += 1
            if special[j] and data.started[j]:
                es[j], ef[j] = _progress(j, data, start)
            else:
                if special[j]:
                    has_links = bool(fast or links)
                    start, fin = _constrain(j, data, start, fin, has_links, floor, d, mpd)
                elif start < floor:
                    start, fin = floor, None
                es[j] = start
                if fin is not None and d and (fin >> 1) - d == start >> 1:
                    ef[j] = fin
                else:
                    ef[j] = 2 * ((start >> 1) + d) if d else start
        if dirty is not None and (es[j], ef[j]) != old:
            for target in succ_fs[j]:
                dirty[target] = 1
            for target, _, _ in succ_other[j]:
                dirty[target] = 1
            if parent[j] >= 0:
                dirty[parent[j]] = 1


def _finish_seen(
    i: int, j: int, ef: list[int], late: tuple[list[int], list[int]] | None, alap: list[bool]
) -> int:
    """The finish of ``i`` as its successor ``j`` sees it: the late one for an ALAP task."""
    return late[1][i] if late is not None and alap[i] and not alap[j] else ef[i]


def _flags(count: int, seeds: list[int]) -> bytearray:
    """One flag per node, raised for the seeds: the nodes an incremental pass must visit."""
    flags = bytearray(count)
    for seed in seeds:
        flags[seed] = 1
    return flags


def _progress(j: int, data: Inputs, planned_start: int) -> tuple[int, int]:
    """Start and finish of a started task: actual dates where known, the rest after the status
    date."""
    start = data.actual_start[j]
    if start == NEVER:
        start = planned_start
    if data.finished[j]:
        actual = data.actual_finish[j]
        return start, (shift(start, data.duration[j]) if actual == NEVER else actual)
    done = data.duration[j] - data.remaining[j]
    resume = shift(start, done)
    if data.status is not None and resume < data.status:
        resume = data.status
    return start, (shift(resume, data.remaining[j]) if data.remaining[j] else resume)


def _constrain(
    j: int,
    data: Inputs,
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
        start, fin = floor, None
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


# -- backward pass -----------------------------------------------------------------------------


@dataclass
class Late:
    """Late dates, each the smaller of two parts.

    ``*_tied`` comes from the project finish through successors and moves with it, whole days
    for whole days; ``*_fixed`` comes from constraints, deadlines and actual finishes and does not.
    Keeping them apart lets an edit that moves the project finish shift the tied parts instead
    of running the backward pass again. A part that does not exist is above ``HALF``.
    """

    start: list[int]
    finish: list[int]
    start_tied: list[int]
    finish_tied: list[int]
    start_fixed: list[int]
    finish_fixed: list[int]

    @classmethod
    def empty(cls, count: int) -> Late:
        return cls(*([ALWAYS] * count for _ in range(6)))

    def copy(self) -> Late:
        return Late(*(list(values) for values in vars(self).values()))

    def shift_tied(self, delta: int) -> None:
        """Move every tied part by ``delta`` (encoded) and recombine."""
        for name in ("start_tied", "finish_tied"):
            setattr(self, name, [v + delta if v < HALF else v for v in getattr(self, name)])
        self.start = list(map(min, self.start_tied, self.start_fixed))
        self.finish = list(map(min, self.finish_tied, self.finish_fixed))


HALF = ALWAYS >> 1


def backward(
    net: Network,
    data: Inputs,
    project_finish: int,
    ef: list[int],
    es: list[int],
    late: Late,
    seeds: list[int] | None = None,
) -> None:
    """Late dates in reverse topological order; with ``seeds``, only what their changes reach.

    ``project_finish`` must already sit at the end of a working period. Incremental runs
    assume no summary has links of its own (the caller checks).
    """
    succ_fs, succ_other, pred_fs, pred_other = (
        data.succ_fs,
        data.succ_other,
        data.pred_fs,
        data.pred_other,
    )
    duration, remaining, special = data.duration, data.remaining, data.special
    finished, is_summary, mpd = data.finished, net.is_summary, data.minutes_per_day
    ls, lf, ls_t, lf_t, ls_f, lf_f = (
        late.start,
        late.finish,
        late.start_tied,
        late.finish_tied,
        late.start_fixed,
        late.finish_fixed,
    )
    pushed: dict[int, tuple[int, int]] = {}
    any_finished = any(finished)
    any_fixed = any(special)
    order = net.order
    dirty = None if seeds is None else _flags(len(order), seeds)
    if seeds is not None:
        order = order[: max((net.rank[s] + 1 for s in seeds), default=0)]
    for j in reversed(order):
        if dirty is not None:
            if not dirty[j]:
                continue
            old = (ls_t[j], lf_t[j], ls_f[j], lf_f[j])
        if is_summary[j]:
            _push_summary_bounds(net, data, j, es, late, pushed)
            continue
        d = duration[j]
        if finished[j]:
            tied, fixed = ALWAYS, ef[j]
        else:
            tied, fixed = project_finish, ALWAYS
            fast, links = succ_fs[j], succ_other[j]
            if any_finished:
                links = [(s, 0, 0) for s in fast if not finished[s]] + [
                    link for link in links if not finished[link[0]]
                ]
            elif fast:
                tied = min(tied, min(map(ls_t.__getitem__, fast)))
                if any_fixed:
                    fixed = min(map(ls_f.__getitem__, fast))
            for s, typ, lg in links:
                bt = lf_t[s] if typ & 2 else ls_t[s]
                if typ == 1 and not (bt & 1) and (bt >> 1) % mpd == 0:
                    bt += 1
                if lg:
                    bt = 2 * ((bt >> 1) - lg) + (lg > 0)
                if typ & 1 and d:
                    bt = 2 * ((bt >> 1) + d)
                if bt < tied:
                    tied = bt
                if any_fixed:
                    bf = _bound(lf_f[s] if typ & 2 else ls_f[s], typ, lg, d, mpd)
                    if bf < fixed:
                        fixed = bf
            bound = pushed.get(j)
            if bound is not None:
                tied, fixed = min(tied, bound[0]), min(fixed, bound[1])
            if special[j]:
                tied, fixed = _backward_special(j, data, tied, fixed, d)
            if (tied & 1) and (tied >> 1) % mpd == 0:
                tied -= 1
            if (fixed & 1) and (fixed >> 1) % mpd == 0:
                fixed -= 1
        rem = remaining[j]
        lf_t[j], lf_f[j] = tied, fixed
        if rem:
            ls_t[j] = 2 * ((tied >> 1) - rem) + 1
            ls_f[j] = 2 * ((fixed >> 1) - rem) + 1
        else:
            ls_t[j], ls_f[j] = tied, fixed
        lf[j] = tied if tied < fixed else fixed
        ls[j] = ls_t[j] if ls_t[j] < ls_f[j] else ls_f[j]
        if dirty is not None and (ls_t[j], lf_t[j], ls_f[j], lf_f[j]) != old:
            for source in pred_fs[j]:
                dirty[source] = 1
            for source, _, _ in pred_other[j]:
                dirty[source] = 1


def _bound(late: int, typ: int, lg: int, d: int, mpd: int) -> int:
    """The late finish a successor's late date (start or finish, by ``typ``) allows."""
    if typ == 1 and not (late & 1) and (late >> 1) % mpd == 0:
        late += 1
    if lg:
        late = 2 * ((late >> 1) - lg) + (lg > 0)
    if typ & 1 and d:
        late = 2 * ((late >> 1) + d)
    return late


def _push_summary_bounds(
    net: Network,
    data: Inputs,
    j: int,
    es: list[int],
    late: Late,
    pushed: dict[int, tuple[int, int]],
) -> None:
    """Pass a summary's own successor logic down to the tasks under it."""
    finish_bound = [ALWAYS, ALWAYS]
    start_bound = [ALWAYS, ALWAYS]
    links = [(s, 0, 0) for s in data.succ_fs[j]] + data.succ_other[j]
    for s, typ, lg in links:
        if data.finished[s]:
            continue
        parts = (
            (late.start_tied[s], late.start_fixed[s])
            if typ in (0, 1)
            else (late.finish_tied[s], late.finish_fixed[s])
        )
        bound = finish_bound if typ in (0, 2) else start_bound
        for part, value in enumerate(parts):
            bound[part] = min(bound[part], shift(value, -lg))
    leaves = net.leaves[j]
    if min(finish_bound) < HALF:
        for leaf in leaves:
            _tighten(pushed, leaf, finish_bound[0], finish_bound[1])
    if min(start_bound) < HALF and leaves:
        first = min(leaves, key=lambda leaf: es[leaf])
        d = data.duration[first]
        _tighten(pushed, first, shift(start_bound[0], d), shift(start_bound[1], d))


def _tighten(pushed: dict[int, tuple[int, int]], leaf: int, tied: int, fixed: int) -> None:
    old_tied, old_fixed = pushed.get(leaf, (ALWAYS, ALWAYS))
    pushed[leaf] = (min(old_tied, tied), min(old_fixed, fixed))


def _backward_special(j: int, data: Inputs, tied: int, fixed: int, d: int) -> tuple[int, int]:
    """Constraints and the deadline on a task's late finish (they belong to the fixed part)."""
    kind = data.constraint[j]
    date_point = data.constraint_point[j]
    if kind is ConstraintType.MSO:
        tied, fixed = ALWAYS, shift(date_point, d)
    elif kind is ConstraintType.MFO:
        tied, fixed = ALWAYS, date_point
    elif kind is ConstraintType.SNLT:
        fixed = min(fixed, shift(date_point, d))
    elif kind is ConstraintType.FNLT:
        fixed = min(fixed, date_point)
    return tied, min(fixed, data.deadline[j])


# -- both passes -----------------------------------------------------------------------------


def run(
    state: PlanState,
    net: Network,
    axis: TimeAxis,
    previous: Passes | None = None,
    changed: list[int] | None = None,
) -> Passes:
    """Both passes; from ``previous`` when only the tasks at ``changed`` differ."""
    incremental = previous is not None and changed is not None and not any(previous.inputs.alap)
    if incremental:
        data = update(previous.inputs, state, net, axis, changed)
        incremental = not any(data.alap) and not net.summary_links
    if not incremental:
        return _full(net, prepare(state, net, axis))
    es, ef = list(previous.early_start), list(previous.early_finish)
    forward(net, data, es, ef, seeds=changed)
    project_finish = _project_finish(net, data, ef)
    late = previous.late.copy()
    delta = project_finish - previous.project_finish
    if delta % (2 * data.minutes_per_day) == 0:
        if delta:
            late.shift_tied(delta)
        backward(net, data, project_finish, ef, es, late, seeds=changed)
    else:
        late = Late.empty(len(es))
        backward(net, data, project_finish, ef, es, late)
    return Passes(data, es, ef, late, project_finish)


def _full(net: Network, data: Inputs) -> Passes:
    count = len(net.order)
    es = [data.project_start] * count
    ef = [data.project_start] * count
    forward(net, data, es, ef)
    project_finish = _project_finish(net, data, ef)
    late = Late.empty(count)
    backward(net, data, project_finish, ef, es, late)
    if any(data.alap):
        forward(net, data, es, ef, late=(late.start, late.finish))
    return Passes(data, es, ef, late, project_finish)


def _project_finish(net: Network, data: Inputs, ef: list[int]) -> int:
    """The last finish of a working task, at the end of its working period."""
    summary = net.is_summary
    finish = max((f for f, s in zip(ef, summary, strict=True) if not s), default=data.project_start)
    if (finish & 1) and (finish >> 1) % data.minutes_per_day == 0:
        finish -= 1
    return finish
