"""The onboarding course for new project managers: sessions, hands-on exercises and their
checks, each learner's sandbox copy of a sample project, and progress for the coach.

A PMO coach runs the course in sessions. Each session teaches one part of the job and gives
exercises that the learner does on a sandbox, their own copy of the sample project in the store
(``Sandbox - <learner> - <sample>``), or answers as a short quiz. A check compares the sandbox
with its first version, the pristine sample, and says whether the exercise is done and, if not,
exactly what is missing, so that a learner can carry on alone between sessions. Every check is
kept in the store (:meth:`~pmwidgets.store.store.Store.record_exercise`) for the coach's view.

Sandboxes are not projects: portfolio roll-ups leave out every name :func:`is_sandbox` accepts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pmwidgets.core.calendar import Calendar
from pmwidgets.core.errors import ConflictError, PlanError
from pmwidgets.core.plan import Plan
from pmwidgets.core.resource_load import Overallocation, overallocations
from pmwidgets.core.risks import STRATEGIES, Risk, RiskKind
from pmwidgets.core.status import ProjectStatus, project_status
from pmwidgets.io import read_plan

if TYPE_CHECKING:
    from pmwidgets.core.change_requests import ChangeRequest
    from pmwidgets.core.model import Task
    from pmwidgets.store.store import Store

#: Names starting with this are onboarding sandboxes, not projects.
SANDBOX_PREFIX = "Sandbox - "
#: The sample project the course works on, as ``make demo`` seeds it.
SAMPLE_PROJECT = "Office move"
MAX_LEARNER_LENGTH = 80
#: What a learner's exercise looks like in the coach's view.
DONE, NOT_YET, NOT_TRIED = "Done", "Not yet", "Not tried"

#: Working days the schedule exercise asks to take off the finish.
DAYS_TO_SHORTEN = 5
#: Risks the risk exercise asks to score and answer.
RISKS_TO_ANSWER = 5
#: Risks of their own the risk-identification exercise asks for.
OWN_RISKS = 2
#: Tasks a new work package must be broken into.
WORK_PACKAGE_TASKS = 2
#: Titles the registers give new records: a learner must replace them.
PLACEHOLDER_TITLES = ("new risk", "new change request")


# -- records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    """Whether an exercise is done and, when it is not, each thing still missing."""

    done: bool
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """One multiple-choice question of a quiz exercise; ``hint`` is shown for a wrong answer
    (it points to the idea, never gives the answer away)."""

    id: str
    text: str
    choices: tuple[str, ...]
    answer: str
    hint: str


@dataclass(frozen=True)
class Exercise:
    """A hands-on exercise: done on the sandbox plan (``check`` compares it with the pristine
    sample) or answered as a quiz (``questions``, and no ``check``)."""

    id: str
    title: str
    instructions: str
    check: Callable[[Plan, Plan], CheckResult] | None = None
    questions: tuple[Question, ...] = ()

    @property
    def is_quiz(self) -> bool:
        """Whether the exercise is answered as a quiz rather than done on the sandbox."""
        return bool(self.questions)

    def evaluate(
        self,
        plan: Plan | None = None,
        original: Plan | None = None,
        answers: Mapping[str, str | None] | None = None,
    ) -> CheckResult:
        """Check the learner's work: the sandbox ``plan`` against the ``original`` sample, or
        the quiz ``answers`` (question id to the choice picked).

        Raises
        ------
        PlanError
            When a sandbox exercise is given no plan or no original to compare with.
        """
        if self.is_quiz:
            return grade_quiz(self.questions, answers or {})
        if self.check is None or plan is None or original is None:
            raise PlanError(
                f"Exercise '{self.id}' checks a sandbox plan: give the plan and the original "
                "sample to compare it with.",
                field="plan",
                value=None,
            )
        return self.check(plan, original)


@dataclass(frozen=True)
class Session:
    """One session of the course: what the learner should be able to do after it, its
    exercises, and the workbook it is run from (in ``workbooks/onboarding/``)."""

    number: int
    title: str
    goals: tuple[str, ...]
    exercises: tuple[Exercise, ...]
    notebook: str


@dataclass(frozen=True)
class ExerciseRecord:
    """A learner's latest check of an exercise (UTC), and how many checks they made."""

    learner: str
    exercise: str
    done: bool
    checked_at: datetime
    reasons: tuple[str, ...] = ()
    attempts: int = 1


@dataclass(frozen=True)
class LearnerProgress:
    """One learner's latest check of each exercise, by exercise id."""

    learner: str
    checks: Mapping[str, ExerciseRecord]

    def state(self, exercise_id: str) -> str:
        """``DONE``, ``NOT_YET`` (checked, not done) or ``NOT_TRIED``."""
        record = self.checks.get(exercise_id)
        if record is None:
            return NOT_TRIED
        return DONE if record.done else NOT_YET

    def done_count(self, course: Sequence[Session]) -> int:
        """How many of the course's exercises the learner's latest checks passed."""
        return sum(
            self.state(exercise.id) == DONE for session in course for exercise in session.exercises
        )


# -- quizzes ---------------------------------------------------------------------------------


def grade_quiz(questions: Sequence[Question], answers: Mapping[str, str | None]) -> CheckResult:
    """Done when every question has its right answer; each other question is a reason (not
    answered, or the wrong choice with the question's hint), or one when none is answered."""
    if not any(answers.get(question.id) for question in questions):
        return CheckResult(False, (f"No question answered yet: answer all {len(questions)}.",))
    reasons = []
    for number, question in enumerate(questions, start=1):
        given = answers.get(question.id)
        if not given:
            reasons.append(f"Question {number} is not answered yet.")
        elif given != question.answer:
            reasons.append(f"Question {number}: '{given}' is not right. Hint: {question.hint}")
    return CheckResult(not reasons, tuple(reasons))


# -- what a check may not do -----------------------------------------------------------------


def _deleted_tasks(plan: Plan, original: Plan) -> list[str]:
    """A reason for each task of the sample that is gone: removing work solves nothing."""
    kept = {task.id for task in plan.tasks}
    return [
        f"{_task_label(task, first=True)} was deleted: removing work does not count; "
        "undo it or reset your sandbox."
        for task in original.tasks
        if task.id not in kept
    ]


def _resources_changed(plan: Plan, original: Plan) -> list[str]:
    """A reason for each resource added, removed or given more capacity than in the sample."""
    before = {resource.id: resource for resource in original.resources}
    now = {resource.id: resource for resource in plan.resources}
    reasons = [
        f"Resource '{resource.name}' was added: work with the people the sample has."
        for resource in plan.resources
        if resource.id not in before
    ]
    reasons += [
        f"Resource '{resource.name}' was removed: work with the people the sample has."
        for resource in original.resources
        if resource.id not in now
    ]
    for resource in plan.resources:
        old = before.get(resource.id)
        if old is not None and resource.max_units > old.max_units:
            reasons.append(
                f"{resource.name}'s maximum units were raised from {_percent(old.max_units)} "
                f"to {_percent(resource.max_units)}: capacity cannot be wished into being."
            )
    return reasons


def _assignments_raised(plan: Plan, original: Plan) -> list[str]:
    """A reason for each person put on a task of the sample, or given more units on it."""
    units = {(a.task, a.resource): a.units for a in original.assignments}
    sample_tasks = {task.id for task in original.tasks}
    names = {resource.id: resource.name for resource in plan.resources}
    reasons = []
    for assignment in plan.assignments:
        if assignment.task not in sample_tasks:
            continue
        who = names.get(assignment.resource, assignment.resource)
        task = _task_label(plan.task(assignment.task))
        old = units.get((assignment.task, assignment.resource))
        if old is None:
            reasons.append(f"{who} was put on {task}: that is adding people.")
        elif assignment.units > old:
            reasons.append(
                f"{who}'s units on {task} were raised from {_percent(old)} to "
                f"{_percent(assignment.units)}: that is adding people."
            )
    return reasons


def _links_removed(plan: Plan, original: Plan) -> list[str]:
    """A reason for each dependency of the sample dropped between tasks that are still there
    (changing its type or lag, to overlap the tasks, is allowed)."""
    kept = {(link.predecessor, link.successor) for link in plan.links}
    tasks = {task.id for task in plan.tasks}
    return [
        f"The dependency of task {link.successor} on task {link.predecessor} was removed: "
        "overlap the tasks (a lead, or start-to-start) instead of ignoring the dependency."
        for link in original.links
        if (link.predecessor, link.successor) not in kept
        and {link.predecessor, link.successor} <= tasks
    ]


def _work_cut_to_nothing(plan: Plan, original: Plan) -> list[str]:
    """A reason for each task of the sample with a duration that now has none."""
    now = {task.id: task for task in plan.tasks}
    return [
        f"{_task_label(task, first=True)} was cut to 0 days (from {task.duration:g}): "
        "that removes the work instead of shortening it."
        for task in original.tasks
        if task.duration > 0
        and task.id in now
        and now[task.id].duration <= 0
        and not original.is_summary(task.id)
    ]


def _time_bent(plan: Plan, original: Plan) -> list[str]:
    """Reasons when the project starts earlier or its calendar changed."""
    reasons = []
    fmt = original.settings.date_format
    if plan.start.date() < original.start.date():
        reasons.append(
            f"The project start was moved from {original.start:{fmt}} to {plan.start:{fmt}}: "
            "starting earlier is not shortening the schedule."
        )
    if plan.calendar != original.calendar:
        reasons.append(
            "The project calendar was changed: shorten the work, not the working week or the "
            "holidays."
        )
    return reasons


# -- session 1: the PMO and the project manager ----------------------------------------------


def first_save(plan: Plan, original: Plan) -> CheckResult:
    """Done when the learner has saved their sandbox at least once after it was made."""
    if plan.version is None:
        return CheckResult(False, ("This plan was not opened from the project store.",))
    if plan.version < 2:
        return CheckResult(
            False,
            (
                "Your sandbox is still at version 1, the copy of the sample: change something "
                "(for example a task's name) and press Save.",
            ),
        )
    return CheckResult(True)


# -- session 2: charter and scope --------------------------------------------------------------


#: The charter's fields a learner must write, with what each is called on the form.
CHARTER_ESSENTIALS = {
    "purpose": "Purpose",
    "scope": "Scope",
    "out_of_scope": "Out of scope",
    "objectives": "Objectives",
    "success_criteria": "Success criteria",
    "stakeholders": "Stakeholders",
    "sponsor": "Sponsor",
    "manager": "Project manager",
}


def charter_written(plan: Plan, original: Plan) -> CheckResult:
    """Done when the charter differs from the sample's, has every essential field written,
    measurable objectives (each with a number or a date) and a sponsor's approval date."""
    charter = plan.charter
    reasons = [
        f"{label} is empty."
        for name, label in CHARTER_ESSENTIALS.items()
        if not getattr(charter, name)
    ]
    reasons += [
        f"Objective '{objective}' is not measurable: say how much or by when, with a number "
        "or a date."
        for objective in charter.objectives
        if not any(character.isdigit() for character in objective)
    ]
    if charter.approved_on is None:
        reasons.append("Approved on is empty: record the day the sponsor approved the charter.")
    if charter == original.charter:
        reasons.append("The charter is still the sample's: write your own.")
    return CheckResult(not reasons, tuple(reasons))


def work_package(plan: Plan, original: Plan) -> CheckResult:
    """Done when a new summary task (a work package) holds at least two new tasks, each with
    a duration, a predecessor and a successor, and no task of the sample was deleted."""
    deleted = _deleted_tasks(plan, original)
    sample = {task.id for task in original.tasks}
    packages = [t for t in plan.tasks if t.id not in sample and plan.is_summary(t.id)]
    if not packages:
        return CheckResult(
            False,
            (
                "No new work package yet: add a task named for the deliverable, add its tasks "
                "below it and indent them under it.",
                *deleted,
            ),
        )
    gaps = min((_package_gaps(plan, package, sample) for package in packages), key=len)
    reasons = tuple(gaps + deleted)
    return CheckResult(not reasons, reasons)


def _package_gaps(plan: Plan, package: Task, sample: set[str]) -> list[str]:
    """What a new work package still lacks."""
    children = [
        task
        for task in plan.tasks
        if plan.parent(task.id) == package.id
        and task.id not in sample
        and not plan.is_summary(task.id)
    ]
    gaps = []
    if len(children) < WORK_PACKAGE_TASKS:
        gaps.append(
            f"Work package {package.id} '{package.name}' has {len(children)} task(s) under it; "
            f"break it into at least {WORK_PACKAGE_TASKS}."
        )
    for task in children:
        gaps += _open_ends(plan, task)
    return gaps


def _open_ends(plan: Plan, task: Task) -> list[str]:
    """What keeps a task from being part of the network: no duration, predecessor or
    successor."""
    label = _task_label(task, first=True)
    gaps = []
    if task.duration <= 0:
        gaps.append(f"{label} has no duration: estimate it in working days.")
    if not plan.predecessors(task.id):
        gaps.append(f"{label} has no predecessor: say what it waits for.")
    if not plan.successors(task.id):
        gaps.append(f"{label} has no successor: say what waits for it.")
    return gaps


def change_control(plan: Plan, original: Plan) -> CheckResult:
    """Done when a new change request has a title, a description, an estimated schedule or
    cost impact and the tasks it touches, and was approved or rejected."""
    sample = {request.id for request in original.change_requests}
    requests = [r for r in plan.change_requests if r.id not in sample]
    if not requests:
        return CheckResult(
            False, ("No change request yet: press Raise in the change-request register.",)
        )
    gaps = min((_request_gaps(request) for request in requests), key=len)
    return CheckResult(not gaps, tuple(gaps))


def _request_gaps(request: ChangeRequest) -> list[str]:
    """What a change request still lacks before the change board can decide it soundly."""
    label = f"Change request {request.id} '{request.title}'"
    gaps = []
    if request.title.strip().lower() in PLACEHOLDER_TITLES:
        gaps.append(f"{label}: give it a title that says what is asked.")
    if not request.description.strip():
        gaps.append(f"{label} has no description: why is it asked, and what does it involve?")
    if not request.schedule_impact_days and not request.cost_impact:
        gaps.append(f"{label} has no impact estimated: give its schedule or cost impact.")
    if not request.tasks:
        gaps.append(f"{label} names no task: list the tasks it touches.")
    if request.status == "proposed":
        gaps.append(f"{label} is not decided yet: approve or reject it, saying who decides.")
    elif gaps:
        gaps.append(
            f"{label} was decided before it was complete, and decided requests no longer "
            "change: raise a new one."
        )
    return gaps


# -- session 3: schedule and critical path ---------------------------------------------------


def critical_task(plan: Plan, original: Plan) -> CheckResult:
    """Done when a new task with a duration, a predecessor and a successor is critical."""
    sample = {task.id for task in original.tasks}
    new = [t for t in plan.tasks if t.id not in sample and not plan.is_summary(t.id)]
    if not new:
        return CheckResult(
            False,
            ("No new task yet: add one, give it a duration and link it into the plan.",),
        )
    floats = plan.schedule().to_frame().set_index("id")["total_float_days"]
    gaps = min((_critical_gaps(plan, task, floats[task.id]) for task in new), key=len)
    return CheckResult(not gaps, tuple(gaps))


def _critical_gaps(plan: Plan, task: Task, total_float: float) -> list[str]:
    """What keeps a new task off the critical path: open ends, or float left."""
    gaps = _open_ends(plan, task)
    if total_float > 0:
        gaps.append(
            f"{_task_label(task, first=True)} has {_days(total_float)} of total float: it is "
            "not on the critical path yet. Link it so that critical work waits for it."
        )
    return gaps


def shorten_by_five(plan: Plan, original: Plan) -> CheckResult:
    """Done when the plan finishes at least five working days before the sample without
    adding people, raising anyone's units, deleting tasks or their work, dropping
    dependencies, starting earlier or changing the calendar."""
    reasons = (
        _deleted_tasks(plan, original)
        + _work_cut_to_nothing(plan, original)
        + _resources_changed(plan, original)
        + _assignments_raised(plan, original)
        + _links_removed(plan, original)
        + _time_bent(plan, original)
    )
    gained = _finish_gain(original.calendar, plan.schedule().finish, original.schedule().finish)
    if gained < DAYS_TO_SHORTEN:
        reasons.append(
            _finish_reason(plan.schedule().finish, original.schedule().finish, gained, plan)
        )
    return CheckResult(not reasons, tuple(reasons))


def _finish_gain(calendar: Calendar, finish: date, target: date) -> int:
    """Working days ``finish`` is before ``target`` (negative when after)."""
    if finish <= target:
        return _working_days_after(calendar, finish, target)
    return -_working_days_after(calendar, target, finish)


def _working_days_after(calendar: Calendar, first: date, last: date) -> int:
    """Working days after ``first`` up to ``last`` (inclusive)."""
    days = np.arange(np.datetime64(first) + 1, np.datetime64(last) + 1, dtype="datetime64[D]")
    return int(calendar.working_mask(days).sum())


def _finish_reason(finish: date, target: date, gained: int, plan: Plan) -> str:
    fmt = plan.settings.date_format
    to_go = DAYS_TO_SHORTEN - gained
    if gained > 0:
        return (
            f"Finish is {finish:{fmt}}, only {_days(gained)} earlier than {target:{fmt}}; "
            f"{to_go} more to go."
        )
    if gained == 0:
        return (
            f"Finish is {finish:{fmt}}, no earlier than the sample's {target:{fmt}}; "
            f"{_days(to_go)} to go."
        )
    return (
        f"Finish is {finish:{fmt}}, {_days(-gained)} later than the sample's {target:{fmt}}; "
        f"{_days(to_go)} to go."
    )


# -- session 4: risks ------------------------------------------------------------------------


def own_risks(plan: Plan, original: Plan) -> CheckResult:
    """Done when at least two open risks not in the sample have a real title, an owner and
    the tasks they would affect."""
    sample = {risk.id for risk in original.risks}
    new = [r for r in plan.risks if r.id not in sample and r.status == "open"]
    gaps = [_identification_gaps(risk) for risk in new]
    ready = sum(not gap for gap in gaps)
    if ready >= OWN_RISKS:
        return CheckResult(True)
    if not new:
        return CheckResult(
            False, ("No risk of your own yet: press Raise risk in the register and describe one.",)
        )
    reasons = [
        f"{ready} of {OWN_RISKS} risks of your own are ready; {OWN_RISKS - ready} more to go."
    ]
    reasons += [gap for found in gaps for gap in found]
    return CheckResult(False, tuple(reasons))


def _identification_gaps(risk: Risk) -> list[str]:
    label = f"Risk {risk.id} '{risk.title}'"
    gaps = []
    if risk.title.strip().lower() in PLACEHOLDER_TITLES:
        gaps.append(f"{label}: give it a title that says what may happen.")
    if not risk.owner.strip():
        gaps.append(f"{label} has no owner: name who watches it and acts on it.")
    if not risk.tasks:
        gaps.append(f"{label} names no task: list the tasks it would affect.")
    return gaps


def five_risks_scored(plan: Plan, original: Plan) -> CheckResult:
    """Done when at least five open risks are scored and answered: a strategy valid for
    their kind, at least one action with an owner, and the residual probability and impact
    expected once the response is in place."""
    open_risks = sorted(
        (risk for risk in plan.risks if risk.status == "open"), key=lambda risk: -risk.score
    )
    gaps = [_response_gaps(risk) for risk in open_risks]
    answered = sum(not gap for gap in gaps)
    if answered >= RISKS_TO_ANSWER:
        return CheckResult(True)
    reasons = [
        f"{answered} of {RISKS_TO_ANSWER} risks are scored and answered; "
        f"{RISKS_TO_ANSWER - answered} more to go."
    ]
    if len(open_risks) < RISKS_TO_ANSWER:
        reasons.append(f"Only {len(open_risks)} risks are open: raise more in the register.")
    reasons += [gap for gap in gaps if gap]
    return CheckResult(False, tuple(reasons))


def _response_gaps(risk: Risk) -> str:
    """What a risk still lacks, in one sentence (empty when it is answered)."""
    allowed = STRATEGIES[RiskKind(risk.kind)]
    missing = []
    if risk.strategy not in allowed:
        missing.append(f"no strategy (a {risk.kind}: {', '.join(allowed)})")
    if not risk.actions:
        missing.append("no action (type 'what | who | due' in Actions)")
    elif not risk.owner and not any(action.owner for action in risk.actions):
        missing.append("no owner for its actions")
    if risk.residual_probability is None or risk.residual_impact is None:
        missing.append("no residual probability and impact (where the response brings it)")
    if not missing:
        return ""
    return f"Risk {risk.id} '{risk.title}' (score {risk.score}): {'; '.join(missing)}."


# -- session 5: resources and capacity -------------------------------------------------------


def no_overallocation(plan: Plan, original: Plan) -> CheckResult:
    """Done when no resource is over-allocated on any day, with the sample's resources (none
    added or removed, no capacity raised) and none of its tasks deleted."""
    reasons = _deleted_tasks(plan, original) + _resources_changed(plan, original)
    reasons += _overallocation_reasons(plan, overallocations(plan))
    return CheckResult(not reasons, tuple(reasons))


def _overallocation_reasons(plan: Plan, found: Sequence[Overallocation]) -> list[str]:
    """One sentence per over-allocated resource: the days, the worst load and the tasks."""
    fmt = plan.settings.date_format
    order = {task.id: position for position, task in enumerate(plan.tasks)}
    reasons = []
    for key in dict.fromkeys(item.key for item in found):
        days = [item for item in found if item.key == key]
        worst = max(days, key=lambda item: item.excess_hours)
        tasks = sorted({task for item in days for task in item.tasks}, key=order.__getitem__)
        load = f"{_hours(worst.load_hours)} against {_hours(worst.capacity_hours)}"
        if len(days) == 1:
            when = f"on {worst.period:{fmt}} ({load}"
        else:
            when = (
                f"on {len(days)} days from {days[0].period:{fmt}} to {days[-1].period:{fmt}} "
                f"(up to {load} a day"
            )
        reasons.append(f"{worst.name} is over-allocated {when}; tasks {', '.join(tasks)}).")
    return reasons


# -- session 6: monitoring with earned value -------------------------------------------------


def spi_computed(plan: Plan, original: Plan) -> CheckResult:
    """Done when progress is recorded as of a status date and the status has an SPI."""
    status, reasons = _status(plan)
    return CheckResult(status is not None, tuple(reasons))


def behind_schedule(plan: Plan, original: Plan) -> CheckResult:
    """Done when the status, as of its status date, shows the project behind: SPI below 1."""
    status, reasons = _status(plan)
    if status is None:
        return CheckResult(False, tuple(reasons))
    spi = status.value.spi
    if spi is not None and spi < 1:
        return CheckResult(True)
    fmt = plan.settings.date_format
    return CheckResult(
        False,
        (
            f"SPI is {spi:.2f} as of {status.status_date:{fmt}}: the work done is worth at least "
            "what was planned by then. Record less progress than planned on a task that "
            "should have advanced (lower its % complete).",
        ),
    )


def _status(plan: Plan) -> tuple[ProjectStatus | None, list[str]]:
    """The plan's earned-value status with an SPI, or the reasons there is none."""
    reasons = []
    if plan.status_date is None:
        reasons.append("No status date yet: set one, or press Update as planned.")
    if not any(task.percent_complete > 0 or task.actual_start for task in plan.tasks):
        reasons.append("No progress recorded yet: give tasks a % complete.")
    if reasons:
        return None, reasons
    try:
        status = project_status(plan)
    except PlanError as error:
        return None, [error.message]
    if status.value.spi is None:
        fmt = plan.settings.date_format
        return None, [
            f"SPI cannot be computed as of {status.status_date:{fmt}}: the baseline planned "
            "nothing by then. Pick a later status date."
        ]
    return status, []


# -- wording -----------------------------------------------------------------------------------


def _task_label(task: Task, *, first: bool = False) -> str:
    """``task 8 'Name'``, capitalised when it starts a sentence."""
    return f"{'Task' if first else 'task'} {task.id} '{task.name}'"


def _percent(units: float) -> str:
    return f"{units * 100:g}%"


def _hours(hours: float) -> str:
    return f"{hours:.1f}".removesuffix(".0") + " h"


def _days(days: float) -> str:
    return f"{days:g} working day" + ("" if days == 1 else "s")


# -- the course --------------------------------------------------------------------------------

PMO, PM = "The PMO", "The project manager"

ROLE_QUESTIONS = (
    Question(
        "templates",
        "Sets the processes and templates every project uses.",
        (PMO, PM),
        PMO,
        "Who makes projects comparable with one another?",
    ),
    Question(
        "deliver",
        "Delivers the project's objectives with the team.",
        (PMO, PM),
        PM,
        "Who is accountable for one project's result?",
    ),
    Question(
        "status_data",
        "Gathers status data from every project and consolidates it.",
        (PMO, PM),
        PMO,
        "Who looks across all the projects at once?",
    ),
    Question(
        "planning",
        "Plans the scope, schedule, budget and risks of a project.",
        (PMO, PM),
        PM,
        "Who knows the work of this project best?",
    ),
    Question(
        "portfolio",
        "Decides with management which projects start, pause or stop.",
        (PMO, PM),
        PMO,
        "That is portfolio management.",
    ),
    Question(
        "execution",
        "Directs the work day to day and clears the team's obstacles.",
        (PMO, PM),
        PM,
        "That is execution of one project.",
    ),
    Question(
        "support",
        "Coaches and supports the project managers.",
        (PMO, PM),
        PMO,
        "This very course is an example.",
    ),
    Question(
        "monitoring",
        "Compares progress with the baseline and takes corrective action.",
        (PMO, PM),
        PM,
        "Monitoring and evaluating a project is part of running it.",
    ),
)

CHARTER_QUESTIONS = (
    Question(
        "issuer",
        "Who issues (signs) the project charter?",
        ("The project manager", "The sponsor", "The project team"),
        "The sponsor",
        "The charter authorizes the project from outside it.",
    ),
    Question(
        "purpose",
        "What does the charter give the project manager?",
        (
            "The authority to apply the organisation's resources to the project",
            "The detailed schedule",
            "A fixed budget that can never change",
        ),
        "The authority to apply the organisation's resources to the project",
        "Think of why a project needs a formal start at all.",
    ),
    Question(
        "content",
        "Which of these belongs in the charter?",
        (
            "Every task with its duration",
            "Objectives, high-level scope, key milestones and a budget envelope",
            "The weekly status reports",
        ),
        "Objectives, high-level scope, key milestones and a budget envelope",
        "The charter is short and high-level; detail comes with planning.",
    ),
    Question(
        "scope_baseline",
        "The scope baseline is ...",
        (
            "the approved scope statement, WBS and WBS dictionary",
            "the first version of the schedule",
            "the list of risks",
        ),
        "the approved scope statement, WBS and WBS dictionary",
        "It is about the work and the deliverables, not the dates.",
    ),
    Question(
        "not_in_wbs",
        "Work that is in no work package of the WBS is ...",
        ("out of the project's scope", "done by the PMO", "added at the end"),
        "out of the project's scope",
        "The 100% rule: the WBS holds all the work, and only it.",
    ),
)

EARNED_VALUE_QUESTIONS = (
    Question(
        "ev",
        "Earned value (EV) is ...",
        (
            "the budget of the work actually done",
            "what the work done has cost",
            "the budget of the work planned by the status date",
        ),
        "the budget of the work actually done",
        "The other two are AC and PV.",
    ),
    Question(
        "spi",
        "SPI = 0.8 means ...",
        (
            "only 80% of the work planned by now is done",
            "the project is 80% complete",
            "the project costs 20% more than planned",
        ),
        "only 80% of the work planned by now is done",
        "SPI = EV / PV.",
    ),
    Question(
        "cpi",
        "CPI = 1.25 means ...",
        (
            "each euro spent earned 1.25 euros of work: under budget",
            "the project is 25% over budget",
            "the project is 25% ahead of schedule",
        ),
        "each euro spent earned 1.25 euros of work: under budget",
        "CPI = EV / AC.",
    ),
    Question(
        "eac",
        "EAC = BAC / CPI assumes that ...",
        (
            "the cost performance so far continues to the end",
            "the rest of the work goes exactly to budget",
            "the schedule will recover",
        ),
        "the cost performance so far continues to the end",
        "Dividing by CPI scales the whole budget by today's efficiency.",
    ),
)

COURSE: tuple[Session, ...] = (
    Session(
        1,
        "The PMO and the project manager",
        (
            "Tell what the PMO does from what the project manager does.",
            "Open your sandbox, change it and save a version.",
        ),
        (
            Exercise(
                "pmo_roles",
                "Who does what?",
                "For each responsibility, say whether the PMO or the project manager holds it.",
                questions=ROLE_QUESTIONS,
            ),
            Exercise(
                "first_save",
                "Save your sandbox",
                "In the plan editor, change anything in your sandbox (rename a task, for "
                "example) and press Save: the store keeps it as version 2.",
                check=first_save,
            ),
        ),
        "01_pmo_and_pm.ipynb",
    ),
    Session(
        2,
        "Charter and scope",
        (
            "Say what a charter is for and what it holds, and write one.",
            "Break a deliverable into a work package of linked tasks.",
            "Take a change to the scope through change control.",
        ),
        (
            Exercise(
                "charter_quiz",
                "The charter and the scope baseline",
                "Answer the five questions.",
                questions=CHARTER_QUESTIONS,
            ),
            Exercise(
                "charter_written",
                "Write the charter",
                "Write the office move's charter: its purpose, scope and what is out of scope, "
                "measurable objectives (each with a number or a date), success criteria, the "
                "stakeholders (name | role | interest), the sponsor and the project manager. "
                "Then record the day the sponsor approved it, and Save.",
                check=charter_written,
            ),
            Exercise(
                "work_package",
                "Add the missing work package",
                "Nobody planned to tell staff, clients and suppliers about the move. Add a "
                "summary task 'Communicate the move' with at least two tasks indented under it "
                "(for example 'Announce the move to staff', 1 day, and 'Send the new address "
                "to clients', 1 day). Give each a predecessor (such as 5, Plan approved) and a "
                "successor (such as 16, Office open), then Save.",
                check=work_package,
            ),
            Exercise(
                "change_control",
                "Decide a change request",
                "The sponsor asks for a meeting-room booking system. Raise a change request "
                "with a title, a description, its schedule or cost impact and the tasks it "
                "touches; then approve or reject it, naming who decides. Fill everything in "
                "before deciding: a decided request can no longer change.",
                check=change_control,
            ),
        ),
        "02_charter_and_scope.ipynb",
    ),
    Session(
        3,
        "Building a schedule and its critical path",
        (
            "Read the critical path and total float in the plan.",
            "Compress a schedule by crashing or fast-tracking, without adding people.",
        ),
        (
            Exercise(
                "critical_task",
                "Put a task on the critical path",
                "Add a task 'Clean the new floor' (2 days) that must follow 10 (Install "
                "furniture) and come before 14 (Move furniture and equipment): type 10 as its "
                "predecessor, and add its ID to the predecessors of 14 (for example '13, 17'). "
                "It should be marked Critical, and the finish moves with it.",
                check=critical_task,
            ),
            Exercise(
                "shorten_by_five",
                "Shorten the project by five working days",
                "Bring the finish at least 5 working days before the sample's, without adding "
                "people or raising anyone's units, deleting tasks or dropping dependencies. "
                "Work on critical tasks: negotiate a duration down, or overlap two tasks "
                "(in task 8's Predecessors type 7SS+1d instead of 7, or give a lead such as "
                "13FS-1d).",
                check=shorten_by_five,
            ),
        ),
        "03_schedule_and_critical_path.ipynb",
    ),
    Session(
        4,
        "Risks",
        (
            "Write a risk as a cause, an uncertain event and its effect on objectives.",
            "Score risks by probability and impact, and choose a response strategy.",
        ),
        (
            Exercise(
                "own_risks",
                "Identify two risks of your own",
                "Raise two risks the register misses. Give each a title that says what may "
                "happen, an owner, at least one impact and the tasks it would affect.",
                check=own_risks,
            ),
            Exercise(
                "five_risks_scored",
                "Score and respond to five risks",
                "For five open risks: check the probability and impacts, pick a strategy "
                "valid for a threat or an opportunity, add at least one action "
                "('what | who | due'), and set the residual probability and impact you expect "
                "once the response is in place.",
                check=five_risks_scored,
            ),
        ),
        "04_risks.ipynb",
    ),
    Session(
        5,
        "Resources and capacity",
        (
            "Read a resource's load against its capacity.",
            "Resolve over-allocations by leveling, reassigning or reducing units.",
        ),
        (
            Exercise(
                "no_overallocation",
                "Bring every resource under 100%",
                "Resolve every over-allocation with the people the plan has: level (delay "
                "tasks within their float), move work to someone free, or lower units. Do not "
                "add people, raise anyone's capacity or delete tasks.",
                check=no_overallocation,
            ),
        ),
        "05_resources_and_capacity.ipynb",
    ),
    Session(
        6,
        "Monitoring with earned value",
        (
            "Record progress as of a status date.",
            "Read PV, EV, AC, SPI and CPI, and what they forecast.",
        ),
        (
            Exercise(
                "spi_computed",
                "Record a week's progress",
                "Pick 2026-12-18 as the status date and press Update as planned (not Set "
                "status date first), then read the earned-value cards.",
                check=spi_computed,
            ),
            Exercise(
                "behind_schedule",
                "Report a slip",
                "The furniture order took longer than planned: lower the % complete of task 7 "
                "or 8 below what the status date calls for, until SPI falls below 1.",
                check=behind_schedule,
            ),
            Exercise(
                "ev_quiz",
                "Read the numbers",
                "Answer the four questions.",
                questions=EARNED_VALUE_QUESTIONS,
            ),
        ),
        "06_earned_value.ipynb",
    ),
)


def find_exercise(exercise_id: str, course: Sequence[Session] = COURSE) -> Exercise:
    """The exercise with id ``exercise_id``."""
    for _, exercise in numbered_exercises(course):
        if exercise.id == exercise_id:
            return exercise
    known = ", ".join(exercise.id for _, exercise in numbered_exercises(course))
    raise PlanError(
        f"The course has no exercise '{exercise_id}' (exercises: {known}).",
        field="exercise",
        value=exercise_id,
    )


def numbered_exercises(course: Sequence[Session] = COURSE) -> list[tuple[str, Exercise]]:
    """Every exercise with its number in the course ("3.2": session 3, second exercise)."""
    return [
        (f"{session.number}.{position}", exercise)
        for session in course
        for position, exercise in enumerate(session.exercises, start=1)
    ]


def exercise_number(exercise: Exercise, course: Sequence[Session] = COURSE) -> str:
    """The exercise's number in the course ("3.2"), or "" when it is not in it."""
    return next((number for number, found in numbered_exercises(course) if found == exercise), "")


def course_table(course: Sequence[Session] = COURSE) -> pd.DataFrame:
    """The course outline, one row per exercise: session, session title, workbook, number,
    exercise title and whether it is a quiz or done on the sandbox."""
    rows = [
        {
            "session": session.number,
            "session_title": session.title,
            "workbook": session.notebook,
            "number": f"{session.number}.{position}",
            "exercise": exercise.title,
            "kind": "quiz" if exercise.is_quiz else "sandbox",
        }
        for session in course
        for position, exercise in enumerate(session.exercises, start=1)
    ]
    return pd.DataFrame(rows)


# -- sandboxes ---------------------------------------------------------------------------------


def learner_name(learner: str) -> str:
    """The learner's name with its spaces tidied.

    Raises
    ------
    PlanError
        When it is empty or longer than ``MAX_LEARNER_LENGTH`` characters.
    """
    name = " ".join(str(learner).split())
    if not name or len(name) > MAX_LEARNER_LENGTH or not name.isprintable():
        raise PlanError(
            f"A learner's name needs 1 to {MAX_LEARNER_LENGTH} printable characters, "
            f"not {learner!r}.",
            field="learner",
            value=learner,
        )
    return name


def sandbox_name(learner: str, sample: str = SAMPLE_PROJECT) -> str:
    """The store name of a learner's sandbox: ``Sandbox - <learner> - <sample>``."""
    return f"{SANDBOX_PREFIX}{learner_name(learner)} - {sample}"


def is_sandbox(name: str) -> bool:
    """Whether a store project is an onboarding sandbox rather than a real project."""
    return name.startswith(SANDBOX_PREFIX)


def open_sandbox(
    store: Store,
    learner: str,
    sample_project: str = SAMPLE_PROJECT,
    seed_file: str | Path | None = None,
) -> Plan:
    """The learner's sandbox (latest version), made on first use as a copy of the sample.

    The copy is read from ``seed_file`` when given, else it is version 1 of
    ``sample_project`` in the store (the sample as imported, whatever was saved on it since).
    It is saved as version 1 of the sandbox: the pristine sample every check compares with.
    """
    name = sandbox_name(learner, sample_project)
    if name in {info.name for info in store.projects()}:
        return store.load(name)
    sample = read_plan(seed_file) if seed_file is not None else store.load(sample_project, 1)
    plan = Plan.from_state(sample.state.changed(structural=False, name=name))
    plan.project = name
    try:
        store.save(plan, author=learner_name(learner), message=f"A copy of {sample_project}")
    except ConflictError:
        return store.load(name)  # the learner opened it in another tab at the same moment
    return plan


def reset_sandbox(store: Store, learner: str, sample_project: str = SAMPLE_PROJECT) -> Plan:
    """Put the learner's sandbox back to the sample, saved as its next version (the earlier
    versions stay; Undo in an editor takes the reset back)."""
    name = sandbox_name(learner, sample_project)
    pristine = store.load(name, 1)
    plan = store.load(name)
    plan.replace_state(pristine.state, "Reset to the sample")
    store.save(plan, author=learner_name(learner), message="Reset to the sample")
    return plan


def pristine_plan(store: Store, plan: Plan) -> Plan:
    """Version 1 of the plan's project: for a sandbox, the sample as it was copied."""
    if plan.project is None:
        raise PlanError(
            "This plan was not opened from the store: open the learner's sandbox with "
            "open_sandbox.",
            field="project",
            value=plan.name,
        )
    return store.load(plan.project, 1)


def evaluate_exercise(
    store: Store,
    exercise: Exercise,
    *,
    plan: Plan | None = None,
    answers: Mapping[str, str | None] | None = None,
) -> CheckResult:
    """Check the learner's work on ``exercise``: their sandbox ``plan`` against its pristine
    first version, or the quiz ``answers``. Nothing is recorded."""
    original = None if exercise.is_quiz or plan is None else pristine_plan(store, plan)
    return exercise.evaluate(plan, original, answers)


# -- progress ----------------------------------------------------------------------------------


def learner_progress(records: Iterable[ExerciseRecord]) -> list[LearnerProgress]:
    """Each learner's latest checks, learners by name (case ignored)."""
    by_learner: dict[str, dict[str, ExerciseRecord]] = {}
    for record in records:
        by_learner.setdefault(record.learner, {})[record.exercise] = record
    return [
        LearnerProgress(learner, checks)
        for learner, checks in sorted(by_learner.items(), key=lambda item: item[0].casefold())
    ]
