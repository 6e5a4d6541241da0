"""One reviewed leveling step: the load and the Gantt chart before and after, the moves, and
Accept or Discard.

Leveling is computed on a copy (:func:`pmwidgets.core.leveling.level`); the plan changes only on
Accept, as one undoable edit.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets
import traitlets

from pmwidgets.core.leveling import ORDERS, LevelingResult, level
from pmwidgets.core.plan import Plan
from pmwidgets.store.store import Store
from pmwidgets.widgets.gantt_chart import GanttChart
from pmwidgets.widgets.grid import MESSAGE_CLASS, message_html
from pmwidgets.widgets.resource_load_chart import ResourceLoadChart
from pmwidgets.widgets.save_bar import SaveBar, toolbar_button

CSS_CLASS = "pmw-leveling"
ORDER_LABELS = {
    "float": "Most float first",
    "priority": "Lowest priority first",
    "id": "Last first",
}


class LevelingView(ipywidgets.VBox):
    """Preview leveling of a plan side by side with the plan as it is, then accept or discard.

    Parameters
    ----------
    plan : Plan
        The plan to level; it changes only when the preview is accepted.
    store : Store, optional
        Where Save writes the accepted result as the project's next version.
    **kwargs
        Other ``VBox`` options.
    """

    plan = traitlets.Instance(Plan, help="The plan leveled.")
    order = traitlets.Enum(ORDERS, default_value="float", help="Which task gives way first.")

    def __init__(self, plan: Plan, *, store: Store | None = None, **kwargs: Any) -> None:
        super().__init__(plan=plan, **kwargs)
        self.result: LevelingResult | None = None
        self.message = ipywidgets.HTML("")
        self.message.add_class(MESSAGE_CLASS)
        self.saving = SaveBar(plan, store=store, message=self.message)
        self.order_choice = ipywidgets.Dropdown(
            options=[(label, key) for key, label in ORDER_LABELS.items()],
            value=self.order,
            description="Give way",
            tooltip="Which task is delayed first when two compete for a resource",
        )
        traitlets.link((self.order_choice, "value"), (self, "order"))
        self.buttons = {
            "preview": toolbar_button("preview", "Preview leveling", "Level a copy and compare"),
            "accept": toolbar_button("accept", "Accept", "Apply these moves (Undo reverts them)"),
            "discard": toolbar_button("discard", "Discard", "Forget the preview"),
        }
        self.buttons["preview"].on_click(lambda _button: self.preview())
        self.buttons["accept"].on_click(lambda _button: self.accept())
        self.buttons["discard"].on_click(lambda _button: self.discard())
        self.moves = ipywidgets.HTML("")
        self.before_load = ResourceLoadChart(plan)
        self.before_gantt = GanttChart(plan)
        self.after_load = ResourceLoadChart(plan)
        self.after_gantt = GanttChart(plan)
        traitlets.dlink((self.before_load, "key"), (self.after_load, "key"))
        traitlets.dlink((self.before_load, "period"), (self.after_load, "period"))
        self._show_decision(False)
        saving = [self.saving] if store is not None else []
        self.children = [
            *saving,
            ipywidgets.HBox([self.order_choice, *self.buttons.values()]),
            self.message,
            self.moves,
            ipywidgets.HBox(
                [_titled("Now", self.before_load), _titled("Leveled", self.after_load)]
            ),
            ipywidgets.HBox(
                [_titled("Now", self.before_gantt), _titled("Leveled", self.after_gantt)]
            ),
        ]
        self.add_class(CSS_CLASS)

    def preview(self) -> LevelingResult:
        """Level a copy of the plan and show it beside the plan, with every move."""
        result = level(self.plan, order=self.order)
        self.result = result
        leveled = Plan.from_state(result.state)
        self.after_load.plan = leveled
        self.after_gantt.plan = leveled
        self.moves.value = _moves_html(result)
        if result.moves:
            self.message.value = message_html(
                f"{len(result.moves)} task(s) would move; the plan would finish on "
                f"{leveled.schedule().finish:{self.plan.settings.date_format}} instead of "
                f"{self.plan.schedule().finish:{self.plan.settings.date_format}}. "
                "Accept or discard."
            )
        else:
            self.message.value = message_html("Nothing to level: no resource is over-allocated.")
        self._show_decision(bool(result.moves))
        return result

    def accept(self) -> int:
        """Apply the previewed moves as one undoable edit; returns how many tasks moved."""
        if self.result is None or not self.result.moves:
            self.message.value = message_html("Preview leveling first.", error=True)
            return 0
        moved = len(self.result.moves)
        self.plan.replace_state(self.result.state, f"Level resources ({moved} moves)")
        self.message.value = message_html(f"Leveled: {moved} task(s) moved. Undo reverts it.")
        self._refresh_now()
        self.saving.update()
        self.discard(quiet=True)
        return moved

    def discard(self, *, quiet: bool = False) -> None:
        """Forget the preview; the plan is as it was."""
        self.result = None
        self.after_load.plan = self.plan
        self.after_gantt.plan = self.plan
        self.moves.value = ""
        self._show_decision(False)
        if not quiet:
            self.message.value = message_html("Preview discarded; the plan is unchanged.")

    def _refresh_now(self) -> None:
        self.before_load.refresh()
        self.before_gantt.refresh()

    def _show_decision(self, shown: bool) -> None:
        for name in ("accept", "discard"):
            self.buttons[name].layout.display = None if shown else "none"


def _titled(title: str, widget: ipywidgets.Widget) -> ipywidgets.VBox:
    return ipywidgets.VBox([ipywidgets.HTML(f"<b>{escape(title)}</b>"), widget])


def _moves_html(result: LevelingResult) -> str:
    """The moves and what could not be resolved, as a table (every value escaped)."""
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{escape(str(value))}</td>"
            for value in (
                move.task,
                move.name,
                move.start_before.isoformat(),
                move.start_after.isoformat(),
                move.reason,
            )
        )
        + "</tr>"
        for move in result.moves
    )
    table = (
        "<table><thead><tr><th>ID</th><th>Task</th><th>Start now</th><th>Start leveled</th>"
        f"<th>Why</th></tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else ""
    )
    left = "".join(f"<li>{escape(line)}</li>" for line in result.unresolved)
    return table + (f"<p>Not resolved:</p><ul>{left}</ul>" if left else "")
