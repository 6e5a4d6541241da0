"""The project charter as a form: purpose, scope, objectives, stakeholders, approval.

Apply hands every field to ``plan.set_charter`` at once, which types and checks them: a refused
value is named with its field in the message line and the plan keeps its charter. Save writes
the plan, charter included, as the project's next version. :func:`charter_html` renders a
charter read-only, for dashboards and reports.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets
import traitlets

from pmwidgets.core.charter import CHARTER_FIELDS, CHARTER_LABELS, LIST_FIELDS, Charter
from pmwidgets.core.charter import charter_field_text as field_text
from pmwidgets.core.errors import PlanError
from pmwidgets.core.plan import Plan
from pmwidgets.store.store import Store
from pmwidgets.widgets.grid import MESSAGE_CLASS, message_html
from pmwidgets.widgets.save_bar import SaveBar, toolbar_button

CSS_CLASS = "pmw-charter-form"
SUMMARY_CLASS = "pmw-charter"
READ_ONLY_MESSAGE = "This charter is read-only: nothing was changed."
#: Fields typed on one line; the others get a text area.
ONE_LINE = ("sponsor", "manager", "approved_on")
LABEL_WIDTH = "130px"

#: Each field's placeholder (what to type) and tooltip (what it means and why it is asked).
FIELD_HELP: dict[str, tuple[str, str]] = {
    "purpose": (
        "Why the project exists",
        "Purpose: the problem the project solves or the opportunity it takes, in a few sentences.",
    ),
    "scope": (
        "What the project will deliver",
        "Scope: the deliverables and the work the project includes.",
    ),
    "out_of_scope": (
        "What the project will not deliver",
        "Out of scope: what the project will not deliver, so nobody expects it.",
    ),
    "objectives": (
        "One measurable objective a line",
        "Objectives: measurable results, one a line, e.g. 'All 40 staff working from the new "
        "office by 1 June'.",
    ),
    "stakeholders": (
        "One a line: name | role | interest",
        "Stakeholders: who the project affects or answers to, one a line as name | role | what "
        "they need, e.g. 'Facilities team | Runs the building | Move out of office hours'.",
    ),
    "success_criteria": (
        "One a line: how success is judged",
        "Success criteria: how the sponsor will judge the project a success, one a line.",
    ),
    "constraints": (
        "One a line: budget, dates, rules",
        "Constraints: limits the project must work within (a budget cap, a fixed date, a "
        "regulation), one a line.",
    ),
    "assumptions": (
        "One a line: what is taken as true",
        "Assumptions: what the plan takes as true without proof, one a line; each is a risk "
        "if it turns out false.",
    ),
    "sponsor": (
        "Who approves the charter",
        "Sponsor: who owns the business case, approves the charter and decides on changes.",
    ),
    "manager": ("Who runs the project", "Project manager: who runs the project day to day."),
    "approved_on": (
        "Empty while the charter is a draft",
        "Approved on: the day the sponsor approved the charter (needs a sponsor); empty while "
        "it is a draft.",
    ),
}

#: The form's sections: a heading and the fields under it.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Why and what", ("purpose", "scope", "out_of_scope")),
    ("Goals", ("objectives", "success_criteria")),
    ("People", ("sponsor", "manager", "stakeholders")),
    ("Limits", ("constraints", "assumptions")),
    ("Approval", ("approved_on",)),
)


class CharterForm(ipywidgets.VBox):
    """A plan's charter as labelled text fields, with Apply and Save.

    Parameters
    ----------
    plan : Plan
        The plan whose charter is shown and edited.
    store : Store, optional
        Where Save writes the plan as the project's next version; without one there is no Save.
    read_only : bool
        Show the charter with editing, Apply and Save off (a dashboard).
    author : str, optional
        The name saved versions carry.
    **kwargs
        Other ``VBox`` options.
    """

    plan = traitlets.Instance(Plan, help="The plan whose charter is shown.")
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
        self.message = ipywidgets.HTML("")
        self.message.add_class(MESSAGE_CLASS)
        self.saving = SaveBar(plan, store=store, message=self.message, author=author)
        traitlets.link((self, "plan"), (self.saving, "plan"))
        self.fields = {name: _field_widget(name) for name in CHARTER_FIELDS}
        self.apply_button = toolbar_button(
            "apply-charter", "Apply", "Check the charter and keep it in the plan; Save stores it"
        )
        self.apply_button.on_click(lambda _button: self.apply())
        self._apply_callbacks = ipywidgets.CallbackDispatcher()
        self.observe(lambda _change: self.refresh(), names="plan")
        self.observe(lambda _change: self._arrange(), names="read_only")
        self.refresh()
        self._arrange()
        self.add_class(CSS_CLASS)

    def refresh(self) -> None:
        """Show the plan's charter in the fields (after an undo, a merge, another page's edit)."""
        charter = self.plan.charter
        date_format = self.plan.settings.date_format
        with self.hold_sync():
            for name, widget in self.fields.items():
                widget.value = field_text(charter, name, date_format)

    def apply(self) -> bool:
        """Hand every field to ``plan.set_charter`` as one edit; returns whether it was taken.

        A refusal names the field and the value in the message line; the plan keeps its
        charter and the fields keep what was typed, to be corrected.
        """
        if self.read_only:
            return self._done(False, (), READ_ONLY_MESSAGE)
        before = self.plan.charter
        try:
            after = self.plan.set_charter(**{n: w.value for n, w in self.fields.items()})
        except PlanError as error:
            return self._done(False, (), error.message)
        changed = tuple(n for n in CHARTER_FIELDS if getattr(before, n) != getattr(after, n))
        self.refresh()
        self.saving.update()
        if not changed:
            return self._done(True, changed, "Nothing changed in the charter.")
        labels = ", ".join(CHARTER_LABELS[name].lower() for name in changed)
        return self._done(True, changed, f"Charter updated ({labels}). Save to store it.")

    def on_apply(self, callback: Callable[[dict[str, Any]], None], remove: bool = False) -> None:
        """Register (or with ``remove=True`` unregister) a callback for every Apply.

        The callback gets a dict: ``accepted`` (bool), ``fields`` (the names of the fields
        that changed) and ``message`` (the sentence shown).
        """
        self._apply_callbacks.register_callback(callback, remove=remove)

    def _done(self, accepted: bool, changed: tuple[str, ...], text: str) -> bool:
        self.message.value = message_html(text, error=not accepted)
        self._apply_callbacks({"accepted": accepted, "fields": list(changed), "message": text})
        return accepted

    def _arrange(self) -> None:
        editing = not self.read_only
        for widget in self.fields.values():
            widget.disabled = not editing
        sections: list[ipywidgets.Widget] = []
        for heading, names in SECTIONS:
            sections.append(ipywidgets.HTML(f"<h4>{escape(heading)}</h4>"))
            sections.extend(self.fields[name] for name in names)
        saving = [self.saving] if editing and self.saving.store is not None else []
        buttons = [ipywidgets.HBox([self.apply_button, *saving])] if editing else []
        self.children = [*sections, *buttons, self.message]


def _field_widget(name: str) -> ipywidgets.Text | ipywidgets.Textarea:
    """A labelled text field (a text area for paragraphs and lists) with its help."""
    placeholder, tooltip = FIELD_HELP[name]
    kind = ipywidgets.Text if name in ONE_LINE else ipywidgets.Textarea
    widget = kind(
        description=CHARTER_LABELS[name],
        placeholder=placeholder,
        tooltip=tooltip,
        style={"description_width": LABEL_WIDTH},
        layout=ipywidgets.Layout(width="100%"),
    )
    if kind is ipywidgets.Textarea:
        widget.rows = 4 if name in LIST_FIELDS or name == "stakeholders" else 3
    widget.add_class(f"pmw-charter-{name.replace('_', '-')}")
    return widget


def charter_html(charter: Charter, date_format: str = "%Y-%m-%d") -> str:
    """The charter as read-only HTML for dashboards: each written field under its label,
    lists as lists, stakeholders as a table, and who approved it when. All text is escaped."""
    if charter.is_empty:
        return f'<div class="{SUMMARY_CLASS}"><p>No charter has been written yet.</p></div>'
    parts = [_approval_html(charter, date_format)]
    for name in CHARTER_FIELDS:
        value = getattr(charter, name)
        if name in ("sponsor", "approved_on") or not value:
            continue
        parts.append(f"<dt>{escape(CHARTER_LABELS[name])}</dt><dd>{_value_html(name, value)}</dd>")
    return f'<div class="{SUMMARY_CLASS}"><dl>{"".join(parts)}</dl></div>'


def _approval_html(charter: Charter, date_format: str) -> str:
    if charter.approved_on is not None:
        text = f"Approved by {charter.sponsor} on {charter.approved_on:{date_format}}"
    elif charter.sponsor:
        text = f"Draft, for approval by {charter.sponsor}"
    else:
        text = "Draft: no sponsor named yet"
    return f"<dt>Status</dt><dd>{escape(text)}</dd>"


def _value_html(name: str, value: Any) -> str:
    if name == "stakeholders":
        rows = "".join(
            f"<tr><td>{escape(s.name)}</td><td>{escape(s.role)}</td>"
            f"<td>{escape(s.interest)}</td></tr>"
            for s in value
        )
        return f"<table><tr><th>Name</th><th>Role</th><th>Interest</th></tr>{rows}</table>"
    if name in LIST_FIELDS:
        return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in value) + "</ul>"
    return escape(value).replace("\n", "<br>")
