"""The change-request register: raise, describe, approve, reject or withdraw change requests.

Every typed cell becomes one ``plan.update_change(...)`` and every button one
``plan.raise_change``, ``plan.decide_change`` or ``plan.withdraw_change``: the plan types and
validates them (an unknown task, a cost that is not a number, a request already decided) and a
refusal is shown with the request, field and value, the cell keeping its old value. Decided
requests are part of the record: their rows are grey, their cells are refused, and only a new
request changes them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import ipywidgets
import pandas as pd
import traitlets

from pmwidgets.core.change_requests import ChangeRequest
from pmwidgets.core.errors import PlanError
from pmwidgets.core.plan import Plan
from pmwidgets.core.plan_diff import value_text
from pmwidgets.store.store import Store
from pmwidgets.widgets.grid import MESSAGE_CLASS, GridColumn, ValidatedGrid, message_html
from pmwidgets.widgets.save_bar import SaveBar, toolbar_button

CSS_CLASS = "pmw-change-requests"
NEW_REQUEST_TITLE = "New change request"
READ_ONLY_MESSAGE = "This register is read-only: nothing was changed."
DECIDED_NOTE = "decided: part of the record; raise a new request to change it"

#: The columns, in order, with the change-request field typing into them sets (None: set by
#: the decision, or the id).
COLUMNS: tuple[tuple[GridColumn, str | None], ...] = (
    (GridColumn("ID", 55, editable=False), None),
    (GridColumn("Title", 220), "title"),
    (GridColumn("Description", 260), "description"),
    (GridColumn("Schedule impact (days)", 150), "schedule_impact_days"),
    (GridColumn("Cost impact", 100), "cost_impact"),
    (GridColumn("Tasks", 80), "tasks"),
    (GridColumn("Raised by", 100), "raised_by"),
    (GridColumn("Raised", 95), "raised"),
    (GridColumn("Status", 85, editable=False), None),
    (GridColumn("Decided by", 100, editable=False), None),
    (GridColumn("Decided", 95, editable=False), None),
    (GridColumn("Decision note", 200, editable=False), None),
)
FIELDS = {column.name: name for column, name in COLUMNS if name is not None}


class ChangeRequestRegister(ipywidgets.VBox):
    """A plan's change requests as a table, with Raise, Approve, Reject and Withdraw.

    Parameters
    ----------
    plan : Plan
        The plan whose register is shown and edited.
    store : Store, optional
        Where Save writes the plan as the project's next version; without one there is no Save.
    read_only : bool
        Show the register without editing, buttons or Save (a dashboard).
    author : str, optional
        Who raises requests from this page, and the name saved versions carry.
    **kwargs
        Other ``VBox`` options.

    Approve and Reject act on the selected row and record the name typed in "Decided by",
    today's date and the note.
    """

    plan = traitlets.Instance(Plan, help="The plan whose change requests are shown.")
    read_only = traitlets.Bool(False, help="Whether editing is off (a dashboard).")

    def __init__(
        self,
        plan: Plan,
        *,
        store: Store | None = None,
        read_only: bool = False,
        author: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(plan=plan, read_only=read_only, **kwargs)
        self.author = author
        self.message = ipywidgets.HTML("")
        self.message.add_class(MESSAGE_CLASS)
        self.saving = SaveBar(plan, store=store, message=self.message, author=author)
        traitlets.link((self, "plan"), (self.saving, "plan"))
        self.decided_by = ipywidgets.Text(
            description="Decided by", placeholder="who approves or rejects"
        )
        self.note = ipywidgets.Text(description="Note", placeholder="the reason, for the record")
        self.decided_by.add_class("pmw-decided-by")
        self.note.add_class("pmw-decision-note")
        self.buttons = {
            "raise": toolbar_button("raise-change", "Raise", "Raise a new change request"),
            "approve": toolbar_button("approve", "Approve", "Approve the selected request"),
            "reject": toolbar_button("reject", "Reject", "Reject the selected request"),
            "withdraw": toolbar_button(
                "withdraw", "Withdraw", "Remove the selected request, raised by mistake"
            ),
        }
        self.grid = ValidatedGrid(
            self._frame(),
            [column for column, _ in COLUMNS],
            self._apply,
            read_only=read_only,
            message=self.message,
            locked_note=DECIDED_NOTE,
        )
        self._lock_decided()
        self._wire()
        self._arrange()
        self.add_class(CSS_CLASS)

    # -- actions ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the register (after edits elsewhere, an undo, a merge)."""
        self.grid.set_frame(self._frame())
        self._lock_decided()

    def edit(self, request_id: str, column: str, value: object) -> bool:
        """Type ``value`` into a request's cell from code; returns whether it was accepted."""
        return self.grid.edit(request_id, column, value)

    def raise_request(self, title: str = NEW_REQUEST_TITLE) -> str | None:
        """Raise a proposed request (by this page's author, today), select it and return its id."""
        if not self._writable():
            return None
        request = self.plan.raise_change(title, raised_by=self.author or "", raised=date.today())
        self.refresh()
        self.grid.selected_row = request.id
        self._say(
            f"Change request {request.id} raised: type what it asks, its schedule and cost "
            "impact and the tasks it touches."
        )
        self._changed()
        return request.id

    def approve(self) -> bool:
        """Approve the selected request, recording "Decided by", today and the note."""
        return self._decide(approved=True)

    def reject(self) -> bool:
        """Reject the selected request, recording "Decided by", today and the note."""
        return self._decide(approved=False)

    def withdraw(self) -> bool:
        """Remove the selected request (only a proposed one: decided requests stay)."""
        request_id = self._selected()
        if request_id is None:
            return False
        try:
            self.plan.withdraw_change(request_id)
        except PlanError as error:
            self._say(error.message, error=True)
            return False
        self.refresh()
        self._say(f"Change request {request_id} withdrawn.")
        self._changed()
        return True

    def on_change(self, callback: Callable[[], None], remove: bool = False) -> None:
        """Register (or remove) a callback for every change made to the register here."""
        self._change_callbacks.register_callback(callback, remove=remove)

    # -- machinery -------------------------------------------------------------------------------

    def _wire(self) -> None:
        self._change_callbacks = ipywidgets.CallbackDispatcher()
        self.buttons["raise"].on_click(lambda _button: self.raise_request())
        self.buttons["approve"].on_click(lambda _button: self.approve())
        self.buttons["reject"].on_click(lambda _button: self.reject())
        self.buttons["withdraw"].on_click(lambda _button: self.withdraw())
        self.grid.on_edit(self._on_grid_edit)
        self.observe(lambda _change: self.refresh(), names="plan")
        self.observe(self._on_read_only_change, names="read_only")

    def _arrange(self) -> None:
        editing = not self.read_only
        toolbar = [ipywidgets.HBox([*self.buttons.values(), self.decided_by, self.note])]
        saving = [self.saving] if editing and self.saving.store is not None else []
        self.children = [*(toolbar if editing else []), *saving, self.message, self.grid]

    def _on_read_only_change(self, change: dict[str, Any]) -> None:
        self.grid.read_only = change["new"]
        self._arrange()

    def _on_grid_edit(self, event: dict[str, Any]) -> None:
        if event["accepted"]:
            self._changed()

    def _writable(self) -> bool:
        if self.read_only:
            self._say(READ_ONLY_MESSAGE, error=True)
        return not self.read_only

    def _selected(self) -> str | None:
        """The selected request's id; says what to do when editing is off or nothing is
        selected."""
        if not self._writable():
            return None
        if self.grid.selected_row is None:
            self._say("Select a change request first (click its row).", error=True)
        return self.grid.selected_row

    def _decide(self, *, approved: bool) -> bool:
        request_id = self._selected()
        if request_id is None:
            return False
        try:
            self.plan.decide_change(
                request_id, approved=approved, by=self.decided_by.value, note=self.note.value
            )
        except PlanError as error:
            self._say(error.message, error=True)
            return False
        request = self.plan.change_request(request_id)
        self.grid.update_rows(self._frame([request]))
        self._lock_decided()
        when = value_text(request.decided, self.plan.settings.date_format)
        self._say(
            f"Change request {request_id} {request.status} by {request.decided_by} on {when}."
        )
        self._changed()
        return True

    def _lock_decided(self) -> None:
        """Grey the decided requests' rows, so that nobody starts typing into them."""
        self.grid.locked_rows = tuple(
            r.id for r in self.plan.change_requests if r.status != "proposed"
        )

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.value = message_html(text, error=error)

    def _changed(self) -> None:
        self.saving.update()
        self._change_callbacks()

    def _apply(self, request_id: str, column: str, text: str) -> str | None:
        self.plan.update_change(request_id, **{FIELDS[column]: text})
        self.grid.update_rows(self._frame([self.plan.change_request(request_id)]))
        return None

    def _frame(self, requests: list[ChangeRequest] | None = None) -> pd.DataFrame:
        shown = list(self.plan.change_requests) if requests is None else requests
        fmt = self.plan.settings.date_format
        rows = {
            r.id: (
                r.id,
                r.title,
                r.description,
                value_text(r.schedule_impact_days),
                value_text(r.cost_impact),
                ", ".join(r.tasks),
                r.raised_by,
                value_text(r.raised, fmt),
                r.status,
                r.decided_by,
                value_text(r.decided, fmt),
                r.decision_note,
            )
            for r in shown
        }
        columns = [column.name for column, _ in COLUMNS]
        return pd.DataFrame.from_dict(rows, orient="index", columns=columns)
