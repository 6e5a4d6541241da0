"""A project's status page for stakeholders: ratings and why, earned value, milestones, the
schedule and the top risks, read from the store and never written back.

A visitor never sees a traceback: a project that is not in the store, or one that cannot be
measured yet, gets a sentence saying so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from typing import Any

import ipywidgets
from sqlalchemy.exc import SQLAlchemyError

from pmwidgets.core.errors import PlanError
from pmwidgets.core.plan import Plan
from pmwidgets.core.status_history import performance_history
from pmwidgets.report import summarize_status
from pmwidgets.report.html import ratings_table
from pmwidgets.report.labels import rag_badge
from pmwidgets.report.summary import Milestone, StatusSummary
from pmwidgets.store import Store
from pmwidgets.widgets.earned_value_chart import EarnedValueChart
from pmwidgets.widgets.gantt_chart import GanttChart
from pmwidgets.widgets.top_risks import TopRisks

CSS_CLASS = "pmw-project-dashboard"
MESSAGE_CLASS = "pmw-friendly-message"


def friendly(build: Callable[[], ipywidgets.Widget], what: str) -> ipywidgets.Widget:
    """``build()``, or a sentence instead of a traceback when the store or the plan cannot
    give what it needs."""
    try:
        return build()
    except PlanError as error:
        return message_widget(f"{what}: {error.message}")
    except SQLAlchemyError:
        return message_widget(f"{what}: the project store cannot be read right now.")


def message_widget(text: str) -> ipywidgets.HTML:
    widget = ipywidgets.HTML(f"<p>{escape(text)}</p>")
    widget.add_class(MESSAGE_CLASS)
    return widget


class ProjectDashboard(ipywidgets.VBox):
    """One project's status, read-only.

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
        self.store = store
        self.project = project
        self.plan = self._load()
        self.children = self._sections()

    def _load(self) -> Plan | None:
        try:
            return self.store.load(self.project)
        except PlanError:
            return None

    def _sections(self) -> list[ipywidgets.Widget]:
        if self.plan is None:
            known = ", ".join(p.name for p in self.store.projects()) or "none yet"
            return [
                message_widget(
                    f"There is no project '{self.project}' in the store. Projects: {known}."
                )
            ]
        rules = self.store.rag_rules()
        try:
            summary = summarize_status(self.plan, rules=rules)
        except PlanError as error:
            return [
                ipywidgets.HTML(f"<h2>{escape(self.plan.name)}</h2>"),
                message_widget(f"Not measured yet: {error.message}"),
                GanttChart(self.plan, read_only=True),
                TopRisks(self.plan),
            ]
        history = performance_history(self.store, self.project)
        return [
            ipywidgets.HTML(_header(summary) + ratings_table(summary.rag) + _milestones(summary)),
            EarnedValueChart(self.plan, rules=rules, history=history),
            ipywidgets.HTML("<h3>Schedule</h3>"),
            GanttChart(self.plan, read_only=True),
            ipywidgets.HTML("<h3>Top risks</h3>"),
            TopRisks(self.plan),
        ]


def _header(summary: StatusSummary) -> str:
    status = summary.status
    done = status.percent_complete
    return (
        f"<h2>{escape(status.project)} {rag_badge(summary.rag.overall)}</h2>"
        f"<p>Status as of {_day(status.status_date, summary)}: "
        f"{'n/a' if done is None else f'{done:.0f}%'} of the budget earned; forecast finish "
        f"{_day(status.forecast_finish, summary)} against the baseline's "
        f"{_day(status.baseline_finish, summary)}.</p>"
    )


def _milestones(summary: StatusSummary) -> str:
    def items(milestones: tuple[Milestone, ...]) -> str:
        return ", ".join(f"{escape(m.name)} ({_day(m.finish, summary)})" for m in milestones) or (
            "none"
        )

    return (
        f"<p><b>Milestones late:</b> {items(summary.late)}<br>"
        f"<b>Due in the next two weeks:</b> {items(summary.due)}<br>"
        f"<b>Done:</b> {items(summary.done)}</p>"
    )


def _day(day: date, summary: StatusSummary) -> str:
    return escape(day.strftime(summary.date_format))
