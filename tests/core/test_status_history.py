"""Earned value at each past status date, from a project's saved versions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from pmwidgets import Plan, PlanError
from pmwidgets.core.status_history import HISTORY_COLUMNS, performance_history
from pmwidgets.store import Store

PROJECT = "Ten days"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A store of its own: the session's shared store is read by other tests' pages."""
    with Store(f"sqlite:///{tmp_path / 'history.db'}") as store:
        yield store


def saved_reports(store: Store, make: Callable[..., Plan]) -> None:
    """Versions of the ten-day plan: one as of Monday 2 March without a baseline, one without a
    status date, two reports as of Tuesday 3 March (the later corrects the actual cost) and one
    as of Friday 6 March."""
    plan = make()
    plan.clear_baseline()
    plan.set_project(status_date=date(2026, 3, 2))
    store.save(plan, message="no baseline yet")
    plan.set_project(status_date=None)  # before the baseline: else work starts after it
    plan.set_baseline()
    store.save(plan, message="baselined, no status")
    plan.update_as_planned(date(2026, 3, 3))
    plan.record_progress("2", actual_cost=200)
    store.save(plan, message="report 3 March")
    plan.record_progress("2", actual_cost=500)
    store.save(plan, message="report 3 March, corrected")
    plan.update_as_planned(date(2026, 3, 6))
    plan.record_progress("3", percent_complete=50)
    store.save(plan, message="report 6 March")


def test_one_row_per_status_date_from_its_latest_version(
    store: Store, earned_value_plan: Callable[..., Plan]
) -> None:
    saved_reports(store, lambda: earned_value_plan(spi=0))
    history = performance_history(store, PROJECT)
    assert list(history.columns) == HISTORY_COLUMNS
    assert history["status_date"].tolist() == [date(2026, 3, 3), date(2026, 3, 6)]
    # 3 March: days 1 and 2 done as planned; 200 then 500 booked on day 2 (corrected).
    first = history.iloc[0]
    assert (first["pv"], first["ev"], first["ac"]) == (2000, 2000, pytest.approx(1000 + 500))
    assert first["spi"] == 1
    # 6 March: days 1 to 5 done as planned, day 3 then typed down to 50%.
    last = history.iloc[1]
    assert (last["pv"], last["ev"]) == (5000, 4500)
    assert last["spi"] == pytest.approx(0.9)


def test_a_project_without_measurable_versions_has_an_empty_history(
    store: Store, earned_value_plan: Callable[..., Plan]
) -> None:
    plan = earned_value_plan()
    plan.clear_baseline()
    store.save(plan)
    history = performance_history(store, PROJECT)
    assert history.empty and list(history.columns) == HISTORY_COLUMNS


def test_another_baseline_and_unknown_projects(
    store: Store, earned_value_plan: Callable[..., Plan]
) -> None:
    saved_reports(store, lambda: earned_value_plan(spi=0))
    assert performance_history(store, PROJECT, baseline=1).empty
    with pytest.raises(PlanError, match="method"):
        performance_history(store, PROJECT, method="vibes")
    with pytest.raises(PlanError, match="no project named"):
        performance_history(store, "Nope")
