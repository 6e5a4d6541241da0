"""The progress table: what a manager records at each status date, task by task.

One row per working task (a summary's progress rolls up from its tasks, so summaries are not
listed): % complete, physical % complete, actual start and finish, remaining duration and
actual cost. Every typed cell becomes one ``plan.record_progress(...)``: the plan validates it
and a refused value is named in the message line while the cell keeps its old value.

Above the table, a status date to pick, "Set status date" (the date progress is reported as
of, nothing else) and "Update as planned", which sets it and marks the work scheduled up to it
as done as planned (MS Project's Update Project). Update as planned reads the schedule as it
stands, and the scheduler places unstarted work after the status date: pick the date and
Update as planned directly, not after setting that status date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from html import escape
from typing import Any

import ipywidgets
import pandas as pd
import traitlets

from pmwidgets.core.errors import PlanError
from pmwidgets.core.model import Task, summary_flags
from pmwidgets.core.notation import format_days, format_task_list
from pmwidgets.core.plan import Plan
from pmwidgets.widgets.grid import GridColumn, ValidatedGrid, message_html
from pmwidgets.widgets.save_bar import toolbar_button

CSS_CLASS = "pmw-progress-table"
STATUS_DATE_CLASS = "pmw-progress-status-date"

#: The columns, in order, with the progress field typing into them sets (None: not typed).
COLUMNS: tuple[tuple[GridColumn, str | None], ...] = (
    (GridColumn("ID", 50, editable=False), None),
    (GridColumn("Name", 220, editable=False), None),
    (GridColumn("% complete", 90), "percent_complete"),
    (
        GridColumn("Physical %", 90, tooltip="Physical % complete: the share of the work done"),
        "physical_percent_complete",
    ),
    (GridColumn("Actual start", 110), "actual_start"),
    (GridColumn("Actual finish", 110), "actual_finish"),
    (
        GridColumn("Remaining", 90, tooltip="Remaining duration, in working days"),
        "remaining_duration",
    ),
    (GridColumn("Actual cost", 110), "actual_cost"),
)
#: Remaining duration is shown to a hundredth of a day: % complete is kept to a tenth, so more
#: digits would only show its rounding.
REMAINING_DECIMALS = 2
FIELDS = {column.name: name for column, name in COLUMNS if name is not None}


class ProgressTable(ipywidgets.VBox):
    """A plan's working tasks with their progress, to type into, and the status date.

    Parameters
    ----------
    plan : Plan
        The plan whose progress is shown and recorded; after changing it elsewhere (undo,
        new tasks), call :meth:`refresh`.
    read_only : bool
        Show progress without editing (a dashboard): typed cells, Set status date and Update
        as planned are refused.
    **kwargs
        Other ``VBox`` options.
    """

    plan = traitlets.Instance(Plan, help="The plan whose progress is shown and recorded.")
    read_only = traitlets.Bool(False, help="Whether every edit is refused (a dashboard).")

    def __init__(self, plan: Plan, *, read_only: bool = False, **kwargs: Any) -> None:
        super().__init__(plan=plan, read_only=read_only, **kwargs)
        self._change_callbacks = ipywidgets.CallbackDispatcher()
        self.message = ipywidgets.HTML("")
        self.status_picker = ipywidgets.DatePicker(
            description="Status date",
            value=_day(plan.status_date),
            style={"description_width": "80px"},
        )
        self.status_picker.add_class(STATUS_DATE_CLASS)
        self.status_button = toolbar_button(
            "set-status-date",
            "Set status date",
            "Make the picked date the date progress is reported as of, recording nothing else",
        )
        self.update_button = toolbar_button(
            "update-as-planned",
            "Update as planned",
            "Mark the work scheduled up to the status date as done as planned",
        )
        self.currency_note = ipywidgets.HTML(self._currency_html())
        self.grid = ValidatedGrid(
            self._rows(),
            [column for column, _ in COLUMNS],
            self._apply,
            read_only=read_only,
            message=self.message,
        )
        self._wire()
        self._show_controls()
        self.children = [
            ipywidgets.HBox(
                [self.status_picker, self.status_button, self.update_button, self.currency_note]
            ),
            self.message,
            self.grid,
        ]
        self.add_class(CSS_CLASS)

    # -- actions ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the plan: every row, the status date and the currency."""
        self.grid.set_frame(self._rows())
        self.status_picker.value = _day(self.plan.status_date)
        self.currency_note.value = self._currency_html()

    def edit(self, task_id: str, column: str, value: object) -> bool:
        """Type ``value`` into a task's cell from code, as a person would in the browser;
        returns whether it was accepted (a refusal is named in the message line)."""
        return self.grid.edit(task_id, column, value)

    def set_status_date(self, status_date: date | None = None) -> bool:
        """Make ``status_date`` (the picker's by default) the plan's status date, recording no
        progress; returns whether it was accepted (a refusal is shown in the message line)."""
        day = status_date if status_date is not None else self.status_picker.value
        if self.read_only:
            self._say("This table is read-only; nothing was changed.", error=True)
            return False
        try:
            self.plan.set_project(status_date=day)
        except PlanError as error:
            self._say(error.message, error=True)
            return False
        self.status_picker.value = _day(self.plan.status_date)
        when = "none" if day is None else self.plan.status_date.strftime(self._date_format)
        self._say(f"Status date: {when}.")
        self._changed("status_date", [])
        return True

    def update_as_planned(self, status_date: date | None = None) -> list[str]:
        """Set the status date (the picker's by default) and mark the work scheduled up to it
        as done as planned; returns the ids of the tasks whose progress changed.

        A refusal (read-only, no date) is shown in the message line and changes nothing.
        """
        day = status_date if status_date is not None else self.status_picker.value
        if self.read_only:
            self._say("This table is read-only; nothing was changed.", error=True)
            return []
        try:
            changed = self.plan.update_as_planned(day)
        except PlanError as error:
            self._say(error.message, error=True)
            return []
        self.refresh()
        done = f"{format_task_list(changed)} updated" if changed else "no task needed updating"
        when = self.plan.status_date.strftime(self._date_format)
        self._say(f"Progress as planned to {when}: {done}.")
        self._changed("update_as_planned", changed)
        return changed

    def on_edit(self, callback: Callable[[dict[str, Any]], None], remove: bool = False) -> None:
        """Register a callback for every typed cell (see :meth:`ValidatedGrid.on_edit`)."""
        self.grid.on_edit(callback, remove=remove)

    def on_change(self, callback: Callable[[dict[str, Any]], None], remove: bool = False) -> None:
        """Register (or with ``remove=True`` unregister) a callback for every change this
        table made to the plan, e.g. to refresh a chart.

        Parameters
        ----------
        callback : callable
            Called with ``{"action": ..., "tasks": [ids]}``: action ``"progress"`` (a typed
            cell, the task's id), ``"update_as_planned"`` (the tasks it updated) or
            ``"status_date"`` (Set status date; no tasks).
        remove : bool
            Unregister ``callback`` instead.
        """
        self._change_callbacks.register_callback(callback, remove=remove)

    # -- machinery -------------------------------------------------------------------------------

    def _wire(self) -> None:
        self.status_button.on_click(lambda _button: self.set_status_date())
        self.update_button.on_click(lambda _button: self.update_as_planned())
        self.grid.on_edit(self._on_grid_edit)
        traitlets.link((self, "read_only"), (self.grid, "read_only"))
        self.observe(lambda _change: self._show_controls(), names="read_only")
        self.observe(lambda _change: self.refresh(), names="plan")

    def _show_controls(self) -> None:
        self.status_picker.disabled = self.read_only
        for button in (self.status_button, self.update_button):
            button.layout.display = "none" if self.read_only else None

    def _currency_html(self) -> str:
        return f"<span>Actual cost in {escape(self.plan.settings.currency)}</span>"

    def _apply(self, task_id: str, column: str, text: str) -> str | None:
        """One typed cell: record the progress field, then repaint the task's row."""
        self.plan.record_progress(task_id, **{FIELDS[column]: text.strip()})
        self.grid.update_rows(self._rows([task_id]))
        return None

    def _on_grid_edit(self, event: dict[str, Any]) -> None:
        if event["accepted"]:
            self._changed("progress", [event["row"]])

    @property
    def _date_format(self) -> str:
        return self.plan.settings.date_format

    def _changed(self, action: str, tasks: list[str]) -> None:
        self._change_callbacks({"action": action, "tasks": list(tasks)})

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.value = message_html(text, error=error)

    def _rows(self, ids: Iterable[str] | None = None) -> pd.DataFrame:
        """The cells of the working tasks (those of ``ids`` only, if given), in plan order."""
        plan = self.plan
        wanted = None if ids is None else set(ids)
        day = plan.settings.date_format
        tasks = [
            task
            for task, summary in zip(plan.tasks, summary_flags(plan.tasks), strict=True)
            if not summary and (wanted is None or task.id in wanted)
        ]
        rows = {task.id: _cells(task, day) for task in tasks}
        columns = [column.name for column, _ in COLUMNS]
        return pd.DataFrame.from_dict(rows, orient="index", columns=columns, dtype=object)


def _cells(task: Task, date_format: str) -> dict[str, str]:
    """A task's progress as the text typed into its cells."""
    remaining = task.duration * (1 - task.percent_complete / 100)
    physical = task.physical_percent_complete
    return {
        "ID": task.id,
        "Name": task.name,
        "% complete": f"{task.percent_complete:g}%",
        "Physical %": "" if physical is None else f"{physical:g}%",
        "Actual start": task.actual_start.strftime(date_format) if task.actual_start else "",
        "Actual finish": task.actual_finish.strftime(date_format) if task.actual_finish else "",
        "Remaining": format_days(round(remaining, REMAINING_DECIMALS)),
        "Actual cost": "" if task.actual_cost is None else f"{task.actual_cost:.2f}",
    }


def _day(moment: date | datetime | None) -> date | None:
    """The day of a datetime (a DatePicker holds days)."""
    return None if moment is None else date(moment.year, moment.month, moment.day)
