"""Scheduling rules, each worked out by hand on a Monday-to-Friday calendar from Jan 2025."""

from datetime import date, datetime

import pytest

from pmwidgets import Calendar, CalendarException, ConstraintType, Link, LinkType, Plan, Task

MON = date(2025, 1, 6)


def dates(plan: Plan) -> dict[str, tuple[date, date]]:
    frame = plan.schedule().to_frame()
    return {row.id: (row.start.date(), row.finish.date()) for row in frame.itertuples(index=False)}


def floats(plan: Plan) -> dict[str, float]:
    frame = plan.schedule().to_frame()
    return dict(zip(frame.id, frame.total_float_days, strict=False))


def two(link: Link, first: float = 1.0, second: float = 1.0, **plan_args: object) -> Plan:
    start = plan_args.pop("start", date(2025, 1, 9))
    return Plan(
        start=start,
        tasks=[Task("A", "A", first), Task("B", "B", second)],
        links=[link],
        **plan_args,
    )


def test_a_one_day_task_starting_monday_finishes_monday() -> None:
    plan = Plan(start=MON, tasks=[Task("A", "A", 1.0)])
    assert dates(plan)["A"] == (MON, MON)
    assert plan.schedule().makespan_days == 1


@pytest.mark.parametrize(
    ("link_type", "lag", "start", "finish"),
    [
        (LinkType.FS, 0, date(2025, 1, 10), date(2025, 1, 10)),
        (LinkType.FS, 1, date(2025, 1, 13), date(2025, 1, 13)),
        (LinkType.FS, -1, date(2025, 1, 9), date(2025, 1, 9)),
        (LinkType.SS, 2, date(2025, 1, 13), date(2025, 1, 13)),
        (LinkType.FF, 2, date(2025, 1, 13), date(2025, 1, 13)),
        (LinkType.SF, 2, date(2025, 1, 10), date(2025, 1, 10)),
    ],
)
def test_link_types_and_lags_across_a_weekend(
    link_type: LinkType, lag: float, start: date, finish: date
) -> None:
    plan = two(Link("A", "B", link_type, lag))
    assert dates(plan)["A"] == (date(2025, 1, 9), date(2025, 1, 9))
    assert dates(plan)["B"] == (start, finish)


def test_a_holiday_pushes_work_to_the_next_working_day() -> None:
    holiday = Calendar(
        exceptions=(CalendarException(date(2025, 1, 13), date(2025, 1, 13), "Holiday"),)
    )
    plan = two(Link("A", "B", LinkType.FS, 1), calendar=holiday)
    assert dates(plan)["B"] == (date(2025, 1, 14), date(2025, 1, 14))


def test_a_yearly_holiday_recurs() -> None:
    new_year = CalendarException(date(2020, 1, 1), date(2020, 1, 1), "New Year", yearly=True)
    plan = Plan(
        start=date(2025, 12, 31),
        calendar=Calendar(exceptions=(new_year,)),
        tasks=[Task("A", "A", 2.0)],
    )
    assert dates(plan)["A"] == (date(2025, 12, 31), date(2026, 1, 2))


def test_a_milestone_sits_at_the_end_of_its_predecessor_or_at_its_start() -> None:
    plan = Plan(
        start=date(2025, 1, 10),
        tasks=[
            Task("A", "A", 1.0),
            Task("M", "Done", 0.0, milestone=True),
            Task("S", "Kick-off", 0.0, milestone=True),
            Task("B", "B", 1.0),
            Task("Z", "Zero duration, not flagged a milestone", 0.0),
        ],
        links=[Link("A", "M"), Link("A", "B"), Link("B", "S", LinkType.SS), Link("A", "Z")],
    )
    got = dates(plan)
    assert got["Z"] == (date(2025, 1, 13), date(2025, 1, 13))
    assert got["M"] == (date(2025, 1, 10), date(2025, 1, 10))
    assert got["B"] == (date(2025, 1, 13), date(2025, 1, 13))
    assert got["S"] == (date(2025, 1, 13), date(2025, 1, 13))


def test_lag_as_a_percentage_of_the_predecessor() -> None:
    plan = two(Link("A", "B", LinkType.FS, 50, lag_percent=True), first=4.0, start=MON)
    assert dates(plan)["A"][1] == date(2025, 1, 9)
    assert dates(plan)["B"][0] == date(2025, 1, 14)


def test_an_unmeetable_finish_no_later_than_shows_negative_float() -> None:
    plan = Plan(
        start=MON,
        tasks=[
            Task("A", "A", 5.0),
            Task(
                "B", "B", 1.0, constraint=ConstraintType.FNLT, constraint_date=datetime(2025, 1, 9)
            ),
        ],
        links=[Link("A", "B")],
    )
    assert dates(plan)["B"] == (date(2025, 1, 9), date(2025, 1, 9))
    assert floats(plan)["A"] == -2
    assert plan.schedule().to_frame().set_index("id").loc["A", "critical"]


def test_a_missed_deadline_shows_negative_float_without_moving_the_task() -> None:
    plan = Plan(start=MON, tasks=[Task("A", "A", 5.0, deadline=datetime(2025, 1, 8))])
    assert dates(plan)["A"] == (MON, date(2025, 1, 10))
    assert floats(plan)["A"] == -2


@pytest.mark.parametrize(
    ("constraint", "when", "start"),
    [
        (ConstraintType.SNET, date(2025, 1, 8), date(2025, 1, 8)),
        (ConstraintType.MSO, date(2025, 1, 8), date(2025, 1, 8)),
        (ConstraintType.FNET, date(2025, 1, 10), date(2025, 1, 9)),
        (ConstraintType.MFO, date(2025, 1, 10), date(2025, 1, 9)),
    ],
)
def test_date_constraints(constraint: ConstraintType, when: date, start: date) -> None:
    plan = Plan(
        start=MON,
        tasks=[
            Task(
                "A",
                "A",
                2.0,
                constraint=constraint,
                constraint_date=datetime.combine(when, datetime.min.time()),
            )
        ],
    )
    assert dates(plan)["A"][0] == start


def test_as_late_as_possible_uses_the_late_dates() -> None:
    plan = Plan(
        start=MON,
        tasks=[
            Task("A", "A", 2.0, constraint=ConstraintType.ALAP),
            Task("B", "B", 5.0),
            Task("C", "C", 1.0),
        ],
        links=[Link("A", "C"), Link("B", "C")],
    )
    assert dates(plan)["A"] == (date(2025, 1, 9), date(2025, 1, 10))
    assert dates(plan)["C"] == (date(2025, 1, 13), date(2025, 1, 13))


def test_progress_keeps_done_work_and_moves_remaining_work_after_the_status_date() -> None:
    plan = Plan(
        start=MON,
        status_date=date(2025, 1, 8),
        tasks=[
            Task("A", "Half done", 4.0, percent_complete=50, actual_start=datetime(2025, 1, 6, 8)),
            Task("B", "After A", 1.0),
            Task("C", "Not started", 1.0),
            Task(
                "D",
                "Finished",
                2.0,
                percent_complete=100,
                actual_start=datetime(2025, 1, 6, 8),
                actual_finish=datetime(2025, 1, 7, 17),
            ),
        ],
        links=[Link("A", "B")],
    )
    got = dates(plan)
    assert got["A"] == (MON, date(2025, 1, 10))
    assert got["B"] == (date(2025, 1, 13), date(2025, 1, 13))
    assert got["C"] == (date(2025, 1, 9), date(2025, 1, 9))
    assert got["D"] == (MON, date(2025, 1, 7))
    assert not plan.schedule().to_frame().set_index("id").loc["D", "critical"]


def test_a_link_from_a_summary_waits_for_all_its_children() -> None:
    plan = Plan(
        start=MON,
        tasks=[
            Task("S", "Phase", outline_level=1),
            Task("A", "A", 2.0, outline_level=2),
            Task("B", "B", 3.0, outline_level=2),
            Task("C", "C", 1.0),
        ],
        links=[Link("S", "C")],
    )
    got = dates(plan)
    assert got["S"] == (MON, date(2025, 1, 8))
    assert got["C"] == (date(2025, 1, 9), date(2025, 1, 9))
    assert floats(plan)["A"] == 1


def test_a_link_into_a_summary_applies_to_every_child() -> None:
    plan = Plan(
        start=MON,
        tasks=[
            Task("A", "A", 2.0),
            Task("S", "Phase", outline_level=1),
            Task("B", "B", 1.0, outline_level=2),
            Task("C", "C", 1.0, outline_level=2),
        ],
        links=[Link("A", "S")],
    )
    got = dates(plan)
    assert got["B"][0] == got["C"][0] == date(2025, 1, 8)


def test_free_float_is_the_gap_before_the_next_task() -> None:
    plan = Plan(
        start=MON,
        tasks=[Task("A", "A", 1.0), Task("B", "B", 3.0), Task("C", "C", 1.0)],
        links=[Link("A", "C"), Link("B", "C")],
    )
    frame = plan.schedule().to_frame().set_index("id")
    assert frame.loc["A", "free_float_days"] == 2
    assert frame.loc["B", "free_float_days"] == 0
    assert frame.loc["C", "free_float_days"] == 0


def test_changed_tasks_names_what_an_edit_moved() -> None:
    plan = Plan(
        start=MON,
        tasks=[Task("A", "A", 1.0), Task("B", "B", 1.0), Task("C", "C", 1.0)],
        links=[Link("A", "B")],
    )
    before = plan.schedule()
    plan.set("A", "duration", 2)
    assert plan.schedule().changed_tasks(before) == ["A", "B", "C"]  # C gains a day of float


def test_a_finish_to_finish_lead_finishes_at_the_end_of_the_last_working_day() -> None:
    plan = two(Link("A", "B", LinkType.FF, -1), first=5.0, second=2.0, start=MON)
    assert dates(plan)["A"] == (MON, date(2025, 1, 10))
    assert dates(plan)["B"] == (date(2025, 1, 8), date(2025, 1, 9))
