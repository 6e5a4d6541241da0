"""Invariants that hold for every plan, checked on plans hypothesis makes up."""

from datetime import date, timedelta

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmwidgets import Calendar, CalendarException, Link, LinkType, Plan, PlanError, Task
from pmwidgets.core.model import parent_positions
from pmwidgets.core.network import subtree_ends

DURATIONS = st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0])
LAGS = st.sampled_from([0.0, 0.0, 0.0, -1.0, 0.5, 1.0, 2.0, 3.0])
TYPES = st.sampled_from(list(LinkType))


@st.composite
def plans(draw: st.DrawFn, fs_only: bool = False, outline: bool = False) -> Plan:
    count = draw(st.integers(1, 14))
    levels = [1]
    for _ in range(count - 1):
        levels.append(draw(st.integers(1, levels[-1] + 1)) if outline else 1)
    tasks = [
        Task(str(i), f"T{i}", draw(DURATIONS), outline_level=level)
        for i, level in enumerate(levels, start=1)
    ]
    ends = subtree_ends(parent_positions(tuple(tasks)))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(1, count), st.integers(1, count)).filter(lambda p: p[0] < p[1]),
            unique=True,
            max_size=count * 2,
        )
        if count > 1
        else st.just([])
    )
    links = [
        Link(str(a), str(b)) if fs_only else Link(str(a), str(b), draw(TYPES), draw(LAGS))
        for a, b in pairs
        if not a - 1 < b - 1 < ends[a - 1]
    ]
    start = date(2025, 1, 1) + timedelta(days=draw(st.integers(0, 60)))
    holidays = draw(st.lists(st.integers(0, 90), max_size=6))
    calendar = Calendar(
        exceptions=tuple(
            CalendarException(start + timedelta(days=d), start + timedelta(days=d))
            for d in holidays
        )
    )
    return Plan(start=start, calendar=calendar, tasks=tasks, links=links)


def minutes(points):  # noqa: ANN001, ANN201
    return points >> 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_no_task_starts_before_its_predecessors_allow_it(plan: Plan) -> None:
    schedule = plan.schedule()
    day = schedule.axis.minutes_per_day
    start, finish = minutes(schedule.early_start), minutes(schedule.early_finish)
    for link in plan.links:
        p, s = schedule.position(link.predecessor), schedule.position(link.successor)
        lag = round(link.lag * day)
        before = finish[p] if link.type in (LinkType.FS, LinkType.FF) else start[p]
        after = start[s] if link.type in (LinkType.FS, LinkType.SS) else finish[s]
        assert after >= before + lag, link


@settings(max_examples=150, deadline=None)
@given(plans())
def test_floats_are_consistent_without_constraints(plan: Plan) -> None:
    frame = plan.schedule().to_frame()
    schedule = plan.schedule()
    assert (frame.total_float_days >= 0).all()
    assert (frame.free_float_days >= 0).all()
    assert (frame.free_float_days <= frame.total_float_days + 1e-9).all()
    assert frame.critical.any()
    assert (minutes(schedule.late_start) >= minutes(schedule.early_start)).all()
    last = minutes(schedule.early_finish).max()
    assert minutes(schedule.late_finish).max() == last


@settings(max_examples=100, deadline=None)
@given(plans(fs_only=True))
def test_makespan_is_the_longest_path(plan: Plan) -> None:
    graph = nx.DiGraph()
    for task in plan.tasks:
        graph.add_edge("start", task.id, weight=0)
        graph.add_edge(task.id, "end", weight=task.duration)
    for link in plan.links:
        graph.add_edge(
            link.predecessor, link.successor, weight=plan.task(link.predecessor).duration
        )
    longest = nx.dag_longest_path_length(graph, weight="weight")
    assert plan.schedule().makespan_days == longest


BAD_EDITS = st.sampled_from(
    [
        ("duration", "abc"),
        ("duration", -1),
        ("percent_complete", 101),
        ("predecessors", "999"),
        ("constraint", "MSO"),
        ("actual_finish", "2025-01-01"),
        ("milestone", "perhaps"),
        ("deadline", "31/31/2025"),
    ]
)


@settings(max_examples=100, deadline=None)
@given(plans(), st.data())
def test_an_edit_that_fails_leaves_the_plan_unchanged(plan: Plan, data: st.DataObject) -> None:
    before, schedule = plan.state, plan.schedule()
    task = data.draw(st.sampled_from(plan.tasks))
    field, value = data.draw(BAD_EDITS)
    try:
        plan.set(task.id, field, value)
    except PlanError as error:
        assert error.task == task.id
    else:
        raise AssertionError(f"{field}={value!r} was accepted")
    assert plan.state is before and plan.schedule() is schedule
    assert not plan.can_undo


@settings(max_examples=100, deadline=None)
@given(plans(), st.data())
def test_a_link_that_closes_a_loop_is_refused_and_changes_nothing(
    plan: Plan, data: st.DataObject
) -> None:
    if not plan.links:
        return
    link = data.draw(st.sampled_from(plan.links))
    before = plan.state
    try:
        plan.link(link.successor, link.predecessor)
    except PlanError as error:
        assert "loop" in error.message
    else:
        raise AssertionError("a loop was accepted")
    assert plan.state is before


@settings(max_examples=60, deadline=None)
@given(plans(), st.lists(st.tuples(st.integers(0, 20), DURATIONS), min_size=1, max_size=6))
def test_undoing_every_edit_restores_the_original(plan: Plan, edits: list) -> None:
    original = plan.state
    frame = plan.schedule().to_frame()
    for row, duration in edits:
        task = plan.tasks[row % len(plan.tasks)]
        plan.set(task.id, "duration", duration)
    while plan.undo():
        pass
    assert plan.state is original
    assert plan.schedule().to_frame().equals(frame)


EDITS = st.sampled_from(
    [
        ("duration", 0),
        ("duration", 1),
        ("duration", 4.5),
        ("duration", 9),
        ("deadline", "2025-02-03"),
        ("constraint", "ASAP"),
        ("start", "2025-03-03"),
        ("finish", "2025-02-20"),
        ("percent_complete", 50),
        ("name", "renamed"),
        ("constraint", "ALAP"),
        ("actual_start", "2025-01-02"),
    ]
)


@settings(max_examples=200, deadline=None)
@given(plans(outline=True), st.lists(st.tuples(st.integers(0, 30), EDITS), min_size=1, max_size=8))
def test_rescheduling_after_edits_equals_scheduling_from_scratch(plan: Plan, edits: list) -> None:
    for row, (field, value) in edits:
        plan.set(plan.tasks[row % len(plan.tasks)].id, field, value)
    fresh = Plan.from_state(plan.state).schedule()
    mine = plan.schedule()
    for name in (
        "early_start",
        "early_finish",
        "late_start",
        "late_finish",
        "scheduled_start",
        "scheduled_finish",
        "total_float",
        "free_float",
        "critical",
    ):
        assert (getattr(mine, name) == getattr(fresh, name)).all(), name


PASTED = st.sampled_from(
    [
        ("duration", "2d"),
        ("duration", "abc"),
        ("name", "Pasted"),
        ("percent_complete", "140"),
        ("percent_complete", "50"),
        ("predecessors", "1"),
        ("start", "next week"),
    ]
)


@settings(max_examples=100, deadline=None)
@given(plans(), st.data())
def test_a_pasted_block_is_taken_whole_or_changes_nothing(plan: Plan, data: st.DataObject) -> None:
    before, count = plan.state, len(plan.tasks)
    ids = st.sampled_from([None, *(task.id for task in plan.tasks)])
    block = data.draw(st.lists(st.tuples(ids, st.lists(PASTED, max_size=3).map(dict)), max_size=5))
    try:
        added = plan.edit_rows(block, "Paste")
    except PlanError:
        assert plan.state is before and len(plan.tasks) == count
        return
    assert len(added) == sum(task_id is None for task_id, _ in block)
    assert len(plan.tasks) == count + len(added) and plan.history[-1] == "Paste"
    plan.undo()
    assert plan.state is before
