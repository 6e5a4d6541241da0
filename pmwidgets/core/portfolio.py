"""The portfolio roll-up: every project's status on one line, for the PMO and management.

Per project: its store status (active, pending, closed), manager (the charter's, else who saved
last), RAG ratings by the PMO's rules, SPI and CPI, budget and estimate at completion, forecast
finish against the baseline finish, the next open milestones and the top risks. A project
without a baseline or a status date (not started, or pending approval) is listed without
figures, and says why. Onboarding sandboxes (learners' copies) are not projects and are left
out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from pmwidgets.core.costs import budget_at_completion
from pmwidgets.core.errors import PlanError
from pmwidgets.core.onboarding import is_sandbox
from pmwidgets.core.rag import RagRules, rate
from pmwidgets.core.risks import top_risks
from pmwidgets.core.status import project_status

if TYPE_CHECKING:
    from pmwidgets.core.plan import Plan
    from pmwidgets.store.store import ProjectInfo, Store

NEXT_MILESTONES = 3
TOP_RISKS = 3
PORTFOLIO_COLUMNS = [
    "project",
    "status",
    "manager",
    "rag",
    "schedule",
    "cost",
    "scope",
    "risk",
    "spi",
    "cpi",
    "bac",
    "eac",
    "percent_complete",
    "start",
    "baseline_finish",
    "forecast_finish",
    "finish_variance_days",
    "status_date",
    "next_milestones",
    "top_risks",
    "note",
]

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class MilestoneDue:
    """An open milestone and its forecast date."""

    name: str
    finish: date


@dataclass(frozen=True)
class ProjectLine:
    """One project's line in the portfolio; figures are None when not measured (``note``
    says why)."""

    project: str
    status: str
    manager: str
    rag: str | None
    ratings: dict[str, str]
    spi: float | None
    cpi: float | None
    bac: float | None
    eac: float | None
    percent_complete: float | None
    start: date
    baseline_finish: date | None
    forecast_finish: date
    finish_variance_days: int | None
    status_date: date | None
    next_milestones: tuple[MilestoneDue, ...]
    top_risks: tuple[str, ...]
    planned_cost: float
    currency: str
    note: str


def project_line(plan: Plan, info: ProjectInfo, rules: RagRules | None = None) -> ProjectLine:
    """The portfolio line of one project as saved (``info``: its store record)."""
    schedule = plan.schedule()
    manager = _manager(plan) or info.author
    common = {
        "project": info.name,
        "status": info.status,
        "manager": manager,
        "start": schedule.project_start,
        "forecast_finish": schedule.finish,
        "next_milestones": _next_milestones(plan),
        "top_risks": tuple(
            f"{r.id} {r.title} ({r.score})" for r in top_risks(plan.risks, TOP_RISKS)
        ),
        "planned_cost": budget_at_completion(plan),
        "currency": plan.settings.currency,
        "status_date": plan.status_date.date() if plan.status_date else None,
    }
    try:
        status = project_status(plan)
    except PlanError as error:
        return ProjectLine(
            **common,
            rag=None,
            ratings={},
            spi=None,
            cpi=None,
            bac=None,
            eac=None,
            percent_complete=None,
            baseline_finish=None,
            finish_variance_days=None,
            note=_not_measured(info.status, error),
        )
    report = rate(status, plan, rules)
    return ProjectLine(
        **common,
        rag=report.overall,
        ratings={r.dimension: r.level for r in report.ratings},
        spi=status.value.spi,
        cpi=status.value.cpi,
        bac=status.value.bac,
        eac=status.eac_bottom_up,
        percent_complete=status.percent_complete,
        baseline_finish=status.baseline_finish,
        finish_variance_days=status.finish_variance_days,
        note="",
    )


def portfolio(
    store: Store, *, rules: RagRules | None = None, progress: Progress | None = None
) -> list[ProjectLine]:
    """Every project in the store (sandboxes left out), by name; ``rules`` default to the
    store's. ``progress(done, total)`` is called after each project."""
    rules = rules or store.rag_rules()
    infos = [info for info in store.projects() if not is_sandbox(info.name)]
    lines = []
    for number, info in enumerate(infos, start=1):
        lines.append(project_line(store.load(info.name), info, rules))
        if progress is not None:
            progress(number, len(infos))
    return lines


def portfolio_frame(lines: list[ProjectLine]) -> pd.DataFrame:
    """The lines as a table with :data:`PORTFOLIO_COLUMNS` (milestones and risks as text)."""
    rows = [
        {
            "project": line.project,
            "status": line.status,
            "manager": line.manager,
            "rag": line.rag,
            **{d: line.ratings.get(d) for d in ("schedule", "cost", "scope", "risk")},
            "spi": line.spi,
            "cpi": line.cpi,
            "bac": line.bac,
            "eac": line.eac,
            "percent_complete": line.percent_complete,
            "start": line.start,
            "baseline_finish": line.baseline_finish,
            "forecast_finish": line.forecast_finish,
            "finish_variance_days": line.finish_variance_days,
            "status_date": line.status_date,
            "next_milestones": "; ".join(
                f"{m.name} {m.finish:%Y-%m-%d}" for m in line.next_milestones
            ),
            "top_risks": "; ".join(line.top_risks),
            "note": line.note,
        }
        for line in lines
    ]
    return pd.DataFrame(rows, columns=PORTFOLIO_COLUMNS)


def filter_lines(
    lines: list[ProjectLine],
    *,
    status: str | None = None,
    rag: str | None = None,
    manager: str | None = None,
) -> list[ProjectLine]:
    """The lines matching every filter given (None: any)."""
    return [
        line
        for line in lines
        if (status is None or line.status == status)
        and (rag is None or line.rag == rag)
        and (manager is None or line.manager == manager)
    ]


def _manager(plan: Plan) -> str:
    charter = getattr(plan.state, "charter", None)
    return getattr(charter, "manager", "") or ""


def _next_milestones(plan: Plan) -> tuple[MilestoneDue, ...]:
    frame = plan.schedule().to_frame()
    open_milestones = [
        MilestoneDue(task.name, row.finish.date())
        for task, row in zip(plan.tasks, frame.itertuples(index=False), strict=True)
        if row.milestone and not row.summary and task.percent_complete < 100
    ]
    return tuple(sorted(open_milestones, key=lambda m: m.finish)[:NEXT_MILESTONES])


def _not_measured(status: str, error: PlanError) -> str:
    if status == "pending":
        return "Pending approval: not started, nothing to measure."
    return f"Not measured: {error.message}"
