"""A Gantt chart widget over a plan: bokeh inside ``jupyter_bokeh.BokehModel``.

The chart is built once; :meth:`GanttChart.refresh` re-renders the plan by sending each data
source only the cells that changed (the changed columns whole when most of their cells changed,
every column when its rows changed). Tapping a bar selects its task (:attr:`selected_task`,
:meth:`GanttChart.on_select`); :meth:`GanttChart.select` highlights a task from code.
Workbooks call :func:`pmwidgets.widgets.bokeh_setup.load_bokeh` once before the first chart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import ipywidgets
import traitlets
from bokeh.models import ColumnDataSource
from jupyter_bokeh import BokehModel

from pmwidgets.core.errors import PlanError
from pmwidgets.core.plan import Plan
from pmwidgets.plotting.gantt import fit_rows, gantt_data, gantt_figure, moment_ms

CSS_CLASS = "pmw-gantt"
#: Above this share of changed cells in the columns that changed, those columns are replaced
#: instead of patched (bokeh encodes a patched cell as a row number and a value in a tuple, about
#: three times the work of a cell of a column sent whole).
PATCH_SHARE = 0.25
#: The vertical date lines, by bokeh model name.
DATE_LINES = ("status_date", "today")


class GanttChart(ipywidgets.VBox):
    """A plan's Gantt chart: bars, summaries, milestones, links, baseline, date lines.

    Parameters
    ----------
    plan : Plan
        The plan to draw; call :meth:`refresh` after editing it.
    read_only : bool
        Whether the chart is shown in a read-only view (a dashboard). The chart itself never
        edits the plan; taps select in both modes.
    **kwargs
        Other traits (``baseline``, ``today``) and ``VBox`` options.
    """

    plan = traitlets.Instance(Plan, help="The plan drawn.")
    read_only = traitlets.Bool(True, help="Whether the chart is shown in a read-only view.")
    baseline = traitlets.Int(0, min=0, max=10, help="Which saved baseline (0-10) is drawn.")
    today = traitlets.Instance(
        date, allow_none=True, help="Where the today line is drawn; None hides it."
    )
    selected_task = traitlets.Unicode(
        None, allow_none=True, help="Id of the task whose bar is selected, or None."
    )

    def __init__(self, plan: Plan, *, read_only: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("today", date.today())
        super().__init__(plan=plan, read_only=read_only, **kwargs)
        schedule = plan.schedule()
        self.figure, self.sources = gantt_figure(
            schedule,
            plan.links,
            status_date=plan.status_date,
            today=self.today,
            baselines=plan.state.baselines,
            baseline=self.baseline,
        )
        self._select_callbacks = ipywidgets.CallbackDispatcher()
        self._quiet = False
        self.sources["bars"].selected.on_change("indices", self._on_indices_change)
        self._spans = {name: self.figure.select_one({"name": name}) for name in DATE_LINES}
        self.children = [BokehModel(self.figure)]
        self.add_class(CSS_CLASS)
        self.observe(self._on_drawing_change, names=["plan", "baseline", "today"])

    def _on_drawing_change(self, _change: dict[str, Any]) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Redraw the plan: changed cells only, selection kept if the task is still there."""
        plan = self.plan
        data = gantt_data(plan.schedule(), plan.links, plan.state.baselines, self.baseline)
        for name, source in self.sources.items():
            update_source(source, data[name])
        fit_rows(self.figure, len(plan.tasks))
        for span, moment, end_of_day in (
            ("status_date", plan.status_date, True),
            ("today", self.today, False),
        ):
            self._spans[span].location = moment_ms(moment, end_of_day=end_of_day)
        ids = data["bars"]["id"]
        self._show(ids.index(self.selected_task) if self.selected_task in ids else None)

    def on_select(self, callback: Callable[[dict[str, Any]], None], remove: bool = False) -> None:
        """Register (or with ``remove=True`` unregister) a callback for taps on a bar.

        Parameters
        ----------
        callback : callable
            Called with ``{"task": id}`` once each time the tapped task changes (a repeated
            report of the same selection, as jupyter_bokeh may send, is ignored).
        remove : bool
            Unregister ``callback`` instead.
        """
        self._select_callbacks.register_callback(callback, remove=remove)

    def select(self, task_id: str | None) -> None:
        """Highlight a task's bar from code (for a table driving the chart).

        Sets :attr:`selected_task` without calling the :meth:`on_select` callbacks, so that a
        table and the chart following each other do not loop.

        Parameters
        ----------
        task_id : str or None
            The task to select; None clears the selection.

        Raises
        ------
        PlanError
            If the plan has no task ``task_id``.
        """
        if task_id is None:
            self._show(None)
            self.selected_task = None
            return
        ids = self.sources["bars"].data["id"]
        if task_id not in ids:
            raise PlanError(
                f"There is no task '{task_id}' to select.", task=task_id, field="id", value=task_id
            )
        self._show(ids.index(task_id))
        self._reveal(ids.index(task_id))
        self.selected_task = task_id

    def show_from(self, row: int) -> None:
        """Pan the rows so that ``row`` is the top one shown (to follow a table's scrolling)."""
        rows = self.figure.y_range
        shown = rows.start - rows.end
        last = rows.bounds[1] if rows.bounds else rows.start
        top = min(max(-0.5, row - 0.5), last - shown)
        if top != rows.end:
            rows.update(start=top + shown, end=top)

    def _show(self, row: int | None) -> None:
        """Set the bar selection without treating it as a tap."""
        self._quiet = True
        try:
            self.sources["bars"].selected.indices = [] if row is None else [row]
        finally:
            self._quiet = False

    def _reveal(self, row: int) -> None:
        """Pan the rows so that ``row`` is in view (a row selected in a long table)."""
        rows = self.figure.y_range
        top, bottom = rows.end, rows.start
        if top + 0.5 <= row <= bottom - 0.5:
            return
        shown = bottom - top
        last = rows.bounds[1] if rows.bounds else bottom
        top = min(max(-0.5, row - shown // 2 - 0.5), last - shown)
        rows.update(start=top + shown, end=top)

    def _on_indices_change(self, _attr: str, _old: list[int], new: list[int]) -> None:
        """A tap (or any browser change of the selection, which is untrusted input)."""
        if self._quiet:
            return
        ids = self.sources["bars"].data["id"]
        rows = [k for k in new if isinstance(k, int) and 0 <= k < len(ids)]
        task = ids[rows[0]] if rows else None
        if task == self.selected_task:
            return
        self.selected_task = task
        if task is not None:
            self._select_callbacks({"task": task})


def update_source(source: ColumnDataSource, data: dict[str, list]) -> None:
    """Bring ``source`` to ``data`` with as little sent to the browser as possible.

    Rows are the same (same columns, same lengths): only the changed cells are sent, as one
    patch; an edit that moves a few bars of a 2,000-task plan sends a few hundred bytes instead
    of every column. When more than :data:`PATCH_SHARE` of the cells of the changed columns
    changed, those columns are replaced (one message naming only them); when the rows changed,
    every column is.
    """
    old = source.data
    same_rows = set(old) == set(data) and all(len(old[k]) == len(v) for k, v in data.items())
    if not same_rows:
        source.data = data
        return
    patches = {
        column: cells for column, values in data.items() if (cells := _changes(old[column], values))
    }
    changed = sum(len(cells) for cells in patches.values())
    if changed == 0:
        return
    if changed > sum(len(data[column]) for column in patches) * PATCH_SHARE:
        source.data.update({column: data[column] for column in patches})
    else:
        source.patch(patches)


def _changes(old: Sequence[Any], new: Sequence[Any]) -> list[tuple[int, Any]]:
    """The cells of a column that differ, as ``(row, new value)``; two equal lists (most columns,
    after an edit) are compared at once."""
    if type(old) is list and type(new) is list and old == new:
        return []
    return [
        (row, value) for row, (was, value) in enumerate(zip(old, new, strict=True)) if was != value
    ]
