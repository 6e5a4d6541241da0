"""Writing MS Project XML: read -> write -> read keeps the plan, its schedule and MS Project's
dates, and the written file follows the element order of the MSPDI schema (mspdi_pj12.xsd)."""

import json
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
import pytest

from pmwidgets import Plan
from pmwidgets.core.calendar import Calendar, CalendarException
from pmwidgets.core.model import (
    Assignment,
    ConstraintType,
    Link,
    LinkType,
    PlanState,
    ProjectSettings,
    Resource,
    Task,
    TaskBaseline,
    summary_flags,
)
from pmwidgets.io.mspdi import read_mspdi
from pmwidgets.io.mspdi_write import resource_uids, task_uids, write_mspdi

DATA = Path(__file__).parents[1] / "data/mspdi"
FILES = sorted(p.name for p in DATA.glob("*.xml"))
NS = "{http://schemas.microsoft.com/project}"
PROJECTLIBRE = "projectlibre-new-product.xml"

# Element order of mspdi_pj12.xsd (the Project 2007 schema), as published in Microsoft's "XML
# Schema for the ... Element" pages; each sequence lists every element the schema allows there.
PROJECT_ORDER = """SaveVersion UID Name Title Subject Category Company Manager Author CreationDate
Revision LastSaved ScheduleFromStart StartDate FinishDate FYStartDate CriticalSlackLimit
CurrencyDigits CurrencySymbol CurrencyCode CurrencySymbolPosition CalendarUID DefaultStartTime
DefaultFinishTime MinutesPerDay MinutesPerWeek DaysPerMonth DefaultTaskType DefaultFixedCostAccrual
DefaultStandardRate DefaultOvertimeRate DurationFormat WorkFormat EditableActualCosts
HonorConstraints EarnedValueMethod InsertedProjectsLikeSummary MultipleCriticalPaths
NewTasksEffortDriven NewTasksEstimated SplitsInProgressTasks SpreadActualCost SpreadPercentComplete
TaskUpdatesResource FiscalYearStart WeekStartDay MoveCompletedEndsBack MoveRemainingStartsBack
MoveRemainingStartsForward MoveCompletedEndsForward BaselineForEarnedValue
AutoAddNewResourcesAndTasks StatusDate CurrentDate MicrosoftProjectServerURL Autolink
NewTaskStartDate DefaultTaskEVMethod ProjectExternallyEdited ExtendedCreationDate ActualsInSync
RemoveFileProperties AdminProject OutlineCodes WBSMasks ExtendedAttributes Calendars Tasks
Resources Assignments""".split()
CALENDAR_ORDER = "UID Name IsBaseCalendar BaseCalendarUID WeekDays Exceptions WorkWeeks".split()
WEEKDAY_ORDER = "DayType DayWorking TimePeriod WorkingTimes".split()
EXCEPTION_ORDER = """EnteredByOccurrences TimePeriod Occurrences Name Type Period DaysOfWeek
MonthItem MonthPosition Month MonthDay DayWorking WorkingTimes""".split()
TASK_ORDER = """UID ID Name Type IsNull CreateDate Contact WBS WBSLevel OutlineNumber OutlineLevel
Priority Start Finish Duration DurationFormat Work Stop Resume ResumeValid EffortDriven Recurring
OverAllocated Estimated Milestone Summary Critical IsSubproject IsSubprojectReadOnly SubprojectName
ExternalTask ExternalTaskProject EarlyStart EarlyFinish LateStart LateFinish StartVariance
FinishVariance WorkVariance FreeSlack TotalSlack FixedCost FixedCostAccrual PercentComplete
PercentWorkComplete Cost OvertimeCost OvertimeWork ActualStart ActualFinish ActualDuration
ActualCost ActualOvertimeCost ActualWork ActualOvertimeWork RegularWork RemainingDuration
RemainingCost RemainingWork RemainingOvertimeCost RemainingOvertimeWork ACWP CV ConstraintType
CalendarUID ConstraintDate Deadline LevelAssignments LevelingCanSplit LevelingDelay
LevelingDelayFormat PreLeveledStart PreLeveledFinish Hyperlink HyperlinkAddress HyperlinkSubAddress
IgnoreResourceCalendar Notes HideBar Rollup BCWS BCWP PhysicalPercentComplete EarnedValueMethod
PredecessorLink ActualWorkProtected ActualOvertimeWorkProtected ExtendedAttribute Baseline
OutlineCode IsPublished StatusManager CommitmentStart CommitmentFinish CommitmentType
TimephasedData""".split()
LINK_ORDER = "PredecessorUID Type CrossProject CrossProjectName LinkLag LagFormat".split()
TASK_BASELINE_ORDER = """TimephasedData Number Interim Start Finish Duration DurationFormat
EstimatedDuration Work Cost BCWS BCWP FixedCost""".split()
RESOURCE_ORDER = """UID ID Name Type IsNull Initials Phonetics NTAccount MaterialLabel Code Group
WorkGroup EmailAddress Hyperlink HyperlinkAddress HyperlinkSubAddress MaxUnits PeakUnits
OverAllocated AvailableFrom AvailableTo Start Finish CanLevel AccrueAt Work RegularWork OvertimeWork
ActualWork RemainingWork ActualOvertimeWork RemainingOvertimeWork PercentWorkComplete StandardRate
StandardRateFormat Cost OvertimeRate OvertimeRateFormat OvertimeCost CostPerUse ActualCost
ActualOvertimeCost RemainingCost RemainingOvertimeCost WorkVariance CostVariance SV CV ACWP
CalendarUID Notes BCWS BCWP IsGeneric IsInactive IsEnterprise BookingType ActualWorkProtected
ActualOvertimeWorkProtected ActiveDirectoryGUID CreationDate ExtendedAttribute Baseline OutlineCode
IsCostResource AssnOwner AssnOwnerGuid IsBudget AvailabilityPeriods Rates TimephasedData""".split()
ASSIGNMENT_ORDER = """UID TaskUID ResourceUID PercentWorkComplete ActualCost ActualFinish
ActualOvertimeCost ActualOvertimeWork ActualStart ActualWork ACWP Confirmed Cost CostRateTable
CostVariance CV Delay Finish FinishVariance Hyperlink HyperlinkAddress HyperlinkSubAddress
WorkVariance HasFixedRateUnits FixedMaterial LevelingDelay LevelingDelayFormat LinkedFields
Milestone Notes Overallocated OvertimeCost OvertimeWork PeakUnits RegularWork RemainingCost
RemainingOvertimeCost RemainingOvertimeWork RemainingWork ResponsePending Start Stop Resume
StartVariance Summary SV Units UpdateNeeded VAC Work WorkContour BCWS BCWP BookingType
ActualWorkProtected ActualOvertimeWorkProtected CreationDate AssnOwner AssnOwnerGuid BudgetCost
BudgetWork ExtendedAttribute Baseline TimephasedData""".split()
# Which sequence applies to the children of each element, by its path of tags from the root.
ORDERS = {
    ("Project",): PROJECT_ORDER,
    ("Project", "Calendars", "Calendar"): CALENDAR_ORDER,
    ("Project", "Calendars", "Calendar", "WeekDays", "WeekDay"): WEEKDAY_ORDER,
    ("Project", "Calendars", "Calendar", "Exceptions", "Exception"): EXCEPTION_ORDER,
    ("Project", "Tasks", "Task"): TASK_ORDER,
    ("Project", "Tasks", "Task", "PredecessorLink"): LINK_ORDER,
    ("Project", "Tasks", "Task", "Baseline"): TASK_BASELINE_ORDER,
    ("Project", "Resources", "Resource"): RESOURCE_ORDER,
    ("Project", "Assignments", "Assignment"): ASSIGNMENT_ORDER,
}
WINDOW = (date(1990, 1, 1), date(2150, 12, 31))


def tag(element: ElementTree.Element) -> str:
    return element.tag.removeprefix(NS)


def order_faults(
    root: ElementTree.Element, only: dict[tuple[str, ...], set[str]] | None = None
) -> list[str]:
    """Children the schema does not allow, or out of its order, in every element whose sequence
    is listed in ORDERS; with ``only``, just the order of the children named there is checked."""
    faults = []

    def visit(element: ElementTree.Element, path: tuple[str, ...]) -> None:
        order = ORDERS.get(path)
        if order is not None:
            names = [tag(child) for child in element]
            if only is not None:
                names = [n for n in names if n in only.get(path, ())]
            unknown = [n for n in names if n not in order]
            if unknown:
                faults.append(f"{'/'.join(path)}: {unknown} not in the schema")
            positions = [order.index(n) for n in names if n in order]
            if positions != sorted(positions):
                faults.append(f"{'/'.join(path)}: {names}")
        for child in element:
            visit(child, (*path, tag(child)))

    visit(root, (tag(root),))
    return faults


def exception_days(
    calendar: Calendar, window: tuple[date, date] = WINDOW, names: bool = True
) -> set:
    """The days the calendar's exceptions cover in ``window``: (day, working, name)."""
    return {
        (str(day), e.working, e.name if names else "")
        for e in calendar.exceptions
        for day in e.days_in(*window)
    }


def assert_same_calendar(before: Calendar | None, after: Calendar | None) -> None:
    assert (before is None) == (after is None)
    if before is not None and after is not None:
        assert after.name == before.name
        assert after.working_weekdays == before.working_weekdays
        assert after.working_times == before.working_times
        assert exception_days(after) == exception_days(before)


def assert_same_state(before: PlanState, after: PlanState) -> None:
    """Every field of the plan kept; calendars compared by the days their exceptions cover."""
    kept = ("name", "start", "status_date", "settings", "tasks", "links", "assignments")
    for name in (*kept, "baselines"):
        assert getattr(after, name) == getattr(before, name), name
    assert_same_calendar(before.calendar, after.calendar)
    assert len(after.resources) == len(before.resources)
    for old, new in zip(before.resources, after.resources, strict=True):
        assert replace(new, calendar=None) == replace(old, calendar=None)
        assert_same_calendar(old.calendar, new.calendar)


def round_trip(state: PlanState, path: Path) -> PlanState:
    write_mspdi(state, path)
    project = read_mspdi(path)
    assert project.warnings == []
    return project.state


def schedule_frame(state: PlanState) -> pd.DataFrame:
    return Plan.from_state(state).schedule().to_frame()


@pytest.mark.parametrize("name", FILES)
def test_reference_file_round_trips_with_every_field(name: str, tmp_path: Path) -> None:
    before = read_mspdi(DATA / name).state
    after = round_trip(before, tmp_path / name)
    assert_same_state(before, after)


@pytest.mark.parametrize("name", FILES)
def test_reference_file_schedules_the_same_after_the_round_trip(name: str, tmp_path: Path) -> None:
    before = read_mspdi(DATA / name).state
    after = round_trip(before, tmp_path / name)
    assert schedule_frame(after).equals(schedule_frame(before))


def ms_project_rows(path: Path) -> dict[str, dict]:
    """What MS Project (or ProjectLibre) saved for each task: dates, slack in minutes, manual."""
    rows = {}
    for task in ElementTree.parse(path).getroot().iter(NS + "Task"):
        if task.findtext(NS + "OutlineLevel") == "0":
            continue
        rows[task.findtext(NS + "UID")] = {
            "start": task.findtext(NS + "Start")[:10],
            "finish": task.findtext(NS + "Finish")[:10],
            "total_slack": float(task.findtext(NS + "TotalSlack") or 0) / 10,
            "critical": task.findtext(NS + "Critical") == "1",
            "manual": task.findtext(NS + "Manual") == "1",
        }
    return rows


@pytest.mark.parametrize("name", FILES)
def test_ms_project_dates_still_match_after_the_round_trip(name: str, tmp_path: Path) -> None:
    state = round_trip(read_mspdi(DATA / name).state, tmp_path / name)
    frame = schedule_frame(state).set_index("id")
    minutes_per_day = state.calendar.minutes_per_day
    expected = ms_project_rows(DATA / name)
    assert set(frame.index) == set(expected)
    for uid, want in expected.items():
        row = frame.loc[uid]
        if (
            name == PROJECTLIBRE
        ):  # not MS Project: its own dates are compared in test_mspdi_reference
            continue
        assert (str(row.start.date()), str(row.finish.date())) == (want["start"], want["finish"])
        if not want["manual"]:
            assert row.total_float_days * minutes_per_day == pytest.approx(want["total_slack"])
            assert bool(row.critical) == want["critical"], uid


def written_children(roots: list[ElementTree.Element]) -> dict[tuple[str, ...], set[str]]:
    """The children the writer wrote, by the path of the element holding them."""
    found: dict[tuple[str, ...], set[str]] = {}

    def visit(element: ElementTree.Element, path: tuple[str, ...]) -> None:
        found.setdefault(path, set()).update(tag(child) for child in element)
        for child in element:
            visit(child, (*path, tag(child)))

    for root in roots:
        visit(root, (tag(root),))
    return found


def test_ms_project_orders_what_the_writer_writes_as_the_schema_lists_it(tmp_path: Path) -> None:
    """The order lists, checked against files MS Project saved. MS Project 2016-2019 depart from
    the 2007 schema only in elements the writer never writes: task ``ExtendedAttribute`` after
    ``CommitmentType``, and an exception's ``Month`` before ``MonthItem``."""
    states = [read_mspdi(DATA / name).state for name in FILES] + [hand_made()]
    for number, state in enumerate(states):
        write_mspdi(state, tmp_path / f"{number}.xml")
    written = written_children([ElementTree.parse(p).getroot() for p in tmp_path.iterdir()])
    for name in FILES:
        assert order_faults(ElementTree.parse(DATA / name).getroot(), written) == [], name


@pytest.mark.parametrize("name", FILES)
def test_written_reference_file_follows_the_schema(name: str, tmp_path: Path) -> None:
    write_mspdi(read_mspdi(DATA / name).state, tmp_path / name)
    assert_valid(tmp_path / name)


def assert_valid(path: Path) -> ElementTree.Element:
    """Declaration, namespace, schema order, required elements, and the references between
    records (UIDs of tasks, resources and calendars)."""
    assert path.read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = ElementTree.parse(path).getroot()
    assert root.tag == NS + "Project"
    assert order_faults(root) == []
    assert [tag(child) for child in root][0] == "SaveVersion"
    assert root.find(NS + "CurrencyCode") is not None
    calendars = {c.findtext(NS + "UID") for c in root.iter(NS + "Calendar")}
    assert root.findtext(NS + "CalendarUID") in calendars
    for calendar in root.iter(NS + "Calendar"):
        assert calendar.findtext(NS + "BaseCalendarUID") in (None, *calendars)
        assert all(day.find(NS + "DayType") is not None for day in calendar.iter(NS + "WeekDay"))
    tasks = root.findall(f"{NS}Tasks/{NS}Task")
    assert [t.findtext(NS + "ID") for t in tasks] == [str(n) for n in range(len(tasks))]
    assert (tasks[0].findtext(NS + "UID"), tasks[0].findtext(NS + "OutlineLevel")) == ("0", "0")
    task_uids = [t.findtext(NS + "UID") for t in tasks]
    assert len(set(task_uids)) == len(task_uids)
    levels = [Task("x", outline_level=int(t.findtext(NS + "OutlineLevel"))) for t in tasks[1:]]
    summaries = [t.findtext(NS + "Summary") == "1" for t in tasks[1:]]
    assert summaries == summary_flags(tuple(levels))
    for link in root.iter(NS + "PredecessorLink"):
        assert link.findtext(NS + "PredecessorUID") in task_uids
    resources = {r.findtext(NS + "UID"): r for r in root.iter(NS + "Resource")}
    for resource in resources.values():
        assert resource.findtext(NS + "CalendarUID") in (None, *calendars)
    for assignment in root.iter(NS + "Assignment"):
        assert assignment.findtext(NS + "TaskUID") in task_uids
        assert assignment.findtext(NS + "ResourceUID") in resources
    return root


# -- a plan made by hand, with everything the writer writes --------------------------------------

MON = datetime(2025, 4, 7, 8)
HOLIDAYS = (
    CalendarException(date(2025, 4, 18), date(2025, 4, 21), "Easter"),
    CalendarException(date(2025, 5, 1), date(2025, 5, 1), "Labour Day", yearly=True),
    CalendarException(date(2025, 5, 10), date(2025, 5, 10), "Catch-up Saturday", working=True),
)
OFFICE = Calendar("Office", exceptions=HOLIDAYS)
VACATION = CalendarException(date(2025, 4, 28), date(2025, 4, 30), "Ann on leave")


def hand_made() -> PlanState:
    # Other days and hours, and no catch-up Saturday: written as a calendar of its own.
    part_time = Calendar("Bo", (0, 1, 2), ((time(9), time(13)),), (*HOLIDAYS[:2], VACATION))
    tasks = (
        Task("1", "Design", outline_level=1, wbs="D"),
        Task(
            "2",
            "Sketch",
            3,
            outline_level=2,
            percent_complete=100,
            physical_percent_complete=100,
            actual_start=MON,
            actual_finish=datetime(2025, 4, 9, 17),
            notes="Pencils & <ink>",
        ),
        Task(
            "draw",
            "Draw",
            2.5,
            outline_level=2,
            percent_complete=40,
            physical_percent_complete=35,
            actual_start=datetime(2025, 4, 10, 8),
            fixed_cost=1250.5,
            actual_cost=300.25,
        ),
        Task(
            "4",
            "Review",
            1,
            constraint=ConstraintType.SNET,
            constraint_date=datetime(2025, 4, 24, 8),
            deadline=datetime(2025, 5, 2),
            priority=700,
        ),
        Task("5", "Sign-off", 0, milestone=True),
        Task(
            "6", "Print", 2, constraint=ConstraintType.FNLT, constraint_date=datetime(2025, 5, 30)
        ),
        Task("7", "Ship", 1),
    )
    links = (
        Link("2", "draw", LinkType.SS, 1.5),
        Link("draw", "4", LinkType.FS, -0.5),
        Link("2", "4", LinkType.FF, 50, lag_percent=True),
        Link("4", "5"),
        Link("5", "6", LinkType.SF, 3),
        Link("6", "7", LinkType.FS, -25, lag_percent=True),
    )
    resources = (
        Resource(
            "ann",
            "Ann",
            "Designer",
            1.0,
            62.5,
            15.0,
            replace(OFFICE, name="Ann", exceptions=(*HOLIDAYS, VACATION)),
        ),
        Resource("7", "Crane", "Lifting", 2.0, 120.0),
        Resource("bo", "Bo", "Printer", 0.5, 40.0, calendar=part_time),
    )
    assignments = (
        Assignment("draw", "ann", 0.5, 10.0),
        Assignment("6", "7"),
        Assignment("6", "bo", 0.5, 8.0),
    )
    baselines = (
        TaskBaseline("2", 0, MON, datetime(2025, 4, 9, 17), 3.0, 24.0, 1500.0),
        TaskBaseline("2", 3, MON, datetime(2025, 4, 10, 17), 4.0, 32.0, 2000.0),
        TaskBaseline("draw", 0, start=datetime(2025, 4, 9, 8), cost=99.99),
    )
    return PlanState(
        name="Brochure",
        start=MON,
        calendar=OFFICE,
        tasks=tasks,
        links=links,
        status_date=datetime(2025, 4, 14, 17),
        settings=ProjectSettings(currency="GBP", days_per_week=5, days_per_month=21),
        resources=resources,
        assignments=assignments,
        baselines=baselines,
    )


def renumbered(state: PlanState) -> PlanState:
    """The state with ids as the file's UIDs (what reading the file gives)."""
    tasks = {k: str(v) for k, v in task_uids(state).items()}
    resources = {k: str(v) for k, v in resource_uids(state).items()}
    return replace(
        state,
        tasks=tuple(replace(t, id=tasks[t.id]) for t in state.tasks),
        links=tuple(
            replace(k, predecessor=tasks[k.predecessor], successor=tasks[k.successor])
            for k in state.links
        ),
        resources=tuple(replace(r, id=resources[r.id]) for r in state.resources),
        assignments=tuple(
            replace(a, task=tasks[a.task], resource=resources[a.resource])
            for a in state.assignments
        ),
        baselines=tuple(replace(b, task=tasks[b.task]) for b in state.baselines),
    )


def with_summary_spans(state: PlanState) -> PlanState:
    """A summary's duration is its scheduled span, as MS Project writes it (the plan ignores
    the duration stored on a summary)."""
    frame = schedule_frame(state)
    summaries = summary_flags(state.tasks)
    return replace(
        state,
        tasks=tuple(
            replace(t, duration=float(d)) if s else t
            for t, s, d in zip(state.tasks, summaries, frame.duration_days, strict=True)
        ),
    )


def test_ids_that_are_not_plain_positive_numbers_get_the_next_uids() -> None:
    state = hand_made()
    assert task_uids(state) == {"1": 1, "2": 2, "draw": 8, "4": 4, "5": 5, "6": 6, "7": 7}
    assert resource_uids(state) == {"ann": 8, "7": 7, "bo": 9}
    odd = replace(state, tasks=(Task("0"), Task("012"), Task("12")))
    assert task_uids(odd) == {"0": 13, "012": 14, "12": 12}


def test_hand_made_plan_round_trips(tmp_path: Path) -> None:
    state = hand_made()
    after = round_trip(state, tmp_path / "brochure.xml")
    assert_same_state(with_summary_spans(renumbered(state)), after)
    before_frame = schedule_frame(renumbered(state))
    assert schedule_frame(after).equals(before_frame)


def test_hand_made_plan_file_follows_the_schema(tmp_path: Path) -> None:
    write_mspdi(hand_made(), tmp_path / "brochure.xml")
    root = assert_valid(tmp_path / "brochure.xml")
    calendars = root.findall(f"{NS}Calendars/{NS}Calendar")
    assert [c.findtext(NS + "Name") for c in calendars] == ["Office", "Ann", "Bo"]
    ann, bo = calendars[1], calendars[2]
    assert (ann.findtext(NS + "IsBaseCalendar"), ann.findtext(NS + "BaseCalendarUID")) == ("0", "1")
    # The same week as the project's: only the vacation, in both forms.
    assert [d.findtext(NS + "DayType") for d in ann.iter(NS + "WeekDay")] == ["0"]
    assert [e.findtext(NS + "Name") for e in ann.iter(NS + "Exception")] == ["Ann on leave"]
    assert bo.findtext(NS + "IsBaseCalendar") == "1"
    [ann_resource] = [r for r in root.iter(NS + "Resource") if r.findtext(NS + "Name") == "Ann"]
    assert ann_resource.findtext(NS + "CostPerUse") == "1500"  # hundredths
    lags = [
        (k.findtext(NS + "Type"), k.findtext(NS + "LinkLag"), k.findtext(NS + "LagFormat"))
        for k in root.iter(NS + "PredecessorLink")
    ]
    assert lags == [
        ("3", "7200", "7"),
        ("1", "-2400", "7"),
        ("0", "50", "19"),
        ("1", "0", "7"),
        ("2", "14400", "7"),
        ("1", "-25", "19"),
    ]


def test_both_forms_of_calendar_exceptions_give_the_same_days(tmp_path: Path) -> None:
    """MS Project 2007 and later read ``<Exceptions>``; older readers the DayType 0 weekdays,
    which carry no names."""
    path = tmp_path / "brochure.xml"
    write_mspdi(hand_made(), path)
    tree = ElementTree.parse(path)
    for calendar in tree.getroot().iter(NS + "Calendar"):
        for rules in calendar.findall(NS + "Exceptions"):
            calendar.remove(rules)
    tree.write(tmp_path / "weekdays-only.xml", encoding="UTF-8", xml_declaration=True)
    rules = read_mspdi(path).state
    listed = read_mspdi(tmp_path / "weekdays-only.xml").state
    window = (date(2025, 1, 1), date(2149, 12, 31))  # MS Project's rules start with the plan
    pairs = [(rules.calendar, listed.calendar)] + [
        (a.calendar, b.calendar)
        for a, b in zip(rules.resources, listed.resources, strict=True)
        if a.calendar is not None and b.calendar is not None
    ]
    assert len(pairs) == 3
    for old, new in pairs:
        assert exception_days(new, window, names=False) == exception_days(old, window, names=False)
    assert [e.yearly for e in rules.calendar.exceptions] == [False, True, False]


def test_values_in_units_that_round_are_written_in_the_files_units(tmp_path: Path) -> None:
    """Whole percent complete and physical percent complete, whole seconds of duration, whole
    tenths of a minute of lag."""
    state = PlanState(
        name="Rounding",
        start=MON,
        calendar=Calendar(),
        tasks=(
            Task("1", duration=1 / 7, percent_complete=33.4, physical_percent_complete=66.6),
            Task("2"),
        ),
        links=(Link("1", "2", lag=1 / 3000),),
    )
    after = round_trip(state, tmp_path / "rounding.xml")
    task = after.tasks[0]
    assert (task.percent_complete, task.physical_percent_complete) == (33, 67)
    assert task.duration == pytest.approx(1 / 7, abs=1 / (60 * 480))
    assert after.links[0].lag == pytest.approx(1 / 3000, abs=0.1 / 480)


def test_physical_percent_complete_is_written_only_where_recorded(tmp_path: Path) -> None:
    """A recorded 0 is kept too: the file names no earned value method, so the reader does not
    take it for the 0 MS Project writes for every task."""
    state = PlanState(
        name="Physical",
        start=MON,
        calendar=Calendar(),
        tasks=(
            Task("1", physical_percent_complete=0.0),
            Task("2"),
            Task("3", physical_percent_complete=80),
        ),
    )
    path = tmp_path / "physical.xml"
    assert round_trip(state, path).tasks == state.tasks
    root = assert_valid(path)
    written = [t.findtext(NS + "PhysicalPercentComplete") for t in root.iter(NS + "Task")]
    assert written == [None, "0", None, "80"]  # the project summary task first
    assert not list(root.iter(NS + "EarnedValueMethod"))
    assert root.find(NS + "DefaultTaskEVMethod") is None


# MPXJ reads the written file in its own process (a JVM starts once per process) and prints each
# task's physical % complete by UID.
MPXJ_PHYSICAL = """
import json, sys
import jpype
import mpxj
jpype.startJVM()
from org.mpxj.reader import UniversalProjectReader
project = UniversalProjectReader().read(sys.argv[1])
json.dump({
    str(task.getUniqueID()): None if task.getPhysicalPercentComplete() is None
    else float(task.getPhysicalPercentComplete().doubleValue())
    for task in project.getTasks() if task.getUniqueID() != 0
}, sys.stdout)
"""


@pytest.mark.skipif(shutil.which("java") is None, reason="MPXJ needs a Java runtime")
def test_mpxj_reads_the_physical_percent_complete_written(tmp_path: Path) -> None:
    path = tmp_path / "brochure.xml"
    write_mspdi(hand_made(), path)
    done = subprocess.run(
        [sys.executable, "-c", MPXJ_PHYSICAL, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    unrecorded = dict.fromkeys(("1", "4", "5", "6", "7"))
    assert json.loads(done.stdout) == {**unrecorded, "2": 100.0, "8": 35.0}
