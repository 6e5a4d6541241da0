"""CPM against published textbook networks (pmcontrols validation cases, MIT)."""

import json
from datetime import date
from pathlib import Path

import pytest

from pmwidgets import Calendar, Link, Plan, Task

CASES = json.loads(
    (Path(__file__).parents[1] / "data/textbook/pmcontrols-validation-cases.json").read_text()
)["cases"]
CPM_CASES = [case for case in CASES if case["method"] == "cpm"]
EVERY_DAY = Calendar(working_weekdays=(0, 1, 2, 3, 4, 5, 6))


def plan_from(case: dict) -> Plan:
    activities = case["inputs"]["activities"]
    return Plan(
        case["id"],
        start=date(2030, 1, 7),
        calendar=EVERY_DAY,
        tasks=[Task(a["id"], a["id"], float(a["duration"])) for a in activities],
        links=[Link(p, a["id"]) for a in activities for p in a["predecessors"]],
    )


@pytest.mark.parametrize("case", CPM_CASES, ids=[c["id"] for c in CPM_CASES])
def test_textbook_network_matches_published_schedule(case: dict) -> None:
    schedule = plan_from(case).schedule()
    expected = case["expected"]
    assert schedule.makespan_days == expected["project_duration"]
    frame = schedule.to_frame().set_index("id")
    origin = schedule.project_start_point >> 1
    day = schedule.axis.minutes_per_day
    for task_id, values in expected["schedule"].items():
        position = schedule.position(task_id)
        assert ((schedule.early_start[position] >> 1) - origin) / day == values["es"]
        assert ((schedule.early_finish[position] >> 1) - origin) / day == values["ef"]
        assert ((schedule.late_start[position] >> 1) - origin) / day == values["ls"]
        assert ((schedule.late_finish[position] >> 1) - origin) / day == values["lf"]
        assert frame.loc[task_id, "total_float_days"] == values["slack"]
    critical = [task_id for task_id in frame.index if frame.loc[task_id, "critical"]]
    assert critical == expected["critical_path"]


def test_general_foundry_on_a_working_week_finishes_after_fifteen_working_days() -> None:
    case = next(c for c in CPM_CASES if c["id"] == "cpm-general-foundry-001")
    activities = case["inputs"]["activities"]
    plan = Plan(
        "General Foundry",
        start=date(2025, 1, 6),
        tasks=[Task(a["id"], a["id"], float(a["duration"])) for a in activities],
        links=[Link(p, a["id"]) for a in activities for p in a["predecessors"]],
    )
    schedule = plan.schedule()
    assert schedule.makespan_days == 15
    assert schedule.finish == date(2025, 1, 24)
    frame = schedule.to_frame().set_index("id")
    assert frame.loc["A", "finish"].date() == date(2025, 1, 7)
    assert frame.loc["H", "start"].date() == date(2025, 1, 23)
