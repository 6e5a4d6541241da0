"""Write ``office_move.json``: a small, realistic plan (risks, resources) for the workbooks.

Run ``python sample_data/make_office_move.py``; the output is committed so that the demo needs no
generation step. The plan is written through the same API a project manager uses, so it is
validated and scheduled on the way.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pmwidgets import Calendar, CalendarException, Plan
from pmwidgets.io.plan_json import write_plan_json

HERE = Path(__file__).parent

PHASES = [
    (
        "Plan the move",
        [
            ("Agree budget and date with the board", "3d", ""),
            ("Survey the new floor", "2d", "{0}"),
            ("Draw the seating plan", "4d", "{1}"),
            ("Plan approved", "0d", "{2}"),
        ],
    ),
    (
        "Prepare the new office",
        [
            ("Order furniture", "2d", "{3}"),
            ("Furniture delivery lead time", "3w", "{4}"),
            ("Install network cabling", "6d", "{3}SS+2d"),
            ("Install furniture", "3d", "{5}, {6}FF"),
            ("Test network and phones", "2d", "{7}SS+1d"),
        ],
    ),
    (
        "Move",
        [
            ("Pack the old office", "3d", "{8}FS-1d"),
            ("Move furniture and equipment", "2d", "{9}"),
            ("Unpack and set up desks", "2d", "{10}"),
            ("Office open", "0d", "{11}"),
        ],
    ),
]


# Title, fields as a project manager types them (see Plan.add_risk).
RISKS = [
    (
        "Furniture delivery slips past the move date",
        {
            "category": "external",
            "owner": "Procurement",
            "probability": 4,
            "impact_schedule": 4,
            "impact_cost": 2,
            "strategy": "mitigate",
            "residual_probability": 2,
            "residual_impact": 4,
            "tasks": "8",
            "schedule_impact_days": 5,
            "cost_impact": 3000,
            "review_date": "2026-12-15",
        },
    ),
    (
        "Network cabling fails acceptance tests",
        {
            "owner": "IT",
            "probability": 3,
            "impact_schedule": 3,
            "impact_quality": 3,
            "strategy": "mitigate",
            "residual_probability": 2,
            "tasks": "9, 11",
            "schedule_impact_days": 3,
            "cost_impact": 1500,
        },
    ),
    (
        "Board delays the budget decision",
        {
            "category": "organisational",
            "owner": "Sponsor",
            "probability": 2,
            "impact_schedule": 5,
            "strategy": "escalate",
            "tasks": "2",
            "schedule_impact_days": 10,
        },
    ),
    (
        "Staff resist the open-plan layout",
        {
            "category": "organisational",
            "owner": "HR",
            "probability": 3,
            "impact_scope": 2,
            "impact_quality": 3,
            "strategy": "accept",
        },
    ),
    (
        "Landlord offers early access to the new floor",
        {
            "kind": "opportunity",
            "category": "external",
            "owner": "Facilities",
            "probability": 3,
            "impact_schedule": 3,
            "strategy": "exploit",
            "tasks": "9",
            "schedule_impact_days": 4,
        },
    ),
    (
        "Reuse the existing desks",
        {
            "kind": "opportunity",
            "category": "project management",
            "owner": "Facilities",
            "probability": 2,
            "impact_cost": 3,
            "strategy": "enhance",
            "cost_impact": 8000,
        },
    ),
    (
        "Lift out of service on moving day",
        {"owner": "Facilities", "probability": 2, "impact_schedule": 4, "status": "closed"},
    ),
]


# Name, role, max units, rate per hour, cost per use; then (task name, resource name, units).
RESOURCES = [
    ("Olga", "Office manager", 1.0, 45.0, 0.0),
    ("Ivan", "IT technician", 1.0, 55.0, 0.0),
    ("Movers", "Logistics", 3.0, 38.0, 150.0),
]
# Bought in besides the team's time: furniture, cabling material, the van.
FIXED_COSTS = {
    "Order furniture": 18_000.0,
    "Install network cabling": 4_500.0,
    "Move furniture and equipment": 1_200.0,
}
ASSIGNMENTS = [
    ("Agree budget and date with the board", "Olga", 0.5),
    ("Survey the new floor", "Olga", 1.0),
    ("Draw the seating plan", "Olga", 1.0),
    ("Order furniture", "Olga", 0.5),
    ("Furniture delivery lead time", "Olga", 0.25),
    ("Install network cabling", "Ivan", 1.0),
    ("Install network cabling", "Olga", 1.0),
    ("Test network and phones", "Ivan", 1.0),
    ("Install furniture", "Movers", 2.0),
    ("Pack the old office", "Olga", 1.0),
    ("Move furniture and equipment", "Movers", 3.0),
    ("Unpack and set up desks", "Ivan", 0.5),
]


def build() -> Plan:
    """The office move plan, scheduled, costed and baselined (not started yet)."""
    calendar = Calendar(
        exceptions=(
            CalendarException(date(2026, 12, 25), date(2026, 12, 26), "Christmas", yearly=True),
            CalendarException(date(2027, 1, 1), date(2027, 1, 1), "New Year", yearly=True),
        )
    )
    plan = Plan("Office move", start=date(2026, 12, 1), calendar=calendar)
    ids: list[str] = []
    for phase, steps in PHASES:
        plan.add_task(phase, 0, outline_level=1, milestone=False)
        for name, duration, predecessors in steps:
            task = plan.add_task(name, duration, outline_level=2)
            ids.append(task.id)
            if predecessors:
                plan.set_predecessors(task.id, predecessors.format(*ids))
    plan.set(ids[-1], "deadline", "2027-02-26")
    for title, fields in RISKS:
        plan.add_risk(title, **fields)
    people = {
        name: plan.add_resource(
            name, role=role, max_units=units, standard_rate=rate, cost_per_use=per_use
        ).id
        for name, role, units, rate, per_use in RESOURCES
    }
    tasks = {task.name: task.id for task in plan.tasks}
    for task, person, units in ASSIGNMENTS:
        plan.assign(tasks[task], people[person], units)
    for task, cost in FIXED_COSTS.items():
        plan.set(tasks[task], "fixed_cost", cost)
    plan.set_baseline()
    return plan


if __name__ == "__main__":
    write_plan_json(build().state, HERE / "office_move.json")
