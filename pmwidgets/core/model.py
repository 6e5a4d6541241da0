"""The plan's records: tasks, links, project settings, and one immutable snapshot of them all.

Records are frozen dataclasses. An edit builds a new :class:`PlanState` that shares every unchanged
record with the old one, so undo is keeping the previous state and a rejected edit is dropping the
new one.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from pmwidgets.core.calendar import Calendar
from pmwidgets.core.charter import Charter
from pmwidgets.core.risks import Risk, RiskScale

if TYPE_CHECKING:
    from pmwidgets.core.change_requests import ChangeRequest


class LinkType(StrEnum):
    """How a successor depends on its predecessor (MS Project's four dependency types)."""

    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


class ConstraintType(StrEnum):
    """MS Project's date constraints."""

    ASAP = "ASAP"
    ALAP = "ALAP"
    SNET = "SNET"
    SNLT = "SNLT"
    FNET = "FNET"
    FNLT = "FNLT"
    MSO = "MSO"
    MFO = "MFO"

    @property
    def needs_date(self) -> bool:
        """Whether the constraint is meaningless without a date."""
        return self not in (ConstraintType.ASAP, ConstraintType.ALAP)

    @property
    def on_start(self) -> bool:
        """Whether the constraint date is a start (else a finish)."""
        return self in (ConstraintType.SNET, ConstraintType.SNLT, ConstraintType.MSO)


CONSTRAINT_NAMES = {
    ConstraintType.ASAP: "As soon as possible",
    ConstraintType.ALAP: "As late as possible",
    ConstraintType.SNET: "Start no earlier than",
    ConstraintType.SNLT: "Start no later than",
    ConstraintType.FNET: "Finish no earlier than",
    ConstraintType.FNLT: "Finish no later than",
    ConstraintType.MSO: "Must start on",
    ConstraintType.MFO: "Must finish on",
}


@dataclass(frozen=True, slots=True)
class Task:
    """One line of the plan.

    Parameters
    ----------
    id : str
        Unique and stable (MS Project's UID, a PSPLIB job number, or assigned by the plan).
    name : str
        What the work is.
    duration : float
        Working days; fractions allowed (0.5 is half a day). Zero makes a milestone. Ignored for
        summary tasks, whose dates roll up from their children.
    outline_level : int
        1 for top-level tasks; a task followed by tasks of a deeper level is their summary.
    milestone : bool
        Shown as a milestone; a zero-duration task is one whatever this says.
    wbs : str
        A custom WBS code; empty means the outline number (1, 1.1, 1.2, ...).
    notes : str
        Free text.
    constraint : ConstraintType
        As soon as possible by default.
    constraint_date : datetime, optional
        Required by every constraint except ASAP and ALAP.
    deadline : datetime, optional
        A target finish; missing it shows as negative float, it never moves the task.
    percent_complete : float
        0 to 100: how much of the duration has passed (MS Project's % complete).
    physical_percent_complete : float, optional
        0 to 100: how much of the work is done, judged by its result; earned value uses it
        instead of ``percent_complete`` when the status is measured physically.
    actual_start, actual_finish : datetime, optional
        When the work really started and finished.
    priority : int
        0 to 1000 as in MS Project; leveling delays lower priorities first.
    fixed_cost : float
        Cost of the task besides its resources, in the project's currency.
    actual_cost : float, optional
        What the task has cost so far, in the project's currency, when reported.
    """

    id: str
    name: str = ""
    duration: float = 1.0
    outline_level: int = 1
    milestone: bool = False
    wbs: str = ""
    notes: str = ""
    constraint: ConstraintType = ConstraintType.ASAP
    constraint_date: datetime | None = None
    deadline: datetime | None = None
    percent_complete: float = 0.0
    physical_percent_complete: float | None = None
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    priority: int = 500
    fixed_cost: float = 0.0
    actual_cost: float | None = None

    def with_changes(self, **changes: object) -> Task:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Link:
    """A dependency between two tasks.

    Parameters
    ----------
    predecessor, successor : str
        Task ids.
    type : LinkType
        FS (the default), SS, FF or SF.
    lag : float
        Working days (negative for a lead), or a percentage of the predecessor's duration when
        ``lag_percent`` is true.
    lag_percent : bool
        Whether ``lag`` is a percentage of the predecessor's duration.
    """

    predecessor: str
    successor: str
    type: LinkType = LinkType.FS
    lag: float = 0.0
    lag_percent: bool = False


@dataclass(frozen=True, slots=True)
class Resource:
    """Someone or something that does work: a person, a team, a machine.

    Parameters
    ----------
    id : str
        Unique and stable (MS Project's resource UID, or assigned by the plan).
    name : str
        Who or what it is.
    role : str
        The skill the PMO plans capacity by ("Developer", "Electrician").
    max_units : float
        Capacity: 1.0 is one full-time person, 0.5 half-time, 3.0 a team of three.
    standard_rate : float
        Cost per working hour, in the project's currency.
    cost_per_use : float
        Cost each time it is assigned to a task.
    calendar : Calendar, optional
        Its own working time (part-time days, vacations); the project calendar when ``None``.
    """

    id: str
    name: str = ""
    role: str = ""
    max_units: float = 1.0
    standard_rate: float = 0.0
    cost_per_use: float = 0.0
    calendar: Calendar | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    """A resource working on a task.

    Parameters
    ----------
    task, resource : str
        The ids of the task and the resource.
    units : float
        Share of the resource's time: 1.0 full time, 0.5 half time.
    work : float, optional
        Hours of work; ``None`` means the task's duration at these units.
    """

    task: str
    resource: str
    units: float = 1.0
    work: float | None = None


@dataclass(frozen=True, slots=True)
class TaskBaseline:
    """What was planned for a task when baseline ``number`` (0 to 10) was set.

    Durations are working days, work is hours, cost is in the project's currency; a value the
    baseline did not record is ``None``.
    """

    task: str
    number: int = 0
    start: datetime | None = None
    finish: datetime | None = None
    duration: float | None = None
    work: float | None = None
    cost: float | None = None


@dataclass(frozen=True)
class ProjectSettings:
    """How the project shows money and dates; the working week lives in the calendar.

    Parameters
    ----------
    currency : str
        ISO 4217 code, e.g. ``"EUR"``.
    date_format : str
        A ``strftime`` format for dates shown to people.
    days_per_week : float
        Working days in a week, for durations typed in weeks ("2w").
    days_per_month : float
        Working days in a month, for durations typed in months ("1mo").
    """

    currency: str = "EUR"
    date_format: str = "%Y-%m-%d"
    days_per_week: float = 5.0
    days_per_month: float = 20.0


_STRUCTURE_NUMBERS = itertools.count(1)


def _new_structure() -> int:
    return next(_STRUCTURE_NUMBERS)


@dataclass(frozen=True)
class PlanState:
    """Everything a plan holds at one moment. Never mutated: edits make new states.

    ``structure`` names what the network is made of (tasks, their order and outline, links): it
    changes with every structural edit, so the compiled network is reused while it stays the same.
    """

    name: str
    start: datetime
    calendar: Calendar
    tasks: tuple[Task, ...] = ()
    links: tuple[Link, ...] = ()
    status_date: datetime | None = None
    settings: ProjectSettings = field(default_factory=ProjectSettings)
    resources: tuple[Resource, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    baselines: tuple[TaskBaseline, ...] = ()
    risks: tuple[Risk, ...] = ()
    risk_scale: RiskScale = field(default_factory=RiskScale)
    change_requests: tuple[ChangeRequest, ...] = ()
    charter: Charter = field(default_factory=Charter)
    structure: int = field(default_factory=_new_structure)

    def changed(self, *, structural: bool, **changes: object) -> PlanState:
        """A new state with ``changes``; ``structural`` when tasks or links were added, removed,
        reordered, re-outlined or relinked (it then gets a never-used structure number)."""
        structure = _new_structure() if structural else self.structure
        return replace(self, structure=structure, **changes)  # type: ignore[arg-type]


def as_datetime(value: date | datetime | None) -> datetime | None:
    """A datetime from a date (midnight) or a datetime; ``None`` stays ``None``."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.combine(value, datetime.min.time())


def parent_positions(tasks: tuple[Task, ...]) -> list[int]:
    """The position of each task's summary task, or -1 for a top-level task."""
    parents: list[int] = []
    stack: list[int] = []
    for position, task in enumerate(tasks):
        while stack and tasks[stack[-1]].outline_level >= task.outline_level:
            stack.pop()
        parents.append(stack[-1] if stack else -1)
        stack.append(position)
    return parents


def summary_flags(tasks: tuple[Task, ...]) -> list[bool]:
    """Whether each task is a summary (the next task is deeper in the outline)."""
    return [
        position + 1 < len(tasks) and tasks[position + 1].outline_level > task.outline_level
        for position, task in enumerate(tasks)
    ]


def outline_numbers(tasks: tuple[Task, ...]) -> list[str]:
    """MS Project's outline numbers: 1, 1.1, 1.2, 2, ..."""
    numbers: list[str] = []
    counters: list[int] = []
    for task in tasks:
        level = task.outline_level
        del counters[level:]
        counters.extend([0] * (level - len(counters)))
        counters[level - 1] += 1
        numbers.append(".".join(str(c) for c in counters))
    return numbers


def descendants_end(tasks: tuple[Task, ...], position: int) -> int:
    """One past the last position of the subtree rooted at ``position``."""
    level = tasks[position].outline_level
    end = position + 1
    while end < len(tasks) and tasks[end].outline_level > level:
        end += 1
    return end
