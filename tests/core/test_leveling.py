"""Leveling: delays until no resource is over-allocated, never breaking a link or a pinned
date, every move reported, all of it one undoable edit."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmwidgets import Calendar, CalendarException, Plan, PlanError
from pmwidgets.core.leveling import level
from pmwidgets.core.resource_load import overallocations

MONDAY = date(2025, 3, 3)


@pytest.fixture
def plan() -> Plan:
    """Ana full time on Build (5 d, 10 d of float) and Review (2 d, critical via Fix)."""
    plan = Plan("Level", start=MONDAY)
    plan.add_task("Build", "5d")
    plan.add_task("Review", "2d")
    plan.add_task("Fix", "12d", predecessors="2")
    ana = plan.add_resource("Ana")
    plan.assign("1", ana.id)
    plan.assign("2", ana.id)
    return plan


def _starts(plan: Plan) -> dict[str, date]:
    frame = plan.schedule().to_frame()
    return {row.id: row.start.date() for row in frame.itertuples(index=False)}


def test_the_task_with_most_float_gives_way_and_the_move_is_reported(plan: Plan) -> None:
    assert overallocations(plan)
    moves = plan.level()
    assert overallocations(plan) == []
    assert [(m.task, m.start_before, m.start_after) for m in moves] == [
        ("1", MONDAY, date(2025, 3, 5))
    ]
    assert moves[0].reason.startswith("Ana is over-allocated on 2025-03-03 (16 h of 8 h)")
    assert "and 1 more day(s)" in moves[0].reason
    assert plan.history[-1] == "Level resources (1 moves)"
    plan.undo()
    assert _starts(plan)["1"] == MONDAY


def test_the_order_option_changes_who_gives_way(plan: Plan) -> None:
    plan.update("2", priority=100)
    by_priority = level(plan, order="priority")
    assert [m.task for m in by_priority.moves] == ["2"]
    by_id = level(plan, order="id")
    assert [m.task for m in by_id.moves] == ["2"]
    assert plan.state is not by_id.state and overallocations(plan)  # level() changes nothing


def test_started_and_pinned_tasks_stay_and_the_rest_is_reported(plan: Plan) -> None:
    plan.update("1", constraint="MSO", constraint_date="2025-03-03")
    plan.update("2", actual_start="2025-03-03")
    result = level(plan)
    assert result.moves == []
    assert "which leveling cannot move" in result.unresolved[0]


def test_an_assignment_above_capacity_is_reported_not_chased(plan: Plan) -> None:
    bob = plan.add_resource("Bob", max_units=0.5)
    plan.assign("3", bob.id, 1.0)
    result = level(plan)
    assert any(
        "Bob" in line and "alone over a whole working day" in line for line in result.unresolved
    )
    assert len(result.moves) == 1


def test_a_bad_order_is_named(plan: Plan) -> None:
    with pytest.raises(PlanError, match="not 'size'"):
        level(plan, order="size")


@settings(max_examples=25, deadline=None)
@given(
    durations=st.lists(st.integers(1, 4), min_size=2, max_size=6),
    owners=st.lists(st.integers(0, 1), min_size=6, max_size=6),
    chain=st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_leveling_never_overloads_and_never_breaks_a_link(
    durations: list[int], owners: list[int], chain: list[bool]
) -> None:
    plan = Plan("Random", start=MONDAY)
    people = [plan.add_resource("P0"), plan.add_resource("P1")]
    for k, days in enumerate(durations):
        linked = chain[k] and k > 0
        plan.add_task(f"T{k}", days, predecessors=str(k) if linked else "")
        plan.assign(str(k + 1), people[owners[k]].id)
    moves = plan.level()
    assert overallocations(plan) == []
    frame = plan.schedule().to_frame().set_index("id")
    for link in plan.links:
        assert frame.loc[link.successor, "start"] > frame.loc[link.predecessor, "finish"]
    for move in moves:
        assert move.start_after > move.start_before


def test_a_task_never_chases_its_own_successor_on_the_same_resource() -> None:
    """Cabling drives testing (SS+1d) and both need Ivan: delaying cabling moves testing too,
    so testing gives way (found on the sample plan, where it once marched on for years)."""
    plan = Plan("Network", start=MONDAY)
    plan.add_task("Install cabling", "6d")
    plan.add_task("Test network", "2d", predecessors="1SS+1d")
    plan.add_task("Sign-off", "10d")
    ivan = plan.add_resource("Ivan")
    plan.assign("1", ivan.id)
    plan.assign("2", ivan.id)
    moves = plan.level()
    assert [m.task for m in moves] == ["2"]
    assert overallocations(plan) == []
    assert plan.schedule().finish <= date(2025, 3, 31)


def test_a_task_is_moved_past_its_resource_s_day_off() -> None:
    plan = Plan("Holiday", start=MONDAY)
    plan.add_task("Audit", "2d")
    off = Calendar(exceptions=(CalendarException(date(2025, 3, 4), date(2025, 3, 4)),))
    eve = plan.add_resource("Eve", calendar=off)
    plan.assign("1", eve.id)
    moves = plan.level()
    assert [(m.start_before, m.start_after) for m in moves] == [(MONDAY, date(2025, 3, 5))]
    assert overallocations(plan) == []
