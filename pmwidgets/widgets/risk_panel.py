"""Risks on one page: the 5x5 matrix, the top risks and the register, linked.

Clicking a matrix cell limits the register to that cell's risks (clicking it again shows all);
every change typed into the register moves the risk in the matrix and re-ranks the top risks.
"""

from __future__ import annotations

from typing import Any

import ipywidgets
import traitlets

from pmwidgets.core.plan import Plan
from pmwidgets.store.store import Store
from pmwidgets.widgets.grid import MESSAGE_CLASS, message_html
from pmwidgets.widgets.risk_matrix import RiskMatrix
from pmwidgets.widgets.risk_register import RiskRegister
from pmwidgets.widgets.save_bar import SaveBar
from pmwidgets.widgets.top_risks import TopRisks

CSS_CLASS = "pmw-risk-panel"
TOP_COUNT = 5


class RiskPanel(ipywidgets.VBox):
    """A plan's risk matrix, top risks and register, linked.

    Parameters
    ----------
    plan : Plan
        The plan whose risks are shown.
    store : Store, optional
        Where Save writes the plan (risks included) as the project's next version.
    read_only : bool
        Show matrix, top risks and register without editing or saving (a dashboard).
    top : int
        How many risks the top-risks list shows.
    **kwargs
        Other ``VBox`` options.
    """

    plan = traitlets.Instance(Plan, help="The plan whose risks are shown.")
    read_only = traitlets.Bool(False, help="Whether editing is off (a dashboard).")

    def __init__(
        self,
        plan: Plan,
        *,
        store: Store | None = None,
        read_only: bool = False,
        top: int = TOP_COUNT,
        author: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(plan=plan, read_only=read_only, **kwargs)
        self.message = ipywidgets.HTML("")
        self.message.add_class(MESSAGE_CLASS)
        self.saving = SaveBar(plan, store=store, message=self.message, author=author)
        traitlets.link((self, "plan"), (self.saving, "plan"))
        self.matrix = RiskMatrix(plan)
        self.top = TopRisks(plan, count=top)
        self.register = RiskRegister(plan, read_only=read_only, message=self.message)
        self.matrix.on_select(self._on_cell_select)
        self.register.on_change(self._on_register_change)
        self.observe(self._on_plan_change, names="plan")
        self.observe(self._on_read_only_change, names="read_only")
        self._arrange()
        self.add_class(CSS_CLASS)

    def refresh(self) -> None:
        """Re-read the plan's risks everywhere (after edits made elsewhere, or an undo)."""
        self.matrix.refresh()
        self.top.refresh()
        self.register.refresh()

    def _on_cell_select(self, event: dict[str, Any]) -> None:
        if event["cell"] is None:
            self.register.only = None
            self.message.value = message_html("Showing every risk.")
            return
        ids = tuple(event["risks"])
        self.register.filters["status"].value = "open"
        self.register.only = ids
        listed = ", ".join(ids) if ids else "no risk"
        self.message.value = message_html(
            f"Showing the risks of the selected cell: {listed}. Click the cell again to show "
            "every risk."
        )

    def _on_register_change(self) -> None:
        self.matrix.refresh()
        self.top.refresh()
        self.saving.update()

    def _on_read_only_change(self, change: dict[str, Any]) -> None:
        self.register.read_only = change["new"]
        self._arrange()

    def _arrange(self) -> None:
        saving = [] if self.read_only or self.saving.store is None else [self.saving]
        self.children = [
            ipywidgets.HBox([self.matrix, self.top]),
            *saving,
            self.message,
            self.register,
        ]

    def _on_plan_change(self, change: dict[str, Any]) -> None:
        self.matrix.plan = self.top.plan = self.register.plan = change["new"]
