"""Onboarding widgets: a learner's "Check my work" for one exercise, and the coach's view of
every learner's progress through the course.

:class:`ExerciseCheck` shows an exercise's instructions (and its questions, for a quiz), checks
the learner's sandbox or answers with :func:`pmwidgets.core.onboarding.evaluate_exercise` and
keeps every check in the store; :class:`CoachView` reads the checks back as a table of learners
by exercises. Results are written out ("Done", "Not yet", "Not tried"), never shown by colour
alone, and every text is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

import ipywidgets
import traitlets

from pmwidgets.core.errors import PlanError
from pmwidgets.core.onboarding import (
    COURSE,
    DONE,
    NOT_TRIED,
    NOT_YET,
    CheckResult,
    Exercise,
    ExerciseRecord,
    LearnerProgress,
    Session,
    evaluate_exercise,
    exercise_number,
    learner_name,
    learner_progress,
)
from pmwidgets.core.plan import Plan
from pmwidgets.plotting import theme
from pmwidgets.store.store import Store
from pmwidgets.widgets.grid import MESSAGE_CLASS, message_html
from pmwidgets.widgets.save_bar import toolbar_button

CHECK_CLASS = "pmw-exercise-check"
COACH_CLASS = "pmw-coach-view"
DONE_SIGN = "\u2713 "
STATE_CLASSES = {DONE: "pmw-done", NOT_YET: "pmw-not-yet", NOT_TRIED: "pmw-not-tried"}
_STYLE = f"""<style>
.{CHECK_CLASS} .pmw-done, .{CHECK_CLASS} .pmw-not-yet {{ font-weight: bold; padding: 0 6px; }}
.{CHECK_CLASS} .pmw-done, .{COACH_CLASS} td.pmw-done {{
  border-left: 4px solid {theme.BLUISH_GREEN}; }}
.{CHECK_CLASS} .pmw-not-yet, .{COACH_CLASS} td.pmw-not-yet {{
  border-left: 4px solid {theme.VERMILLION}; }}
.{COACH_CLASS} table {{ border-collapse: collapse; font-size: 13px; }}
.{COACH_CLASS} th, .{COACH_CLASS} td {{ padding: 4px 8px; border-bottom: 1px solid #ddd;
  text-align: left; white-space: nowrap; }}
.{COACH_CLASS} th {{ background: #f3f3f3; }}
.{COACH_CLASS} td.pmw-not-tried {{ color: #555; }}
</style>"""


class ExerciseCheck(ipywidgets.VBox):
    """One exercise for a learner: its instructions, its questions when it is a quiz, a
    "Check my work" button and the result, kept in the store for the coach.

    Parameters
    ----------
    store : Store
        Where the learner's sandbox lives and where each check is recorded.
    learner : str
        The learner's name, as their sandbox is named.
    exercise : Exercise
        The exercise checked (:func:`pmwidgets.core.onboarding.find_exercise`).
    plan : Plan or widget, optional
        The learner's sandbox plan; or a widget with a ``plan`` trait (a plan editor), whose
        plan the check follows (after a Merge, say). Not needed for a quiz.
    **kwargs
        Other ``VBox`` options.

    Raises
    ------
    PlanError
        When the learner's name is empty or too long.
    """

    plan = traitlets.Instance(Plan, allow_none=True, help="The learner's sandbox plan checked.")
    done = traitlets.Bool(False, help="Whether the last check found the exercise done.")

    def __init__(
        self,
        store: Store,
        learner: str,
        exercise: Exercise,
        plan: Plan | traitlets.HasTraits | None = None,
        **kwargs: Any,
    ) -> None:
        source = plan if isinstance(plan, traitlets.HasTraits) else None
        super().__init__(plan=source.plan if source is not None else plan, **kwargs)
        if source is not None:
            traitlets.dlink((source, "plan"), (self, "plan"))
        self.store = store
        self.learner = learner_name(learner)
        self.exercise = exercise
        self._check_callbacks = ipywidgets.CallbackDispatcher()
        self.questions = {
            question.id: ipywidgets.RadioButtons(
                options=question.choices, value=None, layout={"width": "auto"}
            )
            for question in exercise.questions
        }
        self.button = toolbar_button("check", "Check my work", "Check this exercise and tell me")
        self.button.on_click(lambda _button: self.check())
        self.result = ipywidgets.HTML("")
        self.message = ipywidgets.HTML("")
        self.message.add_class(MESSAGE_CLASS)
        self.children = [
            ipywidgets.HTML(_STYLE + _heading(exercise)),
            *_quiz_rows(exercise, self.questions),
            self.button,
            self.result,
            self.message,
        ]
        self.add_class(CHECK_CLASS)

    @property
    def answers(self) -> dict[str, str | None]:
        """The choice picked for each question, by question id (None when not answered)."""
        return {question: buttons.value for question, buttons in self.questions.items()}

    def check(self) -> CheckResult | None:
        """Check the learner's work, show the result and record it for the coach.

        Returns the result, or None when the work could not be checked (the message line says
        why). A check the store refuses to record (read-only) is still shown.
        """
        try:
            result = evaluate_exercise(
                self.store, self.exercise, plan=self.plan, answers=self.answers
            )
        except PlanError as error:
            self.message.value = message_html(error.message, error=True)
            return None
        self.done = result.done
        self.result.value = _result_html(result)
        try:
            self.store.record_exercise(self.learner, self.exercise.id, result.done, result.reasons)
        except PlanError as error:
            self.message.value = message_html(
                f"Your coach will not see this check: {error.message}", error=True
            )
            recorded = False
        else:
            self.message.value = message_html("Recorded for your coach.")
            recorded = True
        self._check_callbacks(
            {
                "exercise": self.exercise.id,
                "done": result.done,
                "reasons": list(result.reasons),
                "recorded": recorded,
            }
        )
        return result

    def on_check(self, callback: Callable[[dict[str, Any]], None], remove: bool = False) -> None:
        """Register (or with ``remove=True`` unregister) a callback for every check.

        Parameters
        ----------
        callback : callable
            Called with ``{"exercise": id, "done": bool, "reasons": [str, ...],
            "recorded": bool}``, ``recorded`` saying whether the store kept the check.
        remove : bool
            Unregister ``callback`` instead.
        """
        self._check_callbacks.register_callback(callback, remove=remove)


class CoachView(ipywidgets.VBox):
    """Every learner's progress through the course: one row per learner, one column per
    exercise (grouped by session), each cell Done, Not yet or Not tried, the last check's
    time and reasons on hover.

    Parameters
    ----------
    store : Store
        Where the checks are kept (a read-only store is enough).
    course : sequence of Session
        The course shown; the onboarding course by default.
    **kwargs
        Other ``VBox`` options.
    """

    def __init__(self, store: Store, *, course: Sequence[Session] = COURSE, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.store = store
        self.course = tuple(course)
        self.progress: list[LearnerProgress] = []
        self.refresh_button = toolbar_button(
            "refresh", "Refresh", "Read the learners' latest checks again"
        )
        self.refresh_button.on_click(lambda _button: self.refresh())
        self.table = ipywidgets.HTML("")
        self.children = [self.refresh_button, self.table]
        self.add_class(COACH_CLASS)
        self.refresh()

    def refresh(self) -> None:
        """Read the learners' latest checks from the store and redraw the table."""
        self.progress = learner_progress(self.store.exercise_progress())
        self.table.value = _STYLE + _coach_table(self.progress, self.course)


def _heading(exercise: Exercise) -> str:
    number = exercise_number(exercise)
    label = f"Exercise {number}: {exercise.title}" if number else exercise.title
    return f"<p><b>{escape(label)}</b></p><p>{escape(exercise.instructions)}</p>"


def _quiz_rows(
    exercise: Exercise, buttons: dict[str, ipywidgets.RadioButtons]
) -> list[ipywidgets.Widget]:
    """Each question's text above its choices."""
    rows: list[ipywidgets.Widget] = []
    for number, question in enumerate(exercise.questions, start=1):
        rows.append(ipywidgets.HTML(f"<b>{number}.</b> {escape(question.text)}"))
        rows.append(buttons[question.id])
    return rows


def _result_html(result: CheckResult) -> str:
    if result.done:
        return f'<p role="status"><span class="pmw-done">{DONE_SIGN}{DONE}</span></p>'
    reasons = "".join(f"<li>{escape(reason)}</li>" for reason in result.reasons)
    return f'<div role="status"><span class="pmw-not-yet">{NOT_YET}</span><ul>{reasons}</ul></div>'


def _coach_table(progress: list[LearnerProgress], course: tuple[Session, ...]) -> str:
    if not progress:
        return (
            "<p>No learner has checked an exercise yet: learners appear here after their "
            "first <i>Check my work</i>.</p>"
        )
    sessions = "".join(
        f'<th colspan="{len(session.exercises)}">{session.number}. {escape(session.title)}</th>'
        for session in course
    )
    exercises = "".join(
        f'<th title="{escape(exercise.title)}">{session.number}.{position}</th>'
        for session in course
        for position, exercise in enumerate(session.exercises, start=1)
    )
    total = sum(len(session.exercises) for session in course)
    head = (
        f'<tr><th rowspan="2">Learner</th>{sessions}<th rowspan="2">Done</th></tr>'
        f"<tr>{exercises}</tr>"
    )
    rows = "".join(
        f"<tr><td>{escape(learner.learner)}</td>"
        + "".join(
            _coach_cell(learner, exercise.id)
            for session in course
            for exercise in session.exercises
        )
        + f"<td>{learner.done_count(course)} of {total}</td></tr>"
        for learner in progress
    )
    table = f"<table><thead>{head}</thead><tbody>{rows}</tbody></table>"
    return f'<div style="overflow-x: auto">{table}</div>'


def _coach_cell(learner: LearnerProgress, exercise_id: str) -> str:
    state = learner.state(exercise_id)
    record = learner.checks.get(exercise_id)
    text = f"{DONE_SIGN}{state}" if state == DONE else state
    hover = f' title="{escape(_hover(record), quote=True)}"' if record is not None else ""
    return f'<td class="{STATE_CLASSES[state]}"{hover}>{escape(text)}</td>'


def _hover(record: ExerciseRecord) -> str:
    """The last check's time, the number of checks, and its reasons, one a line."""
    checks = "1 check" if record.attempts == 1 else f"{record.attempts} checks"
    lines = [f"Last checked {record.checked_at:%Y-%m-%d %H:%M} UTC ({checks})", *record.reasons]
    return "\n".join(lines)
