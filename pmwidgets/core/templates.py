"""PMO project templates: a standard plan to start a project from, as data.

A :class:`ProjectTemplate` holds the phases a kind of project goes through, each with its
standard tasks (working days, and the tasks of the same phase they wait for), the milestones
(tasks of zero days), the risk categories its risks are filed under, a few starter risks every
such project should consider, and the red-amber-green rules the PMO suggests for it.

:func:`new_project` turns a template into a plan (phases one after another), saves it to the
store as the project's first version and sets its status. The store keeps one PMO-wide set of
RAG rules; a template's rules are offered for the PMO to apply (``store.set_rag_rules``), never
applied behind its back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from pmwidgets.core.charter import Charter
from pmwidgets.core.errors import PlanError
from pmwidgets.core.model import Link, Task
from pmwidgets.core.plan import Plan
from pmwidgets.core.rag import RagRules
from pmwidgets.core.risks import Risk, RiskKind, RiskScale

if TYPE_CHECKING:
    from pmwidgets.store.store import Store

#: The statuses a new project may take: proposed (waiting for approval) or approved.
NEW_PROJECT_STATUSES = ("pending", "active")
#: The Monday the template table schedules each template from, to count its working days.
_TABLE_START = date(2026, 1, 5)


class TemplateTask(NamedTuple):
    """A standard task: its name, working days (0 for a milestone), and the names of the tasks
    of the same phase it waits for (finish to start)."""

    name: str
    duration_days: float
    after: tuple[str, ...] = ()


class TemplatePhase(NamedTuple):
    """A phase and its tasks in plan order; phases follow one another."""

    name: str
    tasks: tuple[TemplateTask, ...]


@dataclass(frozen=True)
class ProjectTemplate:
    """A kind of project as the PMO plans it.

    Parameters
    ----------
    name : str
        What people pick ("Office relocation").
    description : str
        What such a project does; it becomes the purpose in the new project's charter.
    phases : tuple of TemplatePhase
        In order; each phase starts when the one before has finished.
    risk_categories : tuple of str
        The risk breakdown structure for this kind of project.
    rag_rules : RagRules
        The thresholds the PMO suggests for rating such a project.
    risks : tuple of Risk
        Starter risks, each filed under one of ``risk_categories``.

    Raises
    ------
    PlanError
        For a template that would not make a valid plan, naming the template, field and value.
    """

    name: str
    description: str
    phases: tuple[TemplatePhase, ...]
    risk_categories: tuple[str, ...]
    rag_rules: RagRules = field(default_factory=RagRules)
    risks: tuple[Risk, ...] = ()

    def __post_init__(self) -> None:
        if not self.phases:
            raise self._refuse("phases", (), "needs at least one phase.")
        self._check_unique("phases", [phase.name for phase in self.phases])
        for phase in self.phases:
            self._check_phase(phase)
        if not self.risk_categories:
            raise self._refuse("risk_categories", (), "needs at least one category.")
        self._check_unique("risks", [risk.id for risk in self.risks])
        for risk in self.risks:
            if risk.category not in self.risk_categories:
                raise self._refuse("risks", risk.category, f"(risk {risk.id}) is not a category.")

    @property
    def milestones(self) -> tuple[str, ...]:
        """The names of the zero-day tasks, in plan order."""
        return tuple(t.name for p in self.phases for t in p.tasks if t.duration_days == 0)

    @property
    def task_count(self) -> int:
        """Rows the plan gets: one summary per phase plus every task and milestone."""
        return sum(1 + len(phase.tasks) for phase in self.phases)

    def _check_phase(self, phase: TemplatePhase) -> None:
        if not phase.tasks:
            raise self._refuse("phases", phase.name, "has no tasks.")
        self._check_unique("phases", [task.name for task in phase.tasks])
        earlier: set[str] = set()
        for task in phase.tasks:
            if task.duration_days < 0:
                raise self._refuse("phases", task.duration_days, f"({task.name}) is negative.")
            unknown = [name for name in task.after if name not in earlier]
            if unknown:
                raise self._refuse(
                    "phases",
                    ", ".join(unknown),
                    f"({task.name} waits for it) is not an earlier task of {phase.name}.",
                )
            earlier.add(task.name)

    def _check_unique(self, name: str, values: list[str]) -> None:
        seen: set[str] = set()
        for value in values:
            if value in seen:
                raise self._refuse(name, value, "appears twice.")
            seen.add(value)

    def _refuse(self, name: str, value: object, why: str) -> PlanError:
        return PlanError(
            f"Template '{self.name}', {name.replace('_', ' ')}: {value!r} {why}",
            field=name,
            value=value,
        )


def _task(name: str, days: float, *after: str) -> TemplateTask:
    return TemplateTask(name, days, after)


def _risk(risk_id: str, title: str, category: str, **fields: object) -> Risk:
    return Risk(id=risk_id, title=title, category=category, **fields)  # type: ignore[arg-type]


IT_SYSTEM_ROLLOUT = ProjectTemplate(
    name="IT system rollout",
    description=(
        "Introduce or replace a business application: agree the requirements, configure the "
        "system and its interfaces, migrate the data, test it with the people who will use "
        "it, train them, go live and support them until the system runs as business as usual."
    ),
    phases=(
        TemplatePhase(
            "Initiation",
            (
                _task("Kick-off meeting", 1),
                _task("Confirm requirements with key users", 5, "Kick-off meeting"),
                _task("Agree vendor contract and licences", 5, "Kick-off meeting"),
                _task(
                    "Requirements signed off",
                    0,
                    "Confirm requirements with key users",
                    "Agree vendor contract and licences",
                ),
            ),
        ),
        TemplatePhase(
            "Design and build",
            (
                _task("Design solution and data mapping", 5),
                _task("Configure system", 10, "Design solution and data mapping"),
                _task(
                    "Build interfaces to existing systems", 8, "Design solution and data mapping"
                ),
                _task("Prepare data migration", 6, "Design solution and data mapping"),
            ),
        ),
        TemplatePhase(
            "Testing",
            (
                _task("System and integration test", 5),
                _task("Trial data migration", 3),
                _task(
                    "User acceptance test",
                    5,
                    "System and integration test",
                    "Trial data migration",
                ),
                _task("Fix defects", 3, "User acceptance test"),
                _task("Go/no-go decision", 0, "Fix defects"),
            ),
        ),
        TemplatePhase(
            "Deployment",
            (
                _task("Train users", 4),
                _task("Cut over and migrate data", 2, "Train users"),
                _task("Go-live", 0, "Cut over and migrate data"),
                _task("Hypercare support", 10, "Go-live"),
                _task("Hand over to IT operations", 1, "Hypercare support"),
            ),
        ),
    ),
    risk_categories=("technical", "vendor", "data", "people and change", "project management"),
    rag_rules=RagRules(scope_change_amber=0.10, scope_change_red=0.20),
    risks=(
        _risk(
            "R1",
            "Legacy data is incomplete or inconsistent",
            "data",
            cause="Records were never cleaned in the old system",
            effect="Migration trials fail and go-live slips",
            probability=4,
            impact_schedule=3,
            impact_quality=4,
            strategy="mitigate",
        ),
        _risk(
            "R2",
            "Key users unavailable for acceptance testing",
            "people and change",
            cause="Testing falls in their busiest weeks",
            effect="Acceptance test runs late or misses real cases",
            probability=3,
            impact_schedule=4,
            strategy="mitigate",
        ),
        _risk(
            "R3",
            "Vendor delivers configuration late",
            "vendor",
            effect="Testing starts late",
            probability=3,
            impact_schedule=3,
            impact_cost=2,
            strategy="transfer",
        ),
        _risk(
            "R4",
            "Users keep working the old way after go-live",
            "people and change",
            effect="The expected benefits do not come",
            probability=3,
            impact_quality=3,
            strategy="mitigate",
        ),
    ),
)

OFFICE_RELOCATION = ProjectTemplate(
    name="Office relocation",
    description=(
        "Move a team to new premises: find and lease the space, fit it out with furniture, "
        "network and telephony, move people and equipment, and hand the old "
        "premises back, with everyone working normally on the first day."
    ),
    phases=(
        TemplatePhase(
            "Planning",
            (
                _task("Confirm headcount and space needs", 3),
                _task("Shortlist and visit sites", 10, "Confirm headcount and space needs"),
                _task("Negotiate and sign lease", 10, "Shortlist and visit sites"),
                _task("Lease signed", 0, "Negotiate and sign lease"),
                _task("Give notice on current premises", 2, "Lease signed"),
            ),
        ),
        TemplatePhase(
            "Fit-out",
            (
                _task("Design floor layout", 5),
                _task("Fit-out works", 20, "Design floor layout"),
                _task("Install network and telephony", 8, "Design floor layout"),
                _task("Book movers", 1),
                _task("Deliver and assemble furniture", 5, "Fit-out works"),
                _task(
                    "Building ready",
                    0,
                    "Deliver and assemble furniture",
                    "Install network and telephony",
                ),
            ),
        ),
        TemplatePhase(
            "Move",
            (
                _task("Brief staff on the move plan", 2),
                _task("Pack and label", 3, "Brief staff on the move plan"),
                _task("Move people and equipment", 2, "Pack and label"),
                _task("Unpack and check IT at every desk", 2, "Move people and equipment"),
                _task("Staff in the new office", 0, "Unpack and check IT at every desk"),
            ),
        ),
        TemplatePhase(
            "Close-out",
            (
                _task("Clear and hand back old premises", 5),
                _task("Resolve snag list", 5),
                _task("Lessons learned", 1, "Resolve snag list"),
                _task("Project closed", 0, "Clear and hand back old premises", "Lessons learned"),
            ),
        ),
    ),
    risk_categories=("property", "contractors", "IT and facilities", "people", "regulatory"),
    rag_rules=RagRules(finish_slip_amber_days=2, finish_slip_red_days=5),
    risks=(
        _risk(
            "R1",
            "Fit-out contractor finishes late",
            "contractors",
            effect="The movers have to be rebooked",
            probability=3,
            impact_schedule=4,
            impact_cost=3,
            strategy="mitigate",
        ),
        _risk(
            "R2",
            "Network not ready on move day",
            "IT and facilities",
            cause="The line provider's lead time is longer than planned",
            effect="Staff cannot work on their first day",
            probability=2,
            impact_schedule=4,
            impact_quality=4,
            strategy="mitigate",
        ),
        _risk(
            "R3",
            "Fire certificate for the new floor delayed",
            "regulatory",
            effect="Nobody may occupy the space",
            probability=2,
            impact_schedule=5,
            strategy="escalate",
        ),
        _risk(
            "R4",
            "Landlord grants a rent-free fit-out period",
            "property",
            kind=RiskKind.OPPORTUNITY,
            effect="Lower cost during fit-out",
            probability=2,
            impact_cost=3,
            strategy="exploit",
        ),
    ),
)

PROCESS_IMPROVEMENT = ProjectTemplate(
    name="Process improvement",
    description=(
        "Improve a business process the Lean Six Sigma way (define, measure, analyse, improve, "
        "control): measure how it performs today, find the root causes of its problems, pilot "
        "and roll out improvements, and hand a controlled process back to its owner."
    ),
    phases=(
        TemplatePhase(
            "Define",
            (
                _task("Agree problem statement and goal", 2),
                _task("Map the process at high level", 2, "Agree problem statement and goal"),
                _task("Gather voice of the customer", 5, "Agree problem statement and goal"),
                _task(
                    "Define gate",
                    0,
                    "Map the process at high level",
                    "Gather voice of the customer",
                ),
            ),
        ),
        TemplatePhase(
            "Measure",
            (
                _task("Map the current process in detail", 5),
                _task("Collect baseline data", 10, "Map the current process in detail"),
                _task("Baseline agreed", 0, "Collect baseline data"),
            ),
        ),
        TemplatePhase(
            "Analyse",
            (
                _task("Find root causes", 5),
                _task("Confirm causes with data", 5, "Find root causes"),
            ),
        ),
        TemplatePhase(
            "Improve",
            (
                _task("Design and select improvements", 5),
                _task("Pilot the new process", 10, "Design and select improvements"),
                _task("Roll out the new process", 10, "Pilot the new process"),
                _task("New process live", 0, "Roll out the new process"),
            ),
        ),
        TemplatePhase(
            "Control",
            (
                _task("Write control plan and procedures", 3),
                _task("Hand over to the process owner", 2, "Write control plan and procedures"),
                _task("Measure results against the baseline", 10, "Hand over to the process owner"),
                _task("Benefits confirmed", 0, "Measure results against the baseline"),
            ),
        ),
    ),
    risk_categories=("data", "people and change", "process", "project management"),
    rag_rules=RagRules(
        spi_amber=0.90,
        spi_red=0.80,
        finish_slip_amber_days=10,
        finish_slip_red_days=20,
        scope_change_amber=0.20,
        scope_change_red=0.40,
    ),
    risks=(
        _risk(
            "R1",
            "Baseline data is missing or unreliable",
            "data",
            effect="Improvements cannot be proven",
            probability=3,
            impact_schedule=3,
            impact_quality=3,
            strategy="mitigate",
        ),
        _risk(
            "R2",
            "Process owner not committed to the change",
            "people and change",
            effect="Improvements are not adopted",
            probability=3,
            impact_scope=4,
            strategy="escalate",
        ),
        _risk(
            "R3",
            "Gains fade after the project ends",
            "process",
            cause="No one monitors the control plan",
            effect="The process drifts back",
            probability=3,
            impact_quality=4,
            strategy="mitigate",
        ),
    ),
)

#: The templates the PMO offers, in the order they are listed.
TEMPLATES: tuple[ProjectTemplate, ...] = (IT_SYSTEM_ROLLOUT, OFFICE_RELOCATION, PROCESS_IMPROVEMENT)


def find_template(name: str) -> ProjectTemplate:
    """The template called ``name``."""
    for template in TEMPLATES:
        if template.name == name:
            return template
    raise PlanError(
        f"There is no template '{name}' (templates: {', '.join(t.name for t in TEMPLATES)}).",
        field="template",
        value=name,
    )


def template_network(template: ProjectTemplate) -> tuple[tuple[Task, ...], tuple[Link, ...]]:
    """The template's tasks (a summary per phase, its tasks under it, ids 1, 2, ... in plan
    order) and links (within each phase as the template says, each phase after the one
    before)."""
    tasks: list[Task] = []
    links: list[Link] = []
    previous: str | None = None
    for phase in template.phases:
        phase_id = str(len(tasks) + 1)
        tasks.append(Task(phase_id, phase.name, outline_level=1))
        ids: dict[str, str] = {}
        for item in phase.tasks:
            ids[item.name] = task_id = str(len(tasks) + 1)
            milestone = item.duration_days == 0
            tasks.append(
                Task(task_id, item.name, item.duration_days, outline_level=2, milestone=milestone)
            )
            links.extend(Link(ids[name], task_id) for name in item.after)
        if previous is not None:
            links.append(Link(previous, phase_id))
        previous = phase_id
    return tuple(tasks), tuple(links)


def build_plan(
    template: ProjectTemplate,
    name: str,
    *,
    start: date | datetime,
    manager: str = "",
    risk_scale: RiskScale | None = None,
) -> Plan:
    """A plan from ``template``, not saved: its network, a charter whose purpose is the
    template's description and whose manager is ``manager``, the starter risks (owned by the
    manager, raised today) and a risk scale with the template's categories (``risk_scale``'s
    levels and bands, the default scale's when omitted)."""
    tasks, links = template_network(template)
    scale = replace(risk_scale or RiskScale(), categories=template.risk_categories)
    raised = date.today()
    return Plan(
        name,
        start=start,
        tasks=tasks,
        links=links,
        risks=[r.with_changes(owner=manager, raised=raised) for r in template.risks],
        risk_scale=scale,
        charter=Charter(purpose=template.description, manager=manager),
    )


def new_project(
    store: Store,
    name: str,
    template: ProjectTemplate | str,
    *,
    start: date | datetime,
    manager: str,
    status: str = "pending",
) -> Plan:
    """Start a project from a template: build its plan, save it as version 1 and set its
    status.

    The plan uses the PMO's risk scale (``store.risk_scale()``) with the template's categories;
    the version is saved by ``manager`` with the message "Created from template <name>". The
    store's RAG rules are left as they are.

    Parameters
    ----------
    store : Store
        Where the project is created.
    name : str
        The new project's name; no project of that name may exist.
    template : ProjectTemplate or str
        The template, or its name.
    start : date
        The (tentative, for a pending project) project start.
    manager : str
        Who manages the project.
    status : str
        ``"pending"`` (proposed, waiting for approval) or ``"active"``.

    Raises
    ------
    PlanError
        For a blank or existing name, no manager, no start or an unknown status or template;
        nothing is saved.
    """
    chosen = template if isinstance(template, ProjectTemplate) else find_template(template)
    project = _free_name(store, name)
    who = _required("manager", manager, "Say who manages the project.")
    if not isinstance(start, date):
        raise PlanError("Say when the project starts.", field="start", value=start)
    if status not in NEW_PROJECT_STATUSES:
        raise PlanError(
            f"A new project is {' or '.join(NEW_PROJECT_STATUSES)}, not '{status}'.",
            field="status",
            value=status,
        )
    plan = build_plan(chosen, project, start=start, manager=who, risk_scale=store.risk_scale())
    store.save(plan, author=who, message=f"Created from template {chosen.name}")
    store.set_status(project, status)
    return plan


def _free_name(store: Store, name: str) -> str:
    project = _required("name", name, "Give the new project a name.")
    if project in {info.name for info in store.projects()}:
        raise PlanError(
            f"There is already a project named '{project}' in the store; choose another name.",
            field="name",
            value=project,
        )
    return project


def _required(field: str, value: object, why: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PlanError(why, field=field, value=value)
    return value.strip()


def templates_frame(templates: tuple[ProjectTemplate, ...] = TEMPLATES) -> pd.DataFrame:
    """One row per template: its phases, task and milestone counts, working days from start
    to finish (phases in sequence, as planned) and risk categories."""
    rows = []
    for template in templates:
        days = build_plan(template, template.name, start=_TABLE_START).schedule().makespan_days
        rows.append(
            {
                "Template": template.name,
                "Phases": " \u2192 ".join(phase.name for phase in template.phases),
                "Tasks": template.task_count,
                "Milestones": ", ".join(template.milestones),
                "Working days": int(days) if days == int(days) else days,
                "Risk categories": ", ".join(template.risk_categories),
                "Starter risks": len(template.risks),
            }
        )
    return pd.DataFrame(rows).set_index("Template")


def rag_rules_frame(
    templates: tuple[ProjectTemplate, ...] = TEMPLATES, current: RagRules | None = None
) -> pd.DataFrame:
    """The RAG thresholds of the PMO's rules now (``current``, when given) beside each
    template's suggestion, one row per setting."""
    columns = {"PMO now": current} if current is not None else {}
    columns.update({template.name: template.rag_rules for template in templates})
    names = [f.name for f in fields(RagRules)]
    data = {label: [getattr(rules, name) for name in names] for label, rules in columns.items()}
    return pd.DataFrame(data, index=[_setting_label(name) for name in names], dtype=object)


def _setting_label(name: str) -> str:
    """``spi_amber`` as "SPI amber", ``finish_slip_red_days`` as "Finish slip red days"."""
    words = [word.upper() if word in ("spi", "cpi") else word for word in name.split("_")]
    return " ".join([words[0][0].upper() + words[0][1:], *words[1:]])
