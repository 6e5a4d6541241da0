"""The resource load widget: one resource's or role's hours per period, on bokeh inside
``jupyter_bokeh.BokehModel``.

Above the chart: resource or role, which one (a dropdown), the period (day, week or month) and
how bars are stacked (by task or by project). Under it, one line listing the tasks of the
tapped period with their hours. :meth:`ResourceLoadChart.refresh` redraws after the plan
changed, sending only the cells that changed.

How taps arrive (as in :mod:`pmwidgets.widgets.risk_matrix`): bokeh's TapTool sets the
``segments`` source's ``selected.indices`` in the browser; tapping an already selected segment
sets the same indices again, which is no change and never reaches Python. So every tap is
handled and answered by clearing ``selected.indices`` from Python, and the selected period is
drawn by a separate glyph (the ``highlight`` source). Tapping any segment of the selected
period's bar again clears the selection (and calls :meth:`ResourceLoadChart.on_select` with
period None). jupyter_bokeh calls the Python callbacks of one browser change twice; the second
call finds the indices already cleared and is ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import ipywidgets
import traitlets
from jupyter_bokeh import BokehModel

from pmwidgets.core.errors import PlanError
from pmwidgets.core.plan import Plan
from pmwidgets.core.resource_load import GROUPINGS, PERIODS, task_hours
from pmwidgets.plotting.resource_load import (
    STACKS,
    highlight_data,
    key_name,
    key_options,
    load_chart_data,
    load_chart_figure,
    period_text,
    tasks_html,
)
from pmwidgets.widgets.gantt_chart import update_source

CSS_CLASS = "pmw-resource-load"
BY_CLASS = "pmw-resource-load-by"
KEY_CLASS = "pmw-resource-load-key"
PERIOD_CLASS = "pmw-resource-load-period"
STACK_CLASS = "pmw-resource-load-stack"
TASKS_CLASS = "pmw-resource-load-tasks"
#: What the tasks line says before any tap.
TASKS_HINT = "Click a bar to list the tasks behind it."


class ResourceLoadChart(ipywidgets.VBox):
    """Load against capacity of one resource or role, per day, week or month.

    Parameters
    ----------
    plan : Plan
        The plan whose assignments are drawn; call :meth:`refresh` after editing it.
    by : {"resource", "role"}
        Show a resource or a role (a role sums its resources' load and capacity).
    period : {"day", "week", "month"}
        One bar per period.
    key : str, optional
        The resource id or role shown; the first resource (or role) of the plan by default.
    **kwargs
        Other traits (``stack``: ``"task"`` or ``"project"``) and ``VBox`` options.

    Raises
    ------
    PlanError
        If ``key`` is not a resource id (or role) of the plan.
    """

    plan = traitlets.Instance(Plan, help="The plan drawn.")
    by = traitlets.Enum(GROUPINGS, "resource", help="Show a resource or a role.")
    period = traitlets.Enum(PERIODS, "week", help="The period of a bar.")
    stack = traitlets.Enum(STACKS, "task", help="Stack bars by task or by project.")
    key = traitlets.Unicode(
        None, allow_none=True, help="The resource id or role shown; None when the plan has none."
    )
    selected_period = traitlets.Instance(
        date, allow_none=True, help="The first day of the tapped period, or None."
    )

    def __init__(
        self,
        plan: Plan,
        *,
        by: str = "resource",
        period: str = "week",
        key: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(plan=plan, by=by, period=period, **kwargs)
        options = key_options(plan, by)
        keys = [k for _, k in options]
        if key is not None and key not in keys:
            raise PlanError(_unknown(key, by), field="key", value=key)
        self.key = key if key is not None else (keys[0] if keys else None)
        self._hold = False
        self.figure, self.sources = load_chart_figure(
            plan, key=self.key, by=self.by, period=self.period, stack=self.stack
        )
        self._select_callbacks = ipywidgets.CallbackDispatcher()
        self.sources["segments"].selected.on_change("indices", self._on_indices_change)

        self.grouping = ipywidgets.ToggleButtons(
            options=[("Resource", "resource"), ("Role", "role")],
            value=self.by,
            tooltips=["Show one resource", "Show one role: the sum of its resources"],
        )
        self.grouping.add_class(BY_CLASS)
        self.chooser = ipywidgets.Dropdown(options=options, value=self.key)
        self.chooser.add_class(KEY_CLASS)
        self.periods = ipywidgets.ToggleButtons(
            options=[("Day", "day"), ("Week", "week"), ("Month", "month")],
            value=self.period,
            tooltips=["One bar per day", "One bar per week", "One bar per month"],
        )
        self.periods.add_class(PERIOD_CLASS)
        self.stacking = ipywidgets.ToggleButtons(
            options=[("By task", "task"), ("By project", "project")],
            value=self.stack,
            tooltips=["A segment per task", "One segment for the whole project"],
        )
        self.stacking.add_class(STACK_CLASS)
        self.tasks_line = ipywidgets.HTML(TASKS_HINT)
        self.tasks_line.add_class(TASKS_CLASS)
        traitlets.link((self, "by"), (self.grouping, "value"))
        traitlets.link((self, "period"), (self.periods, "value"))
        traitlets.link((self, "stack"), (self.stacking, "value"))
        self.chooser.observe(self._on_chooser_change, names="value")
        self.children = [
            ipywidgets.HBox([self.grouping, self.chooser]),
            ipywidgets.HBox([self.periods, self.stacking]),
            BokehModel(self.figure),
            self.tasks_line,
        ]
        self.add_class(CSS_CLASS)
        self.observe(self._on_by_change, names="by")
        self.observe(self._on_key_change, names="key")
        self.observe(self._on_drawing_change, names=["plan", "period", "stack"])
        self.observe(self._on_period_selected, names="selected_period")
        if self.selected_period is not None:
            self._show_selection()

    @traitlets.validate("key")
    def _valid_key(self, proposal: dict[str, Any]) -> str | None:
        key = proposal["value"]
        if key is None or self.plan is None:
            return key
        if key not in [k for _, k in key_options(self.plan, self.by)]:
            raise PlanError(_unknown(key, self.by), field="key", value=key)
        return key

    def refresh(self) -> None:
        """Redraw after the plan changed, sending only the cells that changed.

        The resource (or role) shown stays if the plan still has it (else the first one);
        the tapped period stays selected, and its tasks line is brought up to date, if its
        bar is still there.
        """
        self._sync_options()
        data = load_chart_data(
            self.plan, key=self.key, by=self.by, period=self.period, stack=self.stack
        )
        for name in ("segments", "capacity", "over"):
            update_source(self.sources[name], data[name])
        selected = self.selected_period
        if selected is not None and selected.isoformat() not in data["segments"]["period"]:
            self.selected_period = None  # draws the highlight and tasks line
        else:
            self._show_selection()

    def period_tasks(self, start: date | None) -> list[str]:
        """Ids of the tasks loading the shown resource (or role) in the period starting on
        ``start``, in plan order; none for None."""
        if start is None:
            return []
        hours = task_hours(self.plan, key=self.key, by=self.by, period=self.period)
        return [
            task for task, when in zip(hours["task"], hours["period"], strict=True) if when == start
        ]

    def on_select(self, callback: Callable[[dict[str, Any]], None], remove: bool = False) -> None:
        """Register (or with ``remove=True`` unregister) a callback for taps on a bar.

        Parameters
        ----------
        callback : callable
            Called once per tap with ``{"period": date, "key": str, "tasks": [ids]}``: the
            first day of the tapped period, the resource id (or role) shown and the ids of the
            tasks behind the bar, in plan order. Tapping the selected period's bar again clears
            the selection: the callback gets ``{"period": None, "key": key, "tasks": []}``.
        remove : bool
            Unregister ``callback`` instead.
        """
        self._select_callbacks.register_callback(callback, remove=remove)

    def _sync_options(self) -> None:
        """The dropdown's options from the plan; the key kept if still there, else the first."""
        options = key_options(self.plan, self.by)
        keys = [k for _, k in options]
        key = self.key if self.key in keys else (keys[0] if keys else None)
        self._hold = True
        try:
            if list(self.chooser.options) != options:
                self.chooser.options = options
            self.chooser.value = key
            self.key = key
        finally:
            self._hold = False

    def _redraw(self) -> None:
        """After a change of what is shown: the selected period no longer applies."""
        if self.selected_period is not None:
            self._hold = True
            try:
                self.selected_period = None
            finally:
                self._hold = False
        self.refresh()

    def _on_by_change(self, _change: dict[str, Any]) -> None:
        self._hold = True
        try:
            self.key = None  # the old key is not valid against the new grouping
        finally:
            self._hold = False
        self._redraw()

    def _on_key_change(self, change: dict[str, Any]) -> None:
        if self._hold:
            return
        if self.chooser.value != change["new"]:
            self._hold = True
            try:
                self.chooser.value = change["new"]
            finally:
                self._hold = False
        self._redraw()

    def _on_chooser_change(self, change: dict[str, Any]) -> None:
        if not self._hold and change["new"] is not None:
            self.key = change["new"]

    def _on_drawing_change(self, _change: dict[str, Any]) -> None:
        self._redraw()

    def _on_period_selected(self, _change: dict[str, Any]) -> None:
        self._show_selection()

    def _show_selection(self) -> None:
        """The highlight outline and the tasks line of the selected period."""
        start = self.selected_period
        iso = None if start is None else start.isoformat()
        update_source(self.sources["highlight"], highlight_data(self.sources["segments"].data, iso))
        if start is None:
            self.tasks_line.value = TASKS_HINT
            return
        hours = task_hours(self.plan, key=self.key, by=self.by, period=self.period)
        hours = hours[hours["period"] == start]
        title = f"{key_name(self.plan, self.key, self.by)}, {period_text(start, self.period)}"
        self.tasks_line.value = tasks_html(self.plan, hours, title=title)

    def _notify(self) -> None:
        start = self.selected_period
        self._select_callbacks(
            {"period": start, "key": self.key, "tasks": self.period_tasks(start)}
        )

    def _on_indices_change(self, _attr: str, _old: list[int], new: list[int]) -> None:
        """A tap (or any browser change of the selection, which is untrusted input)."""
        selected = self.sources["segments"].selected
        if not new or list(selected.indices) != list(new):
            return  # our own clearing, or jupyter_bokeh repeating a report already handled
        selected.indices = []
        periods = self.sources["segments"].data["period"]
        rows = [k for k in new if isinstance(k, int) and 0 <= k < len(periods)]
        if not rows:
            return
        start = date.fromisoformat(periods[rows[0]])
        self.selected_period = None if start == self.selected_period else start
        self._notify()


def _unknown(key: str, by: str) -> str:
    what = "resource id" if by == "resource" else "role"
    return f"The plan has no {what} '{key}' to show the load of."
