"""Plan diff: tasks added, removed and moved in working days, milestones slipped, fields, links
and assignments changed, in sentences and JSON; the baseline against now; versions compared.

The plans are small enough to schedule by hand: the project starts on Monday 4 May 2026, Friday
15 May is a holiday, and every expected date and shift below was counted on a calendar.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pmwidgets import Calendar, CalendarException, Plan, PlanError, ProjectSettings, Store
from pmwidgets.core.model import Link, Task, TaskBaseline
from pmwidgets.core.plan_diff import (
    AssignmentChange,
    FieldChange,
    LinkChange,
    TaskDates,
    TaskMove,
    baseline_diff,
    compare_versions,
    plan_diff,
    shift_days,
)

HOLIDAY = date(2026, 5, 15)
CALENDAR = Calendar(exceptions=(CalendarException(HOLIDAY, HOLIDAY, "Company day"),))


def _may(day: int) -> date:
    return date(2026, 5, day)


def _plan(date_format: str = "%Y-%m-%d") -> Plan:
    """Dig (3 d, Mon 4 - Wed 6 May), Pour foundations (5 d, Thu 7 - Wed 13), Foundations done
    (milestone, Wed 13), Survey (1 d, Mon 4), Order steel (2 d after Survey, Tue 5 - Wed 6);
    Ana on Dig, Ben on Pour foundations."""
    plan = Plan(
        "Foundry",
        start=date(2026, 5, 4),
        calendar=CALENDAR,
        settings=ProjectSettings(date_format=date_format),
        tasks=[
            Task("1", "Dig", 3),
            Task("2", "Pour foundations", 5),
            Task("3", "Foundations done", 0, milestone=True),
            Task("4", "Survey", 1),
            Task("5", "Order steel", 2),
        ],
        links=[Link("1", "2"), Link("2", "3"), Link("4", "5")],
    )
    ana = plan.add_resource("Ana")
    ben = plan.add_resource("Ben")
    plan.assign("1", ana.id, 1.0)
    plan.assign("2", ben.id, 1.0)
    return plan


def _edited(plan: Plan) -> Plan:
    """Dig takes 6 days (to Mon 11), so Pour foundations runs Tue 12 - Tue 19 (over the
    holiday) and the milestone slips to Tue 19; Survey is deleted, so Order steel starts Mon 4;
    Inspect (1 d) is added after the milestone (Wed 20); Ana moves from full time on Dig to
    half time, and joins Pour foundations at half time instead of Ben."""
    plan.set("1", "duration", 6)
    plan.set("5", "name", "Order steel beams")
    plan.delete_task("4")
    plan.add_task("Inspect", 1, id="6", predecessors="3")
    plan.assign("1", "1", 0.5)
    plan.assign("2", "1", 0.5)
    plan.unassign("2", "2")
    return plan


def test_moves_shifts_additions_removals_fields_links_and_assignments() -> None:
    diff = plan_diff(_plan(), _edited(_plan()))
    assert diff.tasks_added == (TaskDates("6", "Inspect", _may(20), _may(20)),)
    assert diff.tasks_removed == (TaskDates("4", "Survey", _may(4), _may(4)),)
    assert diff.tasks_moved == (
        TaskMove("1", "Dig", _may(4), _may(6), _may(4), _may(11), 0, 3),
        TaskMove("2", "Pour foundations", _may(7), _may(13), _may(12), _may(19), 3, 3),
        TaskMove("3", "Foundations done", _may(13), _may(13), _may(19), _may(19), 3, 3, True),
        TaskMove("5", "Order steel beams", _may(5), _may(6), _may(4), _may(5), -1, -1),
    )
    assert diff.milestones_slipped == (diff.tasks_moved[2],)
    assert diff.task_changes == (
        FieldChange("1", "Dig", "duration", 3, 6),
        FieldChange("5", "Order steel beams", "name", "Order steel", "Order steel beams"),
    )
    assert diff.links_added == (LinkChange("3", "Foundations done", "6", "Inspect", "FS", ""),)
    assert diff.links_removed == (LinkChange("4", "Survey", "5", "Order steel", "FS", ""),)
    assert diff.assignments_added == (
        AssignmentChange("2", "Pour foundations", "1", "Ana", None, 0.5),
    )
    assert diff.assignments_removed == (
        AssignmentChange("2", "Pour foundations", "2", "Ben", 1.0, None),
    )
    assert diff.assignments_changed == (AssignmentChange("1", "Dig", "1", "Ana", 1.0, 0.5),)
    assert (diff.old_finish, diff.new_finish, diff.finish_shift_days) == (_may(13), _may(20), 4)


def test_sentences_a_manager_can_pass_on() -> None:
    assert plan_diff(_plan(), _edited(_plan())).sentences() == [
        "The project finishes 4 working days later: 2026-05-20 (was 2026-05-13).",
        "Milestone 3 'Foundations done' slipped 3 working days: 2026-05-19 (was 2026-05-13).",
        "Task 1 'Dig' finishes 3 working days later: 2026-05-11 (was 2026-05-06).",
        "Task 2 'Pour foundations' moved 3 working days later: finishes 2026-05-19 "
        "(was 2026-05-13).",
        "Task 5 'Order steel beams' moved 1 working day earlier: finishes 2026-05-05 "
        "(was 2026-05-06).",
        "Task 6 'Inspect' was added: 2026-05-20.",
        "Task 4 'Survey' was removed (it was planned 2026-05-04).",
        "Task 1 'Dig': duration changed from 3 working days to 6 working days.",
        "Task 5 was renamed from 'Order steel' to 'Order steel beams'.",
        "Task 5 'Order steel' no longer depends on task 4 'Survey' (FS).",
        "Task 6 'Inspect' now depends on task 3 'Foundations done' (FS).",
        "Ana was assigned to task 2 'Pour foundations' at 50%.",
        "Ben was taken off task 2 'Pour foundations'.",
        "Ana's units on task 1 'Dig' changed from 100% to 50%.",
    ]


def test_sentences_use_the_plan_date_format_and_name_fields_in_words() -> None:
    before = _plan("%d.%m.%Y")
    after = _plan("%d.%m.%Y")
    after.update("2", percent_complete=40, constraint="SNET", constraint_date="2026-05-07")
    assert plan_diff(before, after).sentences() == [
        "Task 2 'Pour foundations': constraint changed from as soon as possible to start no "
        "earlier than.",
        "Task 2 'Pour foundations': constraint date changed from none to 07.05.2026.",
        "Task 2 'Pour foundations': % complete changed from 0% to 40%.",
    ]


def test_a_start_only_move_and_an_earlier_milestone_are_not_slips() -> None:
    before, after = _plan(), _plan()
    after.set("1", "duration", 1)  # Dig: Mon 4 only; Pour foundations Tue 5 - Mon 11
    diff = plan_diff(before, after)
    assert diff.milestones_slipped == ()
    assert diff.sentences()[:3] == [
        "The project finishes 2 working days earlier: 2026-05-11 (was 2026-05-13).",
        "Milestone 3 'Foundations done' moved 2 working days earlier: 2026-05-11 (was 2026-05-13).",
        "Task 1 'Dig' finishes 2 working days earlier: 2026-05-04 (was 2026-05-06).",
    ]
    after.set("2", "duration", 7)  # Pour foundations: Tue 5 - Wed 13 again
    moved = {m.id: m for m in plan_diff(before, after).tasks_moved}
    assert sorted(moved) == ["1", "2"]
    assert (moved["2"].start_shift_days, moved["2"].finish_shift_days) == (-2, 0)
    assert (
        "Task 2 'Pour foundations' starts 2 working days earlier: 2026-05-05 (was 2026-05-07)."
        in (plan_diff(before, after).sentences())
    )


def test_identical_plans_have_no_differences() -> None:
    diff = plan_diff(_plan(), _plan())
    assert diff.sentences() == [] and not diff.changed
    assert diff.to_dict()["tasks_moved"] == []


def test_to_dict_is_json_with_iso_dates() -> None:
    document = json.loads(json.dumps(plan_diff(_plan(), _edited(_plan())).to_dict()))
    assert document["finish"] == {"old": "2026-05-13", "new": "2026-05-20", "shift_days": 4}
    assert document["milestones_slipped"] == [
        {
            "id": "3",
            "name": "Foundations done",
            "old_start": "2026-05-13",
            "old_finish": "2026-05-13",
            "new_start": "2026-05-19",
            "new_finish": "2026-05-19",
            "start_shift_days": 3,
            "finish_shift_days": 3,
            "milestone": True,
        }
    ]
    assert document["tasks_removed"] == [
        {
            "id": "4",
            "name": "Survey",
            "start": "2026-05-04",
            "finish": "2026-05-04",
            "milestone": False,
        }
    ]
    assert document["task_changes"][0] == {
        "task": "1",
        "name": "Dig",
        "field": "duration",
        "old": 3,
        "new": 6,
    }
    assert document["assignments_changed"] == [
        {
            "task": "1",
            "task_name": "Dig",
            "resource": "1",
            "resource_name": "Ana",
            "old_units": 1.0,
            "new_units": 0.5,
        }
    ]


def test_shifts_count_working_days_of_the_plan_calendar() -> None:
    plan, monday, thursday = _plan(), date(2026, 5, 11), date(2026, 5, 14)
    assert shift_days(plan, monday, thursday) == 3
    assert shift_days(plan, thursday, monday) == -3
    assert shift_days(plan, thursday, date(2026, 5, 19)) == 2  # Friday 15 is a holiday
    assert shift_days(Plan("Plain", start=monday), thursday, date(2026, 5, 19)) == 3
    assert shift_days(plan, monday, monday) == 0


def test_baseline_diff_compares_the_baseline_dates_and_durations_with_now() -> None:
    plan = _plan()
    plan.set_baseline()
    plan.set("1", "duration", 6)
    plan.add_task("Inspect", 1, id="6", predecessors="3")
    diff = baseline_diff(plan)
    assert [m.id for m in diff.tasks_moved] == ["1", "2", "3"]
    assert diff.tasks_removed == () and diff.links_added == ()
    assert diff.sentences() == [
        "The project finishes 4 working days later: 2026-05-20 (was 2026-05-13).",
        "Milestone 3 'Foundations done' slipped 3 working days: 2026-05-19 (was 2026-05-13).",
        "Task 1 'Dig' finishes 3 working days later: 2026-05-11 (was 2026-05-06).",
        "Task 2 'Pour foundations' moved 3 working days later: finishes 2026-05-19 "
        "(was 2026-05-13).",
        "Task 6 'Inspect' was added: 2026-05-20.",
        "Task 1 'Dig': duration changed from 3 working days to 6 working days.",
    ]


def test_baseline_diff_of_another_baseline_number() -> None:
    plan = _plan()
    plan.set_baseline(2)
    plan.set("5", "duration", 4)  # Order steel: Tue 5 - Fri 8
    assert baseline_diff(plan, 2).sentences()[-2:] == [
        "Task 5 'Order steel' finishes 2 working days later: 2026-05-08 (was 2026-05-06).",
        "Task 5 'Order steel': duration changed from 2 working days to 4 working days.",
    ]
    with pytest.raises(PlanError) as refused:
        baseline_diff(plan)
    assert (refused.value.field, refused.value.value) == ("baseline", 0)


def test_a_plan_without_the_baseline_is_refused_with_a_clear_message() -> None:
    with pytest.raises(PlanError) as refused:
        baseline_diff(_plan(), 3)
    assert "'Foundry' has no baseline 3" in str(refused.value)
    assert (refused.value.field, refused.value.value) == ("baseline", 3)


def test_a_baseline_without_dates_is_refused() -> None:
    plan = Plan(
        "Costs only",
        start=date(2026, 5, 4),
        tasks=[Task("1", "Dig", 3)],
        baselines=[TaskBaseline("1", 0, cost=900.0)],
    )
    with pytest.raises(PlanError) as refused:
        baseline_diff(plan)
    assert "Baseline 0 of 'Costs only' holds no task dates" in str(refused.value)
    assert (refused.value.field, refused.value.value) == ("baseline", 0)


def test_versions_and_the_baseline_of_a_version_are_compared_from_the_store(
    tmp_path: Path,
) -> None:
    with Store(f"sqlite:///{tmp_path / 'diff.db'}") as store:
        plan = _plan()
        store.save(plan, author="ana")
        plan.set_baseline()
        store.save(plan, author="ana")
        _edited(plan)
        store.save(plan, author="ben")
        latest = compare_versions(store, "Foundry", "1", "latest")
        assert (latest.source, latest.target) == (1, 3)
        assert latest.diff == plan_diff(store.load("Foundry", 1), store.load("Foundry", 3))
        assert latest.title == "Foundry, version 1 to version 3"
        since = compare_versions(store, "Foundry", "baseline", 3)
        assert since.to_dict()["from"] == "baseline" and since.to_dict()["to"] == 3
        assert since.diff == baseline_diff(store.load("Foundry", 3))
        assert compare_versions(store, "Foundry", 2, 2).diff.sentences() == []
        with pytest.raises(PlanError, match="'Foundry' has no baseline 0"):
            compare_versions(store, "Foundry", "baseline", 1)
        with pytest.raises(PlanError) as refused:
            compare_versions(store, "Foundry", "first", 2)
        assert (refused.value.field, refused.value.value) == ("from", "first")
        with pytest.raises(PlanError, match="has no version 7"):
            compare_versions(store, "Foundry", 1, 7)
