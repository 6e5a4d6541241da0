"""Excel workbooks (``.xlsx``): sheets Tasks, Resources, Project and Holidays.

The columns are those of :mod:`pmwidgets.io.tabular`. Project is a two-column sheet (Field,
Value) with the name, start, status date, currency, date format, days per week and month, and
the calendar's name, working days and hours; Holidays lists the calendar's exceptions. On
reading, sheet names are matched in any case, MS Project's export names (``Task_Table1``,
``Resource_Table1``) are accepted, and without a Tasks sheet the first sheet is read as tasks.

Written: numbers and dates as Excel numbers and dates; text that could start a formula prefixed
with ``'`` so that nothing runs when the workbook is opened. Read safely: files above
:data:`~pmwidgets.io.xmlsafe.MAX_IMPORT_BYTES` (200 MB), or unpacking to more than
:data:`MAX_UNPACKED_BYTES`, are refused before reading; the XML inside goes through defusedxml
(entities and external references refused); formulas are never evaluated: their values as last
saved by a spreadsheet are read, and a formula without one is an error naming its cell.
"""

from __future__ import annotations

import zipfile
import zlib
from datetime import datetime
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml import DefusedXmlException
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from pmwidgets.core.errors import FileFormatError
from pmwidgets.core.model import PlanState
from pmwidgets.io.tabular import (
    HOLIDAYS,
    PROJECT,
    RESOURCES,
    SHEETS,
    TASKS,
    Table,
    neutralise,
    plan_from_tables,
    plan_to_tables,
    replacing,
)
from pmwidgets.io.xmlsafe import check_size

MAX_UNPACKED_BYTES = 1_000_000_000
SHEET_NAMES = {
    TASKS: ("tasks", "task", "task_table1"),
    RESOURCES: ("resources", "resource", "resource_table1"),
    PROJECT: ("project",),
    HOLIDAYS: ("holidays", "calendar exceptions", "exceptions"),
}
# What openpyxl raises on a damaged or hostile workbook (it wraps most in a ValueError).
_OPENPYXL_ERRORS = (
    DefusedXmlException,
    InvalidFileException,
    KeyError,
    ParseError,
    TypeError,
    ValueError,
    zipfile.BadZipFile,
    zlib.error,
)
_WIDTHS = {"Name": 40, "Notes": 40, "Predecessors": 18, "Resources": 24, "Field": 16}


def write_excel(state: PlanState, path: str | Path) -> None:
    """Write the plan to an Excel workbook.

    Raises
    ------
    PlanError
        When the plan cannot be scheduled (Start and Finish are written as computed).
    """
    tables = plan_to_tables(state)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name in SHEETS:
        if name in tables:
            _fill(workbook.create_sheet(name), tables[name])
    levels = [task.outline_level for task in state.tasks]
    name_column = tables[TASKS][0].index("Name") + 1
    for row, level in enumerate(levels, start=2):
        workbook[TASKS].cell(row, name_column).alignment = Alignment(indent=level - 1)
    with replacing(Path(path)) as temporary:
        workbook.save(temporary)


def _fill(sheet: Worksheet, rows: list[list[object]]) -> None:
    for values in rows:
        sheet.append([_cell(v) for v in values])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        width = _WIDTHS.get(str(cell.value), max(12, len(str(cell.value)) + 2))
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                timed = cell.value.hour or cell.value.minute
                cell.number_format = "yyyy-mm-dd hh:mm" if timed else "yyyy-mm-dd"


def _cell(value: object) -> object:
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def read_excel(path: str | Path) -> tuple[PlanState, list[str]]:
    """Read a plan from an Excel workbook.

    Returns the plan state (not yet validated) and warnings (sheets and columns not read).

    Raises
    ------
    FileFormatError
        When the workbook is refused (size, hostile XML), unreadable, or a cell is wrong: the
        message names the sheet, the row, the column and the value. Nothing is half-read.
    """
    path = Path(path)
    check_size(path)
    _check_unpacked_size(path)
    if not openpyxl.DEFUSEDXML:
        raise FileFormatError(
            f"{path.name}: Excel files are read only with defusedxml protecting openpyxl; "
            "install defusedxml and do not set OPENPYXL_DEFUSEDXML=False.",
            field="file",
            value=str(path),
        )
    try:
        with path.open("rb") as stream:
            tables, warnings = _read_tables(path, stream)
    except FileFormatError:
        raise
    except _OPENPYXL_ERRORS as error:
        raise _unreadable(path, error) from None
    state, more = plan_from_tables(tables, path.stem)
    return state, warnings + more


def _unreadable(path: Path, error: Exception) -> FileFormatError:
    """The error for a workbook openpyxl could not read; hostile XML says so (openpyxl wraps
    defusedxml's refusal in a ``ValueError``)."""
    cause: BaseException | None = error
    while cause is not None and not isinstance(cause, DefusedXmlException):
        cause = cause.__cause__ or cause.__context__
    if cause is not None:
        message = (
            f"{path.name} holds XML entities or a DTD, which are refused for safety "
            f"({type(cause).__name__})."
        )
    else:
        reason = " ".join(str(error).split())
        message = (
            f"{path.name} is not a readable Excel workbook ({type(error).__name__}: {reason})."
        )
    return FileFormatError(message, field="file", value=str(path))


def _check_unpacked_size(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise FileFormatError(
            f"{path.name} is not an Excel workbook (.xlsx files are ZIP archives).",
            field="file",
            value=str(path),
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileFormatError(
            f"{path.name} unpacks to {unpacked / 1e6:.0f} MB; workbooks unpacking to more than "
            f"{MAX_UNPACKED_BYTES / 1e6:.0f} MB are refused.",
            field="file",
            value=str(path),
        )


def _read_tables(path: Path, stream: BinaryIO) -> tuple[dict[str, Table], list[str]]:
    """The sheets a plan is read from. ``stream`` stays ours, so it is closed even when openpyxl
    fails half-way."""
    workbook = openpyxl.load_workbook(stream, read_only=True, data_only=False)
    try:
        by_name = {sheet.title.strip().lower(): sheet for sheet in workbook.worksheets}
        chosen = {
            table: next((by_name[n] for n in names if n in by_name), None)
            for table, names in SHEET_NAMES.items()
        }
        if chosen[TASKS] is None:
            others = [s for s in workbook.worksheets if s not in chosen.values()]
            if not others:
                raise FileFormatError(
                    f"{path.name} has no sheet of tasks.", field="file", value=str(path)
                )
            chosen[TASKS] = others[0]
        used = {sheet.title for sheet in chosen.values() if sheet is not None}
        warnings = [
            f"Sheet '{sheet.title}' is not read."
            for sheet in workbook.worksheets
            if sheet.title not in used
        ]
        tables = {
            table: _table(stream, sheet) for table, sheet in chosen.items() if sheet is not None
        }
    finally:
        workbook.close()
    return tables, warnings


def _table(stream: BinaryIO, sheet: ReadOnlyWorksheet) -> Table:
    """A sheet's rows, formulas replaced by their saved values."""
    sheet.reset_dimensions()
    rows: list[tuple[int, list[object]]] = []
    formulas: list[tuple[int, int, str]] = []
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        values = []
        for column, cell in enumerate(cells):
            if cell.data_type == "f":
                formulas.append((number, column, str(cell.value)))
            values.append(cell.value)
        if any(v is not None and v != "" for v in values):
            rows.append((number, values))
    title = sheet.title
    if formulas:
        _saved_values(stream, title, rows, formulas)
    if not rows:
        return Table(title, [], [])
    return Table(title, rows[0][1], rows[1:])


def _saved_values(
    stream: BinaryIO,
    title: str,
    rows: list[tuple[int, list[object]]],
    formulas: list[tuple[int, int, str]],
) -> None:
    """Put the values a spreadsheet saved for its formulas in place of the formulas."""
    stream.seek(0)
    workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    try:
        sheet = workbook[title]
        sheet.reset_dimensions()
        saved = {
            number: list(values)
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        }
    finally:
        workbook.close()
    by_number = dict(rows)
    for number, column, formula in formulas:
        found = saved.get(number, [])
        value = found[column] if column < len(found) else None
        if value is None:
            raise FileFormatError(
                f"{title} cell {get_column_letter(column + 1)}{number}: the formula {formula} has "
                "no saved value (pmwidgets never runs formulas); open and save the workbook in "
                "a spreadsheet, or type the value.",
                field="formula",
                value=formula,
            )
        by_number[number][column] = value
