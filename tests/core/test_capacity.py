"""Portfolio capacity forecast: demand summed across projects by role and month, capacity
counting each person once, closed projects left out, and what-if start shifts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import pytest

from pmwidgets import Plan, PlanError
from pmwidgets.core.capacity import (
    GAP_COLUMNS,
    Forecast,
    forecast,
    forecast_from_store,
    load_portfolio,
    month_starts,
    portfolio_demand,
    role_capacity,
    shifted,
)
from pmwidgets.store.store import Store

Portfolio = Callable[[], list[tuple[Plan, str]]]

MARCH, APRIL, MAY = date(2025, 3, 1), date(2025, 4, 1), date(2025, 5, 1)
#: Weekdays x 8 h in March, April and May 2025.
FULL_TIME = {MARCH: 168.0, APRIL: 176.0, MAY: 176.0}


@pytest.fixture
def store(portfolio_store: Store) -> Store:
    return portfolio_store


def _gap(table, role: str, month: date):  # noqa: ANN202
    found = table[(table["role"] == role) & (table["month"] == month)]
    assert len(found) == 1
    return found.iloc[0]


def test_demand_sums_every_open_project_by_role_and_month(store: Store) -> None:
    plans, statuses = load_portfolio(store)
    assert sorted(plans) == ["Alpha", "Beta", "Gamma"]
    demand = portfolio_demand(plans, statuses, first=MARCH, months=3)
    by_key = {(r.role, r.month, r.project): (r.status, r.demand_hours) for r in demand.itertuples()}
    assert by_key == {
        ("Developer", MARCH, "Alpha"): ("active", pytest.approx(120.0)),
        ("Developer", MARCH, "Gamma"): ("pending", pytest.approx(80.0)),
        ("Developer", APRIL, "Beta"): ("active", pytest.approx(20.0)),
        ("Tester", MARCH, "Alpha"): ("active", pytest.approx(40.0)),
    }


def test_closed_projects_count_neither_demand_nor_capacity(portfolio: Portfolio) -> None:
    plans = {plan.name: plan for plan, _ in portfolio()}
    statuses = {plan.name: status for plan, status in portfolio()}
    result = forecast(plans, statuses, first=MARCH, months=3)
    assert "Delta" not in set(result.demand["project"])
    assert _gap(result.gaps, "Developer", MARCH)["demand_hours"] == pytest.approx(200.0)


def test_a_person_in_several_plans_is_counted_once(portfolio: Portfolio) -> None:
    plans = {plan.name: plan for plan, status in portfolio() if status != "closed"}
    capacity = role_capacity(plans, first=MARCH, months=3)
    developer = capacity[capacity["role"] == "Developer"].set_index("month")["capacity_hours"]
    # Ana from Alpha (full time) only: Beta's and Gamma's "Ana" are the same person.
    assert developer.to_dict() == {m: pytest.approx(h) for m, h in FULL_TIME.items()}
    tester = capacity[capacity["role"] == "Tester"].set_index("month")["capacity_hours"]
    assert tester[MARCH] == pytest.approx(168.0)


def test_gaps_are_demand_minus_capacity(store: Store) -> None:
    result = forecast_from_store(store, first=date(2025, 3, 20), months=3)
    assert result.months == (MARCH, APRIL, MAY)
    march = _gap(result.gaps, "Developer", MARCH)
    assert (march["demand_hours"], march["capacity_hours"]) == (
        pytest.approx(200.0),
        pytest.approx(168.0),
    )
    assert march["gap_hours"] == pytest.approx(32.0)
    assert len(result.gaps) == 2 * 3  # every role and month, with or without demand
    assert [(r.role, r.month) for r in result.shortfalls().itertuples()] == [("Developer", MARCH)]


def test_shifting_a_pending_project_moves_its_demand_and_saves_nothing(store: Store) -> None:
    before = {info.name: info.version for info in store.projects()}
    result = forecast_from_store(store, first=MARCH, months=3, shifts={"Gamma": date(2025, 5, 5)})
    gamma = result.demand[result.demand["project"] == "Gamma"]
    assert gamma["month"].tolist() == [MAY]
    assert gamma["demand_hours"].sum() == pytest.approx(80.0)
    assert _gap(result.gaps, "Developer", MARCH)["gap_hours"] == pytest.approx(120.0 - 168.0)
    assert result.shortfalls().empty
    assert {info.name: info.version for info in store.projects()} == before
    assert store.load("Gamma").start.date() == date(2025, 3, 17)


def test_shifted_copies_the_plan(portfolio: Portfolio) -> None:
    plan = portfolio()[2][0]
    moved = shifted(plan, date(2025, 5, 5))
    assert moved.start.date() == date(2025, 5, 5)
    assert plan.start.date() == date(2025, 3, 17)


def test_progress_is_reported_per_project(store: Store) -> None:
    calls: list[tuple[int, int]] = []
    forecast_from_store(
        store, first=MARCH, progress=lambda done, total: calls.append((done, total))
    )
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_default_first_month_is_the_current_one(store: Store) -> None:
    today = date.today()
    assert forecast_from_store(store).months[0] == date(today.year, today.month, 1)
    assert len(forecast_from_store(store).months) == 12


@pytest.mark.parametrize("months", [0, 37, -1, 2.5, True])
def test_months_out_of_range_are_refused(months: object) -> None:
    with pytest.raises(PlanError, match="1 to 36 months"):
        forecast({}, {}, first=MARCH, months=months)  # type: ignore[arg-type]


def test_unknown_project_in_shifts_is_named(store: Store) -> None:
    with pytest.raises(PlanError, match="'Nope'"):
        forecast_from_store(store, first=MARCH, shifts={"Nope": MAY})
    with pytest.raises(PlanError, match="'Delta'"):
        forecast_from_store(store, first=MARCH, shifts={"Delta": MAY})


def test_month_starts_cross_the_year() -> None:
    assert month_starts(date(2025, 11, 30), 3) == (
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
    )


def _forecast(rows: list[tuple[str, float, float]]) -> Forecast:
    """A forecast of one month whose gaps are (role, demand, capacity)."""
    gaps = pd.DataFrame(
        [(role, date(2026, 1, 1), d, c, d - c) for role, d, c in rows], columns=GAP_COLUMNS
    )
    return Forecast(pd.DataFrame(), pd.DataFrame(), gaps, (date(2026, 1, 1),))


@pytest.mark.parametrize(
    ("rows", "first"),
    [
        ([("(no role)", 0, 40), ("Carpenter", 30, 10), ("IT", 90, 40)], "IT"),  # most short
        ([("(no role)", 0, 40), ("Carpenter", 30, 40), ("IT", 10, 40)], "Carpenter"),  # demand
        ([("Analyst", 0, 40), ("Buyer", 0, 40)], "Analyst"),  # no demand at all: by name
        ([], None),
    ],
)
def test_the_first_role_shown_is_the_most_pressed(
    rows: list[tuple[str, float, float]], first: str | None
) -> None:
    assert _forecast(rows).first_role() == first
