"""Resource leveling: delay tasks until no resource is loaded beyond its capacity.

The earliest over-allocated day is found (:mod:`pmwidgets.core.resource_load`); of the movable
tasks loading that resource that day, the least important one (most total float, lowest
priority or last in the plan, as asked) is delayed to start after that day, by a start-no-
earlier-than constraint the scheduler then respects together with every link and calendar.
Repeat until nothing is over-allocated. Every delay is reported (task, from, to, why), so the
manager reviews the result before accepting it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from pmwidgets.core.errors import PlanError
from pmwidgets.core.model import ConstraintType, PlanState
from pmwidgets.core.resource_load import Overallocation, overallocations

if TYPE_CHECKING:
    from pmwidgets.core.plan import Plan

ORDERS = ("float", "priority", "id")
#: Constraints that pin a task: leveling never moves those tasks.
PINNED = (ConstraintType.MSO, ConstraintType.MFO)


@dataclass(frozen=True)
class Move:
    """One delay made by leveling, and the over-allocation it answered."""

    task: str
    name: str
    start_before: date
    start_after: date
    reason: str


@dataclass
class LevelingResult:
    """The leveled plan state, the moves that made it, and what could not be resolved."""

    state: PlanState
    moves: list[Move] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


def level(
    plan: Plan,
    *,
    order: str = "float",
    max_moves: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> LevelingResult:
    """Level ``plan`` without changing it; returns the leveled state and the moves.

    Parameters
    ----------
    order : {"float", "priority", "id"}
        Which task gives way first: the one with most total float, the lowest priority, or
        the last in the plan; the other two break ties.
    max_moves : int, optional
        A bound on the delays made (default: 20 per task), so that a plan that cannot be
        leveled still returns.
    progress : callable, optional
        Called with the number of moves made so far, after each one.
    """
    if order not in ORDERS:
        raise PlanError(
            f"Leveling order is one of {', '.join(ORDERS)}, not '{order}'.",
            field="order",
            value=order,
        )
    work = type(plan).from_state(plan.state)
    limit = max_moves if max_moves is not None else 20 * max(1, len(plan.tasks))
    result = LevelingResult(state=plan.state)
    rank = _yield_order(plan, order)
    stuck: set[tuple[str, date]] = set()
    while len(result.moves) < limit:
        conflict = _first_conflict(work, stuck)
        if conflict is None:
            break
        task_id = _yielding_task(work, conflict, rank)
        if task_id is None:
            stuck.add((conflict.key, conflict.period))
            result.unresolved.append(_unresolvable(conflict))
            continue
        result.moves.append(_delay(work, task_id, conflict))
        if progress is not None:
            progress(len(result.moves))
    else:
        result.unresolved.append(f"Stopped after {limit} moves; the plan is still over-allocated.")
    result.state = work.state
    result.moves = _combined(result.moves)
    return result


def _combined(moves: list[Move]) -> list[Move]:
    """One move per task, from its first start to its last, with the first reason (a task
    delayed day by day past a week of conflicts is one decision to review)."""
    first: dict[str, Move] = {}
    last: dict[str, Move] = {}
    for move in moves:
        first.setdefault(move.task, move)
        last[move.task] = move
    combined = []
    for task_id, move in first.items():
        steps = sum(1 for m in moves if m.task == task_id)
        more = f", and {steps - 1} more day(s) after it" if steps > 1 else ""
        combined.append(
            Move(
                task_id, move.name, move.start_before, last[task_id].start_after, move.reason + more
            )
        )
    return combined


def _first_conflict(plan: Plan, stuck: set[tuple[str, date]]) -> Overallocation | None:
    for conflict in overallocations(plan, period="day"):
        if (conflict.key, conflict.period) not in stuck:
            return conflict
    return None


def _yield_order(plan: Plan, order: str) -> dict[str, tuple]:
    """How readily each task gives way (higher yields first), fixed before leveling starts:
    ranking by floats that leveling itself changes would make two tasks take turns forever."""
    frame = plan.schedule().to_frame().set_index("id")
    rank = {}
    for row, task in enumerate(plan.tasks):
        slack = float(frame.loc[task.id, "total_float_days"])
        keys = {
            "float": (slack, -task.priority, row),
            "priority": (-task.priority, slack, row),
            "id": (row, slack, -task.priority),
        }
        rank[task.id] = keys[order]
    return rank


def _yielding_task(plan: Plan, conflict: Overallocation, rank: dict[str, tuple]) -> str | None:
    """The movable task of the conflict that should give way, or None when none can."""
    if len(conflict.tasks) == 1 and conflict.load_hours > _full_day(plan, conflict.key):
        return None  # more than a whole working day: delaying it would only move the problem
    others = set(conflict.tasks)
    movable = [
        task_id
        for task_id in conflict.tasks
        if plan.task(task_id).actual_start is None
        and plan.task(task_id).constraint not in PINNED
        # Delaying a task that drives another of the conflict moves both: no gain.
        and not (_driven(plan, task_id) & (others - {task_id}))
    ]
    return max(movable, key=rank.__getitem__) if movable else None


def _full_day(plan: Plan, resource_id: str) -> float:
    """The hours a resource has on an ordinary working day (a day off has none: a task alone
    over capacity that day can be moved past it)."""
    resource = next(r for r in plan.resources if r.id == resource_id)
    return resource.max_units * (resource.calendar or plan.calendar).hours_per_day


def _driven(plan: Plan, task_id: str) -> set[str]:
    """Every task reached from ``task_id`` by links (its successors, theirs, ...)."""
    seen: set[str] = set()
    todo = [task_id]
    while todo:
        for link in plan.successors(todo.pop()):
            if link.successor not in seen:
                seen.add(link.successor)
                todo.append(link.successor)
    return seen


def _delay(plan: Plan, task_id: str, conflict: Overallocation) -> Move:
    """Make ``task_id`` start on the first working day after the conflict."""
    task = plan.task(task_id)
    before = plan.schedule().to_frame().set_index("id").loc[task_id, "start"].date()
    day = conflict.period + timedelta(days=1)
    while not plan.calendar.is_working_day(day):
        day += timedelta(days=1)
    plan.update(
        task_id,
        constraint=ConstraintType.SNET,
        constraint_date=datetime(day.year, day.month, day.day),
    )
    after = plan.schedule().to_frame().set_index("id").loc[task_id, "start"].date()
    reason = (
        f"{conflict.name} is over-allocated on {conflict.period.isoformat()} "
        f"({conflict.load_hours:g} h of {conflict.capacity_hours:g} h) by tasks "
        f"{', '.join(conflict.tasks)}"
    )
    return Move(task_id, task.name, before, after, reason)


def _unresolvable(conflict: Overallocation) -> str:
    return (
        f"{conflict.name} on {conflict.period.isoformat()}: {conflict.load_hours:g} h of "
        f"{conflict.capacity_hours:g} h from task(s) {', '.join(conflict.tasks)}, which "
        "leveling cannot move (started, pinned by a must-start/finish-on date, driving the "
        "other task through links, or alone over a whole working day: raise the resource's "
        "units or lower the assignment's)."
    )
