"""Reading resources, their calendars, assignments, baselines and costs from MS Project XML.

Expected values are read off the reference files by eye (see the comments); costs in MSPDI are
hundredths of the currency unit, rates are per hour, work is an ISO 8601 duration.
"""

from datetime import date, datetime, time
from pathlib import Path

import pytest

from pmwidgets.core.calendar import Calendar, CalendarException
from pmwidgets.core.errors import FileFormatError
from pmwidgets.core.model import Assignment, Link, LinkType, Resource, TaskBaseline
from pmwidgets.io import read_plan
from pmwidgets.io.mspdi import read_mspdi

DATA = Path(__file__).parents[1] / "data/mspdi"
STANDARD_HOURS = ((time(8), time(12)), (time(13), time(17)))


def test_baselines_0_to_10_are_read_with_their_units() -> None:
    # baselines.xml, task 1: <Baseline><Number>n</Number><Start>2001-01-0nT09:00:00</Start>
    # <Finish>2000-01-0nT17:30:00</Finish><Duration>n x PT7H30M0S</Duration>
    # <Work>PTnH0M0S</Work><Cost>n00</Cost>; the calendar's day is 8 hours (480 minutes).
    state = read_mspdi(DATA / "baselines.xml").state
    assert state.baselines == tuple(
        TaskBaseline(
            task="1",
            number=n,
            start=datetime(2001, 1, n, 9),
            finish=datetime(2000, 1, n, 17, 30),
            duration=n * 450 / 480,
            work=float(n),
            cost=float(n),
        )
        for n in range(1, 11)
    )
    [task] = state.tasks
    assert (task.fixed_cost, task.actual_cost) == (0.0, 0.0)


def test_resource_with_its_own_calendar_and_the_unassigned_resource_left_out() -> None:
    # baselines.xml: resource UID 0 (no name, MS Project's "unassigned") is not a resource;
    # "Resource One" uses calendar 3, "Resource One", based on the Standard calendar 1.
    # Its only assignment is of the null resource -65535.
    state = read_mspdi(DATA / "baselines.xml").state
    own = Calendar("Resource One", (0, 1, 2, 3, 4), STANDARD_HOURS)
    assert state.resources == (Resource("1", "Resource One", calendar=own),)
    assert state.assignments == ()


def test_projectlibre_resources_and_assignments() -> None:
    # projectlibre-new-product.xml: 8 resources, <Group> as role, <StandardRate> per hour whatever
    # <StandardRateFormat> (3, days) says, Howard Thompson's <CostPerUse>100000</CostPerUse>;
    # no resource names a calendar. 45 assignments, 17 of them of the null resource -65535.
    state = read_mspdi(DATA / "projectlibre-new-product.xml").state
    assert [(r.name, r.role, r.cost_per_use, r.calendar) for r in state.resources] == [
        ("Scott Adams", "Production", 0.0, None),
        ("Mary Logan", "Production", 0.0, None),
        ("Howard Thompson", "Sales", 1000.0, None),
        ("Mel Lloyd", "Shipping", 0.0, None),
        ("Jenny Benson", "Personnel", 0.0, None),
        ("Assemblers", "Assembly", 0.0, None),
        ("Bill Kirk", "Design", 0.0, None),
        ("John Melville", "Finance", 0.0, None),
    ]
    assert [r.standard_rate for r in state.resources] == pytest.approx(
        [8, 10, 22.5, 15, 35, 8.5, 16.826923076923073, 14.423069293682392]
    )
    assert [r.id for r in state.resources][:2] == ["1000101574", "1000101576"]
    assert all(r.max_units == 1.0 for r in state.resources)
    assert len(state.assignments) == 45 - 17
    assert state.assignments[:4] == (
        Assignment("4", "1000101586", 1.0, 200.0),
        Assignment("4", "1000101574", 0.5, 100.0),
        Assignment("5", "1000101586", 1.0, 160.0),
        Assignment("5", "1000101574", 1.0, 160.0),
    )
    assert Assignment("9", "1000101588", 1.0, 0.0) in state.assignments  # a milestone: 0 hours
    assert state.settings.currency == "EUR"  # the file has no <CurrencyCode>


def test_currency_code_is_read() -> None:
    assert read_mspdi(DATA / "mspdirelations.xml").state.settings.currency == "GBP"


def mspdi(body: str, calendars: str = "") -> str:
    """A small MSPDI file: a Monday-to-Friday calendar 1, two tasks, and ``body``."""
    week = "".join(
        f"<WeekDay><DayType>{d}</DayType><DayWorking>{int(1 < d < 7)}</DayWorking>"
        + (
            "<WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime>"
            "</WorkingTime><WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime>"
            "</WorkingTime></WorkingTimes>"
            if 1 < d < 7
            else ""
        )
        + "</WeekDay>"
        for d in range(1, 8)
    )
    return (
        '<?xml version="1.0"?><Project xmlns="http://schemas.microsoft.com/project">'
        "<StartDate>2025-03-03T08:00:00</StartDate><CalendarUID>1</CalendarUID><Calendars>"
        f"<Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>"
        f"<WeekDays>{week}</WeekDays></Calendar>{calendars}</Calendars><Tasks>"
        "<Task><UID>1</UID><Name>A</Name><OutlineLevel>1</OutlineLevel>"
        "<Duration>PT16H0M0S</Duration><FixedCost>123456</FixedCost>"
        "<ActualCost>2550</ActualCost></Task>"
        "<Task><UID>2</UID><Name>B</Name><OutlineLevel>1</OutlineLevel>"
        "<Duration>PT8H0M0S</Duration><PredecessorLink><PredecessorUID>1</PredecessorUID>"
        "<Type>3</Type><LinkLag>50</LinkLag><LagFormat>19</LagFormat></PredecessorLink>"
        f"</Task></Tasks>{body}</Project>"
    )


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "small.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_percent_lag_and_task_costs(tmp_path: Path) -> None:
    """A percentage lag's LinkLag is the percentage itself (as MPXJ and Aspose read it); costs
    are hundredths."""
    state = read_mspdi(write(tmp_path, mspdi(""))).state
    assert state.links == (Link("1", "2", LinkType.SS, 50.0, lag_percent=True),)
    assert (state.tasks[0].fixed_cost, state.tasks[0].actual_cost) == (1234.56, 25.5)
    assert state.tasks[1].actual_cost is None


def test_resource_calendar_derived_from_the_project_calendar_adds_its_vacation(
    tmp_path: Path,
) -> None:
    calendars = (
        "<Calendar><UID>7</UID><Name>Ann</Name><IsBaseCalendar>0</IsBaseCalendar>"
        "<BaseCalendarUID>1</BaseCalendarUID><WeekDays><WeekDay><DayType>6</DayType>"
        "<DayWorking>0</DayWorking></WeekDay></WeekDays><Exceptions><Exception>"
        "<TimePeriod><FromDate>2025-03-10T00:00:00</FromDate><ToDate>2025-03-12T23:59:00</ToDate>"
        "</TimePeriod><Name>Ski trip</Name><Type>1</Type><DayWorking>0</DayWorking></Exception>"
        "</Exceptions></Calendar>"
    )
    body = (
        "<Resources><Resource><UID>3</UID><Name>Ann</Name><Group>Engineer</Group>"
        "<MaxUnits>0.5</MaxUnits><StandardRate>60</StandardRate><StandardRateFormat>3"
        "</StandardRateFormat><CostPerUse>1000</CostPerUse><CalendarUID>7</CalendarUID>"
        "</Resource></Resources><Assignments><Assignment><UID>1</UID><TaskUID>1</TaskUID>"
        "<ResourceUID>3</ResourceUID><Units>0.5</Units><Work>PT8H0M0S</Work></Assignment>"
        "</Assignments>"
    )
    project = read_mspdi(write(tmp_path, mspdi(body, calendars)))
    [ann] = project.state.resources
    assert (ann.name, ann.role, ann.max_units, ann.standard_rate, ann.cost_per_use) == (
        "Ann",
        "Engineer",
        0.5,
        60.0,
        10.0,
    )
    vacation = CalendarException(date(2025, 3, 10), date(2025, 3, 12), "Ski trip")
    assert ann.calendar == Calendar("Ann", (0, 1, 2, 3), STANDARD_HOURS, (vacation,))
    assert project.state.assignments == (Assignment("1", "3", 0.5, 8.0),)
    assert project.state.calendar.exceptions == ()
    assert project.warnings == []


def test_material_resources_and_assignments_without_units_are_reported(tmp_path: Path) -> None:
    body = (
        "<Resources><Resource><UID>3</UID><Name>Concrete</Name><Type>0</Type></Resource>"
        "<Resource><UID>4</UID><Name>Gone</Name><IsNull>1</IsNull></Resource></Resources>"
        "<Assignments><Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>3</ResourceUID>"
        "<Units>0</Units></Assignment><Assignment><UID>2</UID><TaskUID>2</TaskUID>"
        "<ResourceUID>-65535</ResourceUID><Units>1</Units></Assignment></Assignments>"
    )
    project = read_mspdi(write(tmp_path, mspdi(body)))
    assert [r.name for r in project.state.resources] == ["Concrete"]
    assert project.state.assignments == ()
    material, no_units = project.warnings
    assert "'Concrete' is a material or cost resource" in material
    assert "assignment UID 1" in no_units and "left out" in no_units


def test_a_bad_resource_value_names_the_resource(tmp_path: Path) -> None:
    body = "<Resources><Resource><UID>3</UID><MaxUnits>lots</MaxUnits></Resource></Resources>"
    with pytest.raises(FileFormatError, match=r"resource UID 3, <MaxUnits> 'lots' is not a number"):
        read_mspdi(write(tmp_path, mspdi(body)))


def test_a_yearly_exception_running_to_ms_projects_last_year_is_read_as_yearly(
    tmp_path: Path,
) -> None:
    calendars = (
        "<Calendar><UID>2</UID><Name>Site</Name><BaseCalendarUID>1</BaseCalendarUID><Exceptions>"
        "<Exception><TimePeriod><FromDate>2025-12-25T00:00:00</FromDate>"
        "<ToDate>2149-12-25T23:59:00</ToDate></TimePeriod><Name>Christmas</Name><Type>2</Type>"
        "<Month>11</Month><MonthDay>25</MonthDay><DayWorking>0</DayWorking></Exception>"
        "<Exception><EnteredByOccurrences>1</EnteredByOccurrences><TimePeriod>"
        "<FromDate>2025-01-01T00:00:00</FromDate><ToDate>2027-01-01T23:59:00</ToDate>"
        "</TimePeriod><Occurrences>3</Occurrences><Name>New Year</Name><Type>2</Type>"
        "<Month>0</Month><MonthDay>1</MonthDay><DayWorking>0</DayWorking></Exception>"
        "</Exceptions></Calendar>"
    )
    body = "<Resources><Resource><UID>3</UID><Name>Crew</Name><CalendarUID>2</CalendarUID>"
    body += "</Resource></Resources>"
    [crew] = read_mspdi(write(tmp_path, mspdi(body, calendars))).state.resources
    assert crew.calendar is not None
    assert crew.calendar.exceptions == (
        CalendarException(date(2025, 12, 25), date(2025, 12, 25), "Christmas", yearly=True),
        *(CalendarException(date(y, 1, 1), date(y, 1, 1), "New Year") for y in (2025, 2026, 2027)),
    )


def test_a_file_without_a_project_start_starts_at_its_earliest_task(tmp_path: Path) -> None:
    source = (DATA / "mspdirelations.xml").read_text()
    stripped = source.replace("<StartDate>2006-09-21T08:00:00</StartDate>", "", 1)
    assert stripped != source
    path = tmp_path / "nostart.xml"
    path.write_text(stripped)
    schedule = read_plan(path).schedule()
    assert schedule.project_start.isoformat() == "2006-09-21"
    assert schedule.finish.isoformat() == "2006-09-25"


def with_progress(physical: str | None, method: str | None, default: str | None = None) -> str:
    """The small file with task 1's ``PhysicalPercentComplete`` and ``EarnedValueMethod``, and
    the project's ``DefaultTaskEVMethod``; ``None`` leaves an element out."""

    def element(name: str, value: str | None) -> str:
        return "" if value is None else f"<{name}>{value}</{name}>"

    task = element("PhysicalPercentComplete", physical) + element("EarnedValueMethod", method)
    text = mspdi("").replace(
        "<ActualCost>2550</ActualCost>", f"<ActualCost>2550</ActualCost>{task}"
    )
    return text.replace("</StartDate>", "</StartDate>" + element("DefaultTaskEVMethod", default))


@pytest.mark.parametrize(
    ("physical", "method", "default", "expected"),
    [
        # MS Project writes a 0 for every task, also where nobody records physical progress.
        ("0", "0", "0", None),
        ("0", "0", None, None),
        ("0", None, "0", None),
        # The task's own method wins over the project's default.
        ("0", "0", "1", None),
        # Recorded: a value whatever the method, or a 0 where the task earns by physical % complete.
        ("35", "0", "0", 35.0),
        ("60", "1", "0", 60.0),
        ("12.5", "1", None, 12.5),
        ("0", "1", "0", 0.0),
        ("0", None, "1", 0.0),
        # No method named at all (as pmwidgets writes it): the 0 was written on purpose.
        ("0", None, None, 0.0),
        ("100", None, None, 100.0),
        # Nothing recorded.
        (None, "1", "1", None),
        ("", "1", None, None),
    ],
)
def test_physical_percent_complete_is_read_where_recorded(
    tmp_path: Path,
    physical: str | None,
    method: str | None,
    default: str | None,
    expected: float | None,
) -> None:
    first, second = read_mspdi(
        write(tmp_path, with_progress(physical, method, default))
    ).state.tasks
    assert first.physical_percent_complete == expected
    assert second.physical_percent_complete is None


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("most", "is not a number"),
        ("101", "is not a percentage from 0 to 100"),
        ("-5", "is not a percentage from 0 to 100"),
        ("NaN", "is not a percentage from 0 to 100"),
    ],
)
def test_a_bad_physical_percent_complete_names_the_task_field_and_value(
    tmp_path: Path, raw: str, problem: str
) -> None:
    with pytest.raises(FileFormatError) as caught:
        read_mspdi(write(tmp_path, with_progress(raw, "1")))
    error = caught.value
    assert str(error) == f"small.xml: task UID 1, <PhysicalPercentComplete> '{raw}' {problem}."
    assert (error.task, error.field, error.value) == ("1", "PhysicalPercentComplete", raw)


def test_ms_project_files_record_no_physical_percent_complete() -> None:
    """The reference files write a 0 (or nothing) with EarnedValueMethod 0 for every task."""
    for name in sorted(p.name for p in DATA.glob("*.xml")):
        tasks = read_mspdi(DATA / name).state.tasks
        assert all(t.physical_percent_complete is None for t in tasks), name


@pytest.mark.parametrize(
    ("element", "problem"),
    [
        ("<PercentComplete>half</PercentComplete>", "<PercentComplete> 'half' is not a number."),
        ("<Deadline>soon</Deadline>", "<Deadline> 'soon' is not a date."),
        (
            "<PercentComplete>150</PercentComplete>",
            "<PercentComplete> '150' is not a percentage from 0 to 100.",
        ),
    ],
)
def test_a_bad_task_value_is_named_once(tmp_path: Path, element: str, problem: str) -> None:
    text = mspdi("").replace("<FixedCost>", f"{element}<FixedCost>", 1)
    with pytest.raises(FileFormatError) as caught:
        read_mspdi(write(tmp_path, text))
    assert str(caught.value) == f"small.xml: task UID 1, {problem}"
