"""What changed between two plans, or since a baseline, in words a manager can pass on.

A :class:`PlanDiff` lists the tasks added, removed and moved (with their shifts in working days of
the project calendar), the milestones that slipped, the task fields, links and assignments that
changed, and the project finish. Dates are the days people see (a task finishing at the end of
Monday finishes on Monday), so a shift is never a fraction of a day.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date, datetime, time
from enum import Enum
from typing import TYPE_CHECKING, Any

import pandas as pd

from pmwidgets.core.baselines import baseline_records, working_days_between
from pmwidgets.core.errors import PlanError
from pmwidgets.core.model import CONSTRAINT_NAMES, Link, Task, TaskBaseline, as_datetime
from pmwidgets.core.notation import format_lag
from pmwidgets.core.plan import Plan
from pmwidgets.core.timeaxis import END_SIDE

if TYPE_CHECKING:
    from pmwidgets.store.store import Store

BASELINE = "baseline"
LATEST = "latest"
NOTHING_CHANGED = "Nothing changed."
#: Task fields compared between two plans (the id is what pairs the tasks).
TASK_FIELDS = tuple(f.name for f in fields(Task) if f.name != "id")
#: How sentences name task fields.
FIELD_LABELS = {
    "outline_level": "outline level",
    "wbs": "WBS code",
    "constraint_date": "constraint date",
    "percent_complete": "% complete",
    "physical_percent_complete": "physical % complete",
    "actual_start": "actual start",
    "actual_finish": "actual finish",
    "fixed_cost": "fixed cost",
    "actual_cost": "actual cost",
}
#: Longest text a value is shown with; longer text (notes) is cut with an ellipsis.
MAX_TEXT = 80


@dataclass(frozen=True)
class TaskDates:
    """A task as one side of a comparison shows it: the days it starts and finishes."""

    id: str
    name: str
    start: date
    finish: date
    milestone: bool = False


@dataclass(frozen=True)
class TaskMove:
    """A task whose start or finish day changed; shifts are working days (negative: earlier)."""

    id: str
    name: str
    old_start: date
    old_finish: date
    new_start: date
    new_finish: date
    start_shift_days: int
    finish_shift_days: int
    milestone: bool = False


@dataclass(frozen=True)
class FieldChange:
    """A task field that changed, with the typed values before and after."""

    task: str
    name: str
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class LinkChange:
    """A dependency added or removed: ``type`` is FS, SS, FF or SF, ``lag`` like ``+2d``."""

    predecessor: str
    predecessor_name: str
    successor: str
    successor_name: str
    type: str
    lag: str


@dataclass(frozen=True)
class AssignmentChange:
    """A resource put on a task, taken off it, or given other units (1.0 is full time)."""

    task: str
    task_name: str
    resource: str
    resource_name: str
    old_units: float | None
    new_units: float | None


@dataclass(frozen=True)
class PlanDiff:
    """Everything that changed from one plan (or baseline) to another.

    Tasks are listed in plan order (removed ones in the order the earlier plan had them); the
    project finish is ``old_finish`` and ``new_finish``, ``finish_shift_days`` working days apart.
    ``date_format`` is how :meth:`sentences` writes dates (the later plan's setting).
    """

    tasks_added: tuple[TaskDates, ...] = ()
    tasks_removed: tuple[TaskDates, ...] = ()
    tasks_moved: tuple[TaskMove, ...] = ()
    task_changes: tuple[FieldChange, ...] = ()
    links_added: tuple[LinkChange, ...] = ()
    links_removed: tuple[LinkChange, ...] = ()
    assignments_added: tuple[AssignmentChange, ...] = ()
    assignments_removed: tuple[AssignmentChange, ...] = ()
    assignments_changed: tuple[AssignmentChange, ...] = ()
    old_finish: date | None = None
    new_finish: date | None = None
    finish_shift_days: int = 0
    date_format: str = "%Y-%m-%d"

    @property
    def milestones_slipped(self) -> tuple[TaskMove, ...]:
        """The moved milestones that now finish later."""
        return tuple(m for m in self.tasks_moved if m.milestone and m.new_finish > m.old_finish)

    @property
    def changed(self) -> bool:
        """Whether anything differs."""
        return bool(self.sentences())

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: dates as ISO strings, enumerations as their values."""
        data = {
            name: value
            for name, value in asdict(self).items()
            if name not in ("old_finish", "new_finish", "finish_shift_days", "date_format")
        }
        data["milestones_slipped"] = [asdict(m) for m in self.milestones_slipped]
        data["finish"] = {
            "old": self.old_finish,
            "new": self.new_finish,
            "shift_days": self.finish_shift_days,
        }
        return _jsonable(data)

    def sentences(self) -> list[str]:
        """One plain sentence per change, for a note to the team; empty when nothing changed.

        The project finish comes first, then milestones and tasks that moved, tasks added and
        removed, changed fields, links and assignments.
        """
        fmt = self.date_format
        moves = sorted(self.tasks_moved, key=lambda m: not m.milestone)
        lines = [_finish_sentence(self, fmt)] if self.old_finish != self.new_finish else []
        lines += [_move_sentence(m, fmt) for m in moves]
        lines += [
            f"{_who(t.id, t.name, t.milestone)} was added: {_span(t, fmt)}."
            for t in self.tasks_added
        ]
        lines += [
            f"{_who(t.id, t.name, t.milestone)} was removed (it was planned {_span(t, fmt)})."
            for t in self.tasks_removed
        ]
        lines += [_field_sentence(c, fmt) for c in self.task_changes]
        lines += [_link_sentence(k, added=False) for k in self.links_removed]
        lines += [_link_sentence(k, added=True) for k in self.links_added]
        lines += [_assignment_sentence(a, "added") for a in self.assignments_added]
        lines += [_assignment_sentence(a, "removed") for a in self.assignments_removed]
        lines += [_assignment_sentence(a, "changed") for a in self.assignments_changed]
        return lines


@dataclass(frozen=True)
class VersionDiff:
    """A :class:`PlanDiff` between two saved versions of a project.

    ``source`` is a version number or ``"baseline"`` (baseline 0 of the ``target`` version);
    ``target`` is a version number.
    """

    project: str
    source: int | str
    target: int
    diff: PlanDiff

    @property
    def title(self) -> str:
        """What was compared, e.g. ``Office move, version 2 to version 5``."""
        source = BASELINE if self.source == BASELINE else f"version {self.source}"
        return f"{self.project}, {source} to version {self.target}"

    def to_dict(self) -> dict[str, Any]:
        """The diff as JSON-ready data with the ``project``, ``from`` and ``to`` compared."""
        return {"project": self.project, "from": self.source, "to": self.target} | (
            self.diff.to_dict()
        )


# -- comparing -------------------------------------------------------------------------------------


def plan_diff(before: Plan, after: Plan) -> PlanDiff:
    """What changed from ``before`` to ``after``: tasks (paired by id), their scheduled days,
    fields, links and assignments. Shifts count working days of ``after``'s calendar."""
    old_dates, new_dates = _scheduled_dates(before), _scheduled_dates(after)
    added, removed, moved = _compare_dates(old_dates, new_dates, after)
    links_added, links_removed = _link_changes(before, after)
    return PlanDiff(
        tasks_added=added,
        tasks_removed=removed,
        tasks_moved=moved,
        task_changes=_task_changes(before.tasks, after.tasks),
        links_added=links_added,
        links_removed=links_removed,
        **_assignment_changes(before, after),
        **_finish(before.schedule().finish, after.schedule().finish, after),
        date_format=after.settings.date_format,
    )


def baseline_diff(plan: Plan, number: int = 0) -> PlanDiff:
    """What changed in ``plan`` since baseline ``number`` was set: tasks added since, tasks whose
    start or finish day moved, durations changed. Links and assignments are not in a baseline.

    Raises
    ------
    PlanError
        When the plan has no such baseline, or it holds no dates of the plan's tasks.
    """
    frame = plan.schedule().to_frame().set_index("id")
    recorded = [
        b
        for b in baseline_records(plan, number).values()
        if b.start is not None and b.finish is not None and b.task in frame.index
    ]
    if not recorded:
        raise PlanError(
            f"Baseline {number} of '{plan.name}' holds no task dates to compare with; set it "
            "again.",
            field="baseline",
            value=number,
        )
    old_dates = {
        b.task: TaskDates(
            b.task,
            frame.at[b.task, "name"],
            b.start.date(),
            b.finish.date(),
            bool(frame.at[b.task, "milestone"]),
        )
        for b in recorded
    }
    added, _, moved = _compare_dates(old_dates, _scheduled_dates(plan), plan)
    return PlanDiff(
        tasks_added=added,
        tasks_moved=moved,
        task_changes=_duration_changes(recorded, frame),
        **_finish(max(b.finish.date() for b in recorded), plan.schedule().finish, plan),
        date_format=plan.settings.date_format,
    )


def compare_versions(
    store: Store, project: str, source: int | str, target: int | str = LATEST
) -> VersionDiff:
    """Compare two saved versions of ``project``, or the baseline of one with itself.

    Parameters
    ----------
    store : Store
        Where the project is.
    project : str
        The project's name.
    source : int or str
        A version number (``3`` or ``"3"``), or ``"baseline"`` for baseline 0 of ``target``.
    target : int or str
        A version number, or ``"latest"``.

    Raises
    ------
    PlanError
        For a version that is neither a number nor the word allowed, an unknown project or
        version, or a target version without a baseline.
    """
    after = store.load(project, _version(target, LATEST, "to"))
    number = _version(source, BASELINE, "from")
    if number is None:
        return VersionDiff(project, BASELINE, after.version or 0, baseline_diff(after))
    diff = plan_diff(store.load(project, number), after)
    return VersionDiff(project, number, after.version or 0, diff)


def shift_days(plan: Plan, old: date, new: date) -> int:
    """Working days of the plan's calendar from the day ``old`` to the day ``new`` (negative
    when earlier): Monday to Thursday of one week is 3."""
    return round(working_days_between(plan, as_datetime(old), as_datetime(new), END_SIDE))


def _version(value: int | str, word: str, field: str) -> int | None:
    """A version number, or None for ``word`` ("baseline" or "latest")."""
    text = str(value).strip().lower()
    if text == word:
        return None
    if text.isdigit():
        return int(text)
    raise PlanError(
        f"The version to compare {field} must be a version number or '{word}', not '{value}'.",
        field=field,
        value=value,
    )


def _scheduled_dates(plan: Plan) -> dict[str, TaskDates]:
    frame = plan.schedule().to_frame()
    return {
        row.id: TaskDates(
            row.id, row.name, row.start.date(), row.finish.date(), bool(row.milestone)
        )
        for row in frame.itertuples(index=False)
    }


def _compare_dates(
    old: dict[str, TaskDates], new: dict[str, TaskDates], plan: Plan
) -> tuple[tuple[TaskDates, ...], tuple[TaskDates, ...], tuple[TaskMove, ...]]:
    """Tasks added, removed and moved between two sets of task dates."""
    added = tuple(task for key, task in new.items() if key not in old)
    removed = tuple(task for key, task in old.items() if key not in new)
    moved = tuple(
        TaskMove(
            task.id,
            task.name,
            was.start,
            was.finish,
            task.start,
            task.finish,
            shift_days(plan, was.start, task.start),
            shift_days(plan, was.finish, task.finish),
            task.milestone,
        )
        for key, task in new.items()
        if (was := old.get(key)) is not None
        and (was.start, was.finish) != (task.start, task.finish)
    )
    return added, removed, moved


def _duration_changes(recorded: list[TaskBaseline], frame: pd.DataFrame) -> tuple[FieldChange, ...]:
    """Durations (working days) that differ from the baseline's, to four decimals."""
    changes = []
    for record in recorded:
        now = round(float(frame.at[record.task, "duration_days"]), 4)
        if record.duration is not None and round(record.duration, 4) != now:
            name = frame.at[record.task, "name"]
            changes.append(FieldChange(record.task, name, "duration", record.duration, now))
    return tuple(changes)


def _task_changes(before: tuple[Task, ...], after: tuple[Task, ...]) -> tuple[FieldChange, ...]:
    old = {task.id: task for task in before}
    return tuple(
        FieldChange(task.id, task.name, name, getattr(was, name), getattr(task, name))
        for task in after
        if (was := old.get(task.id)) is not None and was != task
        for name in TASK_FIELDS
        if getattr(was, name) != getattr(task, name)
    )


def _link_changes(
    before: Plan, after: Plan
) -> tuple[tuple[LinkChange, ...], tuple[LinkChange, ...]]:
    old, new = set(before.links), set(after.links)
    added = tuple(_link(link, after) for link in after.links if link not in old)
    removed = tuple(_link(link, before) for link in before.links if link not in new)
    return added, removed


def _link(link: Link, plan: Plan) -> LinkChange:
    names = {task.id: task.name for task in plan.tasks}
    return LinkChange(
        link.predecessor,
        names.get(link.predecessor, ""),
        link.successor,
        names.get(link.successor, ""),
        link.type.value,
        format_lag(link),
    )


def _assignment_changes(before: Plan, after: Plan) -> dict[str, tuple[AssignmentChange, ...]]:
    old = {(a.task, a.resource): a.units for a in before.assignments}
    new = {(a.task, a.resource): a.units for a in after.assignments}
    return {
        "assignments_added": tuple(
            _assignment(after, k, None, units) for k, units in new.items() if k not in old
        ),
        "assignments_removed": tuple(
            _assignment(before, k, units, None) for k, units in old.items() if k not in new
        ),
        "assignments_changed": tuple(
            _assignment(after, k, old[k], units)
            for k, units in new.items()
            if k in old and old[k] != units
        ),
    }


def _assignment(
    plan: Plan, key: tuple[str, str], old: float | None, new: float | None
) -> AssignmentChange:
    """An assignment change named by the task and resource names of ``plan``."""
    task, resource = key
    tasks = {t.id: t.name for t in plan.tasks}
    resources = {r.id: r.name for r in plan.resources}
    return AssignmentChange(
        task, tasks.get(task, ""), resource, resources.get(resource, ""), old, new
    )


def _finish(old: date, new: date, plan: Plan) -> dict[str, Any]:
    return {"old_finish": old, "new_finish": new, "finish_shift_days": shift_days(plan, old, new)}


# -- words -----------------------------------------------------------------------------------------


def value_text(value: object, date_format: str = "%Y-%m-%d") -> str:
    """A value as short text for people: dates in ``date_format``, yes/no, numbers without
    trailing zeros, lists joined, records by their filled-in fields, long text cut."""
    return _cut(_text(value, date_format))


def _text(value: object, fmt: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        clock = "" if value.time() == time(0) else f" {value:%H:%M}"
        return f"{value:{fmt}}{clock}"
    if isinstance(value, date):
        return f"{value:{fmt}}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, float):
        return f"{round(value, 4):f}".rstrip("0").rstrip(".")
    if hasattr(value, "__dataclass_fields__"):
        filled = (getattr(value, f.name) for f in fields(value))  # type: ignore[arg-type]
        return ", ".join(_text(item, fmt) for item in filled if item not in (None, "", False, ()))
    if isinstance(value, tuple | list):
        composite = any(
            isinstance(item, tuple) or hasattr(item, "__dataclass_fields__") for item in value
        )
        return ("; " if composite else ", ").join(_text(item, fmt) for item in value)
    return str(value)


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "\u2026"


def _who(task_id: str, name: str, milestone: bool = False, *, first: bool = True) -> str:
    """``Task 7 'Pour foundations'``; lower case when not ``first`` in the sentence."""
    kind = "Milestone" if milestone else "Task"
    kind = kind if first else kind.lower()
    return f"{kind} {task_id} '{name}'" if name else f"{kind} {task_id}"


def _shift(days: int) -> str:
    if days == 0:
        return "on another day"
    unit = "working day" if abs(days) == 1 else "working days"
    return f"{abs(days)} {unit} {'later' if days > 0 else 'earlier'}"


def _span(task: TaskDates, fmt: str) -> str:
    if task.milestone or task.start == task.finish:
        return f"{task.finish:{fmt}}"
    return f"{task.start:{fmt}} to {task.finish:{fmt}}"


def _finish_sentence(diff: PlanDiff, fmt: str) -> str:
    return (
        f"The project finishes {_shift(diff.finish_shift_days)}: {diff.new_finish:{fmt}} "
        f"(was {diff.old_finish:{fmt}})."
    )


def _move_sentence(move: TaskMove, fmt: str) -> str:
    who = _who(move.id, move.name, move.milestone)
    start = f"{_shift(move.start_shift_days)}: {move.new_start:{fmt}} (was {move.old_start:{fmt}})"
    finish = (
        f"{_shift(move.finish_shift_days)}: {move.new_finish:{fmt}} (was {move.old_finish:{fmt}})"
    )
    if move.milestone and move.finish_shift_days > 0:
        return (
            f"{who} slipped {_days(move.finish_shift_days)}: {move.new_finish:{fmt}} "
            f"(was {move.old_finish:{fmt}})."
        )
    if move.milestone:
        return f"{who} moved {finish}."
    if move.old_start == move.new_start:
        return f"{who} finishes {finish}."
    if move.old_finish == move.new_finish:
        return f"{who} starts {start}."
    if move.start_shift_days == move.finish_shift_days:
        return (
            f"{who} moved {_shift(move.finish_shift_days)}: finishes {move.new_finish:{fmt}} "
            f"(was {move.old_finish:{fmt}})."
        )
    return f"{who} starts {start}, and finishes {finish}."


def _field_sentence(change: FieldChange, fmt: str) -> str:
    old, new = (
        _field_value(change.field, change.old, fmt),
        _field_value(change.field, change.new, fmt),
    )
    if change.field == "name":
        return f"Task {change.task} was renamed from {old} to {new}."
    label = FIELD_LABELS.get(change.field, change.field)
    return f"{_who(change.task, change.name)}: {label} changed from {old} to {new}."


def _field_value(field: str, value: object, fmt: str) -> str:
    """A task field's value in a sentence, with its unit."""
    if value is None or value == "":
        return "none"
    if field in ("name", "notes", "wbs"):
        return f"'{value_text(value, fmt)}'"
    if field == "duration":
        return _days(float(value))  # type: ignore[arg-type]
    if field == "constraint":
        return CONSTRAINT_NAMES[value].lower()  # type: ignore[index]
    if field.endswith("percent_complete"):
        return f"{value_text(value, fmt)}%"
    return value_text(value, fmt)


def _days(days: float) -> str:
    text = value_text(days)
    return f"{text} working day" if text == "1" else f"{text} working days"


def _units(units: float | None) -> str:
    return f"{value_text((units or 0.0) * 100)}%"


def _link_sentence(link: LinkChange, *, added: bool) -> str:
    successor = _who(link.successor, link.successor_name)
    predecessor = _who(link.predecessor, link.predecessor_name, first=False)
    verb = "now depends on" if added else "no longer depends on"
    return f"{successor} {verb} {predecessor} ({link.type}{link.lag})."


def _assignment_sentence(change: AssignmentChange, how: str) -> str:
    who = change.resource_name or change.resource
    task = _who(change.task, change.task_name, first=False)
    if how == "added":
        return f"{who} was assigned to {task} at {_units(change.new_units)}."
    if how == "removed":
        return f"{who} was taken off {task}."
    return (
        f"{who}'s units on {task} changed from {_units(change.old_units)} to "
        f"{_units(change.new_units)}."
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return value
