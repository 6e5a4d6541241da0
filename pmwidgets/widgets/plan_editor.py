"""The plan editor: the entry table and the Gantt chart side by side, a toolbar and one message
area, over one plan.

Every action goes through the plan (which validates and reschedules) and then repaints the
table and the chart; a refused action leaves the plan as it was and says why. Saving goes
through the store, and a conflict with someone else's save is shown with what they saved and a
way to merge.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import ipywidgets
import traitlets

from pmwidgets.core.errors import PlanError
from pmwidgets.core.notation import format_task_list
from pmwidgets.core.plan import Plan
from pmwidgets.store.store import Store
from pmwidgets.widgets.gantt_chart import GanttChart
from pmwidgets.widgets.grid import MESSAGE_CLASS, message_html
from pmwidgets.widgets.plan_table import PlanTable
from pmwidgets.widgets.save_bar import SaveBar, toolbar_button

CSS_CLASS = "pmw-plan-editor"
TOOLBAR_CLASS = "pmw-toolbar"
#: Width of the table beside the chart; its other columns scroll into view.
TABLE_WIDTH = "500px"
CHART_WIDTH = 640
#: The table's first row is this far below its box (the widget's margin and the grid's border):
#: the chart is moved down as much so that its rows line up with the table's (a browser test
#: measures it).
GRID_INSET_PX = 3
NEW_TASK_NAME = "New task"
BASELINE = 0

#: Toolbar buttons: name (also the CSS class ``pmw-button-<name>``), label and tooltip.
BUTTONS: tuple[tuple[str, str, str], ...] = (
    ("add", "Add task", "Add a task at the end of the plan"),
    ("insert", "Insert task", "Insert a task above the selected row"),
    ("delete", "Delete", "Delete the selected tasks (a summary with its subtasks)"),
    ("indent", "Indent", "Put the selected tasks under the task above them"),
    ("outdent", "Outdent", "Move the selected tasks one outline level up"),
    ("link", "Link selected", "Link the selected tasks one after another (finish-to-start)"),
    ("undo", "Undo", "Undo the last change"),
    ("redo", "Redo", "Redo the last undone change"),
    ("baseline", "Set baseline", "Keep today's planned dates to compare progress against"),
)


class PlanEditor(ipywidgets.VBox):
    """Edit a plan: table and Gantt chart linked by selection, a toolbar and a message area.

    Select rows in the table (ctrl- or shift-click for several) or a bar in the chart, then use
    the toolbar; type into the table's white cells. Every action can be undone.

    Parameters
    ----------
    plan : Plan
        The plan edited.
    store : Store, optional
        Where Save writes; without one the Save button is hidden.
    read_only : bool
        Show the same table and chart with editing off and no toolbar (a dashboard).
    author : str, optional
        The name saved versions carry; the operating system's user name by default.
    today : date, optional
        Where the chart draws its today line; the real today by default.
    **kwargs
        Other ``VBox`` options.
    """

    plan = traitlets.Instance(Plan, help="The plan edited.")
    read_only = traitlets.Bool(False, help="Whether editing is off (a dashboard).")
    dirty = traitlets.Bool(False, help="Whether the plan has changes not saved to the store.")

    def __init__(
        self,
        plan: Plan,
        *,
        store: Store | None = None,
        read_only: bool = False,
        author: str | None = None,
        today: date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(plan=plan, read_only=read_only, **kwargs)
        self.message = ipywidgets.HTML("")
        self.message.add_class(MESSAGE_CLASS)
        self.saving = SaveBar(plan, store=store, message=self.message, author=author)
        self.status = self.saving.status
        self.table = PlanTable(
            plan,
            read_only=read_only,
            message=self.message,
            layout=ipywidgets.Layout(width=TABLE_WIDTH, flex="0 0 auto"),
        )
        chart_options = {} if today is None else {"today": today}
        self.chart = GanttChart(
            plan,
            read_only=read_only,
            layout=ipywidgets.Layout(margin=f"{GRID_INSET_PX}px 0 0 0"),
            **chart_options,
        )
        self.chart.figure.width = CHART_WIDTH
        self.buttons = {name: toolbar_button(name, label, tip) for name, label, tip in BUTTONS}
        self.buttons.update(save=self.saving.save_button, merge=self.saving.merge_button)
        self.toolbar = ipywidgets.HBox(list(self.buttons.values()))
        self.toolbar.add_class(TOOLBAR_CLASS)
        self._wire()
        self._arrange()
        self.add_class(CSS_CLASS)
        self._update_state()

    def select(self, task_id: str | None) -> None:
        """Select a task's row and bar from code (None clears the selection)."""
        self.table.select(task_id)
        self.chart.select(task_id)

    # -- actions (the toolbar's buttons call these) ---------------------------------------------

    def add_task(self, name: str = NEW_TASK_NAME) -> str | None:
        """Add a task at the end and select it; returns its id (None when refused)."""
        return self._select_new(self._act(lambda plan: plan.add_task(name).id))

    def insert_task(self, name: str = NEW_TASK_NAME) -> str | None:
        """Insert a task above the selected row (at the end when none is), at its outline level,
        and select it; returns its id (None when refused)."""
        selected = self.table.selected_task
        if selected is None:
            return self.add_task(name)

        def insert(plan: Plan) -> str:
            row = [task.id for task in plan.tasks].index(selected)
            level = plan.task(selected).outline_level
            return plan.add_task(name, position=row, outline_level=level).id

        return self._select_new(self._act(insert))

    def delete_selected(self) -> list[str]:
        """Delete the selected tasks; returns the ids removed (summaries take their subtasks)."""
        chosen = self._selection("delete")
        if not chosen:
            return []
        removed = self._act(lambda plan: plan.delete_tasks(chosen)) or []
        if removed:
            self._say(f"Deleted {format_task_list(removed)}. Undo brings them back.")
        return removed

    def indent_selected(self) -> bool:
        """Indent the selected tasks under the task above; returns whether it was done."""
        return self._outline("indent")

    def outdent_selected(self) -> bool:
        """Outdent the selected tasks one level; returns whether it was done."""
        return self._outline("outdent")

    def link_selected(self) -> bool:
        """Link the selected tasks one after another, finish-to-start, in the order selected."""
        chosen = self._selection("link", at_least=2)
        if not chosen:
            return False
        done = self._act(lambda plan: plan.link_chain(chosen) or True)
        if done:
            self._say(f"Linked {format_task_list(chosen)} finish-to-start, in that order.")
        return bool(done)

    def undo(self) -> str | None:
        """Undo the last change; returns its description (None when there was nothing)."""
        return self._history_step(self.plan.undo, "Undone", "Nothing to undo.")

    def redo(self) -> str | None:
        """Redo the last undone change; returns its description (None when there was none)."""
        return self._history_step(self.plan.redo, "Redone", "Nothing to redo.")

    def set_baseline(self) -> bool:
        """Keep every task's planned dates as the baseline the chart draws behind the bars."""
        done = self._act(lambda plan: plan.set_baseline(BASELINE) or True)
        if done:
            self._say(
                f"Baseline set: the planned dates of {len(self.plan.tasks)} tasks are kept; "
                "the chart draws them as grey bars behind the tasks."
            )
        return bool(done)

    def save(self, message: str = "") -> int | None:
        """Save the plan to the store as the project's next version (see :class:`SaveBar`)."""
        return self.saving.save(message)

    def merge(self) -> bool:
        """After a refused save, re-apply this plan's changes on the latest saved version."""
        return self.saving.merge()

    # -- wiring ----------------------------------------------------------------------------------

    def _wire(self) -> None:
        actions: dict[str, Callable[[], object]] = {
            "add": self.add_task,
            "insert": self.insert_task,
            "delete": self.delete_selected,
            "indent": self.indent_selected,
            "outdent": self.outdent_selected,
            "link": self.link_selected,
            "undo": self.undo,
            "redo": self.redo,
            "baseline": self.set_baseline,
        }
        for name, action in actions.items():
            self.buttons[name].on_click(lambda _button, action=action: action())
        self.table.on_select(self._on_table_select)
        self.table.grid.observe(self._on_table_scroll, names="top_row")
        self.chart.on_select(self._on_chart_select)
        self.table.on_edit(self._on_cell_edit)
        traitlets.link((self, "plan"), (self.saving, "plan"))
        traitlets.dlink((self.saving, "dirty"), (self, "dirty"))
        self.observe(self._on_plan_change, names="plan")
        self.observe(self._on_read_only_change, names="read_only")

    def _arrange(self) -> None:
        views = ipywidgets.HBox([self.table, self.chart])
        head = [] if self.read_only else [self.toolbar, self.status]
        self.children = [*head, self.message, views]

    def _on_read_only_change(self, change: dict[str, Any]) -> None:
        self.table.read_only = self.chart.read_only = change["new"]
        self._arrange()

    def _on_plan_change(self, change: dict[str, Any]) -> None:
        self.table.plan = self.chart.plan = change["new"]
        self._update_state()

    def _on_table_scroll(self, change: dict[str, Any]) -> None:
        """Keep the chart's rows beside the table's as the table scrolls."""
        self.chart.show_from(change["new"])

    def _on_table_select(self, event: dict[str, Any]) -> None:
        self.chart.select(event["task"])

    def _on_chart_select(self, event: dict[str, Any]) -> None:
        self.table.select(event["task"])

    def _on_cell_edit(self, event: dict[str, Any]) -> None:
        if event["accepted"]:
            self.chart.refresh()
            self._update_state()

    # -- machinery -------------------------------------------------------------------------------

    def _act(self, action: Callable[[Plan], Any]) -> Any:
        """Run one plan change; repaint on success, show the refusal otherwise."""
        try:
            result = action(self.plan)
        except PlanError as error:
            self._refuse(error.message)
            return None
        self._repaint()
        return result

    def _select_new(self, task_id: str | None) -> str | None:
        if task_id is None:
            return None
        self.select(task_id)
        self._say(f"Task {task_id} added: type its name, duration and predecessors in its row.")
        return task_id

    def _outline(self, verb: str) -> bool:
        chosen = self._selection(verb)
        if not chosen:
            return False
        shift = self.plan.indent if verb == "indent" else self.plan.outdent
        done = self._act(lambda _plan: shift(*chosen) or True)
        if done:
            self._say(f"{verb.capitalize()}ed {format_task_list(chosen)}.")
        return bool(done)

    def _history_step(self, step: Callable[[], str | None], done: str, nothing: str) -> str | None:
        description = step()
        if description is None:
            self._say(nothing)
            return None
        self._repaint()
        self._say(f"{done}: {description}.")
        return description

    def _selection(self, verb: str, at_least: int = 1) -> list[str]:
        """The selected task ids, or a message saying what to select."""
        chosen = list(self.table.selected_tasks)
        if len(chosen) < at_least:
            need = "a task" if at_least == 1 else f"at least {at_least} tasks"
            how = "" if at_least == 1 else " (ctrl-click or shift-click rows)"
            self._refuse(f"Select {need} to {verb}{how}.")
            return []
        return chosen

    def _repaint(self) -> None:
        self.table.refresh()
        self.chart.refresh()
        self._update_state()

    def _update_state(self) -> None:
        plan = self.plan
        self.saving.update()
        self.buttons["undo"].disabled = not plan.can_undo
        self.buttons["redo"].disabled = not plan.can_redo
        if plan.can_undo:
            self.buttons["undo"].tooltip = f"Undo: {plan.history[-1]}"

    def _say(self, text: str) -> None:
        self.message.value = message_html(text)

    def _refuse(self, text: str) -> None:
        self.message.value = message_html(text, error=True)
