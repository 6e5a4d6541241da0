"""Progress as of a status date: what a manager records, and the "as planned" shortcut.

Progress lives on each task (``percent_complete``, ``physical_percent_complete``,
``actual_start``, ``actual_finish``, ``actual_cost``) and on the plan (``status_date``); the
scheduler then places the remaining work after the status date. These functions work out the
field values; :class:`~pmwidgets.core.plan.Plan` applies them as one undoable edit.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from pmwidgets.core.errors import PlanError
from pmwidgets.core.notation import parse_duration
from pmwidgets.core.timeaxis import END_SIDE, minutes_of

if TYPE_CHECKING:
    from pmwidgets.core.model import Task
    from pmwidgets.core.plan import Plan


def status_moment(day: date | datetime) -> datetime:
    """The end of the status day: progress "as of the 20th" includes the work of the 20th."""
    as_date = day.date() if isinstance(day, datetime) else day
    return datetime.combine(as_date, time(23, 59))


def as_planned(plan: Plan, status_date: date | datetime) -> dict[str, dict[str, object]]:
    """The progress fields that make every working task look done as scheduled up to the end of
    ``status_date``, by task id (only tasks that change).

    A task scheduled to finish by then is 100% complete with its scheduled dates as actuals; one
    in progress gets the share of its duration that has passed and its actual start. Progress
    already recorded is never lowered, and actual dates already recorded are kept.
    """
    schedule = plan.schedule()
    axis = schedule.axis
    cutoff = minutes_of(axis.point(status_moment(status_date), END_SIDE))
    changes: dict[str, dict[str, object]] = {}
    for position, task in enumerate(plan.tasks):
        if schedule.network.is_summary[position]:
            continue
        start = minutes_of(int(schedule.scheduled_start[position]))
        finish = minutes_of(int(schedule.scheduled_finish[position]))
        if start > cutoff or (start == cutoff and finish > start):
            continue
        share = 100.0 if finish <= cutoff else 100.0 * (cutoff - start) / (finish - start)
        share = round(share, 1)
        wanted: dict[str, object] = {}
        if share > task.percent_complete:
            wanted["percent_complete"] = share
        if task.actual_start is None:
            wanted["actual_start"] = axis.datetime(int(schedule.scheduled_start[position]))
        if share >= 100 and task.actual_finish is None:
            wanted["actual_finish"] = axis.datetime(int(schedule.scheduled_finish[position]))
        if wanted:
            changes[task.id] = wanted
    return changes


def remaining_fields(plan: Plan, task: Task, remaining: object) -> dict[str, object]:
    """The duration and % complete that leave ``remaining`` (e.g. ``"3d"``) of a task's work,
    keeping what is already done, as MS Project does when a remaining duration is typed."""
    try:
        left = parse_duration(remaining, plan.calendar.hours_per_day, plan.settings, task=task.id)
    except PlanError as error:
        raise PlanError(
            f"Task {task.id}: remaining duration {remaining!r}: {error.message}",
            task=task.id,
            field="remaining_duration",
            value=remaining,
        ) from None
    done = task.duration * task.percent_complete / 100
    duration = done + left
    percent = 100.0 if duration == 0 else round(100 * done / duration, 1)
    return {"duration": duration, "percent_complete": percent}
