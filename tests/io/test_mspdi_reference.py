"""Our dates against MS Project's own, recomputed from the files' inputs.

The expected Start, Finish, TotalSlack and Critical are read from the files (MS Project wrote them);
our values come from scheduling the tasks, links, calendar and constraints we read.
"""

from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
import pytest

from pmwidgets.io import read_plan

DATA = Path(__file__).parents[1] / "data/mspdi"
NS = "{http://schemas.microsoft.com/project}"
MS_PROJECT_FILES = [
    "baselines.xml",
    "mspdirelations.xml",
    "task-costs-project2019-mspdi.xml",
    "task-links-project2019-mspdi.xml",
]
# Tasks MS Project schedules in "manual" mode, which this engine does not model. Their dates are
# still compared; their float and criticality follow manual-mode rules:
# - a manually scheduled predecessor of an SS or SF link ignores that link in its late dates;
# - a manually scheduled task with no links is never marked critical.
MANUAL_MODE_FLOAT = {
    "task-links-project2019-mspdi.xml": {"11", "13"},
    "task-costs-project2019-mspdi.xml": {str(uid) for uid in range(1, 11)},
}


def expected_rows(path: Path) -> dict[str, dict]:
    root = ElementTree.parse(path).getroot()
    rows = {}
    for task in root.iter(NS + "Task"):
        if task.findtext(NS + "OutlineLevel") == "0":
            continue
        rows[task.findtext(NS + "UID")] = {
            "start": task.findtext(NS + "Start")[:10],
            "finish": task.findtext(NS + "Finish")[:10],
            "total_slack_minutes": float(task.findtext(NS + "TotalSlack") or 0) / 10,
            "free_slack_minutes": float(task.findtext(NS + "FreeSlack") or 0) / 10,
            "critical": task.findtext(NS + "Critical") == "1",
        }
    return rows


@pytest.mark.parametrize("name", MS_PROJECT_FILES)
def test_dates_floats_and_critical_match_ms_project(name: str) -> None:
    plan = read_plan(DATA / name)
    frame = plan.schedule().to_frame().set_index("id")
    minutes_per_day = plan.calendar.minutes_per_day
    expected = expected_rows(DATA / name)
    assert set(expected) == set(frame.index)
    for uid, want in expected.items():
        row = frame.loc[uid]
        assert row.start.date().isoformat() == want["start"], uid
        assert row.finish.date().isoformat() == want["finish"], uid
        if uid in MANUAL_MODE_FLOAT.get(name, set()):
            continue
        assert row.total_float_days * minutes_per_day == pytest.approx(
            want["total_slack_minutes"]
        ), uid
        assert row.free_float_days * minutes_per_day == pytest.approx(want["free_slack_minutes"]), (
            uid
        )
        assert bool(row.critical) == want["critical"], uid


def test_manual_mode_exceptions_are_really_manual_tasks() -> None:
    for name, uids in MANUAL_MODE_FLOAT.items():
        root = ElementTree.parse(DATA / name).getroot()
        manual = {
            t.findtext(NS + "UID")
            for t in root.iter(NS + "Task")
            if t.findtext(NS + "Manual") == "1"
        }
        assert uids <= manual


def test_projectlibre_plan_dates_match_projectlibre() -> None:
    """ProjectLibre wrote this file; it records no floats, so dates alone are compared.

    ProjectLibre saves its zero-duration tasks with ``<Milestone>0</Milestone>``. MS Project
    flags such tasks as milestones itself; one that is not flagged starts, like any task, at the
    next working moment (MPXJ's MS Project scheduler does the same), so pmwidgets shows it on the
    next working day where ProjectLibre shows it at the end of its predecessor's last day, and
    the summaries holding it finish that day too.
    """
    name = "projectlibre-new-product.xml"
    plan = read_plan(DATA / name)
    frame = plan.schedule().to_frame().set_index("id")
    expected = expected_rows(DATA / name)
    assert len(expected) == 42  # UID 1, at outline level 0, is the project summary
    unflagged = {t.id for t in plan.tasks if t.duration == 0 and not t.milestone}
    unflagged -= {t.id for t in plan.tasks if plan.is_summary(t.id)}
    holding = {plan.parent(uid) for uid in unflagged} - {None}
    assert unflagged == {"2", "6", "9", "10", "13", "15", "22", "29", "35", "37", "38", "43"}
    for uid, want in expected.items():
        row = frame.loc[uid]
        got = (row.start.date().isoformat(), row.finish.date().isoformat())
        if uid in unflagged and want["start"] != got[0]:
            day = plan.calendar.is_working_day
            assert row.start.date() > date.fromisoformat(want["start"])
            assert all(not day(d.date()) for d in pd.date_range(want["start"], row.start)[1:-1])
            assert got[0] == got[1]
        elif uid in holding and got != (want["start"], want["finish"]):
            assert got[0] >= want["start"] and got[1] >= want["finish"], uid
        else:
            assert got == (want["start"], want["finish"]), uid


def test_summary_tasks_roll_up_and_links_to_summaries_reach_their_children() -> None:
    plan = read_plan(DATA / "projectlibre-new-product.xml")
    frame = plan.schedule().to_frame().set_index("id")
    assert frame.loc["16", "summary"]
    children = frame.loc[[str(uid) for uid in range(17, 23)]]
    assert frame.loc["16", "start"] == children.start.min()
    assert frame.loc["16", "finish"] == children.finish.max()
    # "Regional Promotions" (36) follows the "Production Phase" summary (16): its first
    # milestone sits at the end of the day production finishes.
    assert frame.loc["37", "start"] == frame.loc["16", "finish"]


def test_recurring_calendar_exceptions_are_read() -> None:
    calendar = read_plan(DATA / "calendar-recurring-exceptions-project2016-mspdi.xml").calendar
    from datetime import date

    assert not calendar.is_working_day(date(2000, 1, 3))
    assert not calendar.is_working_day(date(2000, 2, 7))
    assert calendar.is_working_day(date(2000, 2, 8))
    assert not calendar.is_working_day(date(2000, 3, 6))
    assert calendar.working_weekdays == (0, 1, 2, 3, 4)
    assert calendar.hours_per_day == 8
