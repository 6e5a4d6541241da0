"""pmwidgets: project plans, schedules and PMO dashboards in Jupyter.

The domain core (``pmwidgets.core``) imports no widget library; widgets live in
``pmwidgets.widgets``.
"""

from pmwidgets.core import (
    Calendar,
    CalendarException,
    ConflictError,
    ConstraintType,
    CycleError,
    FileFormatError,
    Link,
    LinkType,
    Plan,
    PlanError,
    PlanState,
    ProjectSettings,
    Schedule,
    Task,
)
from pmwidgets.store import Store

__version__ = "0.1.0"

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
    "Store",
    "Task",
]
