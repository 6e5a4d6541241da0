"""The domain core: plan model, calendars, scheduling. Pure Python, pandas and numpy."""

from pmwidgets.core.calendar import Calendar, CalendarException
from pmwidgets.core.errors import ConflictError, CycleError, FileFormatError, PlanError
from pmwidgets.core.model import ConstraintType, Link, LinkType, PlanState, ProjectSettings, Task
from pmwidgets.core.plan import Plan
from pmwidgets.core.schedule import Schedule

__all__ = [
    "Calendar",
    "CalendarException",
    "ConflictError",
    "ConstraintType",
    "CycleError",
    "FileFormatError",
    "Link",
    "LinkType",
    "Plan",
    "PlanError",
    "PlanState",
    "ProjectSettings",
    "Schedule",
    "Task",
]
