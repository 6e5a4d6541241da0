"""Saving a plan from a page: Save, Merge after a refused save, and what is saved.

Every editing page (plan editor, risk register) shows one: Save writes the plan as the
project's next version; when someone else saved first, the store refuses and keeps the plan,
the message line says who saved what, and Merge re-applies this page's changes on theirs.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets
import traitlets

from pmwidgets.core.errors import ConflictError, PlanError
from pmwidgets.core.model import PlanState
from pmwidgets.core.plan import Plan
from pmwidgets.store.store import Store
from pmwidgets.widgets.grid import message_html

STATUS_CLASS = "pmw-save-status"


class SaveBar(ipywidgets.HBox):
    """Save and Merge buttons and a line saying which version is open and whether it changed.

    Parameters
    ----------
    plan : Plan
        The plan saved; after Merge this trait holds the merged plan (observe it).
    store : Store, optional
        Where Save writes; without one the buttons are hidden and :meth:`save` refuses.
    message : ipywidgets.HTML
        The page's message line, for what saving did or why it was refused.
    author : str, optional
        The name saved versions carry; the operating system's user name by default.
    """

    plan = traitlets.Instance(Plan, help="The plan saved (the merged one after Merge).")
    dirty = traitlets.Bool(False, help="Whether the plan has changes not saved to the store.")

    def __init__(
        self,
        plan: Plan,
        *,
        store: Store | None,
        message: ipywidgets.HTML,
        author: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(plan=plan, **kwargs)
        self.store = store
        self.author = author
        self.message = message
        self._saved_state: PlanState | None = plan.state
        self.save_button = toolbar_button(
            "save", "Save", "Save the plan as the project's next version"
        )
        self.merge_button = toolbar_button(
            "merge", "Merge", "Re-apply your changes on top of the version someone else saved"
        )
        self.save_button.on_click(lambda _button: self.save())
        self.merge_button.on_click(lambda _button: self.merge())
        self.save_button.layout.display = None if store is not None else "none"
        self.merge_button.layout.display = "none"
        self.status = ipywidgets.HTML("")
        self.status.add_class(STATUS_CLASS)
        self.observe(lambda _change: self.update(), names="plan")
        self.update()

    def save(self, message: str = "") -> int | None:
        """Save the plan as the project's next version; returns its number (None if refused:
        the message line says why, and after a conflict Merge appears)."""
        if self.store is None:
            self._say("There is no store to save to: open the page with store=Store(...).", True)
            return None
        try:
            saved = self.store.save(self.plan, author=self.author, message=message)
        except ConflictError as error:
            self._say(error.message, True)
            self.merge_button.layout.display = None
            return None
        except PlanError as error:
            self._say(error.message, True)
            return None
        self._saved_state = self.plan.state
        self.merge_button.layout.display = "none"
        self._say(f"Saved as version {saved.version} of '{saved.project}'.")
        self.update()
        return saved.version

    def merge(self) -> bool:
        """After a refused save: re-apply this plan's changes on the latest saved version.

        Where both sides changed the same field the latest saved value is kept, and the message
        lists each clash. The merged plan (now :attr:`plan`) is not saved until Save.
        """
        if self.store is None:
            self._say("There is no store to merge with.", True)
            return False
        try:
            merged, clashes = self.store.merge(self.plan)
        except PlanError as error:
            self._say(error.message, True)
            return False
        self._saved_state = None
        self.plan = merged
        self.merge_button.layout.display = "none"
        kept = "; ".join(str(clash) for clash in clashes)
        self._say(
            f"Merged your changes onto version {merged.version}. "
            + (f"Both sides changed: {kept} (theirs kept). " if clashes else "")
            + "Save to keep the result."
        )
        return True

    def update(self) -> None:
        """Recompute whether the plan changed since it was saved, and the status line."""
        plan = self.plan
        self.dirty = plan.state is not self._saved_state
        saved = f"version {plan.version}" if plan.version is not None else "not saved yet"
        changes = " · unsaved changes" if self.dirty and plan.version is not None else ""
        project = plan.project or plan.name
        self.status.value = f"<span>{escape(f'{project} · {saved}{changes}')}</span>"

    def _say(self, text: str, error: bool = False) -> None:
        self.message.value = message_html(text, error=error)


def toolbar_button(name: str, label: str, tooltip: str) -> ipywidgets.Button:
    """A labelled button with a tooltip and the CSS class ``pmw-button-<name>``."""
    button = ipywidgets.Button(description=label, tooltip=tooltip)
    button.add_class(f"pmw-button-{name}")
    return button
