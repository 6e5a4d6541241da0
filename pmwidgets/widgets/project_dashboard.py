"""A project's pages for stakeholders: its status (ratings and why, key figures, earned value,
milestones, top risks, what slipped and changed) and its schedule, read from the store and
never written back.

A visitor never sees a traceback: a project that is not in the store, or one that cannot be
measured yet, gets a sentence saying so.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any
from urllib.parse import quote

import ipywidgets
from IPython.display import HTML, display
from sqlalchemy.exc import SQLAlchemyError

from pmwidgets.core.errors import PlanError
from pmwidgets.core.onboarding import is_sandbox
from pmwidgets.report import summarize_status
from pmwidgets.report.html import render_fragment
from pmwidgets.store import Store
from pmwidgets.widgets.gantt_chart import GanttChart
from pmwidgets.widgets.page import MESSAGE_CLASS, message_widget
from pmwidgets.widgets.top_risks import TopRisks

CSS_CLASS = "pmw-project-dashboard"
SUMMARY_CLASS = "pmw-project-summary"
#: A project's schedule page, beside the status page in ``workbooks/dashboards/``.
SCHEDULE_PAGE = "project_schedule.ipynb?project={project}"


def friendly(build: Callable[[], ipywidgets.Widget], what: str) -> ipywidgets.Widget:
    """``build()``, or a sentence instead of a traceback when the store or the plan cannot
    give what it needs."""
    try:
        return build()
    except PlanError as error:
        return message_widget(f"{what}: {error.message}")
    except SQLAlchemyError:
        return message_widget(f"{what}: the project store cannot be read right now.")


def _message(text: str) -> str:
    return f"<p class='{MESSAGE_CLASS}'>{escape(text)}</p>"


class ProjectDashboard(ipywidgets.VBox):
    """One project's schedule and risks, read-only: the Gantt chart against the baseline and
    the top risks (the status itself is :func:`status_html`, plain HTML that needs no chart
    library and paints fast).

    Parameters
    ----------
    store : Store
        Opened read-only for a dashboard: nothing on this page can save.
    project : str
        The project's name in the store.
    """

    def __init__(self, store: Store, project: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class(CSS_CLASS)
        plan = store.load(project)
        self.children = [
            ipywidgets.HTML(f"<h2>{escape(plan.name)}: schedule and risks</h2>"),
            GanttChart(plan, read_only=True),
            ipywidgets.HTML("<h3>Top risks</h3>"),
            TopRisks(plan),
        ]


def status_html(store: Store, project: str, schedule_page: str = SCHEDULE_PAGE) -> str:
    """A project's status as HTML: ratings and reasons, key figures, the earned-value curves,
    milestones, top risks, slipped tasks and the changes since the last report; or a sentence
    saying why there is none. Ends with a link to the project's schedule page."""
    try:
        plan = store.load(project)
    except PlanError:
        known = ", ".join(p.name for p in store.projects() if not is_sandbox(p.name))
        return _message(
            f"There is no project '{project}' in the store. Projects: {known or 'none yet'}."
        )
    address = escape(schedule_page.format(project=quote(project)))
    link = (
        f"<p><a class='pmw-schedule-link' href='{address}'>"
        "The schedule (Gantt chart against the baseline) and the top risks</a></p>"
    )
    try:
        summary = summarize_status(plan, store=store, rules=store.rag_rules())
    except PlanError as error:
        return (
            f"<h2>{escape(plan.name)}</h2>" + _message(f"Not measured yet: {error.message}") + link
        )
    return render_fragment(summary, SUMMARY_CLASS) + link


def show_project(store: Store, project: str) -> None:
    """Show a project's status page (see :func:`status_html`), or why it cannot be read."""
    try:
        page = status_html(store, project)
    except SQLAlchemyError:
        page = _message(f"Project '{project}': the project store cannot be read now.")
    display(HTML(page))
