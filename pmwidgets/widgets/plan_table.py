"""The plan's entry table: MS Project's columns over a validated grid.

A typed cell becomes one ``plan.set(...)``; the plan validates and reschedules, and the table
repaints only the rows whose dates or floats changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import ipywidgets
import pandas as pd
import traitlets

from pmwidgets.core.errors import CycleError, PlanError
from pmwidgets.core.model import ConstraintType
from pmwidgets.core.notation import format_days, format_predecessors, format_task_list
from pmwidgets.core.plan import Plan
from pmwidgets.core.schedule import Schedule
from pmwidgets.widgets.grid import GridColumn, ValidatedGrid

CSS_CLASS = "pmw-plan-table"
CRITICAL_LABEL = "Critical"
#: Spaces per outline level before a task name.
INDENT = "   "

#: The columns, in order, with width (px) and the plan field typing into them sets (None: the
#: column is computed or not yet editable here).
COLUMNS: tuple[tuple[GridColumn, str | None], ...] = (
    (GridColumn("ID", 50, editable=False, tooltip="Task id"), None),
    (
        GridColumn(
            "WBS", 60, editable=False, tooltip="Work breakdown structure code, from the outline"
        ),
        None,
    ),
    (GridColumn("Name", 240), "name"),
    (GridColumn("Duration", 80, tooltip="Working days: 5, 5d, 2w, 0.5d or 4h"), "duration"),
    (GridColumn("Start", 100, tooltip="Typing a date sets 'start no earlier than'"), "start"),
    (GridColumn("Finish", 100, tooltip="Typing a date sets 'finish no earlier than'"), "finish"),
    (
        GridColumn("Predecessors", 120, tooltip="Tasks this one follows: 3, 3FS+2d, 5SS, 7FF-1d"),
        "predecessors",
    ),
    (
        GridColumn(
            "Resources", 160, editable=False, tooltip="Who works on it (assigned on Resources)"
        ),
        None,
    ),
    (
        GridColumn("% complete", 90, tooltip="Share of the duration done, 0 to 100"),
        "percent_complete",
    ),
    (
        GridColumn(
            "Total float",
            90,
            editable=False,
            tooltip="Working days it can slip without moving the project finish",
        ),
        None,
    ),
    (
        GridColumn(
            "Critical",
            70,
            editable=False,
            tooltip="On the critical path: any delay moves the finish",
        ),
        None,
    ),
)
FIELDS = {column.name: field for column, field in COLUMNS if field is not None}


class PlanTable(ipywidgets.VBox):
    """A plan as an editable table: ID, WBS, name, duration, dates, links, resources, progress,
    float and criticality.

    Typing a start or finish sets a "start no earlier than" or "finish no earlier than"
    constraint, as MS Project does, and the message area says so. WBS, resources, total float
    and critical are computed and read-only.

    Parameters
    ----------
    plan : Plan
        The plan shown and edited; after changing it elsewhere (undo, a new task), call
        :meth:`refresh`.
    read_only : bool
        Refuse every edit (for dashboards).
    message : ipywidgets.HTML, optional
        Where sentences about edits go; by default the table shows its own message area.
    **kwargs
        Other ``VBox`` options.
    """

    plan = traitlets.Instance(Plan, help="The plan shown and edited.")
    read_only = traitlets.Bool(False, help="Whether every edit is refused (a dashboard).")
    selected_task = traitlets.Unicode(
        None, allow_none=True, help="Id of the task whose row is selected (the first), or None."
    )
    selected_tasks = traitlets.Tuple(
        help="Ids of every selected task, in the order they were selected."
    )

    def __init__(
        self,
        plan: Plan,
        *,
        read_only: bool = False,
        message: ipywidgets.HTML | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(plan=plan, read_only=read_only, **kwargs)
        self._select_callbacks = ipywidgets.CallbackDispatcher()
        self._quiet = False
        self.grid = ValidatedGrid(
            self._rows(),
            [column for column, _ in COLUMNS],
            self._apply,
            read_only=read_only,
            message=message,
            paste=self._paste,
        )
        traitlets.link((self, "read_only"), (self.grid, "read_only"))
        traitlets.dlink((self.grid, "selected_rows"), (self, "selected_tasks"))
        self.grid.observe(self._on_selected_row_change, names="selected_row")
        self.observe(self._on_plan_change, names="plan")
        self.children = [self.grid]
        self.add_class(CSS_CLASS)

    def refresh(self) -> None:
        """Re-render every row from the plan (after an undo, or tasks added elsewhere)."""
        self.grid.set_frame(self._rows())

    def edit(self, task_id: str, column: str, value: object) -> bool:
        """Type ``value`` into a task's cell from code, as a person would in the browser.

        Returns whether the edit was accepted; a refusal shows its sentence in the message area.
        """
        return self.grid.edit(task_id, column, value)

    def paste(self, task_id: str, column: str, text: str) -> bool:
        """Paste rows of tab-separated cells (as copied from a spreadsheet) with their first
        cell at a task's cell, as ctrl-V does in the browser; rows below the last task add
        tasks. One undoable edit: taken whole or refused whole. Returns whether it was taken."""
        return self.grid.paste(task_id, column, text)

    def on_edit(self, callback: Callable[[dict[str, Any]], None], remove: bool = False) -> None:
        """Register (or with ``remove=True`` unregister) a callback for every typed cell.

        The callback gets the dict described in :meth:`ValidatedGrid.on_edit`: ``row`` (the
        task id), ``column``, ``value``, ``old``, ``accepted`` and ``message``.
        """
        self.grid.on_edit(callback, remove=remove)

    def on_select(self, callback: Callable[[dict[str, Any]], None], remove: bool = False) -> None:
        """Register (or with ``remove=True`` unregister) a callback for rows clicked.

        Parameters
        ----------
        callback : callable
            Called with ``{"task": id}`` (``None`` when the selection is cleared) each time the
            selected row changes in the browser.
        remove : bool
            Unregister ``callback`` instead.
        """
        self._select_callbacks.register_callback(callback, remove=remove)

    def select(self, task_id: str | None) -> None:
        """Select a task's row from code (for a chart driving the table).

        Sets :attr:`selected_task` without calling the :meth:`on_select` callbacks, so that a
        table and a chart following each other do not loop.

        Raises
        ------
        PlanError
            If the table has no task ``task_id``.
        """
        if task_id is not None and task_id not in self.grid.frame.index:
            raise PlanError(
                f"There is no task '{task_id}' to select.", task=task_id, field="id", value=task_id
            )
        self._quiet = True
        try:
            self.grid.selected_row = task_id
        finally:
            self._quiet = False

    # -- machinery -----------------------------------------------------------------------------

    def _apply(self, task_id: str, column: str, text: str) -> str | None:
        """One typed cell: set the plan field, then repaint the rows that changed."""
        field = FIELDS[column]
        plan = self.plan
        before = plan.schedule()
        try:
            plan.set(task_id, field, text.strip())
        except CycleError as error:
            raise CycleError(
                f"Task {task_id}: predecessors '{text}' would close a loop. {error.message}",
                task=task_id,
                field=field,
                value=text,
                tasks=error.tasks,
            ) from error
        self._repaint(before, {task_id})
        return _constraint_note(plan, task_id) if field in ("start", "finish") else None

    def _paste(self, rows: list[tuple[str | None, dict[str, str]]]) -> str:
        """A pasted block as one plan edit, then the rows it changed repainted."""
        plan = self.plan
        before = plan.schedule()
        typed = [
            (task_id, {FIELDS[column]: text.strip() for column, text in values.items()})
            for task_id, values in rows
        ]
        cells = sum(len(values) for _, values in typed)
        added = plan.edit_rows(typed, f"Paste {cells} cells")
        self._repaint(before, {task_id for task_id, _ in typed if task_id})
        new = f", adding {format_task_list(added)}" if added else ""
        return f"Pasted {cells} cells into {len(typed)} rows{new}."

    def _repaint(self, before: Schedule, edited: set[str]) -> None:
        """Repaint the edited rows and those the reschedule changed; the whole table when
        tasks came or went."""
        changed = self.plan.schedule().changed_tasks(before)
        shown = self.grid.frame.index
        if len(self.plan.tasks) != len(shown) or not set(changed) <= set(shown):
            self.refresh()
        else:
            self.grid.update_rows(self._rows({*edited, *changed}))

    def _rows(self, ids: Iterable[str] | None = None) -> pd.DataFrame:
        """The cells of some tasks (all when ``ids`` is None) as text, indexed by task id, in
        plan order."""
        plan = self.plan
        schedule = plan.schedule()
        frame = schedule.to_frame()
        if ids is not None:
            frame = frame.take(sorted(schedule.position(task_id) for task_id in set(ids)))
        task_ids = frame["id"].tolist()
        wanted = set(task_ids)
        incoming: dict[str, list[Any]] = defaultdict(list)
        for link in plan.links:
            if link.successor in wanted:
                incoming[link.successor].append(link)
        tasks = {task.id: task for task in plan.tasks if task.id in wanted}
        names = {resource.id: resource.name for resource in plan.resources}
        staffed: dict[str, list[str]] = defaultdict(list)
        for assignment in plan.assignments:
            if assignment.task in wanted:
                name = names.get(assignment.resource, assignment.resource)
                staffed[assignment.task].append(_resource_label(name, assignment.units))
        day = plan.settings.date_format
        cells = {
            "ID": task_ids,
            "WBS": frame["wbs"].tolist(),
            "Name": [
                INDENT * (level - 1) + name
                for level, name in zip(frame["outline_level"], frame["name"], strict=True)
            ],
            "Duration": [format_days(days) for days in frame["duration_days"].tolist()],
            "Start": frame["start"].dt.strftime(day).tolist(),
            "Finish": frame["finish"].dt.strftime(day).tolist(),
            "Predecessors": [format_predecessors(incoming[i]) for i in task_ids],
            "Resources": [", ".join(staffed[i]) for i in task_ids],
            "% complete": [f"{tasks[i].percent_complete:g}%" for i in task_ids],
            "Total float": [format_days(days) for days in frame["total_float_days"].tolist()],
            "Critical": [CRITICAL_LABEL if c else "" for c in frame["critical"].tolist()],
        }
        return pd.DataFrame(cells, index=pd.Index(task_ids, dtype=object), dtype=object)

    def _on_plan_change(self, _change: dict[str, Any]) -> None:
        self.refresh()

    def _on_selected_row_change(self, change: dict[str, Any]) -> None:
        self.selected_task = change["new"]
        if not self._quiet:
            self._select_callbacks({"task": change["new"]})


def _resource_label(name: str, units: float) -> str:
    """A resource as MS Project writes it: ``Ana`` full time, ``Ben[50%]`` otherwise."""
    return name if units == 1 else f"{name}[{units * 100:g}%]"


def _constraint_note(plan: Plan, task_id: str) -> str:
    """What typing a start or finish did: the constraint it set, or that it removed one."""
    task = plan.task(task_id)
    if task.constraint_date is None:
        return f"Task {task_id}: date constraint removed; it is scheduled as soon as possible."
    which = "start" if task.constraint is ConstraintType.SNET else "finish"
    when = task.constraint_date.strftime(plan.settings.date_format)
    return f"Task {task_id}: {which} set to {when} (a '{which} no earlier than' constraint)"
