"""The risk matrix widget: threats and opportunities on bokeh inside ``jupyter_bokeh.BokehModel``.

Above the chart, a toggle between inherent and residual positions and a checkbox showing how
the responses move risks. Tapping a cell selects it (:attr:`RiskMatrix.selected_cell`,
:meth:`RiskMatrix.on_select`), so that a register can filter to it; tapping it again clears.

How taps arrive: bokeh's TapTool sets the ``cells`` source's ``selected.indices`` in the browser,
and tapping an already selected cell sets the same indices again, which is no change and never
reaches Python. So every tap is handled and then answered by clearing ``selected.indices`` from
Python: the next tap, on any cell, is a change again. The selected cell is drawn by a separate
glyph (the ``highlight`` source). jupyter_bokeh calls the Python callbacks of one browser
change twice (once as the property is set, once more explicitly, with the same ``new``); the
second call finds the indices already cleared and is ignored: a report is handled only while
the source still holds it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets
import traitlets
from jupyter_bokeh import BokehModel

from pmwidgets.core.errors import PlanError
from pmwidgets.core.plan import Plan
from pmwidgets.core.risks import LEVELS
from pmwidgets.plotting.risk_matrix import (
    CELL_COUNT,
    KINDS,
    MOVEMENT_MODELS,
    Cell,
    cell_at,
    cell_members,
    highlight_data,
    label_axes,
    matrix_data,
    movement_data,
    risk_matrix_figure,
)
from pmwidgets.widgets.gantt_chart import update_source

CSS_CLASS = "pmw-risk-matrix"
MODE_CLASS = "pmw-risk-matrix-mode"
MOVEMENT_CLASS = "pmw-risk-matrix-movement"


def as_cell(cell: object) -> Cell:
    """``cell`` as a (kind, probability, impact) tuple.

    Raises
    ------
    PlanError
        When it is not a kind (threat or opportunity) and two levels from 1 to 5.
    """
    levels = range(1, LEVELS + 1)
    if (
        isinstance(cell, tuple | list)
        and len(cell) == 3
        and cell[0] in KINDS
        and all(
            isinstance(level, int) and not isinstance(level, bool) and level in levels
            for level in cell[1:]
        )
    ):
        return (str(cell[0]), int(cell[1]), int(cell[2]))
    raise PlanError(
        f"There is no risk matrix cell {cell!r}: give (kind, probability, impact) with kind "
        f"threat or opportunity and levels from 1 to {LEVELS}.",
        field="cell",
        value=cell,
    )


class RiskMatrix(ipywidgets.VBox):
    """A plan's probability-impact matrix: threats and opportunities, inherent or residual.

    Parameters
    ----------
    plan : Plan
        The plan whose open risks are drawn; call :meth:`refresh` after editing its risks.
    residual : bool
        Start by showing residual positions instead of inherent ones.
    read_only : bool
        Whether the matrix is shown in a read-only view (a dashboard). The matrix itself never
        edits the plan; taps select in both modes.
    **kwargs
        Other traits (``show_movement``, ``selected_cell``) and ``VBox`` options.
    """

    plan = traitlets.Instance(Plan, help="The plan drawn.")
    read_only = traitlets.Bool(True, help="Whether the matrix is shown in a read-only view.")
    residual = traitlets.Bool(False, help="Place risks by their residual probability and impact.")
    show_movement = traitlets.Bool(
        False, help="Draw arrows from each risk's inherent cell to its residual cell."
    )
    selected_cell = traitlets.Tuple(
        default_value=None,
        allow_none=True,
        help="The selected cell as (kind, probability, impact), or None.",
    )

    def __init__(
        self, plan: Plan, *, residual: bool = False, read_only: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(plan=plan, residual=residual, read_only=read_only, **kwargs)
        self.figure, self.sources = risk_matrix_figure(
            plan.risks, plan.risk_scale, residual=residual, movement=self.show_movement
        )
        self.sources["highlight"].data = highlight_data(self.selected_cell)
        self._movement = [self.figure.select_one({"name": name}) for name in MOVEMENT_MODELS]
        self._select_callbacks = ipywidgets.CallbackDispatcher()
        self.sources["cells"].selected.on_change("indices", self._on_indices_change)
        self.mode = ipywidgets.ToggleButtons(
            options=[("Inherent", False), ("Residual", True)],
            tooltips=[
                "Place risks by their probability and impact before any response",
                "Place risks by their probability and impact after the planned response",
            ],
        )
        self.mode.add_class(MODE_CLASS)
        self.movement = ipywidgets.Checkbox(
            description="Show movement",
            tooltip="Arrows from each risk's inherent cell to its residual cell",
            indent=False,
        )
        self.movement.add_class(MOVEMENT_CLASS)
        # Linked from the traits, so that the controls start at the values given.
        traitlets.link((self, "residual"), (self.mode, "value"))
        traitlets.link((self, "show_movement"), (self.movement, "value"))
        self.children = [ipywidgets.HBox([self.mode, self.movement]), BokehModel(self.figure)]
        self.add_class(CSS_CLASS)
        self.observe(self._on_plan_change, names="plan")
        self.observe(self._on_residual_change, names="residual")
        self.observe(self._on_movement_change, names="show_movement")
        self.observe(self._on_cell_change, names="selected_cell")

    @traitlets.validate("selected_cell")
    def _valid_cell(self, proposal: dict[str, Any]) -> Cell | None:
        value = proposal["value"]
        return None if value is None else as_cell(value)

    def refresh(self) -> None:
        """Redraw the plan's risks, sending only the cells and arrows that changed.

        The selected cell stays selected: :meth:`cell_risks` gives what it holds now.
        """
        plan = self.plan
        cells = matrix_data(plan.risks, plan.risk_scale, residual=self.residual)
        update_source(self.sources["cells"], cells)
        update_source(self.sources["movement"], movement_data(plan.risks))
        label_axes(self.figure, plan.risk_scale)

    def cell_risks(self, cell: Cell | None) -> list[str]:
        """Ids of the plan's open risks in ``cell`` (inherent or residual, as shown), in
        register order; none for None."""
        if cell is None:
            return []
        members = cell_members(self.plan.risks, residual=self.residual)
        return [risk.id for risk in members.get(as_cell(cell), [])]

    def on_select(self, callback: Callable[[dict[str, Any]], None], remove: bool = False) -> None:
        """Register (or with ``remove=True`` unregister) a callback for taps on a cell.

        Parameters
        ----------
        callback : callable
            Called with ``{"cell": (kind, probability, impact) or None, "risks": [ids]}`` once
            per tap (None and no risks when the tap cleared the selection), and when switching
            between inherent and residual changes what the selected cell holds.
        remove : bool
            Unregister ``callback`` instead.
        """
        self._select_callbacks.register_callback(callback, remove=remove)

    def select(self, cell: Cell | None) -> None:
        """Select a cell from code (for a register driving the matrix), without calling the
        :meth:`on_select` callbacks, so that the two following each other do not loop.

        Raises
        ------
        PlanError
            If ``cell`` is not a cell of the matrix.
        """
        self.selected_cell = cell

    def _notify(self) -> None:
        cell = self.selected_cell
        self._select_callbacks({"cell": cell, "risks": self.cell_risks(cell)})

    def _on_indices_change(self, _attr: str, _old: list[int], new: list[int]) -> None:
        """A tap (or any browser change of the selection, which is untrusted input)."""
        selected = self.sources["cells"].selected
        if not new or list(selected.indices) != list(new):
            return  # our own clearing, or jupyter_bokeh repeating a report already handled
        selected.indices = []
        rows = [k for k in new if isinstance(k, int) and 0 <= k < CELL_COUNT]
        if not rows:
            return
        cell = cell_at(rows[0])
        self.selected_cell = None if cell == self.selected_cell else cell
        self._notify()

    def _on_plan_change(self, _change: dict[str, Any]) -> None:
        self.refresh()

    def _on_residual_change(self, _change: dict[str, Any]) -> None:
        self.refresh()
        if self.selected_cell is not None:
            self._notify()

    def _on_movement_change(self, change: dict[str, Any]) -> None:
        for model in self._movement:
            model.visible = change["new"]

    def _on_cell_change(self, change: dict[str, Any]) -> None:
        update_source(self.sources["highlight"], highlight_data(change["new"]))
