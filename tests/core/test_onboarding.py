"""The onboarding course: each exercise's check both ways (left undone it says why, done it
passes), the cheats each check refuses, the learner's sandbox, and progress kept for the coach.

Every test works on a fresh SQLite store in ``tmp_path``, never the session's shared store.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from pmwidgets.core.calendar import Calendar
from pmwidgets.core.errors import PlanError
from pmwidgets.core.onboarding import (
    COURSE,
    DONE,
    NOT_TRIED,
    NOT_YET,
    SANDBOX_PREFIX,
    CheckResult,
    evaluate_exercise,
    find_exercise,
    is_sandbox,
    learner_progress,
    numbered_exercises,
    open_sandbox,
    pristine_plan,
    reset_sandbox,
    sandbox_name,
)
from pmwidgets.core.plan import Plan
from pmwidgets.io import read_plan
from pmwidgets.store import Store

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_PLAN = ROOT / "sample_data" / "office_move.json"
ONBOARDING = ROOT / "workbooks" / "onboarding"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'onboarding.db'}") as opened:
        yield opened


@pytest.fixture
def sandbox(store: Store) -> Plan:
    """Ana's fresh sandbox copy of the office move."""
    return open_sandbox(store, "ana", seed_file=SAMPLE_PLAN)


def check(store: Store, exercise_id: str, plan: Plan) -> CheckResult:
    return evaluate_exercise(store, find_exercise(exercise_id), plan=plan)


def assert_not_done(result: CheckResult, *expected: str) -> None:
    assert not result.done
    text = "\n".join(result.reasons)
    for piece in expected:
        assert piece in text, f"{piece!r} not in the reasons:\n{text}"


# -- the course --------------------------------------------------------------------------------


def test_the_course_has_six_sessions_each_with_exercises_and_its_workbook() -> None:
    assert [session.number for session in COURSE] == [1, 2, 3, 4, 5, 6]
    ids = [exercise.id for _, exercise in numbered_exercises()]
    assert len(ids) == len(set(ids))
    for session in COURSE:
        assert session.goals and session.exercises
        assert (ONBOARDING / session.notebook).is_file()
        for exercise in session.exercises:
            assert exercise.instructions
            assert exercise.is_quiz != (exercise.check is not None)
    assert [number for number, _ in numbered_exercises()][:3] == ["1.1", "1.2", "2.1"]


def test_an_unknown_exercise_is_refused_by_name() -> None:
    with pytest.raises(PlanError) as error:
        find_exercise("juggling")
    assert error.value.field == "exercise" and error.value.value == "juggling"
    assert "shorten_by_five" in error.value.message


def test_a_sandbox_exercise_needs_a_plan(store: Store) -> None:
    with pytest.raises(PlanError) as error:
        evaluate_exercise(store, find_exercise("shorten_by_five"))
    assert error.value.field == "plan"
    assert "shorten_by_five" in error.value.message


# -- sandboxes ---------------------------------------------------------------------------------


def test_a_sandbox_is_the_learners_own_copy_of_the_sample(store: Store, sandbox: Plan) -> None:
    name = sandbox_name("ana")
    assert name == "Sandbox - ana - Office move" == sandbox.project
    assert is_sandbox(name) and name.startswith(SANDBOX_PREFIX)
    assert not is_sandbox("Office move")
    assert sandbox.version == 1
    assert sandbox.state.tasks == read_plan(SAMPLE_PLAN).state.tasks
    assert {info.name: info.status for info in store.projects()} == {name: "active"}


def test_opening_a_sandbox_again_opens_what_was_saved(store: Store, sandbox: Plan) -> None:
    sandbox.set("3", "name", "Survey the floor twice")
    store.save(sandbox, author="ana")
    again = open_sandbox(store, "  ana ", seed_file=SAMPLE_PLAN)
    assert again.version == 2
    assert again.task("3").name == "Survey the floor twice"
    assert pristine_plan(store, again).task("3").name == "Survey the new floor"


def test_each_learner_has_a_separate_sandbox(store: Store, sandbox: Plan) -> None:
    other = open_sandbox(store, "Bo", seed_file=SAMPLE_PLAN)
    other.set("3", "duration", 9)
    store.save(other, author="Bo")
    assert store.load(sandbox_name("ana")).task("3").duration == 2


def test_without_a_seed_file_the_sandbox_copies_the_samples_first_version(store: Store) -> None:
    sample = store.load_or_import("Office move", SAMPLE_PLAN)
    sample.set("3", "duration", 7)
    store.save(sample, author="someone")
    plan = open_sandbox(store, "ana")
    assert plan.task("3").duration == 2


def test_reset_puts_the_sample_back_as_the_next_version(store: Store, sandbox: Plan) -> None:
    sandbox.delete_task("9")
    store.save(sandbox, author="ana")
    reset = reset_sandbox(store, "ana")
    assert reset.version == 3
    assert [t.id for t in reset.tasks] == [t.id for t in pristine_plan(store, reset).tasks]
    assert check(store, "no_overallocation", reset).reasons[0].startswith("Olga is over")


@pytest.mark.parametrize("learner", ["", "   ", "x" * 81, "ana\x00"])
def test_a_learner_needs_a_name(store: Store, learner: str) -> None:
    with pytest.raises(PlanError) as error:
        open_sandbox(store, learner, seed_file=SAMPLE_PLAN)
    assert error.value.field == "learner" and error.value.value == learner


# -- session 1 ---------------------------------------------------------------------------------


ROLES = {
    "templates": "The PMO",
    "deliver": "The project manager",
    "status_data": "The PMO",
    "planning": "The project manager",
    "portfolio": "The PMO",
    "execution": "The project manager",
    "support": "The PMO",
    "monitoring": "The project manager",
}


def test_the_roles_quiz_says_which_answers_are_missing_or_wrong(store: Store) -> None:
    quiz = find_exercise("pmo_roles")
    assert_not_done(evaluate_exercise(store, quiz, answers={}), "No question answered yet")
    answers = {**ROLES, "portfolio": "The project manager"}
    del answers["support"]
    result = evaluate_exercise(store, quiz, answers=answers)
    assert result.reasons == (
        "Question 5: 'The project manager' is not right. Hint: That is portfolio management.",
        "Question 7 is not answered yet.",
    )
    assert evaluate_exercise(store, quiz, answers=ROLES) == CheckResult(True)


def test_the_first_save_is_done_once_the_sandbox_has_a_second_version(
    store: Store, sandbox: Plan
) -> None:
    assert_not_done(check(store, "first_save", sandbox), "still at version 1")
    sandbox.set("3", "name", "Survey the new floor with the landlord")
    store.save(sandbox, author="ana")
    assert check(store, "first_save", sandbox).done


# -- session 2 ---------------------------------------------------------------------------------


CHARTER = {
    "issuer": "The sponsor",
    "purpose": "The authority to apply the organisation's resources to the project",
    "content": "Objectives, high-level scope, key milestones and a budget envelope",
    "scope_baseline": "the approved scope statement, WBS and WBS dictionary",
    "not_in_wbs": "out of the project's scope",
}


def test_the_charter_quiz_both_ways(store: Store) -> None:
    quiz = find_exercise("charter_quiz")
    result = evaluate_exercise(store, quiz, answers={**CHARTER, "issuer": "The project manager"})
    assert_not_done(result, "Question 1: 'The project manager' is not right")
    assert evaluate_exercise(store, quiz, answers=CHARTER).done


CHARTER_TEXT = {
    "purpose": "The lease on the old office ends in February.",
    "scope": "Move 40 staff, furniture and IT to the new floor.",
    "out_of_scope": "New furniture for the meeting rooms.",
    "objectives": "All 40 staff working from the new office by 2027-01-25",
    "success_criteria": "No working day lost by any team",
    "stakeholders": "Board | Sponsor | Budget kept\nStaff | Move | A working desk on day one",
    "sponsor": "Managing director",
    "manager": "Olga",
}


def test_the_charter_check_both_ways(store: Store, sandbox: Plan) -> None:
    assert_not_done(
        check(store, "charter_written", sandbox),
        "Purpose is empty.",
        "Stakeholders is empty.",
        "Approved on is empty",
        "The charter is still the sample's",
    )
    sandbox.set_charter(**{**CHARTER_TEXT, "objectives": "Move smoothly"})
    assert check(store, "charter_written", sandbox).reasons == (
        "Objective 'Move smoothly' is not measurable: say how much or by when, with a number "
        "or a date.",
        "Approved on is empty: record the day the sponsor approved the charter.",
    )
    sandbox.set_charter(objectives=CHARTER_TEXT["objectives"], approved_on="2026-11-27")
    assert check(store, "charter_written", sandbox) == CheckResult(True)


def add_work_package(plan: Plan, tasks: int = 2, link: bool = True) -> None:
    """'Communicate the move' after milestone 5 with ``tasks`` one-day tasks under it."""
    summary = plan.add_task("Communicate the move", 1, position=5, outline_level=1)
    for number in range(tasks):
        task = plan.add_task(f"Tell group {number}", 1, position=6 + number, outline_level=2)
        if link:
            plan.set(task.id, "predecessors", "5")
            plan.link(task.id, "16")
    assert plan.is_summary(summary.id)


def test_the_work_package_check_both_ways(store: Store, sandbox: Plan) -> None:
    assert_not_done(check(store, "work_package", sandbox), "No new work package yet")
    add_work_package(sandbox, tasks=1)
    assert_not_done(
        check(store, "work_package", sandbox),
        "Work package 17 'Communicate the move' has 1 task(s) under it",
    )
    sandbox.add_task("Update the website", 1, position=7, outline_level=2)
    assert_not_done(
        check(store, "work_package", sandbox),
        "Task 19 'Update the website' has no predecessor",
        "Task 19 'Update the website' has no successor",
    )
    sandbox.set("19", "predecessors", "5")
    sandbox.link("19", "16")
    assert check(store, "work_package", sandbox) == CheckResult(True)


def test_the_work_package_check_refuses_a_deleted_task(store: Store, sandbox: Plan) -> None:
    add_work_package(sandbox)
    sandbox.delete_task("11")
    assert_not_done(
        check(store, "work_package", sandbox), "Task 11 'Test network and phones' was deleted"
    )


def test_the_change_request_check_both_ways(store: Store, sandbox: Plan) -> None:
    assert_not_done(check(store, "change_control", sandbox), "No change request yet")
    sandbox.raise_change("New change request")
    assert_not_done(
        check(store, "change_control", sandbox),
        "give it a title",
        "has no description",
        "has no impact estimated",
        "names no task",
        "is not decided yet",
    )
    sandbox.update_change(
        "CR1",
        title="Meeting-room booking system",
        description="The sponsor wants rooms booked from the intranet.",
        cost_impact=2500,
        tasks="9, 11",
    )
    sandbox.decide_change("CR1", approved=False, by="Sponsor", note="After the move")
    assert check(store, "change_control", sandbox) == CheckResult(True)


def test_a_change_request_decided_too_early_asks_for_a_new_one(store: Store, sandbox: Plan) -> None:
    sandbox.raise_change("Meeting-room booking system", tasks="9")
    sandbox.decide_change("CR1", approved=True, by="Sponsor")
    assert_not_done(
        check(store, "change_control", sandbox), "has no description", "raise a new one"
    )


# -- session 3 ---------------------------------------------------------------------------------


def test_the_critical_task_check_both_ways(store: Store, sandbox: Plan) -> None:
    assert_not_done(check(store, "critical_task", sandbox), "No new task yet")
    task = sandbox.add_task("Clean the new floor", 2)
    assert_not_done(
        check(store, "critical_task", sandbox),
        "Task 17 'Clean the new floor' has no predecessor",
        "has no successor",
    )
    sandbox.set(task.id, "predecessors", "3")
    sandbox.link(task.id, "10")
    assert_not_done(
        check(store, "critical_task", sandbox),
        "Task 17 'Clean the new floor' has 19 working days of total float",
    )
    sandbox.unlink(task.id, "10")
    sandbox.set(task.id, "predecessors", "10")
    sandbox.set("13", "predecessors", f"11FS-1d, {task.id}")
    assert check(store, "critical_task", sandbox) == CheckResult(True)
    assert sandbox.schedule().finish > pristine_plan(store, sandbox).schedule().finish


def test_shortening_says_how_many_working_days_are_left_to_find(
    store: Store, sandbox: Plan
) -> None:
    assert check(store, "shorten_by_five", sandbox).reasons == (
        "Finish is 2027-01-20, no earlier than the sample's 2027-01-20; 5 working days to go.",
    )
    sandbox.set("8", "duration", 13)
    assert check(store, "shorten_by_five", sandbox).reasons == (
        "Finish is 2027-01-18, only 2 working days earlier than 2027-01-20; 3 more to go.",
    )
    sandbox.set("8", "duration", 16)
    assert check(store, "shorten_by_five", sandbox).reasons == (
        "Finish is 2027-01-21, 1 working day later than the sample's 2027-01-20; "
        "6 working days to go.",
    )


def test_shortening_critical_work_by_five_days_passes(store: Store, sandbox: Plan) -> None:
    sandbox.set("8", "duration", 10)  # the supplier ships from stock
    assert sandbox.schedule().finish == date(2027, 1, 13)
    assert check(store, "shorten_by_five", sandbox) == CheckResult(True)


def test_fast_tracking_by_overlapping_tasks_passes(store: Store, sandbox: Plan) -> None:
    sandbox.set("8", "predecessors", "7SS")  # order and lead time overlap: 2 days
    sandbox.set("14", "predecessors", "13FS-1d")  # move while the last boxes are packed
    sandbox.set("4", "predecessors", "3SS+1d")  # draw while surveying: 1 day
    sandbox.set("15", "predecessors", "14SS+1d")  # unpack as the first loads arrive
    assert check(store, "shorten_by_five", sandbox) == CheckResult(True)


@pytest.mark.parametrize(
    ("cheat", "reason"),
    [
        (lambda plan: plan.delete_task("8"), "Task 8 'Furniture delivery lead time' was deleted"),
        (lambda plan: plan.set("8", "duration", 0), "was cut to 0 days (from 15)"),
        (lambda plan: plan.unlink("8", "10"), "dependency of task 10 on task 8 was removed"),
        (lambda plan: plan.add_resource("Temp"), "Resource 'Temp' was added"),
        (lambda plan: plan.assign("4", "2", 1.0), "Ivan was put on task 4 'Draw the seating plan'"),
        (lambda plan: plan.assign("2", "1", 1.0), "Olga's units on task 2"),
        (lambda plan: plan.set_project(start=date(2026, 11, 24)), "project start was moved"),
        (
            lambda plan: plan.set_project(calendar=Calendar(working_weekdays=(0, 1, 2, 3, 4, 5))),
            "project calendar was changed",
        ),
    ],
)
def test_shortening_refuses_each_cheat(store: Store, sandbox: Plan, cheat, reason: str) -> None:
    sandbox.set("8", "duration", 10)
    cheat(sandbox)
    assert_not_done(check(store, "shorten_by_five", sandbox), reason)


# -- session 4 ---------------------------------------------------------------------------------


def test_the_own_risks_check_both_ways(store: Store, sandbox: Plan) -> None:
    assert_not_done(check(store, "own_risks", sandbox), "No risk of your own yet")
    sandbox.add_risk("New risk", impact_cost=2)
    assert_not_done(
        check(store, "own_risks", sandbox),
        "0 of 2 risks of your own are ready; 2 more to go.",
        "Risk R8 'New risk': give it a title",
        "has no owner",
        "names no task",
    )
    sandbox.update_risk("R8", title="Movers strike in January", owner="Olga", tasks="14")
    sandbox.add_risk("Keys not returned on time", owner="Olga", tasks="15", impact_cost=1)
    assert check(store, "own_risks", sandbox) == CheckResult(True)


def answer(plan: Plan, risk_id: str) -> None:
    risk = plan.risk(risk_id)
    strategy = "mitigate" if risk.kind == "threat" else "enhance"
    plan.update_risk(
        risk_id,
        strategy=strategy,
        actions="Agree a fallback | Olga | 2026-12-10",
        residual_probability=1,
        residual_impact=max(risk.impact - 1, 1),
    )


def test_the_five_risks_check_both_ways(store: Store, sandbox: Plan) -> None:
    assert_not_done(
        check(store, "five_risks_scored", sandbox),
        "0 of 5 risks are scored and answered; 5 more to go.",
        "Risk R1 'Furniture delivery slips past the move date' (score 16): no action",
        "Risk R3 'Board delays the budget decision' (score 10): no action",
        "no residual probability and impact",
    )
    for risk_id in ("R1", "R2", "R3", "R4"):
        answer(sandbox, risk_id)
    result = check(store, "five_risks_scored", sandbox)
    assert_not_done(result, "4 of 5 risks are scored and answered; 1 more to go.")
    assert not any("R1" in reason for reason in result.reasons)
    answer(sandbox, "R5")
    assert check(store, "five_risks_scored", sandbox) == CheckResult(True)


def test_closing_risks_does_not_answer_them(store: Store, sandbox: Plan) -> None:
    for risk_id in ("R1", "R2", "R3", "R4"):
        answer(sandbox, risk_id)
    for risk_id in ("R5", "R6"):
        sandbox.close_risk(risk_id)
    assert_not_done(check(store, "five_risks_scored", sandbox), "Only 4 risks are open: raise more")


def test_an_action_needs_an_owner(store: Store, sandbox: Plan) -> None:
    for risk_id in ("R1", "R2", "R3", "R4", "R5"):
        answer(sandbox, risk_id)
    sandbox.update_risk("R5", owner="", actions="Ask the landlord")
    assert_not_done(check(store, "five_risks_scored", sandbox), "R5", "no owner for its actions")


# -- session 5 ---------------------------------------------------------------------------------


def test_the_overallocation_check_names_who_when_and_why(store: Store, sandbox: Plan) -> None:
    assert check(store, "no_overallocation", sandbox).reasons == (
        "Olga is over-allocated on 6 days from 2026-12-16 to 2026-12-23 (up to 10 h against "
        "8 h a day; tasks 8, 9).",
    )


def test_leveling_brings_everyone_under_capacity(store: Store, sandbox: Plan) -> None:
    assert sandbox.level()
    assert check(store, "no_overallocation", sandbox) == CheckResult(True)


def test_lowering_units_brings_everyone_under_capacity(store: Store, sandbox: Plan) -> None:
    sandbox.assign("9", "1", 0.75)
    assert check(store, "no_overallocation", sandbox) == CheckResult(True)


def test_removing_work_or_adding_capacity_is_refused(store: Store, sandbox: Plan) -> None:
    sandbox.delete_task("9")
    assert_not_done(
        check(store, "no_overallocation", sandbox),
        "Task 9 'Install network cabling' was deleted",
    )
    sandbox.undo()
    olga = replace(sandbox.resources[0], max_units=1.5)
    sandbox.replace_state(
        sandbox.state.changed(structural=False, resources=(olga, *sandbox.resources[1:])),
        "Olga works overtime",
    )
    result = check(store, "no_overallocation", sandbox)
    assert result.reasons == (
        "Olga's maximum units were raised from 100% to 150%: capacity cannot be wished into being.",
    )


def test_a_new_resource_is_refused(store: Store, sandbox: Plan) -> None:
    temp = sandbox.add_resource("Temp", role="Office manager")
    sandbox.unassign("9", "1")
    sandbox.assign("9", temp.id, 1.0)
    assert_not_done(check(store, "no_overallocation", sandbox), "Resource 'Temp' was added")


# -- session 6 ---------------------------------------------------------------------------------


def test_the_status_check_both_ways(store: Store, sandbox: Plan) -> None:
    assert_not_done(
        check(store, "spi_computed", sandbox), "No status date yet", "No progress recorded yet"
    )
    sandbox.set_project(status_date=date(2026, 11, 20))
    sandbox.record_progress("2", percent_complete=10)
    assert_not_done(check(store, "spi_computed", sandbox), "SPI cannot be computed as of")
    sandbox.update_as_planned("2026-12-18")
    assert check(store, "spi_computed", sandbox) == CheckResult(True)


def test_a_plan_without_a_baseline_says_so(store: Store, sandbox: Plan) -> None:
    sandbox.update_as_planned("2026-12-18")
    sandbox.clear_baseline(0)
    assert_not_done(check(store, "spi_computed", sandbox), "baseline")


def test_the_slip_check_both_ways(store: Store, sandbox: Plan) -> None:
    assert_not_done(check(store, "behind_schedule", sandbox), "No status date yet")
    sandbox.update_as_planned("2026-12-18")
    assert_not_done(check(store, "behind_schedule", sandbox), "SPI is 1.00 as of 2026-12-18")
    sandbox.record_progress("8", percent_complete=5)
    assert check(store, "behind_schedule", sandbox) == CheckResult(True)
    assert check(store, "spi_computed", sandbox).done


def test_the_earned_value_quiz_both_ways(store: Store) -> None:
    quiz = find_exercise("ev_quiz")
    right = {question.id: question.answer for question in quiz.questions}
    assert_not_done(
        evaluate_exercise(store, quiz, answers={**right, "spi": "the project is 80% complete"}),
        "Question 2: 'the project is 80% complete' is not right. Hint: SPI = EV / PV.",
    )
    assert evaluate_exercise(store, quiz, answers=right).done


# -- progress ----------------------------------------------------------------------------------


def test_checks_are_kept_for_the_coach(store: Store) -> None:
    store.record_exercise("ana", "shorten_by_five", False, ["3 more to go."])
    store.record_exercise("ana", "shorten_by_five", True)
    store.record_exercise("ana", "first_save", False, ["Save it."])
    store.record_exercise("Bo", "pmo_roles", True)
    records = store.exercise_progress()
    assert [(r.learner, r.exercise, r.done, r.attempts) for r in records] == [
        ("Bo", "pmo_roles", True, 1),
        ("ana", "first_save", False, 1),
        ("ana", "shorten_by_five", True, 2),
    ]
    assert records[1].reasons == ("Save it.",)
    ana, bo = learner_progress(records)
    assert ana.learner == "ana" and bo.learner == "Bo"
    assert ana.state("shorten_by_five") == DONE
    assert ana.state("first_save") == NOT_YET
    assert ana.state("pmo_roles") == NOT_TRIED
    assert ana.done_count(COURSE) == 1


def test_a_read_only_store_refuses_to_record_a_check(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'onboarding.db'}"
    Store(url).close()
    with Store(url, read_only=True) as store:
        with pytest.raises(PlanError) as error:
            store.record_exercise("ana", "first_save", True)
        assert error.value.field == "store"
        assert store.exercise_progress() == []


@pytest.mark.parametrize(
    ("learner", "exercise", "field"), [(" ", "x", "learner"), ("a", "", "exercise")]
)
def test_a_check_needs_a_learner_and_an_exercise(
    store: Store, learner: str, exercise: str, field: str
) -> None:
    with pytest.raises(PlanError) as error:
        store.record_exercise(learner, exercise, False)
    assert error.value.field == field
    assert store.exercise_progress() == []
