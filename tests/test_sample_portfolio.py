"""The sample portfolio (``sample_data/make_portfolio.py``) seeded into a fresh store: the
projects, people, tasks, risks and weekly status history its README promises."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sample_scripts import make_portfolio

from pmwidgets import Plan, Task
from pmwidgets.core.model import summary_flags
from pmwidgets.core.resource_load import overallocations
from pmwidgets.core.status import project_status
from pmwidgets.io import read_plan
from pmwidgets.io.plan_json import state_to_dict
from pmwidgets.store import Store

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "sample_data" / "make_portfolio.py"
TODAY = date(2026, 11, 27)

STATUSES = {
    "Claims portal": "active",
    "Policyholder mobile app": "active",
    "CRM migration": "active",
    "Data warehouse": "active",
    "Payroll upgrade": "active",
    "Intranet relaunch": "closed",
    "Document management": "pending",
    "Broker extranet": "pending",
}
# Status versions of each active project: twelve weeks, or the Fridays since a later start.
STATUS_WEEKS = {
    "Claims portal": 12,
    "Policyholder mobile app": 8,
    "CRM migration": 12,
    "Data warehouse": 12,
    "Payroll upgrade": 12,
}


@pytest.fixture(scope="module")
def store(kestrel_db: str) -> Iterator[Store]:
    """The store the session seeded with the portfolio (not the shared sample store)."""
    with Store(kestrel_db) as seeded:
        yield seeded


@pytest.fixture(scope="module")
def latest(store: Store) -> dict[str, Plan]:
    """The latest version of every project, by name."""
    return {info.name: store.load(info.name) for info in store.projects()}


def _work(plan: Plan) -> list[Task]:
    """The tasks that are not summaries."""
    return [t for t, s in zip(plan.tasks, summary_flags(plan.tasks), strict=True) if not s]


def test_eight_projects_in_their_states(store: Store) -> None:
    assert {info.name: info.status for info in store.projects()} == STATUSES


def test_a_shared_pool_of_people_in_six_roles(latest: dict[str, Plan]) -> None:
    people: dict[str, set] = {}
    for plan in latest.values():
        for resource in plan.resources:
            people.setdefault(resource.name, set()).add(resource)
    assert 30 <= len(people) <= 40
    assert all(len(records) == 1 for records in people.values()), "same person, same record"
    pool = [records.pop() for records in people.values()]
    assert len({person.role for person in pool}) == 6
    assert {0.5, 0.8} <= {person.max_units for person in pool}
    assert all(person.standard_rate > 0 for person in pool)
    assert all(any(e.name == "Vacation" for e in person.calendar.exceptions) for person in pool), (
        "everyone takes a vacation"
    )


def test_the_portfolio_size(latest: dict[str, Plan]) -> None:
    assert 400 <= sum(len(plan.tasks) for plan in latest.values()) <= 800
    risks = [risk for plan in latest.values() for risk in plan.risks]
    assert 50 <= len(risks) <= 70
    assert {"open", "closed"} <= {risk.status for risk in risks}
    assert {"threat", "opportunity"} == {risk.kind for risk in risks}
    assert len({risk.score for risk in risks}) >= 8
    assert len({risk.strategy for risk in risks}) >= 6
    requests = [cr.status for plan in latest.values() for cr in plan.change_requests]
    assert {"proposed", "approved", "rejected"} <= set(requests)


def test_plans_have_milestones_fixed_costs_and_varied_links(latest: dict[str, Plan]) -> None:
    for plan in latest.values():
        assert any(task.milestone for task in plan.tasks), plan.name
        assert sum(task.fixed_cost for task in plan.tasks) > 10_000, plan.name
        assert {"FS", "SS", "FF"} <= {link.type for link in plan.links}, plan.name
        assert any(link.lag > 0 for link in plan.links), plan.name
        assert any(link.lag < 0 for link in plan.links), plan.name


def test_some_people_are_over_allocated(latest: dict[str, Plan]) -> None:
    over = [name for name, plan in latest.items() if overallocations(plan, period="week")]
    assert over


def test_active_projects_have_weekly_status_versions(store: Store) -> None:
    managers = {spec.name: spec.manager for spec in make_portfolio.PROJECTS}
    for name, weeks in STATUS_WEEKS.items():
        history = store.history(name)
        assert len(history) == 1 + weeks, name
        assert {info.author for info in history} == {managers[name]}
        first = store.load_state(name, 1)
        assert first.status_date is None and first.baselines
        days = [store.load_state(name, info.version).status_date.date() for info in history[1:]]
        assert days == [TODAY - timedelta(weeks=k) for k in reversed(range(weeks))], name
        assert [info.message for info in history[1:]] == [f"Status {day}" for day in days]


def test_earned_value_tells_each_state(latest: dict[str, Plan]) -> None:
    def figures(name: str) -> tuple[float, float]:
        status = project_status(latest[name])
        assert status.status_date == TODAY
        return status.value.spi, status.value.cpi

    assert figures("CRM migration")[0] < 0.9
    assert figures("Data warehouse")[1] < 0.9
    assert max(figures("Payroll upgrade")) < 0.9
    for name in ("Claims portal", "Policyholder mobile app"):
        assert all(0.95 <= value <= 1.05 for value in figures(name)), name


def test_late_projects_forecast_a_later_finish(latest: dict[str, Plan]) -> None:
    for name in ("CRM migration", "Payroll upgrade"):
        assert project_status(latest[name]).finish_variance_days > 10, name
    assert project_status(latest["Claims portal"]).finish_variance_days <= 3


def test_pending_projects_are_proposals(store: Store, latest: dict[str, Plan]) -> None:
    for name in ("Document management", "Broker extranet"):
        plan = latest[name]
        assert [info.message for info in store.history(name)] == ["Proposal for approval"]
        assert plan.start.date() > TODAY
        assert plan.status_date is None
        assert all(task.percent_complete == 0 for task in plan.tasks)
        assert plan.risks and plan.assignments


def test_the_closed_project_is_done(store: Store, latest: dict[str, Plan]) -> None:
    plan = latest["Intranet relaunch"]
    assert store.history("Intranet relaunch")[-1].message == "Project closed"
    assert all(task.percent_complete == 100 for task in _work(plan))
    assert all(risk.status != "open" for risk in plan.risks)
    assert all(request.status != "proposed" for request in plan.change_requests)
    assert plan.status_date.date() <= TODAY


def test_seeding_twice_adds_nothing(store: Store) -> None:
    versions = {info.name: info.version for info in store.projects()}
    assert make_portfolio.seed(store) == []
    assert {info.name: info.version for info in store.projects()} == versions


def test_the_command_counts_projects_on_stderr(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    make_portfolio.main(["--db", store.url])
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"{number}/8 {name}" for number, name in enumerate(STATUSES, 1)
    ]


def test_the_same_portfolio_every_run(latest: dict[str, Plan]) -> None:
    teams = make_portfolio.project_teams()
    spec = next(s for s in make_portfolio.PROJECTS if s.name == "Policyholder mobile app")
    again = make_portfolio.final_plan(spec, teams[spec.name])
    assert state_to_dict(again.state) == state_to_dict(latest[spec.name].state)


def test_written_files_read_back(tmp_path: Path, latest: dict[str, Plan]) -> None:
    written = make_portfolio.write_files(tmp_path)
    assert sorted(path.suffix for path in written) == [".xlsx", ".xml", ".xml"]
    for (name, filename), path in zip(make_portfolio.EXPORTS, written, strict=True):
        assert path == tmp_path / filename
        committed = ROOT / "sample_data" / "portfolio" / filename
        for read in (read_plan(path), read_plan(committed)):
            assert len(read.tasks) == len(latest[name].tasks), filename
            assert len(read.links) == len(latest[name].links), filename
            assert len(read.assignments) == len(latest[name].assignments), filename
