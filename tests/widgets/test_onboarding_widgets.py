"""ExerciseCheck checks a learner's work and records it; CoachView shows what was recorded.

Every test works on a fresh SQLite store in ``tmp_path``, never the session's shared store.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pmwidgets.core.errors import PlanError
from pmwidgets.core.onboarding import find_exercise, open_sandbox
from pmwidgets.core.plan import Plan
from pmwidgets.store import Store
from pmwidgets.widgets.onboarding import COACH_CLASS, CoachView, ExerciseCheck
from pmwidgets.widgets.plan_editor import PlanEditor

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_PLAN = ROOT / "sample_data" / "office_move.json"


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'onboarding.db'}"


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    with Store(url) as opened:
        yield opened


@pytest.fixture
def sandbox(store: Store) -> Plan:
    return open_sandbox(store, "ana", seed_file=SAMPLE_PLAN)


def test_a_check_left_undone_says_why_and_is_recorded(store: Store, sandbox: Plan) -> None:
    check = ExerciseCheck(store, "ana", find_exercise("shorten_by_five"), sandbox)
    events: list[dict] = []
    check.on_check(events.append)
    assert "Exercise 3.2: Shorten the project by five working days" in check.children[0].value
    check.button.click()
    assert not check.done
    assert "Not yet" in check.result.value
    assert "Finish is 2027-01-20, no earlier than the sample&#x27;s 2027-01-20" in (
        check.result.value
    )
    assert "Recorded for your coach" in check.message.value
    assert events == [
        {
            "exercise": "shorten_by_five",
            "done": False,
            "reasons": [
                "Finish is 2027-01-20, no earlier than the sample's 2027-01-20; "
                "5 working days to go."
            ],
            "recorded": True,
        }
    ]
    (record,) = store.exercise_progress()
    assert (record.learner, record.exercise, record.done) == ("ana", "shorten_by_five", False)


def test_a_check_done_says_done_with_a_tick(store: Store, sandbox: Plan) -> None:
    check = ExerciseCheck(store, "ana", find_exercise("shorten_by_five"), sandbox)
    sandbox.set("8", "duration", 10)
    assert check.check().done
    assert check.done
    assert "\u2713 Done" in check.result.value
    assert store.exercise_progress()[0].done


def test_the_check_follows_the_editors_plan(store: Store, sandbox: Plan) -> None:
    editor = PlanEditor(sandbox, store=store)
    check = ExerciseCheck(store, "ana", find_exercise("first_save"), editor)
    assert check.plan is sandbox
    other = open_sandbox(store, "ana", seed_file=SAMPLE_PLAN)
    editor.plan = other
    assert check.plan is other


def test_a_quiz_shows_its_questions_and_checks_the_choices(store: Store) -> None:
    exercise = find_exercise("ev_quiz")
    check = ExerciseCheck(store, "ana", exercise)
    assert set(check.answers) == {question.id for question in exercise.questions}
    assert all(value is None for value in check.answers.values())
    assert not check.check().done
    assert "No question answered yet" in check.result.value
    for question in exercise.questions:
        check.questions[question.id].value = question.answer
    assert check.check().done
    assert [r.attempts for r in store.exercise_progress()] == [2]


def test_text_is_escaped(store: Store, sandbox: Plan) -> None:
    sandbox.add_task("<b>Clean</b>", 2)
    check = ExerciseCheck(store, "ana", find_exercise("critical_task"), sandbox)
    check.check()
    assert "&lt;b&gt;Clean&lt;/b&gt;" in check.result.value
    assert "<b>Clean</b>" not in check.result.value


def test_a_plan_exercise_without_a_plan_says_so(store: Store) -> None:
    check = ExerciseCheck(store, "ana", find_exercise("no_overallocation"))
    assert check.check() is None
    assert "checks a sandbox plan" in check.message.value
    assert store.exercise_progress() == []


def test_a_read_only_store_refuses_to_record_but_the_learner_sees_the_result(
    url: str, sandbox: Plan
) -> None:
    with Store(url, read_only=True) as read_only:
        with pytest.raises(PlanError):
            read_only.record_exercise("ana", "no_overallocation", False)
        check = ExerciseCheck(read_only, "ana", find_exercise("no_overallocation"), sandbox)
        events: list[dict] = []
        check.on_check(events.append)
        assert not check.check().done
        assert "Olga is over-allocated" in check.result.value
        assert "Your coach will not see this check" in check.message.value
        assert "read-only" in check.message.value
        assert events[0]["recorded"] is False
        assert read_only.exercise_progress() == []


def test_a_learner_needs_a_name(store: Store) -> None:
    with pytest.raises(PlanError) as error:
        ExerciseCheck(store, " ", find_exercise("pmo_roles"))
    assert error.value.field == "learner"


def test_the_coach_view_shows_each_learners_checks(store: Store, sandbox: Plan) -> None:
    coach = CoachView(store)
    assert COACH_CLASS in coach._dom_classes
    assert "No learner has checked an exercise yet" in coach.table.value
    ExerciseCheck(store, "ana", find_exercise("shorten_by_five"), sandbox).check()
    bo = open_sandbox(store, "Bo <3", seed_file=SAMPLE_PLAN)
    bo.level()
    ExerciseCheck(store, "Bo <3", find_exercise("no_overallocation"), bo).check()
    coach.refresh_button.click()
    html = coach.table.value
    assert [p.learner for p in coach.progress] == ["ana", "Bo <3"]
    assert "Bo &lt;3" in html and "Bo <3" not in html
    assert html.count("\u2713 Done") == 1
    assert html.count(">Not yet<") == 1
    assert html.count(">Not tried<") == 2 * 14 - 2
    assert "5 working days to go." in html  # the reasons, on hover
    assert 'title="Last checked ' in html
    assert "1 of 14" in html
    assert "3. Building a schedule and its critical path" in html
