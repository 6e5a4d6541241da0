"""GanttProject files: structure, links, progress, calendar and resources, and the same dates."""

import json
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from pmwidgets import CalendarException, ConstraintType, FileFormatError, Link, LinkType, Plan
from pmwidgets.core.model import Assignment, PlanState, parent_positions, summary_flags
from pmwidgets.io.ganttproject import read_ganttproject

HOUSE = Path(__file__).parents[1] / "data/ganttproject/HouseBuildingSample.gan"


@pytest.fixture(scope="module")
def house() -> PlanState:
    read = read_ganttproject(HOUSE)
    assert read.warnings == []
    return read.state


def test_tasks_and_their_hierarchy(house: PlanState) -> None:
    assert (house.name, house.start) == ("HouseBuildingSample", datetime(2024, 5, 27))
    assert len(house.tasks) == 20
    parents = parent_positions(house.tasks)
    children = {
        house.tasks[p].name: [t.id for t, q in zip(house.tasks, parents, strict=True) if q == p]
        for p in set(parents) - {-1}
    }
    assert children == {
        "Architectural design": ["9", "10", "17"],
        "Interior design": ["12", "13", "14"],
        "Construction phase": ["1", "2", "4", "5", "16", "18"],
        "Decoration phase": ["6", "15", "20"],
    }
    by_id = {t.id: t for t in house.tasks}
    assert [i for i, t in by_id.items() if t.milestone] == ["17", "18", "20", "49"]
    assert all(by_id[i].duration == 0 for i in ("17", "18", "20", "49"))
    assert (by_id["10"].duration, by_id["15"].duration) == (15, 3)
    assert {i: t.percent_complete for i, t in by_id.items() if t.percent_complete} == {
        "0": 85,
        "9": 100,
        "10": 75,
        "11": 33,
        "12": 100,
    }
    assert by_id["14"].notes == "Embedded devices, kitchen, washing machine, dryer etc"


def test_dependencies(house: PlanState) -> None:
    assert len(house.links) == 17
    assert Link("9", "10") in house.links and Link("49", "0") in house.links
    assert Link("11", "6") in house.links  # from a summary, as GanttProject allows
    assert {(link.type, link.lag) for link in house.links} == {(LinkType.FS, 0)}


def test_calendar_resources_and_allocations(house: PlanState) -> None:
    calendar = house.calendar
    assert calendar.working_weekdays == (0, 1, 2, 3, 4)
    assert calendar.exceptions == (CalendarException(date(2006, 2, 14), date(2006, 2, 14)),)
    people = {r.id: r for r in house.resources}
    assert len(people) == 7
    assert (people["2"].name, people["2"].role) == ("Michelangelo", "Architect")
    assert people["0"].role == "Excavator operator"
    assert people["1"].role == "Project manager"  # "Default:1", GanttProject's built-in role
    assert people["6"].standard_rate == 100 / 8  # 100 a day in GanttProject
    vacation = CalendarException(date(2009, 2, 2), date(2009, 2, 9), "Vacation")
    assert people["1"].calendar.exceptions[-1] == vacation
    assert len(house.assignments) == 30
    assert Assignment("9", "1", 0.5) in house.assignments
    assert Assignment("12", "2", 0.5) in house.assignments


def test_the_schedule_reproduces_the_dates_stored_in_the_file(house: PlanState) -> None:
    frame = Plan.from_state(house).schedule().to_frame().set_index("id")
    calendar = house.calendar
    starts = {
        line.split('id="')[1].split('"')[0]: date.fromisoformat(line.split('start="')[1][:10])
        for line in HOUSE.read_text().splitlines()
        if "<task id=" in line
    }
    summaries = summary_flags(house.tasks)
    leaves = [t for t, summary in zip(house.tasks, summaries, strict=True) if not summary]
    for task in leaves:
        start = starts[task.id]
        days = [start]
        while len(days) < task.duration:
            days.append(_next_working_day(calendar, days[-1]))
        if task.milestone and any(link.successor == task.id for link in house.links):
            # GanttProject draws a milestone at the start of the day after its predecessor
            # finishes; MS Project, and pmwidgets, at that finish: the working day before.
            day = start - timedelta(days=1)
            while not calendar.is_working_day(day):
                day -= timedelta(days=1)
            days = [day]
        computed = frame.loc[task.id]
        assert (computed.start.date(), computed.finish.date()) == (days[0], days[-1]), task.name
    # No task needed its own date pinned: every one starts where its dependencies put it.
    assert all(t.constraint is ConstraintType.ASAP for t in house.tasks)


def _next_working_day(calendar: object, day: date) -> date:
    day += timedelta(days=1)
    while not calendar.is_working_day(day):  # type: ignore[attr-defined]
        day += timedelta(days=1)
    return day


CRAFTED = """<?xml version="1.0" encoding="UTF-8"?>
<project name="Crafted" version="3.3">
  <calendars>
    <day-types>
      <default-week id="1" name="default" sun="1" mon="0" tue="0" wed="0" thu="0" fri="0"
                    sat="0"/>
    </day-types>
    <date month="12" date="25" type="HOLIDAY">Christmas</date>
    <date year="2025" month="3" date="9" type="WORKING_DAY"/>
    <date year="2025" month="3" date="12" type="NEUTRAL"/>
  </calendars>
  <tasks>
    <task id="1" name="A" start="2025-03-03" duration="3" complete="50" priority="2">
      <depend id="2" type="1" difference="1" hardness="Strong"/>
      <depend id="3" type="3" difference="-1" hardness="Strong"/>
      <depend id="4" type="4" difference="0" hardness="Strong"/>
    </task>
    <task id="2" name="B" start="2025-03-04" duration="2"/>
    <task id="3" name="C" start="2025-03-04" duration="1"/>
    <task id="4" name="D" start="2025-03-03" duration="1"/>
    <task id="5" name="No dependency, later" start="2025-03-20" duration="2">
      <depend id="6" type="2" difference="0" hardness="Rubber"/>
    </task>
    <task id="6" name="Rubber, later still" start="2025-03-25" duration="1"/>
    <task id="7" name="Earliest begin" start="2025-03-10" duration="1" thirdDate="2025-03-10"
          thirdDate-constraint="1"/>
    <task id="8" name="Manual cost" start="2025-03-03" duration="1" cost-manual-value="120.5"
          cost-calculated="false"/>
  </tasks>
</project>
"""


def write_gan(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "crafted.gan"
    path.write_text(text)
    return path


def test_link_types_lags_own_dates_and_the_week(tmp_path: Path) -> None:
    state = read_ganttproject(write_gan(tmp_path, CRAFTED)).state
    assert state.links == (
        Link("1", "2", LinkType.SS, 1),
        Link("1", "3", LinkType.FF, -1),
        Link("1", "4", LinkType.SF, 0),
        Link("5", "6", LinkType.FS, 0),
    )
    pinned = {t.id: (t.constraint, t.constraint_date) for t in state.tasks if t.constraint_date}
    assert pinned == {
        "5": (ConstraintType.SNET, datetime(2025, 3, 20)),
        "6": (ConstraintType.SNET, datetime(2025, 3, 25)),  # a rubber link lets it start later
        "7": (ConstraintType.SNET, datetime(2025, 3, 10)),
    }
    by_id = {t.id: t for t in state.tasks}
    assert (by_id["1"].priority, by_id["1"].percent_complete, by_id["8"].fixed_cost) == (
        700,
        50,
        120.5,
    )
    calendar = state.calendar
    assert calendar.working_weekdays == (0, 1, 2, 3, 4, 5)
    assert calendar.exceptions == (
        CalendarException(date(2000, 12, 25), date(2000, 12, 25), "Christmas", yearly=True),
        CalendarException(date(2025, 3, 9), date(2025, 3, 9), working=True),
    )
    frame = Plan.from_state(state).schedule().to_frame().set_index("id")
    assert frame.loc["2", "start"].date() == date(2025, 3, 4)  # SS + 1 day
    assert frame.loc["6", "start"].date() == date(2025, 3, 25)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('duration="2"', 'duration="two"'), "<task id=2> duration='two' is not a number."),
        (('<depend id="3"', '<depend id="99"'), "task 1 has a dependency to task 99, which is"),
        (('type="4"', 'type="7"'), "<depend id=4> type='7' is not a dependency type (1 to 4)."),
        (('start="2025-03-20"', 'start="20.03.2025"'), "<task id=5> start='20.03.2025' is not"),
        (("<project ", "<projekt "), "is not a GanttProject file (its root element is <projekt>"),
    ],
)
def test_a_bad_value_is_named(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    text = CRAFTED.replace(*change, 1)
    if change[0] == "<project ":
        text = text.replace("</project>", "</projekt>")
    with pytest.raises(FileFormatError, match="^crafted.gan") as caught:
        read_ganttproject(write_gan(tmp_path, text))
    assert expected in caught.value.message


def test_hostile_xml_is_refused_quickly(tmp_path: Path) -> None:
    entities = "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 9))
    bomb = f'<?xml version="1.0"?><!DOCTYPE project [<!ENTITY e0 "x">{entities}]>'
    path = write_gan(tmp_path, bomb + '<project name="&e8;"><tasks/></project>')
    began = time.perf_counter()
    with pytest.raises(FileFormatError, match="refused for safety"):
        read_ganttproject(path)
    assert time.perf_counter() - began < 1


def test_the_command_line_schedules_a_ganttproject_file() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pmwidgets.cli", "schedule", str(HOUSE), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert (document["project_start"], document["finish"]) == ("2024-05-27", "2024-10-11")
    assert len(document["tasks"]) == 20
