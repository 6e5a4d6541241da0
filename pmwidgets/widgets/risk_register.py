"""The risk register as an editable table, with add, close, sort by score and filters.

Every typed cell becomes one ``plan.update_risk(...)``: the plan validates it (a level out of
range, a strategy that does not fit the kind, a link to a missing task are refused with a
sentence naming the risk, field and value) and the cell keeps its old value when refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets
import pandas as pd
import traitlets

from pmwidgets.core.errors import PlanError
from pmwidgets.core.plan import Plan
from pmwidgets.core.risk_edits import ACTION_SEPARATOR, format_action
from pmwidgets.core.risks import RISK_STATUSES, Risk
from pmwidgets.widgets.grid import GridColumn, ValidatedGrid, message_html

CSS_CLASS = "pmw-risk-register"
ALL = "All"
NEW_RISK_TITLE = "New risk"
#: A new risk starts at the middle of the scale until its owner rates it.
NEW_RISK_LEVELS = {"probability": 3, "impact_schedule": 3}

#: The columns, in order, with the risk field typing into them sets (None: computed).
COLUMNS: tuple[tuple[GridColumn, str | None], ...] = (
    (GridColumn("ID", 50, editable=False), None),
    (GridColumn("Title", 220), "title"),
    (GridColumn("Category", 130), "category"),
    (GridColumn("Kind", 95), "kind"),
    (GridColumn("Owner", 90), "owner"),
    (GridColumn("Probability", 85, tooltip="1 (rare) to 5 (almost certain)"), "probability"),
    (GridColumn("Schedule impact", 115), "impact_schedule"),
    (GridColumn("Cost impact", 90), "impact_cost"),
    (GridColumn("Scope impact", 95), "impact_scope"),
    (GridColumn("Quality impact", 105), "impact_quality"),
    (GridColumn("Score", 60, editable=False, tooltip="Probability x impact"), None),
    (GridColumn("Band", 75, editable=False, tooltip="Low, Medium or High"), None),
    (GridColumn("Strategy", 90), "strategy"),
    (GridColumn("Actions", 300), "actions"),
    (GridColumn("Residual probability", 140), "residual_probability"),
    (GridColumn("Residual impact", 115), "residual_impact"),
    (GridColumn("Status", 80), "status"),
    (GridColumn("Review date", 100), "review_date"),
    (GridColumn("Tasks", 80), "tasks"),
)
FIELDS = {column.name: name for column, name in COLUMNS if name is not None}


class RiskRegister(ipywidgets.VBox):
    """A plan's risks as a table you can type into, with filters and a toolbar.

    Parameters
    ----------
    plan : Plan
        The plan whose register is shown and edited.
    read_only : bool
        Show the register without editing or toolbar (a dashboard).
    message : ipywidgets.HTML, optional
        Where sentences about edits go; by default the register shows its own message line.
    **kwargs
        Other ``VBox`` options.
    """

    plan = traitlets.Instance(Plan, help="The plan whose risks are shown.")
    read_only = traitlets.Bool(False, help="Whether editing is off (a dashboard).")
    sort_by_score = traitlets.Bool(True, help="Highest score first, else in the order raised.")
    only = traitlets.Tuple(
        allow_none=True,
        default_value=None,
        help="Ids of the risks the rows are limited to (a matrix cell clicked), or None for all.",
    )
    selected_risks = traitlets.Tuple(help="Ids of the selected rows' risks.")

    def __init__(
        self,
        plan: Plan,
        *,
        read_only: bool = False,
        message: ipywidgets.HTML | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(plan=plan, read_only=read_only, **kwargs)
        self.message = message or ipywidgets.HTML("")
        self.filters = {
            "status": _filter("Status", "open"),
            "owner": _filter("Owner"),
            "category": _filter("Category"),
        }
        self.sort_box = ipywidgets.Checkbox(
            value=self.sort_by_score,
            description="Highest score first",
            indent=False,
            tooltip="Sort by score (probability x impact), highest first",
        )
        self.add_button = ipywidgets.Button(
            description="Raise risk", tooltip="Add a risk to the register"
        )
        self.close_button = ipywidgets.Button(
            description="Close selected", tooltip="Mark the selected risks closed"
        )
        self.add_button.add_class("pmw-button-raise-risk")
        self.close_button.add_class("pmw-button-close-risk")
        self._update_filter_options()
        self.grid = ValidatedGrid(
            self._rows(),
            [column for column, _ in COLUMNS],
            self._apply,
            read_only=read_only,
            message=self.message,
        )
        self._wire()
        self._arrange()
        self.add_class(CSS_CLASS)

    # -- actions ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the register (after edits elsewhere, an undo, a filter change)."""
        self._update_filter_options()
        self.grid.set_frame(self._rows())

    def edit(self, risk_id: str, column: str, value: object) -> bool:
        """Type ``value`` into a risk's cell from code; returns whether it was accepted."""
        return self.grid.edit(risk_id, column, value)

    def on_edit(self, callback: Callable[[dict[str, Any]], None], remove: bool = False) -> None:
        """Register a callback for every typed cell (see :meth:`ValidatedGrid.on_edit`)."""
        self.grid.on_edit(callback, remove=remove)

    def raise_risk(self, title: str = NEW_RISK_TITLE) -> str | None:
        """Add a risk (medium probability and schedule impact until rated) and show it."""
        try:
            risk = self.plan.add_risk(title, **NEW_RISK_LEVELS)
        except PlanError as error:
            self._say(error.message, error=True)
            return None
        self.only = None
        for name, widget in self.filters.items():
            widget.value = "open" if name == "status" else ALL
        self.refresh()
        self.grid.selected_row = risk.id
        self._say(f"Risk {risk.id} raised: type its title, owner, probability and impacts.")
        self._changed()
        return risk.id

    def close_selected(self) -> list[str]:
        """Mark the selected risks closed (they stay in the register, for the record)."""
        chosen = list(self.selected_risks)
        if not chosen:
            self._say("Select the risks to close (click their rows).", error=True)
            return []
        for risk_id in chosen:
            self.plan.close_risk(risk_id)
        self.refresh()
        self._say(f"Closed {', '.join(chosen)}.")
        self._changed()
        return chosen

    def on_change(self, callback: Callable[[], None], remove: bool = False) -> None:
        """Register a callback for every change made to the register from this widget."""
        self._change_callbacks.register_callback(callback, remove=remove)

    # -- machinery -------------------------------------------------------------------------------

    def _wire(self) -> None:
        self._change_callbacks = ipywidgets.CallbackDispatcher()
        for widget in self.filters.values():
            widget.observe(lambda _change: self.refresh(), names="value")
        traitlets.link((self.sort_box, "value"), (self, "sort_by_score"))
        self.observe(lambda _change: self.refresh(), names=["sort_by_score", "only", "plan"])
        self.observe(self._on_read_only_change, names="read_only")
        traitlets.dlink((self.grid, "selected_rows"), (self, "selected_risks"))
        self.add_button.on_click(lambda _button: self.raise_risk())
        self.close_button.on_click(lambda _button: self.close_selected())
        self.grid.on_edit(self._on_grid_edit)

    def _arrange(self) -> None:
        buttons = [] if self.read_only else [self.add_button, self.close_button]
        bar = ipywidgets.HBox([*buttons, *self.filters.values(), self.sort_box])
        self.children = [bar, self.grid]

    def _on_read_only_change(self, change: dict[str, Any]) -> None:
        self.grid.read_only = change["new"]
        self._arrange()

    def _on_grid_edit(self, event: dict[str, Any]) -> None:
        if event["accepted"]:
            self._changed()

    def _changed(self) -> None:
        self._change_callbacks()

    def _apply(self, risk_id: str, column: str, text: str) -> str | None:
        self.plan.update_risk(risk_id, **{FIELDS[column]: text})
        shown = self._shown()
        if [risk.id for risk in shown] == list(self.grid.frame.index):
            self.grid.update_rows(self._frame([self.plan.risk(risk_id)]))
        else:
            self.grid.set_frame(self._frame(shown))  # the edit re-sorted or filtered it out
        return None

    def _shown(self) -> list[Risk]:
        risks = list(self.plan.risks)
        for name, widget in self.filters.items():
            if widget.value != ALL:
                risks = [r for r in risks if str(getattr(r, name)) == widget.value]
        if self.only is not None:
            risks = [r for r in risks if r.id in self.only]
        if self.sort_by_score:
            risks.sort(key=lambda r: -r.score)
        return risks

    def _rows(self) -> pd.DataFrame:
        return self._frame(self._shown())

    def _frame(self, risks: list[Risk]) -> pd.DataFrame:
        scale = self.plan.risk_scale
        day = self.plan.settings.date_format
        rows = {
            risk.id: {
                "ID": risk.id,
                "Title": risk.title,
                "Category": risk.category,
                "Kind": risk.kind.value,
                "Owner": risk.owner,
                "Probability": risk.probability,
                "Schedule impact": risk.impact_schedule,
                "Cost impact": risk.impact_cost,
                "Scope impact": risk.impact_scope,
                "Quality impact": risk.impact_quality,
                "Score": risk.score,
                "Band": scale.band(risk.score).name,
                "Strategy": risk.strategy,
                "Actions": f"{ACTION_SEPARATOR} ".join(format_action(a) for a in risk.actions),
                "Residual probability": risk.residual_probability or "",
                "Residual impact": risk.residual_impact or "",
                "Status": risk.status,
                "Review date": risk.review_date.strftime(day) if risk.review_date else "",
                "Tasks": ", ".join(risk.tasks),
            }
            for risk in risks
        }
        columns = [column.name for column, _ in COLUMNS]
        return pd.DataFrame.from_dict(rows, orient="index", columns=columns)

    def _update_filter_options(self) -> None:
        risks = self.plan.risks
        options = {
            "status": RISK_STATUSES,
            "owner": sorted({r.owner for r in risks if r.owner}),
            "category": self.plan.risk_scale.categories,
        }
        for name, values in options.items():
            widget = self.filters[name]
            wanted = (ALL, *values)
            if tuple(widget.options) != wanted:
                current = widget.value
                widget.options = wanted
                widget.value = current if current in wanted else ALL

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.value = message_html(text, error=error)


def _filter(description: str, value: str = ALL) -> ipywidgets.Dropdown:
    options = (ALL, *RISK_STATUSES) if description == "Status" else (ALL,)
    widget = ipywidgets.Dropdown(
        options=options,
        value=value,
        description=description,
        layout=ipywidgets.Layout(width="190px"),
        style={"description_width": "60px"},
    )
    widget.add_class(f"pmw-filter-{description.lower()}")
    return widget
