"""Excel and CSV: a round trip keeps what the format holds, errors name the cell, opening is
safe."""

import csv
import json
import re
import subprocess
import sys
import time
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from pmwidgets import (
    Calendar,
    CalendarException,
    ConstraintType,
    FileFormatError,
    Link,
    LinkType,
    Plan,
    ProjectSettings,
    Task,
)
from pmwidgets.core.model import Assignment, PlanState, Resource, summary_flags
from pmwidgets.io import read_plan
from pmwidgets.io.reader import read_state
from pmwidgets.io.tabular import neutralise
from pmwidgets.io.writer import write_plan

DATA = Path(__file__).parents[1] / "data"
PROJECTLIBRE = DATA / "mspdi/projectlibre-new-product.xml"
FORMATS = [".xlsx", ".csv"]
HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def hand_made() -> PlanState:
    """Every link type, lags in days, negative and in percent, summaries, milestones,
    constraints, progress, costs, resources; text a spreadsheet could run."""
    plan = Plan(
        "Hand-made plan",
        start=datetime(2025, 1, 6, 8),
        calendar=Calendar(
            exceptions=(
                CalendarException(date(2025, 5, 1), date(2025, 5, 1), "May Day", yearly=True),
                CalendarException(date(2025, 3, 8), date(2025, 3, 8), "Catch-up", working=True),
            )
        ),
        status_date=datetime(2025, 2, 3, 17),
        settings=ProjectSettings(currency="USD", days_per_week=4.5),
        tasks=[
            Task("1", "Phase Ä", outline_level=1),
            Task("2", HOSTILE[0], 5.5, outline_level=2, notes=HOSTILE[1], fixed_cost=-250.0),
            Task(
                "3",
                HOSTILE[2],
                10,
                outline_level=2,
                constraint=ConstraintType.SNET,
                constraint_date=datetime(2025, 2, 3, 8),
                percent_complete=40,
                actual_start=datetime(2025, 2, 3, 8),
                actual_cost=1234.5,
            ),
            Task("4", HOSTILE[3], 3, outline_level=2, wbs="A.7", priority=900),
            Task(
                "5",
                "Sub-phase",
                outline_level=1,
                notes=HOSTILE[4] + "\n\ty",
            ),
            Task(
                "6",
                "Done work",
                2,
                outline_level=2,
                percent_complete=100,
                actual_start=datetime(2025, 1, 6, 8),
                actual_finish=datetime(2025, 1, 7, 17),
            ),
            Task(
                "7",
                "Fixed finish",
                4,
                outline_level=2,
                constraint=ConstraintType.FNLT,
                constraint_date=datetime(2025, 4, 30, 17),
            ),
            Task("8", "Launch", 0, milestone=True, deadline=datetime(2025, 5, 30, 17)),
            Task("9", "Flagged milestone", 1, milestone=True),
        ],
        links=[
            Link("2", "3", LinkType.SS, 2),
            Link("3", "4", LinkType.FF, -1.5),
            Link("4", "7", LinkType.SF, 0),
            Link("6", "7", LinkType.FS, 50, lag_percent=True),
            Link("1", "8", LinkType.FS, 0),
            Link("7", "8", LinkType.FS, -25, lag_percent=True),
            Link("8", "9", LinkType.FS, 1),
        ],
        resources=[
            Resource("1", "Ada Lovelace", "Engineer", 1.0, 90.0, 10.0),
            Resource("2", "Team [B]", "Builders", 3.0, 45.5, 0.0),
            Resource("3", "=cmd", "", 0.5, 0.0, 0.0),
        ],
        assignments=[
            Assignment("2", "1", 0.5),
            Assignment("2", "2", 2.0),
            Assignment("3", "3", 1.0),
            Assignment("7", "1", 1.0),
        ],
    )
    return plan.state


def csv_holds(state: PlanState) -> PlanState:
    """CSV holds no project values: the calendar, settings and status date are the defaults."""
    return replace(state, calendar=Calendar(), settings=ProjectSettings(), status_date=None)


def computed_summaries(state: PlanState) -> PlanState:
    """The plan as a spreadsheet shows it: a summary's duration is its computed span (the plan
    ignores what a summary's own duration says)."""
    frame = Plan.from_state(state).schedule().to_frame()
    tasks = tuple(
        replace(t, duration=float(frame.duration_days[p])) if summary else t
        for p, (t, summary) in enumerate(zip(state.tasks, summary_flags(state.tasks), strict=True))
    )
    return replace(state, tasks=tasks)


def assert_same_plan(read: PlanState, written: PlanState, *, project_values: bool) -> None:
    """``written`` as the file shows it (see :func:`computed_summaries`, :func:`csv_holds`)."""
    assert len(read.tasks) == len(written.tasks)
    for got, want in zip(read.tasks, written.tasks, strict=True):
        # Durations are written as "5.5d", to 1/10000 day: under a minute.
        assert got == replace(want, duration=pytest.approx(want.duration, abs=1e-4))
    assert sorted(read.links, key=str) == [
        replace(link, lag=pytest.approx(link.lag, abs=1e-4))
        for link in sorted(written.links, key=str)
    ]
    # Excel keeps 15 significant digits of a number.
    assert read.resources == tuple(
        replace(r, standard_rate=pytest.approx(r.standard_rate, rel=1e-14), calendar=None)
        for r in written.resources
    )
    # The Resources column holds units, not work: work is read back as the task's duration at
    # those units, which is what the written plans hold.
    assert read.assignments == tuple(replace(a, work=None) for a in written.assignments)
    if project_values:
        assert (read.name, read.start, read.status_date) == (
            written.name,
            written.start,
            written.status_date,
        )
        assert (read.settings, read.calendar) == (written.settings, written.calendar)
    else:
        assert read.start.date() == written.start.date()
    before = Plan.from_state(written).schedule().to_frame()
    after = Plan.from_state(read).schedule().to_frame()
    columns = ["id", "start", "finish", "total_float_days", "free_float_days", "critical"]
    assert after[columns].equals(before[columns])


@pytest.mark.parametrize("suffix", FORMATS)
def test_the_projectlibre_plan_round_trips(tmp_path: Path, suffix: str) -> None:
    written = read_state(PROJECTLIBRE).state
    assert written.resources and written.assignments
    path = tmp_path / f"new-product{suffix}"
    write_plan(written, path)
    read = read_state(path)
    assert read.warnings == []
    shown = computed_summaries(written)
    assert_same_plan(read.state, shown, project_values=suffix == ".xlsx")


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_hand_made_plan_round_trips(tmp_path: Path, suffix: str) -> None:
    written = hand_made()
    path = tmp_path / f"plan{suffix}"
    write_plan(written, path)
    read = read_state(path).state
    shown = computed_summaries(written)
    if suffix == ".csv":
        assert read.name == "plan"
        shown = csv_holds(shown)
    assert_same_plan(read, shown, project_values=suffix == ".xlsx")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\0"])
def test_text_that_could_run_as_a_formula_is_neutralised(start: str) -> None:
    assert neutralise(start + "1") == "'" + start + "1"
    assert neutralise("1" + start) == "1" + start
    assert neutralise(-5) == -5 and neutralise(datetime(2025, 1, 1)) == datetime(2025, 1, 1)


def test_excel_cells_never_start_a_formula_and_numbers_stay_numbers(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    write_plan(hand_made(), path)
    workbook = openpyxl.load_workbook(path)
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    for hostile in HOSTILE[:4] + ["=cmd"]:
        assert "'" + hostile in texts and hostile not in texts
    tasks = workbook["Tasks"]
    header = [c.value for c in tasks[1]]
    row = {h: c.value for h, c in zip(header, tasks[3], strict=True)}
    assert row["Fixed cost"] == -250 and row["ID"] == 2 and row["Start"] == datetime(2025, 2, 4)
    assert row["Resources"] == "Ada Lovelace[50%];2[200%]"  # a name with brackets goes by id
    workbook.close()


def test_csv_cells_never_start_a_formula_and_numbers_stay_numbers(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    write_plan(hand_made(), path)
    text = path.read_text(encoding="utf-8-sig")
    for hostile in HOSTILE[:4]:
        assert f'"\'{hostile.replace(chr(34), chr(34) * 2)}"' in text
    assert '"\'\tx\n\ty"' in text  # only a cell's first character matters
    rows = list(csv.reader(text.splitlines()))
    assert rows[2][rows[0].index("Fixed cost")] == "-250"
    assert "'=cmd" in (tmp_path / "plan.resources.csv").read_text(encoding="utf-8-sig")


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def test_a_csv_written_by_people_is_read_with_synonyms(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "Café.csv",
        [
            "WBS;Task Name;Duration (days);Start date;Predecessor;Resource Names;Colour",
            "1;Conception;;2025-03-03;;;red",
            "1.1;Esquisse générale;3;2025-03-03;;Zoé[50%], Marc;",
            "1.2;Revue;2d;2025-03-06;2FS+1d;Marc;",
        ],
        encoding="cp1252",
    )
    read = read_state(path)
    state = read.state
    assert read.warnings == [
        "Café.csv is not UTF-8; it was read as Windows-1252.",
        "Café.csv: column 'Colour' is not read.",
    ]
    assert (state.name, state.start) == ("Café", datetime(2025, 3, 3))
    assert [(t.id, t.name, t.outline_level, t.wbs, t.duration) for t in state.tasks] == [
        ("1", "Conception", 1, "", 1.0),
        ("2", "Esquisse générale", 2, "", 3.0),
        ("3", "Revue", 2, "", 2.0),
    ]
    assert state.links == (Link("2", "3", LinkType.FS, 1.0),)
    assert [(r.id, r.name) for r in state.resources] == [("1", "Zoé"), ("2", "Marc")]
    assert state.assignments == (
        Assignment("2", "1", 0.5),
        Assignment("2", "2", 1.0),
        Assignment("3", "2", 1.0),
    )
    assert Plan.from_state(state).schedule().finish == date(2025, 3, 10)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("7,Paint,abc,,", "row 7, column Duration: duration 'abc' is not a duration"),
        ("7,Paint,2d,9,", "row 7, column Predecessors: '9' is not the ID of a task"),
        ("7,Paint,2d,3FS+abc,", "row 7, column Predecessors: lag 'abc' is not a duration"),
        ("3,Paint,2d,,", "row 7, column ID: '3' is also the ID of row 4"),
        ("7,Paint,2d,,Ada[lots]", "row 7, column Resources: Ada[lots] is not units"),
        ("7,Paint,2d,,Ada[0%]", "row 7, column Resources: Ada[0%] is not above 0"),
        ("7,Paint,2d,,Ada;Ada", "row 7, column Resources: 'Ada' is named twice"),
        (",Paint,2d,,", "row 7, column ID: empty; every task needs an ID"),
    ],
)
def test_an_import_error_names_the_row_the_column_and_the_value(
    tmp_path: Path, row: str, expected: str
) -> None:
    lines = ["ID,Name,Duration,Predecessors,Resources"]
    lines += [f"{n},Task {n},1d,," for n in range(1, 6)] + [row]
    path = write_csv(tmp_path / "tasks.csv", lines)
    with pytest.raises(FileFormatError, match="^tasks.csv " + re.escape(expected)):
        read_state(path)


def test_a_bad_resources_file_refuses_the_whole_plan(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", ["ID,Name,Resources", "1,Dig,Ada", "2,Fill,Bob"])
    write_csv(tmp_path / "p.resources.csv", ["ID,Name,Max units", "1,Ada,100%", "2,Bob,lots"])
    with pytest.raises(FileFormatError, match="^p.resources.csv row 3, column Max units: 'lots'"):
        read_plan(path)
    write_csv(tmp_path / "p.resources.csv", ["ID,Name,Max units", "1,Ada,100%"])
    with pytest.raises(FileFormatError, match="row 3, column Resources: 'Bob' is not a resource"):
        read_plan(path)
    with pytest.raises(FileFormatError, match="holds the resources of p.csv; open p.csv"):
        read_plan(tmp_path / "p.resources.csv")


def excel(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def test_a_workbook_written_by_people_is_read(tmp_path: Path) -> None:
    path = excel(
        tmp_path / "plan.xlsx",
        {
            "Notes": [["anything"]],
            "task": [
                ["Task Name", "Duration (days)", "Start", "Predecessor", "Outline Level"],
                ["Build", None, datetime(2025, 3, 3), None, 1],
                ["Walls", 3, datetime(2025, 3, 3), None, 2],
                ["Roof", 2.5, datetime(2025, 3, 20), 2, 2],
            ],
            "PROJECT": [["Property", "Value"], ["Project name", "House"], ["Start", "3.3.2025"]],
            "Holidays": [["Holiday", "Date"], ["Carnival", datetime(2025, 3, 4)]],
        },
    )
    read = read_state(path)
    assert read.warnings == ["Sheet 'Notes' is not read."]
    plan = Plan.from_state(read.state)
    assert (plan.name, plan.start, plan.calendar.exceptions) == (
        "House",
        datetime(2025, 3, 3),
        (CalendarException(date(2025, 3, 4), date(2025, 3, 4), "Carnival"),),
    )
    assert plan.links == (Link("2", "3"),)
    frame = plan.schedule().to_frame()
    # Start is computed, not read: the roof follows the walls, over the holiday.
    assert list(frame.start.dt.date) == [date(2025, 3, 3), date(2025, 3, 3), date(2025, 3, 7)]


def test_an_excel_error_names_the_sheet_row_column_and_value(tmp_path: Path) -> None:
    path = excel(
        tmp_path / "plan.xlsx",
        {
            "Tasks": [["ID", "Name", "Duration"], [1, "Dig", 3], [2, "Fill", "3 weeks"]],
            "Project": [["Field", "Value"], ["Start", "2025-01-06"], ["Working days", "Mon Fun"]],
        },
    )
    with pytest.raises(FileFormatError, match="^Project row 3, column Value: 'Fun' is not a day"):
        read_plan(path)
    path = excel(path, {"Task_Table1": [["ID", "Name", "Duration"], [1, "Dig", "three days"]]})
    with pytest.raises(FileFormatError, match="^Task_Table1 row 2, column Duration: duration 'thr"):
        read_plan(path)


def test_formulas_are_never_run_their_saved_values_are_read(tmp_path: Path) -> None:
    path = excel(
        tmp_path / "plan.xlsx", {"Tasks": [["ID", "Name", "Duration"], [1, "Dig", "=2+3"]]}
    )
    with pytest.raises(FileFormatError, match=r"^Tasks cell C2: the formula =2\+3 has no saved"):
        read_plan(path)
    rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace("<v />", "<v>4</v>"))
    assert read_plan(path).task("1").duration == 4


def rewrite(path: Path, member: str, change: object) -> None:
    with zipfile.ZipFile(path) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    contents[member] = change(contents[member].decode()).encode()  # type: ignore[operator]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in contents.items():
            archive.writestr(name, data)


BOMB = (
    '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8))
    + "]>"
)


def test_an_entity_bomb_inside_a_workbook_is_refused_quickly(tmp_path: Path) -> None:
    path = excel(tmp_path / "bomb.xlsx", {"Tasks": [["ID", "Name"], [1, "x"]]})
    rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace("<worksheet", BOMB + "<worksheet", 1).replace(">x<", ">&i;<"),
    )
    began = time.perf_counter()
    with pytest.raises(FileFormatError, match="holds XML entities or a DTD, which are refused"):
        read_plan(path)
    assert time.perf_counter() - began < 1


def test_workbooks_are_not_read_without_defusedxml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = excel(tmp_path / "plan.xlsx", {"Tasks": [["ID", "Name"], [1, "x"]]})
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(FileFormatError, match="read only with defusedxml protecting openpyxl"):
        read_plan(path)


def test_oversized_and_foreign_workbooks_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pmwidgets.io.excel as excel_module
    import pmwidgets.io.xmlsafe as xmlsafe

    path = excel(tmp_path / "plan.xlsx", {"Tasks": [["ID", "Name"], [1, "x"]]})
    monkeypatch.setattr(excel_module, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(FileFormatError, match="unpacks to 0 MB; workbooks unpacking to more"):
        read_plan(path)
    monkeypatch.setattr(xmlsafe.check_size, "__defaults__", (100,))
    with pytest.raises(FileFormatError, match="files above 0 MB are refused"):
        read_plan(path)
    monkeypatch.undo()
    (tmp_path / "fake.xlsx").write_text("ID,Name\n1,x\n")
    with pytest.raises(FileFormatError, match="is not an Excel workbook"):
        read_plan(tmp_path / "fake.xlsx")


def test_writing_an_unknown_kind_of_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match=r"cannot be written as '\.mpp' files; use \.xml"):
        write_plan(hand_made(), tmp_path / "plan.mpp")
    write_plan(hand_made(), tmp_path / "plan.json")
    assert read_state(tmp_path / "plan.json").state.tasks == hand_made().tasks


@pytest.mark.parametrize("suffix", FORMATS)
def test_the_command_line_schedules_spreadsheets(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"plan{suffix}"
    write_plan(hand_made(), path)
    done = subprocess.run(
        [sys.executable, "-m", "pmwidgets.cli", "schedule", str(path), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    written = csv_holds(hand_made()) if suffix == ".csv" else hand_made()
    expected = Plan.from_state(written).schedule().to_dict()
    assert document["tasks"] == expected["tasks"]
