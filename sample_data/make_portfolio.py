"""Seed a store with the portfolio of Kestrel Mutual, a fictional insurer's PMO.

Eight IT projects in different states (on track, late, over budget, late and over budget,
pending approval, closed), a shared pool of 36 people in six roles with vacations, about 670
tasks, 60 risks, a few change requests, and for every started project its baseline and up to
twelve weekly status versions with progress and actual costs.

Run ``python sample_data/make_portfolio.py`` to seed the default store (``PMWIDGETS_DB``, else
the user's store) or ``--db URL`` another one; projects already there are left alone.
``--files [DIR]`` writes three of the projects as MS Project XML and Excel files instead, by
default into ``sample_data/portfolio/``, where they are committed as import examples.
Everything is drawn from :data:`SEED` and dated relative to :data:`TODAY`, never the clock, so
every run makes the same portfolio.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from pmwidgets import Calendar, CalendarException, Link, LinkType, Plan, Task
from pmwidgets.core.costs import task_costs
from pmwidgets.core.model import Assignment, Resource, summary_flags
from pmwidgets.core.risks import RiskAction
from pmwidgets.io import write_plan
from pmwidgets.store import Store

#: The portfolio's "now", a Friday: the last weekly status date. Active projects started before
#: it; pending ones start after it.
TODAY = date(2026, 11, 27)
#: Every random draw comes from this seed (one generator per project and one for the people).
SEED = 8
#: Weekly status dates, the last one on :data:`TODAY`.
STATUS_WEEKS = 12
#: Where ``--files`` output is committed.
PORTFOLIO_FILES = Path(__file__).parent / "portfolio"

# Company holidays, on the project calendar and on everyone's own calendar.
HOLIDAYS = (
    CalendarException(date(2026, 1, 1), date(2026, 1, 1), "New Year", yearly=True),
    CalendarException(date(2026, 4, 3), date(2026, 4, 6), "Easter 2026"),
    CalendarException(date(2026, 5, 1), date(2026, 5, 1), "Labour Day", yearly=True),
    CalendarException(date(2026, 12, 24), date(2026, 12, 26), "Christmas", yearly=True),
    CalendarException(date(2027, 3, 26), date(2027, 3, 29), "Easter 2027"),
)

# Role: standard rate per hour (EUR); each person's rate is within 10 of it.
ROLE_RATES = {
    "Project manager": 95.0,
    "Business analyst": 78.0,
    "Architect": 115.0,
    "Developer": 85.0,
    "Tester": 64.0,
    "Trainer": 58.0,
}

# Name, role, max units (0.5 and 0.8: part time).
PEOPLE = [
    ("Maria Keller", "Project manager", 1.0),
    ("Tom Okafor", "Project manager", 1.0),
    ("Ingrid Lund", "Project manager", 1.0),
    ("Rahul Mehta", "Project manager", 1.0),
    ("Claire Dubois", "Project manager", 0.8),
    ("Samuel Novak", "Project manager", 1.0),
    ("Aisha Rahman", "Business analyst", 1.0),
    ("Pieter de Vries", "Business analyst", 1.0),
    ("Lena Fischer", "Business analyst", 0.8),
    ("Carlos Mendes", "Business analyst", 1.0),
    ("Yuki Tanaka", "Business analyst", 1.0),
    ("Fiona Walsh", "Business analyst", 0.5),
    ("Henrik Berg", "Architect", 1.0),
    ("Nadia Petrova", "Architect", 1.0),
    ("Oliver Grant", "Architect", 0.8),
    ("Ana Costa", "Developer", 1.0),
    ("Ben Adeyemi", "Developer", 1.0),
    ("Chen Wei", "Developer", 1.0),
    ("Dmitri Volkov", "Developer", 1.0),
    ("Elif Yilmaz", "Developer", 1.0),
    ("Farid Haddad", "Developer", 1.0),
    ("Grace Kim", "Developer", 1.0),
    ("Hugo Martin", "Developer", 1.0),
    ("Isla MacLeod", "Developer", 0.8),
    ("Jonas Weber", "Developer", 1.0),
    ("Kofi Mensah", "Developer", 1.0),
    ("Lucia Romano", "Developer", 0.5),
    ("Marta Nowak", "Tester", 1.0),
    ("Niall Byrne", "Tester", 1.0),
    ("Omar Said", "Tester", 0.8),
    ("Priya Nair", "Tester", 1.0),
    ("Quentin Roux", "Tester", 1.0),
    ("Rosa Alvarez", "Tester", 0.5),
    ("Sofia Lindqvist", "Trainer", 1.0),
    ("Tariq Aziz", "Trainer", 0.5),
    ("Uma Patel", "Trainer", 1.0),
]

# Mondays on which vacations may start: summer 2026, autumn 2026, spring 2027.
VACATION_WINDOWS = (
    (date(2026, 6, 29), date(2026, 8, 24)),
    (date(2026, 10, 5), date(2026, 11, 30)),
    (date(2027, 2, 15), date(2027, 4, 26)),
)


@dataclass(frozen=True)
class Step:
    """A task of a lifecycle template.

    ``days`` is the range its duration is drawn from (working days; 0 makes a milestone),
    ``roles`` who works on it at what units, ``link`` its dependency on the step before it (type
    and lag in working days, e.g. ``"SS+3"``, ``"FS-10"``), ``fixed_cost`` the range of what is
    bought in for it (EUR). ``{module}`` in the name is the module it belongs to.
    """

    name: str
    days: tuple[int, int]
    roles: tuple[tuple[str, float], ...] = ()
    link: str = "FS"
    fixed_cost: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class Phase:
    """A top-level phase: its steps in a chain, then ``milestone`` after whatever ends last.

    ``link`` ties its first step to the previous phase's milestone (a lead lets phases
    overlap).
    """

    name: str
    steps: tuple[Step, ...]
    milestone: str
    link: str = "FS"


PM, BA, ARCHITECT, DEVELOPER, TESTER, TRAINER = ROLE_RATES

# Level of effort, first in every plan; its duration is set to span the phases.
PROJECT_MANAGEMENT = Step("Project management and reporting", (1, 1), ((PM, 0.5),))
INITIATION = Phase(
    "Initiation",
    (
        Step("Project charter", (3, 5), ((PM, 1.0),)),
        Step("Stakeholder analysis", (2, 4), ((PM, 0.5), (BA, 1.0)), "SS+1"),
        Step("Kick-off workshop", (1, 1), ((PM, 1.0), (BA, 1.0), (ARCHITECT, 0.5))),
    ),
    "Initiation complete",
)
ANALYSIS = Phase(
    "Analysis",
    (
        Step("Current process workshops", (4, 8), ((BA, 1.0), (PM, 0.25))),
        Step("Business requirements", (10, 15), ((BA, 1.0),)),
        Step("Non-functional requirements", (3, 6), ((ARCHITECT, 0.5),), "SS+3"),
        Step("Requirements review", (2, 3), ((BA, 1.0), (PM, 0.5))),
    ),
    "Requirements signed off",
)
DESIGN = Phase(
    "Design",
    (
        Step("Solution architecture", (8, 12), ((ARCHITECT, 1.0),)),
        Step("Data model", (4, 7), ((ARCHITECT, 0.5), (DEVELOPER, 1.0)), "SS+3"),
        Step("Interface specifications", (4, 8), ((DEVELOPER, 1.0),), "SS+2"),
        Step("Test strategy", (3, 5), ((TESTER, 1.0),), "SS"),
        Step("Provision environments", (5, 10), ((DEVELOPER, 0.5),), "FS", (8_000, 20_000)),
    ),
    "Design approved",
)
# Build starts with these; then each module has its own summary with MODULE_STEPS.
BUILD_STEPS = (
    Step("Procure licences", (5, 10), ((PM, 0.25),), "FS", (15_000, 60_000)),
    Step("Set up build pipeline", (3, 5), ((DEVELOPER, 1.0),), "SS"),
)
MODULE_STEPS = (
    Step("Design {module}", (3, 5), ((DEVELOPER, 1.0),)),
    Step("Build {module}", (10, 20), ((DEVELOPER, 1.0),)),
    Step("Unit-test {module}", (3, 5), ((DEVELOPER, 1.0),), "FF+1"),
    Step("Review {module} code", (1, 2), ((ARCHITECT, 0.5),)),
)
MODULE_TEST = Step("Test {module}", (5, 8), ((TESTER, 1.0),))
TEST_STEPS = (
    Step("System integration test", (10, 15), ((TESTER, 1.0), (DEVELOPER, 0.5))),
    Step("Fix integration defects", (4, 8), ((DEVELOPER, 1.0),), "FF+2"),
    Step("Performance test", (3, 5), ((TESTER, 1.0), (ARCHITECT, 0.5))),
    Step("External penetration test", (3, 5), (), "SS", (9_000, 16_000)),
    Step("User acceptance test", (10, 15), ((BA, 1.0), (TESTER, 1.0))),
)
MIGRATION = Phase(
    "Data migration",
    (
        Step("Map legacy data", (5, 8), ((BA, 1.0), (DEVELOPER, 0.5))),
        Step("Build migration scripts", (8, 12), ((DEVELOPER, 1.0),)),
        Step("Cleanse legacy data", (5, 10), ((BA, 0.5),), "SS+3"),
        Step("Trial migration", (3, 5), ((DEVELOPER, 1.0), (TESTER, 1.0))),
        Step("Reconcile trial migration", (2, 4), ((BA, 1.0), (TESTER, 0.5))),
    ),
    "Migration ready",
    "FS-20",
)
TRAINING = Phase(
    "Training",
    (
        Step("Training needs analysis", (2, 4), ((TRAINER, 1.0),)),
        Step("Training materials", (5, 10), ((TRAINER, 1.0), (BA, 0.25))),
        Step("Book training rooms", (1, 1), ((TRAINER, 0.25),), "FS", (2_000, 6_000)),
        Step("Train the trainers", (2, 3), ((TRAINER, 1.0),)),
        Step("End-user training", (5, 10), ((TRAINER, 1.0),), "FS+2"),
    ),
    "Users trained",
    "FS-10",
)
DEPLOYMENT = Phase(
    "Deployment",
    (
        Step("Deployment runbook", (3, 5), ((DEVELOPER, 0.5), (ARCHITECT, 0.5))),
        Step("Cutover rehearsal", (2, 3), ((DEVELOPER, 1.0), (TESTER, 1.0))),
        Step("Go/no-go meeting", (1, 1), ((PM, 0.5), (ARCHITECT, 0.5))),
        Step("Go-live", (1, 2), ((DEVELOPER, 1.0), (ARCHITECT, 1.0)), "FS+1"),
        Step("Hypercare", (10, 15), ((DEVELOPER, 0.5), (TESTER, 0.5)), "FS", (5_000, 12_000)),
    ),
    "Live and stable",
)
CLOSURE = Phase(
    "Closure",
    (
        Step("Handover to operations", (2, 4), ((PM, 0.5), (ARCHITECT, 0.5))),
        Step("Lessons learned workshop", (1, 1), ((PM, 1.0), (BA, 0.5)), "SS+1"),
        Step("Closure report", (2, 3), ((PM, 1.0),)),
    ),
    "Project closed",
)

# Two lines a risk: title | category | kind | impacted dimensions (the first one hardest) |
# strategy, then the response's first action. "{module}" stands for one of the project's modules.
RISKS = """
Key developer leaves mid-project | organisational | threat | schedule quality | mitigate
    Pair a second developer on every module
Vendor delivers the {module} interface late | external | threat | schedule | mitigate
    Agree interface dates in the contract
Requirements change after sign-off | project management | threat | scope schedule | mitigate
    Route every change through the change board
Test environment not available when needed | technical | threat | schedule | mitigate
    Book the environment for the whole test phase
Legacy data quality worse than assumed | technical | threat | quality schedule | mitigate
    Profile the legacy data before mapping it
Performance below target under peak load | technical | threat | quality | mitigate
    Load-test {module} early
Licence costs rise at renewal | external | threat | cost | transfer
    Fix licence prices for three years
Business users not available for acceptance testing | organisational | threat | schedule | escalate
    Ask the sponsor to release testers
Security review finds critical issues | technical | threat | schedule quality | mitigate
    Run a security review of the design
Budget cut in the next financial year | organisational | threat | cost scope | escalate
    Present the business case to the board
Regulator changes the reporting rules | external | threat | scope | accept
    Watch the regulator's consultations
Policy system integration harder than estimated | technical | threat | cost schedule | mitigate
    Build a spike of the {module} integration
Contractor day rates increase | external | threat | cost | accept
    Review rates every quarter
Go-live clashes with the year-end freeze | organisational | threat | schedule | avoid
    Move go-live out of the freeze window
Staff resist the new way of working | organisational | threat | quality scope | mitigate
    Name a champion in every team
Cloud provider outage during cutover | external | threat | schedule | transfer
    Agree a cutover support window with the provider
Estimates for {module} too optimistic | project management | threat | schedule cost | accept
    Re-estimate {module} after its design
Architect is a bottleneck for reviews | project management | threat | schedule | mitigate
    Let senior developers review code
Data protection assessment delays the launch | organisational | threat | schedule | mitigate
    Start the assessment during design
Third-party component reaches end of support | technical | threat | quality | avoid
    Replace the component in {module}
Reuse the group's identity service | technical | opportunity | cost schedule | exploit
    Agree terms with the group IT team
Vendor offers a volume discount on licences | external | opportunity | cost | enhance
    Bundle the licences with another project
Automate regression tests with the new tool | technical | opportunity | schedule quality | enhance
    Pilot the tool on {module}
Share the test environment with another project | project management | opportunity | cost | share
    Agree a booking calendar with the other project
Early adopters volunteer for a pilot | organisational | opportunity | quality | exploit
    Run the pilot in one branch office
"""


# Title, description, schedule impact (working days), cost impact (EUR).
CHANGES = [
    ("Single sign-on with the broker portal", "Brokers log in once for both systems.", 8, 24_000),
    ("Extra report for the finance team", "A monthly reconciliation report.", 3, 6_500),
    ("Support Swedish as a second language", "For the Nordic branch offices.", 10, 38_000),
    ("Drop the fax channel", "Nobody has sent a fax since 2024.", -2, -4_000),
    ("Move go-live two weeks for the audit", "The auditors visit in the planned week.", 10, 12_000),
    ("Accessibility audit before launch", "Required by the new public-sector contract.", 4, 9_000),
]
DECISION_NOTES = {True: "Worth it; funded from contingency.", False: "Not in this release."}


@dataclass(frozen=True)
class Performance:
    """How a state plays out: the store status; the pace, the range of the share of each
    week's planned work a task in progress does (``None``: exactly as planned); and the
    overrun, the range of a task's actual cost over its planned cost."""

    store_status: str
    pace: tuple[float, float] | None
    overrun: tuple[float, float]


STATES = {
    "on track": Performance("active", (0.95, 1.15), (0.97, 1.03)),
    "late": Performance("active", (0.5, 0.75), (0.97, 1.05)),
    "over budget": Performance("active", (0.95, 1.15), (1.15, 1.4)),
    "late and over budget": Performance("active", (0.45, 0.7), (1.15, 1.35)),
    "pending approval": Performance("pending", None, (1.0, 1.0)),
    "closed": Performance("closed", (0.95, 1.15), (0.97, 1.03)),
}


@dataclass(frozen=True)
class ProjectSpec:
    """One project: its state (a key of :data:`STATES`), who runs it and who sponsors it, its
    start, the modules it builds, whether it migrates data, its team beyond the manager, one
    architect and one trainer (analysts, developers, testers), and how many risks and change
    requests it raises."""

    name: str
    state: str
    manager: str
    sponsor: str
    start: date
    modules: tuple[str, ...]
    migration: bool
    team: tuple[int, int, int]
    risks: int
    changes: int


PROJECTS = (
    ProjectSpec(
        name="Claims portal",
        state="on track",
        manager="Maria Keller",
        sponsor="Head of Claims",
        start=date(2026, 6, 1),
        modules=(
            "claim intake",
            "document upload",
            "claim status tracking",
            "payments",
            "notifications",
            "adjuster workbench",
        ),
        migration=False,
        team=(2, 5, 2),
        risks=9,
        changes=2,
    ),
    ProjectSpec(
        name="Policyholder mobile app",
        state="on track",
        manager="Tom Okafor",
        sponsor="Head of Digital",
        start=date(2026, 10, 5),
        modules=(
            "login and identity",
            "policy overview",
            "digital ID cards",
            "claim notification",
            "push messages",
        ),
        migration=False,
        team=(1, 4, 1),
        risks=7,
        changes=1,
    ),
    ProjectSpec(
        name="CRM migration",
        state="late",
        manager="Ingrid Lund",
        sponsor="Sales Director",
        start=date(2026, 5, 11),
        modules=(
            "accounts and contacts",
            "sales pipeline",
            "service cases",
            "marketing lists",
            "reports and dashboards",
            "email integration",
            "telephony integration",
        ),
        migration=True,
        team=(2, 5, 2),
        risks=9,
        changes=3,
    ),
    ProjectSpec(
        name="Data warehouse",
        state="over budget",
        manager="Rahul Mehta",
        sponsor="Chief Financial Officer",
        start=date(2026, 7, 6),
        modules=(
            "policy data mart",
            "claims data mart",
            "finance data mart",
            "customer 360 view",
            "regulatory reports",
            "data quality checks",
        ),
        migration=True,
        team=(1, 4, 2),
        risks=8,
        changes=2,
    ),
    ProjectSpec(
        name="Payroll upgrade",
        state="late and over budget",
        manager="Claire Dubois",
        sponsor="HR Director",
        start=date(2026, 8, 3),
        modules=(
            "pay rules",
            "time and attendance interface",
            "pension interface",
            "payslips",
            "year-end reporting",
        ),
        migration=True,
        team=(1, 3, 1),
        risks=9,
        changes=2,
    ),
    ProjectSpec(
        name="Intranet relaunch",
        state="closed",
        manager="Samuel Novak",
        sponsor="Head of Communications",
        start=date(2026, 3, 16),
        modules=("news and pages", "people directory", "search", "policies library"),
        migration=False,
        team=(1, 3, 1),
        risks=6,
        changes=1,
    ),
    ProjectSpec(
        name="Document management",
        state="pending approval",
        manager="Maria Keller",
        sponsor="Chief Operating Officer",
        start=date(2027, 2, 1),
        modules=(
            "document capture",
            "records retention",
            "workflow",
            "archive search",
            "e-signatures",
        ),
        migration=True,
        team=(1, 4, 1),
        risks=6,
        changes=0,
    ),
    ProjectSpec(
        name="Broker extranet",
        state="pending approval",
        manager="Rahul Mehta",
        sponsor="Head of Broker Sales",
        start=date(2027, 1, 11),
        modules=("broker onboarding", "quotes", "commission statements", "document exchange"),
        migration=False,
        team=(2, 3, 1),
        risks=6,
        changes=0,
    ),
)

# Project and file name of the import examples ``--files`` writes.
EXPORTS = (
    ("Claims portal", "claims_portal.xml"),
    ("CRM migration", "crm_migration.xml"),
    ("Document management", "document_management.xlsx"),
)

Progress = Callable[[int, int, str], None]


# -- people ------------------------------------------------------------------------------------


def people() -> list[Resource]:
    """The shared pool: each person with their role, part-time units, rate and own calendar
    (company holidays plus one to two vacations). Ids are stable, so a person has the same id
    in every plan."""
    rng = random.Random(f"{SEED}:people")
    return [
        Resource(
            id=str(number),
            name=name,
            role=role,
            max_units=units,
            standard_rate=ROLE_RATES[role] + rng.choice((-10, -5, 0, 5, 10)),
            calendar=Calendar(name=name, exceptions=HOLIDAYS + _vacations(rng)),
        )
        for number, (name, role, units) in enumerate(PEOPLE, 1)
    ]


def _vacations(rng: random.Random) -> tuple[CalendarException, ...]:
    """One or two vacations of one or two weeks, Monday to Friday, in different windows."""
    windows = rng.sample(VACATION_WINDOWS, rng.choice((1, 2)))
    vacations = []
    for first, last in sorted(windows):
        monday = first + timedelta(weeks=rng.randrange((last - first).days // 7 + 1))
        friday = monday + timedelta(days=4 + 7 * rng.choice((0, 1)))
        vacations.append(CalendarException(monday, friday, "Vacation"))
    return tuple(vacations)


def project_teams() -> dict[str, dict[str, list[Resource]]]:
    """Each project's team by role: its manager, then people of each role taken in turn from
    the pool (so everyone is on a team and most are on several)."""
    pool = people()
    by_role = {role: [p for p in pool if p.role == role] for role in ROLE_RATES}
    taken = dict.fromkeys(ROLE_RATES, 0)
    teams = {}
    for spec in PROJECTS:
        analysts, developers, testers = spec.team
        sizes = {BA: analysts, ARCHITECT: 1, DEVELOPER: developers, TESTER: testers, TRAINER: 1}
        team = {PM: [p for p in by_role[PM] if p.name == spec.manager]}
        for role, size in sizes.items():
            members = by_role[role]
            team[role] = [members[(taken[role] + k) % len(members)] for k in range(size)]
            taken[role] += size
        teams[spec.name] = team
    return teams


# -- tasks -------------------------------------------------------------------------------------


class Outline:
    """Tasks, links and assignments of a plan being laid out, tasks numbered 1, 2, ..."""

    def __init__(self, team: dict[str, list[Resource]], rng: random.Random) -> None:
        self.team = team
        self.rng = rng
        self.tasks: list[Task] = []
        self.links: list[Link] = []
        self.assignments: list[Assignment] = []

    def summary(self, name: str, level: int) -> str:
        """Add a summary task; returns its id."""
        self.tasks.append(Task(str(len(self.tasks) + 1), name, 0, outline_level=level))
        return self.tasks[-1].id

    def step(
        self, step: Step, level: int, module: str = "", staffed: dict[str, Resource] | None = None
    ) -> str:
        """Add a task from a template step, its duration and fixed cost drawn, its people from
        ``staffed`` by role, else picked from the team; returns its id."""
        rng = self.rng
        low, high = step.fixed_cost
        duration = rng.randint(*step.days)
        task = Task(
            str(len(self.tasks) + 1),
            step.name.format(module=module),
            duration,
            outline_level=level,
            milestone=duration == 0,
            fixed_cost=float(rng.randrange(low, high + 1, 500)) if high else 0.0,
        )
        self.tasks.append(task)
        for role, units in step.roles:
            person = (staffed or {}).get(role) or rng.choice(self.team[role])
            self.assignments.append(Assignment(task.id, person.id, min(units, person.max_units)))
        return task.id

    def link(self, predecessor: str, successor: str, spec: str = "FS") -> None:
        """Link two tasks; ``spec`` is the type and lag in working days, e.g. ``"SS+3"``."""
        lag = float(spec[2:]) if len(spec) > 2 else 0.0
        self.links.append(Link(predecessor, successor, LinkType(spec[:2]), lag))

    def milestone(self, name: str, level: int, after: list[str]) -> str:
        """Add a milestone after those of ``after`` that nothing follows yet; returns its id."""
        followed = {link.predecessor for link in self.links}
        task = self.step(Step(name, (0, 0)), level)
        for predecessor in after:
            if predecessor not in followed:
                self.link(predecessor, task)
        return task

    def chain(
        self,
        steps: tuple[Step, ...],
        level: int,
        after: str | None,
        first_link: str = "FS",
        module: str = "",
        staffed: dict[str, Resource] | None = None,
    ) -> list[str]:
        """Add steps, each linked to the one before it, the first to ``after``; returns ids."""
        ids: list[str] = []
        for step in steps:
            task = self.step(step, level, module, staffed)
            previous = ids[-1] if ids else after
            if previous is not None:
                self.link(previous, task, step.link if ids else first_link)
            ids.append(task)
        return ids


def _add_phase(outline: Outline, phase: Phase, after: str | None) -> str:
    """A phase's summary, steps and milestone; returns the milestone's id."""
    outline.summary(phase.name, 1)
    ids = outline.chain(phase.steps, 2, after, phase.link)
    return outline.milestone(phase.milestone, 2, ids)


def _add_build(outline: Outline, modules: tuple[str, ...], after: str) -> tuple[str, list[str]]:
    """The build phase: set-up steps, then the modules, each developer building one after
    another; returns the milestone's id and each module's last task."""
    outline.summary("Build", 1)
    ids = outline.chain(BUILD_STEPS, 2, after)
    developers = outline.team[DEVELOPER]
    streams = [after] * len(developers)
    ends = []
    for number, module in enumerate(modules):
        outline.summary(module[:1].upper() + module[1:], 2)
        stream = number % len(streams)
        developer = {DEVELOPER: developers[stream]}
        chain = outline.chain(MODULE_STEPS, 3, streams[stream], module=module, staffed=developer)
        streams[stream] = chain[-1]
        ends.append(chain[-1])
        ids += chain
    return outline.milestone("Build complete", 2, ids), ends


def _add_test(
    outline: Outline, modules: tuple[str, ...], module_ends: list[str], after: str
) -> str:
    """The test phase: each module tested as soon as it is built, then the integrated tests
    once everything is; returns the milestone's id."""
    outline.summary("Test", 1)
    module_tests = []
    for module, built in zip(modules, module_ends, strict=True):
        module_tests.append(outline.step(MODULE_TEST, 2, module))
        outline.link(built, module_tests[-1])
    ids = outline.chain(TEST_STEPS, 2, after)
    for tested in module_tests:
        outline.link(tested, ids[0])
    return outline.milestone("UAT signed off", 2, ids)


def build_plan(spec: ProjectSpec, team: dict[str, list[Resource]], rng: random.Random) -> Plan:
    """The project's plan as approved: project management over phases, modules, links, people
    and fixed costs, scheduled from its start (no progress, no baseline, no risks yet)."""
    outline = Outline(team, rng)
    management = outline.step(PROJECT_MANAGEMENT, 1)
    milestone = _add_phase(outline, INITIATION, None)
    milestone = _add_phase(outline, ANALYSIS, milestone)
    milestone = _add_phase(outline, DESIGN, milestone)
    milestone, module_ends = _add_build(outline, spec.modules, milestone)
    milestone = _add_test(outline, spec.modules, module_ends, milestone)
    later = (
        (MIGRATION, TRAINING, DEPLOYMENT, CLOSURE)
        if spec.migration
        else (TRAINING, DEPLOYMENT, CLOSURE)
    )
    for phase in later:
        milestone = _add_phase(outline, phase, milestone)
    plan = Plan(
        spec.name,
        start=spec.start,
        calendar=Calendar(name="Kestrel Mutual", exceptions=HOLIDAYS),
        tasks=outline.tasks,
        links=outline.links,
        resources=sorted({p for members in team.values() for p in members}, key=_person_number),
        assignments=outline.assignments,
    )
    plan.set(management, "duration", round(plan.schedule().makespan_days))
    return plan


def _person_number(resource: Resource) -> int:
    return int(resource.id)


# -- registers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskTemplate:
    """A row of :data:`RISKS`; ``dimensions`` are the impacted ones, the hardest first."""

    title: str
    category: str
    kind: str
    dimensions: tuple[str, ...]
    strategy: str
    action: str


def risk_templates() -> list[RiskTemplate]:
    """The rows of :data:`RISKS`."""
    lines = RISKS.strip().splitlines()
    templates = []
    for head, action in zip(lines[::2], lines[1::2], strict=True):
        title, category, kind, dimensions, strategy = head.split(" | ")
        templates.append(
            RiskTemplate(title, category, kind, tuple(dimensions.split()), strategy, action.strip())
        )
    return templates


@dataclass(frozen=True)
class RiskEntry:
    """A risk and when it enters and leaves the register, as status-week numbers (-1: the
    first version)."""

    title: str
    fields: dict[str, object]
    raised_week: int
    closed_week: int | None
    closed_as: str


@dataclass(frozen=True)
class ChangeEntry:
    """A change request and the status weeks it is raised and decided in (-1: the first
    version; ``None``: still awaiting a decision)."""

    title: str
    fields: dict[str, object]
    raised_week: int
    decided_week: int | None
    approved: bool


def _people_on(plan: Plan) -> list[str]:
    return [resource.name for resource in plan.resources]


def _work_tasks(plan: Plan) -> list[str]:
    """Ids of the tasks that are neither summaries nor milestones."""
    summaries = summary_flags(plan.tasks)
    return [t.id for t, s in zip(plan.tasks, summaries, strict=True) if not s and t.duration]


def _week_date(spec: ProjectSpec, days: list[date], week: int) -> date:
    """The status date of ``week``; for -1 the start (today for a project not started)."""
    return days[week] if week >= 0 else min(spec.start, TODAY)


def _risk_entries(
    spec: ProjectSpec, plan: Plan, rng: random.Random, days: list[date]
) -> list[RiskEntry]:
    """The project's risks drawn from :data:`RISKS`, in the order they are raised: half of
    them at the start, the rest over the status weeks; about a quarter closed later."""
    entries = [
        _risk_entry(template, spec, plan, rng, days)
        for template in rng.sample(risk_templates(), spec.risks)
    ]
    return sorted(entries, key=lambda entry: entry.raised_week)


def _risk_entry(
    template: RiskTemplate, spec: ProjectSpec, plan: Plan, rng: random.Random, days: list[date]
) -> RiskEntry:
    """One risk with drawn levels, owner, affected task, response and timing."""
    dimensions, strategy = template.dimensions, template.strategy
    module = rng.choice(spec.modules)
    weeks = len(days)
    raised_week = rng.randrange(weeks) if weeks and rng.random() < 0.5 else -1
    closed_week = None
    if raised_week + 1 < weeks and rng.random() < 0.3:
        closed_week = rng.randrange(raised_week + 1, weeks)
    raised = _week_date(spec, days, raised_week)
    owner = rng.choice(_people_on(plan))
    calm = spec.state == "on track"  # well run: no threat reaches the amber score of 12
    impacts = {
        f"impact_{dimension}": rng.randint(2, 3 if calm else 5) if first else rng.randint(1, 3)
        for first, dimension in zip((True, False), dimensions, strict=False)
    }
    probability = rng.randint(1, 3 if calm else 5)
    fields: dict[str, object] = {
        "category": template.category,
        "kind": template.kind,
        "owner": owner,
        "probability": probability,
        **impacts,
        "strategy": strategy,
        "tasks": (rng.choice(_work_tasks(plan)),),
        "raised": raised,
        "review_date": raised + timedelta(weeks=rng.randint(2, 8)),
        "schedule_impact_days": rng.randint(2, 15) if "schedule" in dimensions else 0,
        "cost_impact": rng.randrange(5_000, 80_001, 1_000) if "cost" in dimensions else 0,
    }
    if strategy not in ("accept", "escalate"):
        fields["residual_probability"] = max(1, probability - rng.randint(1, 2))
        fields["residual_impact"] = max(1, max(impacts.values()) - rng.randint(0, 1))
        due = raised + timedelta(weeks=rng.randint(2, 6))
        fields["actions"] = (RiskAction(template.action.format(module=module), owner, due),)
    closed_as = rng.choice(("closed", "closed", "closed", "occurred"))
    title = template.title.format(module=module)
    return RiskEntry(title, fields, raised_week, closed_week, closed_as)


def _change_entries(
    spec: ProjectSpec, plan: Plan, rng: random.Random, days: list[date]
) -> list[ChangeEntry]:
    """The project's change requests drawn from :data:`CHANGES`, in the order they are
    raised, each decided one to three weeks later (if that week has come)."""
    entries = []
    for title, description, schedule, cost in rng.sample(CHANGES, spec.changes):
        raised_week = rng.randrange(len(days)) if days else -1
        decided_week = raised_week + rng.randint(1, 3)
        fields = {
            "description": description,
            "schedule_impact_days": schedule,
            "cost_impact": cost,
            "tasks": (rng.choice(_work_tasks(plan)),),
            "raised_by": rng.choice(_people_on(plan)),
            "raised": _week_date(spec, days, raised_week),
        }
        entries.append(
            ChangeEntry(
                title,
                fields,
                raised_week,
                decided_week if decided_week < len(days) else None,
                rng.random() < 0.6,
            )
        )
    return sorted(entries, key=lambda entry: entry.raised_week)


def _update_registers(
    plan: Plan,
    spec: ProjectSpec,
    days: list[date],
    week: int,
    risks: list[RiskEntry],
    changes: list[ChangeEntry],
) -> None:
    """Raise, close and decide what is due in status week ``week`` (-1: the first version).
    Risk and change ids follow the order of the entries (R1, R2, ...; CR1, CR2, ...)."""
    for number, risk in enumerate(risks, 1):
        if risk.raised_week == week:
            plan.add_risk(risk.title, id=f"R{number}", **risk.fields)
        if risk.closed_week == week:
            _close_risk(plan, f"R{number}", risk.closed_as)
    for number, change in enumerate(changes, 1):
        if change.raised_week == week:
            plan.raise_change(change.title, id=f"CR{number}", **change.fields)
        if change.decided_week == week:
            plan.decide_change(
                f"CR{number}",
                approved=change.approved,
                by=spec.sponsor,
                on=days[week],
                note=DECISION_NOTES[change.approved],
            )


def _close_risk(plan: Plan, risk_id: str, status: str) -> None:
    """Close a risk (``status`` closed or occurred), its actions done."""
    actions = tuple(replace(action, done=True) for action in plan.risk(risk_id).actions)
    plan.update_risk(risk_id, status=status, actions=actions)


def _close_out(plan: Plan, spec: ProjectSpec) -> None:
    """At closure: every open risk closed, every request still proposed rejected."""
    for risk in plan.risks:
        if risk.status == "open":
            _close_risk(plan, risk.id, "closed")
    for request in plan.change_requests:
        if request.status == "proposed":
            plan.decide_change(
                request.id,
                approved=False,
                by=spec.sponsor,
                on=plan.status_date,
                note="The project has closed.",
            )


# -- progress ----------------------------------------------------------------------------------


def reporting_fridays(start: date) -> list[date]:
    """Every Friday from ``start`` up to :data:`TODAY`: the dates progress is reported as of."""
    first = start + timedelta(days=(4 - start.weekday()) % 7)
    return [first + timedelta(weeks=k) for k in range((TODAY - first).days // 7 + 1)]


def _report_progress(
    plan: Plan, day: date, performance: Performance, overrun: dict[str, float], rng: random.Random
) -> None:
    """Progress as of ``day``: as planned, then at the project's pace (see :func:`_paced`).
    A task whose predecessor is now unfinished (FS, FF) or unstarted (SS, SF), though planned
    otherwise, keeps last week's progress. Each task's actual cost is its planned cost so far
    times its overrun.

    Tasks are laid out after their predecessors, so plan order visits predecessors first.
    """
    before = {task.id: task for task in plan.tasks}
    changed = set(plan.update_as_planned(day))
    costs = task_costs(plan)["cost"]
    incoming: dict[str, list[Link]] = {task.id: [] for task in plan.tasks}
    for link in plan.links:
        incoming[link.successor].append(link)
    unfinished: set[str] = set()
    unstarted: set[str] = set()
    for task in plan.tasks:
        if task.id not in changed:
            continue
        if any(_waits_for(link, unfinished, unstarted) for link in incoming[task.id]):
            _undo_progress(plan, before[task.id])
            percent = before[task.id].percent_complete
            if before[task.id].actual_start is None:
                unstarted.add(task.id)
        else:
            percent = _paced(task, before[task.id].percent_complete, performance, rng)
            _record(plan, task, percent, costs[task.id] * overrun[task.id])
        if task.percent_complete >= 100 > percent:
            unfinished.add(task.id)


def _waits_for(link: Link, unfinished: set[str], unstarted: set[str]) -> bool:
    """Whether the link's successor cannot progress as planned: its predecessor has not
    finished (finish-to-finish, finish-to-start) or started (start-to-start, -finish)."""
    if link.type in (LinkType.FS, LinkType.FF):
        return link.predecessor in unfinished
    return link.predecessor in unstarted


def _record(plan: Plan, task: Task, percent: float, overrun_cost: float) -> None:
    """Record ``percent`` for a task just updated as planned (an unfinished task loses the
    planned actual finish), and its actual cost: ``overrun_cost`` (its planned cost times its
    overrun) times the share done."""
    fields: dict[str, object] = {}
    if percent != task.percent_complete:
        fields.update(percent_complete=percent, actual_finish=None)
    if overrun_cost:
        fields["actual_cost"] = round(overrun_cost * percent / 100, 2)
    if fields:
        plan.record_progress(task.id, **fields)


def _paced(task: Task, before: float, performance: Performance, rng: random.Random) -> float:
    """The % complete of ``task`` (just updated as planned from ``before``) when it did a
    share, drawn from the project's pace, of this week's planned work: below 1 it falls
    behind, above 1 it gets ahead. A task with at most a day left finishes as planned."""
    if performance.pace is None or not task.duration:
        return task.percent_complete
    done = before + (task.percent_complete - before) * rng.uniform(*performance.pace)
    if task.duration * (100 - done) / 100 <= 1:
        return task.percent_complete
    return round(done, 1)


def _undo_progress(plan: Plan, before: Task) -> None:
    """Put a task's progress back to what it was before this week's update."""
    plan.record_progress(
        before.id,
        percent_complete=before.percent_complete,
        actual_start=before.actual_start,
        actual_finish=before.actual_finish,
    )


def _finished(plan: Plan) -> bool:
    """Whether every task that is not a summary is 100% complete."""
    summaries = summary_flags(plan.tasks)
    return all(
        t.percent_complete >= 100 for t, s in zip(plan.tasks, summaries, strict=True) if not s
    )


def versions(spec: ProjectSpec, team: dict[str, list[Resource]]) -> Iterator[tuple[Plan, str]]:
    """The project's plan at each version it is saved at, with the save message.

    One plan is yielded again and again, edited in between: save (or copy) it before asking
    for the next. A pending project has one version, its proposal. A started one has its
    approved plan with baseline 0, then a version per status date of the last
    :data:`STATUS_WEEKS` weeks (progress reported on earlier Fridays is in the first of them);
    a closed one stops once everything is done and ends with a version closing its registers.
    """
    rng = random.Random(f"{SEED}:{spec.name}")
    performance = STATES[spec.state]
    plan = build_plan(spec, team, rng)
    fridays = [] if performance.store_status == "pending" else reporting_fridays(spec.start)
    days = fridays[-STATUS_WEEKS:]
    # Registers change while work goes on: up to two weeks before the planned finish.
    running = [day for day in days if day < plan.schedule().finish - timedelta(weeks=2)]
    risks = _risk_entries(spec, plan, rng, running)
    changes = _change_entries(spec, plan, rng, running)
    _update_registers(plan, spec, days, -1, risks, changes)
    if performance.store_status == "pending":
        yield plan, "Proposal for approval"
        return
    plan.set_baseline()
    yield plan, "Plan approved: baseline 0 set"
    overrun = {task.id: rng.uniform(*performance.overrun) for task in plan.tasks}
    for day in fridays[:-STATUS_WEEKS]:
        _report_progress(plan, day, performance, overrun, rng)
    for week, day in enumerate(days):
        _report_progress(plan, day, performance, overrun, rng)
        _update_registers(plan, spec, days, week, risks, changes)
        yield plan, f"Status {day:%Y-%m-%d}"
        if performance.store_status == "closed" and _finished(plan):
            _close_out(plan, spec)
            yield plan, "Project closed"
            return


def final_plan(spec: ProjectSpec, team: dict[str, list[Resource]]) -> Plan:
    """The project's plan as its last version holds it."""
    for plan, _ in versions(spec, team):
        last = plan
    return last


# -- store and files ---------------------------------------------------------------------------


def seed(store: Store, *, progress: Progress | None = None) -> list[str]:
    """Save every project of the portfolio the store does not have yet, each version by the
    project's manager, then set its status; returns the names of the projects saved.

    ``progress(number, total, name)`` is called after each project, saved or skipped.
    """
    existing = {info.name for info in store.projects()}
    teams = project_teams()
    saved = []
    for number, spec in enumerate(PROJECTS, 1):
        if spec.name not in existing:
            for plan, message in versions(spec, teams[spec.name]):
                store.save(plan, author=spec.manager, message=message, saved_at=version_time(plan))
            store.set_status(spec.name, STATES[spec.state].store_status)
            saved.append(spec.name)
        if progress is not None:
            progress(number, len(PROJECTS), spec.name)
    return saved


def version_time(plan: Plan) -> datetime | None:
    """When a sample version is dated, so that histories and trends spread over the weeks
    they tell of: a weekly status the evening of its status date, the approved plan the
    morning a week before the project starts; None (now) for a time still to come."""
    if plan.status_date is not None:
        when = datetime.combine(plan.status_date.date(), time(17))
    else:
        when = datetime.combine(plan.start.date() - timedelta(days=7), time(9))
    return when if when < datetime.now() else None


def write_files(directory: Path) -> list[Path]:
    """Write the :data:`EXPORTS` projects, as their last versions, into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    teams = project_teams()
    specs = {spec.name: spec for spec in PROJECTS}
    written = []
    for name, filename in EXPORTS:
        write_plan(final_plan(specs[name], teams[name]).state, directory / filename)
        written.append(directory / filename)
    return written


def main(argv: list[str] | None = None) -> None:
    """Seed a store, or write the import examples (``--files``), from the command line."""
    parser = argparse.ArgumentParser(description="Seed a store with Kestrel Mutual's portfolio.")
    parser.add_argument(
        "--db", help="SQLAlchemy URL of the store (default: PMWIDGETS_DB, else the user's store)"
    )
    parser.add_argument(
        "--files",
        type=Path,
        nargs="?",
        const=PORTFOLIO_FILES,
        metavar="DIR",
        help=f"write {len(EXPORTS)} projects as MS Project XML and Excel files into DIR "
        f"(default {PORTFOLIO_FILES.parent.name}/{PORTFOLIO_FILES.name}) instead of seeding; "
        "give --db too to seed as well",
    )
    args = parser.parse_args(argv)
    if args.files:
        write_files(args.files)
    if args.db or not args.files:
        with Store(args.db) as store:
            seed(
                store, progress=lambda n, total, name: print(f"{n}/{total} {name}", file=sys.stderr)
            )


if __name__ == "__main__":
    main()
