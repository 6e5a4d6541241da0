"""The PMO's capacity forecast: demand against capacity by role and month across every open
project in the store, with a what-if that moves a pending project's start.

For the chosen role (a dropdown) the chart (bokeh inside ``jupyter_bokeh.BokehModel``) stacks
monthly demand by project, pending projects hatched and labelled "(pending)", with capacity as a
dashed line and shortfall months labelled "short by N h". Under it, a table of the gaps by role
and month. The what-if (a pending project, a new start, "Show effect") redraws both from a
shifted copy of the plan; nothing is saved, and the message says so. "Reset" goes back to the
stored plans; :meth:`CapacityForecast.refresh` reloads them from the store.
Rules of the arithmetic: :mod:`pmwidgets.core.capacity`.
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import ipywidgets
from jupyter_bokeh import BokehModel

from pmwidgets.core.capacity import (
    TOLERANCE_HOURS,
    Forecast,
    forecast,
    load_portfolio,
    month_starts,
)
from pmwidgets.core.errors import PlanError
from pmwidgets.core.plan import Plan
from pmwidgets.plotting.capacity import capacity_chart_data, capacity_figure, month_label
from pmwidgets.store.store import Store
from pmwidgets.widgets.gantt_chart import update_source

CSS_CLASS = "pmw-capacity-forecast"
TABLE_CLASS = "pmw-capacity-forecast-table"
MESSAGE_CLASS = "pmw-capacity-forecast-message"
NO_PENDING = "No pending project to shift."


class CapacityForecast(ipywidgets.VBox):
    """Demand against capacity by role and month for every open project of a store.

    Parameters
    ----------
    store : Store
        Where the projects are read from (never written to).
    first : date, optional
        Any day of the first month; the current month by default.
    months : int
        How many months to forecast (1 to 36).
    **kwargs
        ``VBox`` options.
    """

    def __init__(
        self, store: Store, *, first: date | None = None, months: int = 12, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.store = store
        self.months = months
        self.first = month_starts(first or date.today(), months)[0]
        self.shifts: dict[str, date] = {}
        self.plans: dict[str, Plan] = {}
        self.statuses: dict[str, str] = {}
        self.role = ipywidgets.Dropdown(description="Role", options=[])
        self.project = ipywidgets.Dropdown(description="Pending", options=[])
        self.start = ipywidgets.DatePicker(description="New start")
        self.show_button = ipywidgets.Button(description="Show effect", icon="eye")
        self.reset_button = ipywidgets.Button(description="Reset", icon="undo")
        self.message = ipywidgets.HTML()
        self.message.add_class(MESSAGE_CLASS)
        self.table = ipywidgets.HTML()
        self.table.add_class(TABLE_CLASS)
        self._load()
        self.result = self._compute()
        self._set_roles()
        self.figure, self.sources = capacity_figure(self.result, self.role.value)
        self.role.observe(self._on_role, names="value")
        self.project.observe(self._on_project, names="value")
        self.show_button.on_click(lambda _button: self.show_effect())
        self.reset_button.on_click(lambda _button: self.reset())
        self._update_table()
        self.children = [
            self.role,
            BokehModel(self.figure),
            ipywidgets.HBox([self.project, self.start, self.show_button, self.reset_button]),
            self.message,
            self.table,
        ]
        self.add_class(CSS_CLASS)

    # -- public ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload every open project from the store and redraw (a what-if is kept when its
        project is still pending)."""
        self._load()
        self.shifts = {
            name: start for name, start in self.shifts.items() if name in self._pending()
        }
        self._redraw()

    def show_effect(self) -> None:
        """Redraw with the chosen pending project starting at the chosen date; nothing saved."""
        name, start = self.project.value, self.start.value
        if name is None or start is None:
            self.message.value = _escape("Choose a pending project and a new start first.")
            return
        try:
            self.shifts = {name: start}
            self._redraw()
        except PlanError as error:
            self.shifts = {}
            self.message.value = _escape(error.message)
            return
        self.message.value = _escape(
            f"What-if: {name} starting {start:%Y-%m-%d}. Nothing was saved; the store is unchanged."
        )

    def reset(self) -> None:
        """Back to the stored plans' starts."""
        self.shifts = {}
        self._redraw()
        self.message.value = ""
        self._on_project({"new": self.project.value})

    # -- internals ---------------------------------------------------------------------------

    def _load(self) -> None:
        total = len(self.store.projects())
        if total:
            self.message.value = _escape(f"Loading {total} projects…")
        self.plans, self.statuses = load_portfolio(self.store, progress=self._progress)
        self.message.value = ""
        pending = self._pending()
        self.project.options = pending
        self.project.disabled = self.start.disabled = self.show_button.disabled = not pending
        if not pending:
            self.message.value = _escape(NO_PENDING)
        elif self.project.value not in pending:
            self.project.value = pending[0]
        self._on_project({"new": self.project.value})

    def _progress(self, done: int, total: int) -> None:
        self.message.value = _escape(f"Loading projects: {done} of {total}…")

    def _pending(self) -> list[str]:
        return sorted(name for name, status in self.statuses.items() if status == "pending")

    def _compute(self) -> Forecast:
        return forecast(
            self.plans, self.statuses, first=self.first, months=self.months, shifts=self.shifts
        )

    def _set_roles(self) -> None:
        roles = self.result.roles
        current = self.role.value
        self.role.options = roles
        self.role.value = current if current in roles else self.result.first_role()

    def _redraw(self) -> None:
        self.result = self._compute()
        self._set_roles()  # may call _on_role, which redraws the chart too
        self._update_chart()
        self._update_table()

    def _update_chart(self) -> None:
        data = capacity_chart_data(self.result, self.role.value)
        for name, source in self.sources.items():
            update_source(source, data[name])
        self.figure.x_range.factors = [month_label(m) for m in self.result.months]

    def _update_table(self) -> None:
        self.table.value = gaps_html(self.result)

    def _on_role(self, _change: dict[str, Any]) -> None:
        if hasattr(self, "sources"):
            self._update_chart()

    def _on_project(self, change: dict[str, Any]) -> None:
        name = change["new"]
        if name in self.plans:
            self.start.value = self.shifts.get(name, self.plans[name].start.date())


def gaps_html(result: Forecast) -> str:
    """The gaps by role and month as an HTML table (escaped), shortfalls marked in words."""
    head = "".join(
        f"<th>{h}</th>"
        for h in ("Role", "Month", "Demand (h)", "Capacity (h)", "Gap (h)", "Status")
    )
    rows = []
    for row in result.gaps.itertuples(index=False):
        short = row.gap_hours > TOLERANCE_HOURS
        rows.append(
            "<tr>"
            f"<td>{html.escape(str(row.role))}</td>"
            f"<td>{month_label(row.month)}</td>"
            f"<td style='text-align:right'>{row.demand_hours:,.1f}</td>"
            f"<td style='text-align:right'>{row.capacity_hours:,.1f}</td>"
            f"<td style='text-align:right'>{row.gap_hours:,.1f}</td>"
            f"<td>{'<b>short</b>' if short else 'ok'}</td>"
            "</tr>"
        )
    if not rows:
        rows.append("<tr><td colspan='6'>No role has demand or capacity.</td></tr>")
    return (
        "<table class='pmw-capacity-gaps'><thead><tr>"
        + head
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _escape(text: str) -> str:
    return html.escape(text)
