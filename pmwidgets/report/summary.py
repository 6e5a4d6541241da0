"""Everything a status report says, gathered from a plan (and its store history).

The report tells management the ratings and why, the milestones done, due and late, the top
risks, what changed since the last report and the key figures. "The last report" is the
latest saved version whose status date is before this report's: the changes since are those
saved after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import pandas as pd

from pmwidgets.core.baselines import slipped
from pmwidgets.core.change_log import ChangeEntry, change_log
from pmwidgets.core.rag import RagReport, RagRules, rate
from pmwidgets.core.risks import Risk, top_risks
from pmwidgets.core.status import ProjectStatus, project_status

if TYPE_CHECKING:
    from pmwidgets.core.plan import Plan
    from pmwidgets.store import Store

#: Calendar days after the status date within which an open milestone counts as due.
DUE_WITHIN_DAYS = 14
TOP_RISKS = 5
MOST_SLIPPED = 10


@dataclass(frozen=True)
class Milestone:
    """A milestone as the report lists it."""

    id: str
    name: str
    finish: date
    baseline_finish: date | None
    done: bool


@dataclass(frozen=True)
class StatusSummary:
    """The content of one status report."""

    status: ProjectStatus
    rag: RagReport
    done: tuple[Milestone, ...]
    due: tuple[Milestone, ...]
    late: tuple[Milestone, ...]
    risks: tuple[Risk, ...]
    slipped: pd.DataFrame
    changes: tuple[ChangeEntry, ...]
    changes_since: int | None
    date_format: str


def summarize_status(
    plan: Plan,
    status_date: date | datetime | None = None,
    *,
    store: Store | None = None,
    baseline: int = 0,
    method: str = "percent",
    rules: RagRules | None = None,
) -> StatusSummary:
    """Gather a report's content; with ``store`` (and a plan loaded from it) the changes since
    the last report come from the store's history."""
    status = project_status(plan, status_date, baseline=baseline, method=method)
    done, due, late = _milestones(plan, status)
    since, changes = _changes(plan, store, status.status_date)
    return StatusSummary(
        status=status,
        rag=rate(status, plan, rules),
        done=done,
        due=due,
        late=late,
        risks=tuple(top_risks(plan.risks, TOP_RISKS)),
        slipped=slipped(plan, baseline).head(MOST_SLIPPED),
        changes=changes,
        changes_since=since,
        date_format=plan.settings.date_format,
    )


def _milestones(
    plan: Plan, status: ProjectStatus
) -> tuple[tuple[Milestone, ...], tuple[Milestone, ...], tuple[Milestone, ...]]:
    """Milestones done; open ones due within :data:`DUE_WITHIN_DAYS`; open ones late (their
    date has passed, or they now fall after their baseline date)."""
    frame = plan.schedule().to_frame()
    planned = {b.task: b.finish.date() for b in plan.state.baselines if b.number == status.baseline}
    horizon = status.status_date + timedelta(days=DUE_WITHIN_DAYS)
    done, due, late = [], [], []
    for task, row in zip(plan.tasks, frame.itertuples(index=False), strict=True):
        if not row.milestone or row.summary:
            continue
        finish = row.finish.date()
        milestone = Milestone(
            task.id, task.name, finish, planned.get(task.id), task.percent_complete >= 100
        )
        baseline_finish = milestone.baseline_finish
        if milestone.done:
            done.append(milestone)
        elif finish <= status.status_date or (baseline_finish and finish > baseline_finish):
            late.append(milestone)
        elif finish <= horizon:
            due.append(milestone)
    return tuple(done), tuple(due), tuple(late)


def _changes(
    plan: Plan, store: Store | None, status_date: date
) -> tuple[int | None, tuple[ChangeEntry, ...]]:
    """The version of the last report and the changes saved since it (none without a store)."""
    if store is None or plan.project is None:
        return None, ()
    last = 0
    for info in store.history(plan.project):
        reported = store.load_state(plan.project, info.version).status_date
        if reported is not None and reported.date() < status_date:
            last = info.version
    return last or None, tuple(change_log(store, plan.project, since_version=last or None))
