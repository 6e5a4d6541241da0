"""Resource load arithmetic: work spread over working days, capacity from each resource's own
calendar and units, grouping by role and period, and over-allocations naming their tasks."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmwidgets import Plan, PlanError
from pmwidgets.core.resource_load import (
    assignment_hours,
    overallocations,
    resource_load,
    task_hours,
)

MONDAY = date(2025, 3, 3)


@pytest.fixture
def plan(team_plan: Plan) -> Plan:
    return team_plan


def _row(table, key: str, day: date):  # noqa: ANN202
    found = table[(table["key"] == key) & (table["period"] == day)]
    assert len(found) == 1, f"no single row for {key} on {day}"
    return found.iloc[0]


def test_work_is_spread_over_the_task_s_working_days(plan: Plan) -> None:
    hours = assignment_hours(plan)
    build = hours[hours["task"] == "1"]
    assert len(build) == 5 and build["hours"].tolist() == [8.0] * 5
    review = hours[hours["task"] == "2"]
    assert review["hours"].tolist() == [4.0, 4.0]
    assert hours["hours"].sum() == pytest.approx(5 * 8 + 2 * 4 + 2 * 4)


def test_capacity_follows_vacations_and_part_time_units(plan: Plan) -> None:
    table = resource_load(plan, period="day")
    wednesday = _row(table, "1", date(2025, 3, 5))
    assert wednesday["capacity_hours"] == 0 and wednesday["load_hours"] == 8
    assert wednesday["over"] and wednesday["tasks"] == ("1",)
    monday = _row(table, "1", MONDAY)
    assert (monday["load_hours"], monday["capacity_hours"]) == (12.0, 8.0)
    assert monday["tasks"] == ("1", "2")
    ben = _row(table, "2", date(2025, 3, 10))
    assert (ben["load_hours"], ben["capacity_hours"], ben["over"]) == (4.0, 4.0, False)


def test_weeks_months_and_roles_sum_the_days(plan: Plan) -> None:
    weeks = resource_load(plan, period="week")
    first = _row(weeks, "1", MONDAY)
    assert (first["load_hours"], first["capacity_hours"]) == (48.0, 32.0)
    roles = resource_load(plan, by="role", period="month")
    march = _row(roles, "Developer", date(2025, 3, 1))
    assert march["load_hours"] == pytest.approx(56.0)
    assert march["name"] == "Developer" and march["tasks"] == ("1", "2", "3")


def test_over_allocations_name_the_periods_and_tasks(plan: Plan) -> None:
    found = overallocations(plan)
    assert [(o.key, o.period) for o in found] == [
        ("1", date(2025, 3, 3)),
        ("1", date(2025, 3, 4)),
        ("1", date(2025, 3, 5)),
    ]
    assert found[0].tasks == ("1", "2") and found[0].excess_hours == 4.0
    assert found[0].name == "Ana"


def test_bad_grouping_or_period_is_named(plan: Plan) -> None:
    with pytest.raises(PlanError, match="not 'team'"):
        resource_load(plan, by="team")
    with pytest.raises(PlanError, match="not 'fortnight'"):
        resource_load(plan, period="fortnight")


@settings(max_examples=30, deadline=None)
@given(
    durations=st.lists(st.integers(1, 8), min_size=1, max_size=5),
    units=st.lists(st.sampled_from([0.25, 0.5, 1.0]), min_size=5, max_size=5),
    period=st.sampled_from(["day", "week", "month"]),
)
def test_every_hour_of_work_lands_in_exactly_one_period(
    durations: list[int], units: list[float], period: str
) -> None:
    plan = Plan("Random", start=MONDAY)
    worker = plan.add_resource("Worker", role="Any", max_units=2.0)
    expected = 0.0
    for k, days in enumerate(durations):
        plan.add_task(f"T{k}", days, predecessors=str(k) if k else "")
        plan.assign(str(k + 1), worker.id, units[k])
        expected += units[k] * days * 8
    for by in ("resource", "role"):
        table = resource_load(plan, by=by, period=period)
        assert table["load_hours"].sum() == pytest.approx(expected)
        assert (table["load_hours"] <= table["capacity_hours"] + 1e-9).all()


def test_task_hours_per_period(plan: Plan) -> None:
    table = task_hours(plan, key="Developer", by="role", period="month")
    assert table["period"].tolist() == [date(2025, 3, 1)] * 3
    assert table["task"].tolist() == ["1", "2", "3"]
    assert table["hours"].tolist() == pytest.approx([40.0, 8.0, 8.0])
