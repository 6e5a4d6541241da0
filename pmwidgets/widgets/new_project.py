"""Start a project from a PMO template: pick the template, name it, say who and when, Create.

Create calls :func:`pmwidgets.core.templates.new_project`, which builds the plan (the
template's phases one after another, its milestones, starter risks and risk categories, a
charter with the manager and the template's description), saves it as version 1 and sets the
status. A refusal (a blank or existing name, no manager) is said in the message line and
nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from html import escape
from typing import Any
from urllib.parse import quote

import ipywidgets

from pmwidgets.core.errors import PlanError
from pmwidgets.core.plan import Plan
from pmwidgets.core.templates import NEW_PROJECT_STATUSES, TEMPLATES, find_template, new_project
from pmwidgets.store.store import Store
from pmwidgets.widgets.grid import MESSAGE_CLASS, message_html
from pmwidgets.widgets.save_bar import toolbar_button

CSS_CLASS = "pmw-new-project"
RESULT_CLASS = "pmw-new-project-result"
#: Where a created project's charter opens, relative to this page under ``voila workbooks``.
CHARTER_PAGE = "../templates/charter.ipynb"
STATUS_HELP = {
    "pending": "Pending: proposed, waiting for approval; the capacity forecast counts it at "
    "its tentative start",
    "active": "Active: approved and under way",
}
LABEL_STYLE = {"description_width": "110px"}


class NewProjectForm(ipywidgets.VBox):
    """A form that creates a project in ``store`` from one of the PMO's templates.

    Parameters
    ----------
    store : Store
        Where the project is created (not read-only).
    template : str, optional
        The template picked at first; the first one when omitted.
    charter_page : str, optional
        The address of the charter workbook, linked from the line saying what was created;
        no link when ``None``.
    **kwargs
        Other ``VBox`` options.
    """

    def __init__(
        self,
        store: Store,
        *,
        template: str | None = None,
        charter_page: str | None = CHARTER_PAGE,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.store = store
        self.charter_page = charter_page
        self.template = ipywidgets.Dropdown(
            options=[t.name for t in TEMPLATES],
            value=find_template(template).name if template else TEMPLATES[0].name,
            description="Template",
            style=LABEL_STYLE,
        )
        self.about = ipywidgets.HTML("")
        self.project = _text("Name", "The new project's name, e.g. Head office move 2027")
        self.manager = _text("Manager", "Who manages the project")
        self.start = ipywidgets.DatePicker(
            value=next_monday(date.today()), description="Start", style=LABEL_STYLE
        )
        self.status = ipywidgets.ToggleButtons(
            options=[(s.capitalize(), s) for s in NEW_PROJECT_STATUSES],
            tooltips=[STATUS_HELP[s] for s in NEW_PROJECT_STATUSES],
            description="Status",
            style=LABEL_STYLE,
        )
        self.create_button = toolbar_button(
            "create-project", "Create", "Create the project from the template as version 1"
        )
        self.result = ipywidgets.HTML("")
        self.result.add_class(RESULT_CLASS)
        self.message = ipywidgets.HTML("")
        self.message.add_class(MESSAGE_CLASS)
        self._create_callbacks = ipywidgets.CallbackDispatcher()
        self.create_button.on_click(lambda _button: self.create())
        self.template.observe(lambda _change: self._describe(), names="value")
        self._describe()
        self.children = [
            self.template,
            self.about,
            self.project,
            self.manager,
            self.start,
            self.status,
            self.create_button,
            self.result,
            self.message,
        ]
        self.add_class(CSS_CLASS)

    def create(self) -> Plan | None:
        """Create the project from the form; returns its plan, or ``None`` when refused (the
        message line says why and nothing is saved)."""
        try:
            plan = new_project(
                self.store,
                self.project.value,
                self.template.value,
                start=self.start.value,
                manager=self.manager.value,
                status=self.status.value,
            )
        except PlanError as error:
            self.result.value = ""
            self.message.value = message_html(error.message, error=True)
            return None
        self.result.value = self._created_html(plan)
        self.message.value = ""
        self._create_callbacks(
            {"project": plan.name, "tasks": len(plan), "status": self.status.value, "plan": plan}
        )
        return plan

    def on_create(self, callback: Callable[[dict[str, Any]], None], remove: bool = False) -> None:
        """Register (or with ``remove=True`` unregister) a callback for every project created.

        The callback gets a dict: ``project`` (its name), ``tasks`` (its number of rows,
        phases and milestones included), ``status`` and ``plan`` (the plan saved).
        """
        self._create_callbacks.register_callback(callback, remove=remove)

    def _describe(self) -> None:
        template = find_template(self.template.value)
        phases = " \u2192 ".join(phase.name for phase in template.phases)
        self.about.value = (
            f"<p>{escape(template.description)}</p>"
            f"<p><b>Phases:</b> {escape(phases)}. <b>Milestones:</b> "
            f"{escape(', '.join(template.milestones))}. <b>Risk categories:</b> "
            f"{escape(', '.join(template.risk_categories))}.</p>"
        )

    def _created_html(self, plan: Plan) -> str:
        schedule = plan.schedule()
        text = (
            f"Created '{plan.name}' ({self.status.value}, version {plan.version}): "
            f"{len(plan)} tasks, {schedule.project_start:%Y-%m-%d} to {schedule.finish:%Y-%m-%d}."
        )
        link = ""
        if self.charter_page is not None:
            address = f"{self.charter_page}?project={quote(plan.name)}"
            link = f' <a href="{escape(address)}" target="_blank">Write its charter</a>'
        return f"<span>{escape(text)}</span>{link}"


def next_monday(today: date) -> date:
    """The first Monday after ``today``: a new project's default start."""
    return today + timedelta(days=7 - today.weekday())


def _text(label: str, placeholder: str) -> ipywidgets.Text:
    return ipywidgets.Text(description=label, placeholder=placeholder, style=LABEL_STYLE)
