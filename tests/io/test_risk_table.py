"""Risk registers as CSV and Excel: a round trip keeps every field, hand-edited files read,
bad rows are refused naming file, row and field, and an import into a plan is one edit."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from pmwidgets import FileFormatError, Plan
from pmwidgets.core.risks import RISK_FIELDS, Risk, RiskAction, RiskBand, RiskKind, RiskScale
from pmwidgets.io import excel, read_risks, write_risks
from pmwidgets.io.risk_table import RISK_COLUMNS, import_risks

FORMATS = [".csv", ".xlsx"]
TASKS = {"1", "2", "3"}
HOSTILE_TITLE = '=HYPERLINK("http://x","early permit")'
HEADERS = [
    "ID",
    "Title",
    "Description",
    "Category",
    "Kind",
    "Cause",
    "Effect",
    "Trigger",
    "Owner",
    "Probability",
    "Schedule impact",
    "Cost impact (level)",
    "Scope impact",
    "Quality impact",
    "Impact",
    "Score",
    "Band",
    "Strategy",
    "Actions",
    "Residual probability",
    "Residual impact",
    "Status",
    "Review date",
    "Tasks",
    "Schedule impact (days)",
    "Cost impact (amount)",
    "Raised",
]


def register() -> list[Risk]:
    """A threat with every field set, an opportunity, and text a spreadsheet could run."""
    return [
        Risk(
            id="R1",
            title="Stahllieferung verspätet — 钢材",
            description="The mill has one furnace.\nA second line is planned.",
            category="external",
            kind=RiskKind.THREAT,
            cause="Single supplier",
            effect="Frame starts late",
            trigger="No shipping notice by week 10",
            owner="Zoë",
            probability=4,
            impact_schedule=4,
            impact_cost=2,
            impact_scope=1,
            impact_quality=3,
            strategy="mitigate",
            actions=(
                RiskAction("Qualify a second mill | Bremen", "Ana", date(2025, 4, 1), True),
                RiskAction("Weekly call with the mill", "Zoë", None, False),
                RiskAction("=Escalate to the board"),
            ),
            residual_probability=2,
            residual_impact=3,
            status="open",
            review_date=date(2025, 3, 31),
            tasks=("2", "3"),
            schedule_impact_days=7.5,
            cost_impact=12_000.25,
            raised=date(2025, 3, 3),
        ),
        Risk(
            id="R2",
            title=HOSTILE_TITLE,
            description="-10% on the fee",
            kind=RiskKind.OPPORTUNITY,
            probability=3,
            impact_schedule=2,
            strategy="exploit",
            status="occurred",
            tasks=("1",),
        ),
        Risk(id="R7", title="Ground water", category="project management", impact_cost=5),
    ]


def cells(path: Path) -> list[list[object]]:
    """Every row of the file as stored, header first."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as stream:
            return [list(row) for row in csv.reader(stream)]
    workbook = openpyxl.load_workbook(path)
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def rewrite(path: Path, rows: list[list[object]], sheet: str = "Risks") -> Path:
    """Save ``rows`` as a person's spreadsheet would (CSV with commas, or one sheet)."""
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as stream:
            csv.writer(stream).writerows(rows)
        return path
    workbook = openpyxl.Workbook()
    workbook.active.title = sheet
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def edited(tmp_path: Path, suffix: str, header: str, value: object, row: int = 3) -> Path:
    """The register's file with one cell (by header and spreadsheet row) changed."""
    path = tmp_path / f"risks{suffix}"
    write_risks(register(), path)
    rows = cells(path)
    rows[row - 1][HEADERS.index(header)] = value
    return rewrite(path, rows)


@pytest.fixture
def plan() -> Plan:
    plan = Plan("Warehouse", start=date(2025, 3, 3))
    for name in ("Foundations", "Steel frame", "Roof"):
        plan.add_task(name, 10)
    plan.add_risk("Steel late", probability=4, impact_schedule=4, tasks="2", owner="Ana")
    plan.add_risk("Ground water", probability=2, impact_cost=5, category="external")
    return plan


# -- writing and reading back ------------------------------------------------------------------


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_round_trip_keeps_every_field(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"risks{suffix}"
    write_risks(register(), path)
    assert read_risks(path, task_ids=TASKS) == register()
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_every_field_has_a_column_in_the_documented_order() -> None:
    assert {c.key for c in RISK_COLUMNS} == {*RISK_FIELDS, "impact", "score", "band"}
    assert [c.header for c in RISK_COLUMNS] == HEADERS


@pytest.mark.parametrize("suffix", FORMATS)
def test_computed_columns_follow_the_scale_and_are_ignored_on_reading(
    tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"risks{suffix}"
    scale = RiskScale(bands=(RiskBand("Tolerable", 1, "#56B4E9"), RiskBand("Act", 10, "#D55E00")))
    write_risks(register(), path, scale)
    header, *rows = cells(path)
    assert header == HEADERS
    computed = [[str(row[HEADERS.index(h)]) for h in ("Impact", "Score", "Band")] for row in rows]
    assert computed == [["4", "16", "Act"], ["2", "6", "Tolerable"], ["5", "15", "Act"]]
    for row in rows:
        row[HEADERS.index("Impact") : HEADERS.index("Band") + 1] = [9, 99, "Nonsense"]
    assert read_risks(rewrite(path, [header, *rows])) == register()


@pytest.mark.parametrize("suffix", FORMATS)
def test_text_that_could_run_is_stored_inert_and_read_back_as_typed(
    tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"risks{suffix}"
    write_risks(register(), path)
    stored = cells(path)
    assert stored[2][HEADERS.index("Title")] == "'" + HOSTILE_TITLE
    assert stored[2][HEADERS.index("Description")] == "'-10% on the fee"
    assert str(stored[1][HEADERS.index("Actions")]).endswith("\n=Escalate to the board |  |  | no")
    if suffix == ".xlsx":
        workbook = openpyxl.load_workbook(path)
        assert all(c.data_type != "f" for row in workbook["Risks"].iter_rows() for c in row)
        workbook.close()
    assert read_risks(path)[1].title == HOSTILE_TITLE


def test_the_csv_file_is_utf8_with_a_byte_order_mark_and_iso_dates(tmp_path: Path) -> None:
    path = tmp_path / "risks.csv"
    write_risks(register(), path)
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    assert '"Qualify a second mill | Bremen | Ana | 2025-04-01 | yes\n' in text
    assert '"2, 3"' in text and '"2025-03-31"' in text


def test_the_workbook_has_one_sheet_with_a_bold_frozen_header_and_set_widths(
    tmp_path: Path,
) -> None:
    path = tmp_path / "risks.xlsx"
    write_risks(register(), path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Risks"]
    assert workbook.sheetnames == ["Risks"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    widths = {c.value: sheet.column_dimensions[c.column_letter].width for c in sheet[1]}
    assert widths["Title"] > widths["ID"] >= 12 and widths["Actions"] >= 60
    assert isinstance(sheet["W2"].value, datetime) and sheet["W2"].number_format == "yyyy-mm-dd"
    workbook.close()


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, suffix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / f"risks{suffix}"
    write_risks(register(), path)
    before = path.read_bytes()

    def half_saved(workbook: openpyxl.Workbook, filename: Path) -> None:
        Path(filename).write_bytes(b"PK half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", half_saved)
    # UTF-8 cannot hold a lone surrogate: the CSV write fails after the header and first rows.
    unwritable = Risk("R9", "Lone surrogate \ud800", impact_cost=1)
    with pytest.raises((OSError, UnicodeEncodeError)):
        write_risks([*register(), unwritable], path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_another_extension_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match=r"risks\.ods: .* not '\.ods'"):
        write_risks(register(), tmp_path / "risks.ods")
    (tmp_path / "risks.txt").write_text("ID,Title\n")
    with pytest.raises(FileFormatError, match=r"not '\.txt'"):
        read_risks(tmp_path / "risks.txt")


# -- files edited by hand ----------------------------------------------------------------------


def test_a_hand_edited_csv_reads_with_loose_headers_and_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "edited.csv"
    rows = [
        [
            "  id ",
            "TITLE",
            "probability",
            "impact_cost",
            "Schedule  Impact",
            "tasks",
            "KIND",
            "actions",
        ],
        ["R4", "Crane", "2", "3", "", "3", "", ""],
        ["", "", "", "", "", "", "", ""],
        ["", "Rain", "4", "", "2", "", "Threat", "Tarps|Bob||YES\n\nPump"],
        ["R2", "Subsidy", "3", "", "1", "", "opportunity", ""],
        ["", "Strike", "1", "5", "", "", "", ""],
    ]
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, delimiter=";").writerows(rows)
    assert read_risks(path, task_ids=TASKS) == [
        Risk("R4", "Crane", probability=2, impact_cost=3, tasks=("3",)),
        Risk(
            "R5",
            "Rain",
            probability=4,
            impact_schedule=2,
            actions=(RiskAction("Tarps", "Bob", None, True), RiskAction("Pump")),
        ),
        Risk("R2", "Subsidy", kind=RiskKind.OPPORTUNITY, probability=3, impact_schedule=1),
        Risk("R6", "Strike", probability=1, impact_cost=5),
    ]


def test_a_hand_made_workbook_reads_numbers_and_dates_from_its_only_sheet(tmp_path: Path) -> None:
    path = rewrite(
        tmp_path / "register.xlsx",
        [
            ["Risk ID", "title", "Probability", "Quality impact", "Tasks", "Raised", "Notes"],
            [12, 2025, 5.0, 2, 3, datetime(2025, 3, 3), "not read"],
            [None, None, None, None, None, None, None],
            [None, "Audit", 1, 1, "1; 2", "31.03.2025", None],
        ],
        sheet="Sheet1",
    )
    assert read_risks(path, task_ids=TASKS) == [
        Risk("12", "2025", probability=5, impact_quality=2, tasks=("3",), raised=date(2025, 3, 3)),
        Risk(
            "R1",
            "Audit",
            probability=1,
            impact_quality=1,
            tasks=("1", "2"),
            raised=date(2025, 3, 31),
        ),
    ]


# -- bad rows ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "value", "message", "field"),
    [
        ("Probability", "7", "Risk R2: probability 7 must be a level from 1 to 5.", "probability"),
        (
            "Strategy",
            "bribe",
            "Risk R2: strategy 'bribe' is not a strategy for an opportunity",
            "strategy",
        ),
        ("Tasks", "1, 9", "Risk R2: tasks '9' names tasks that are not in the plan.", "tasks"),
        ("ID", "R1", "ID 'R1' is also the ID of row 2; every risk needs its own ID.", "id"),
        ("Kind", "maybe", "Risk R2: kind 'maybe' must be threat or opportunity.", "kind"),
        (
            "Actions",
            "Call | Bob | someday | no",
            "Risk R2: action 'Call' is due 'someday', which is not a date",
            "actions",
        ),
        (
            "Actions",
            "Call | Bob | | perhaps",
            "Risk R2: action 'Call | Bob | | perhaps' is not",
            "actions",
        ),
    ],
)
def test_a_bad_row_is_refused_naming_file_row_and_field(
    tmp_path: Path, header: str, value: str, message: str, field: str
) -> None:
    path = edited(tmp_path, ".csv", header, value)
    with pytest.raises(FileFormatError) as refused:
        read_risks(path, task_ids=TASKS)
    assert refused.value.message.startswith(f"risks.csv row 3: {message}")
    assert refused.value.field == field


def test_a_bad_row_of_a_workbook_names_the_file(tmp_path: Path) -> None:
    path = edited(tmp_path, ".xlsx", "Probability", 7, row=4)
    with pytest.raises(FileFormatError, match=r"^risks\.xlsx row 4: Risk R7: probability 7 "):
        read_risks(path)


def test_tasks_are_checked_only_against_tasks_given(tmp_path: Path) -> None:
    path = edited(tmp_path, ".csv", "Tasks", "1, 9")
    assert read_risks(path)[1].tasks == ("1", "9")


def test_workbooks_get_the_plan_readers_safety_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "fake.xlsx").write_text("ID,Title\n")
    with pytest.raises(FileFormatError, match="is not an Excel workbook"):
        read_risks(tmp_path / "fake.xlsx")
    path = tmp_path / "risks.xlsx"
    write_risks(register(), path)
    monkeypatch.setattr(excel, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(FileFormatError, match="unpacks to"):
        read_risks(path)


def test_a_workbook_without_a_risks_sheet_is_refused(tmp_path: Path) -> None:
    path = rewrite(tmp_path / "plan.xlsx", [["ID", "Name"]], sheet="Tasks")
    workbook = openpyxl.load_workbook(path)
    workbook.create_sheet("Resources")
    workbook.save(path)
    with pytest.raises(FileFormatError, match=r"plan\.xlsx has no sheet named Risks"):
        read_risks(path)


def test_a_formula_without_a_saved_value_is_refused_not_run(tmp_path: Path) -> None:
    path = rewrite(tmp_path / "risks.xlsx", [["Title", "Probability"], ["Rain", "=2+2"]])
    with pytest.raises(FileFormatError, match="the formula =2\\+2 has no saved value"):
        read_risks(path)


# -- importing into a plan ---------------------------------------------------------------------


def test_import_updates_and_adds_as_one_undoable_edit(plan: Plan, tmp_path: Path) -> None:
    before = plan.risks
    path = rewrite(
        tmp_path / "update.csv",
        [["ID", "Title", "Impact cost"], ["R1", "Steel very late", "3"], ["", "Crane", "2"]],
    )
    assert import_risks(plan, path) == ["R1", "R3"]
    steel, water, crane = plan.risks
    assert (steel.title, steel.impact_cost, steel.probability, steel.owner) == (
        "Steel very late",
        3,
        4,
        "Ana",
    )
    assert water == before[1]
    assert (crane.id, crane.title, crane.probability) == ("R3", "Crane", 3)
    assert plan.history[-1] == "Import 2 risks from update.csv"
    plan.undo()
    assert plan.risks == before


def test_import_refuses_the_whole_file_for_one_bad_row(plan: Plan, tmp_path: Path) -> None:
    before, history = plan.risks, plan.history
    path = rewrite(
        tmp_path / "update.csv",
        [
            ["ID", "Title", "Cost impact (level)", "Tasks"],
            ["R1", "Renamed", "2", "1"],
            ["R9", "Lift", "2", "4"],
        ],
    )
    with pytest.raises(FileFormatError, match=r"update\.csv row 3: Risk R9: tasks '4' names"):
        import_risks(plan, path)
    assert (plan.risks, plan.history) == (before, history)


def test_import_of_an_export_changes_nothing_but_records_the_edit(
    plan: Plan, tmp_path: Path
) -> None:
    path = tmp_path / "risks.xlsx"
    write_risks(plan.risks, path, plan.risk_scale)
    before = plan.risks
    assert import_risks(plan, path) == ["R1", "R2"]
    assert plan.risks == before and plan.can_undo
