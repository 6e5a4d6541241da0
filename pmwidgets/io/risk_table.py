"""Risk registers as CSV and Excel files: one row per risk, headers a person reads.

Written: the columns of :data:`RISK_COLUMNS` in order, with Impact, Score and Band computed (the
band from the scale) for people reading the file and ignored when it is read back. Dates are
ISO (``2025-03-31``), affected tasks are ``3, 5``, and the actions of a risk share one cell, one
per line, as ``description | owner | due | done`` (done as yes/no). CSV files are written as
the plan's are (UTF-8 with a byte-order mark, text quoted); Excel workbooks hold one sheet,
Risks, with a bold frozen header. Text a spreadsheet could run as a formula gets a leading
``'``, which reading removes again, as for plans. Both are written through a temporary file, so
a failed write never leaves half a file.

Read: what is written, and files edited by hand: headers in any case and spacing (or the
model's field names), optional columns missing (their defaults), blank rows skipped, rows
without an ID numbered ``R1``, ``R2``... after the largest ID given. Every cell is typed as the
risk editor types it (:func:`~pmwidgets.core.risk_edits.coerce_risk_field`) and every risk is
checked (:func:`~pmwidgets.core.risks.check_risk`); the first bad row refuses the whole file
with a message naming the file, the row (the header is row 1) and the problem. Excel files get
the plan reader's safety checks (size, unpacked size, defusedxml, formulas never run).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from itertools import count
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from pmwidgets.core.errors import FileFormatError, PlanError
from pmwidgets.core.plan import Plan
from pmwidgets.core.risk_edits import coerce_risk_field, format_action, parse_actions
from pmwidgets.core.risks import RISK_FIELDS, Risk, RiskAction, RiskScale, check_risk
from pmwidgets.io.csv_file import _table as _csv_table
from pmwidgets.io.csv_file import _write as _write_csv
from pmwidgets.io.excel import _OPENPYXL_ERRORS, _check_unpacked_size, _fill, _unreadable
from pmwidgets.io.excel import _table as _sheet_table
from pmwidgets.io.tabular import Column, Table, _id_cell, _Row, _rows, _text, replacing
from pmwidgets.io.xmlsafe import check_size

SHEET = "Risks"
SHEET_NAMES = ("risks", "risk register", "risk")


def _column(key: str, header: str, *synonyms: str) -> Column:
    """A column that also answers to the model's field name (``impact_cost``)."""
    return Column(key, header, (key, *synonyms))


RISK_COLUMNS = (
    _column("id", "ID", "risk id"),
    _column("title", "Title", "risk", "risk title", "name"),
    _column("description", "Description", "details"),
    _column("category", "Category"),
    _column("kind", "Kind", "type", "threat or opportunity"),
    _column("cause", "Cause"),
    _column("effect", "Effect"),
    _column("trigger", "Trigger"),
    _column("owner", "Owner", "risk owner"),
    _column("probability", "Probability", "likelihood"),
    _column("impact_schedule", "Schedule impact", "schedule impact (level)"),
    _column("impact_cost", "Cost impact (level)"),
    _column("impact_scope", "Scope impact", "scope impact (level)"),
    _column("impact_quality", "Quality impact", "quality impact (level)"),
    _column("impact", "Impact"),
    _column("score", "Score"),
    _column("band", "Band"),
    _column("strategy", "Strategy", "response", "response strategy"),
    _column("actions", "Actions", "response actions", "action plan"),
    _column("residual_probability", "Residual probability"),
    _column("residual_impact", "Residual impact"),
    _column("status", "Status"),
    _column("review_date", "Review date", "next review"),
    _column("tasks", "Tasks", "affected tasks", "task ids"),
    _column("schedule_impact_days", "Schedule impact (days)"),
    _column("cost_impact", "Cost impact (amount)"),
    _column("raised", "Raised", "date raised", "raised on"),
)
#: Columns written for people and not read back: the id is read apart, the rest are computed.
_NOT_FIELDS = ("id", "impact", "score", "band")
#: Fields read as text even when a spreadsheet holds a number (a task id ``3``, a title ``2025``).
_TEXT_FIELDS = (
    "title",
    "description",
    "category",
    "kind",
    "cause",
    "effect",
    "trigger",
    "owner",
    "strategy",
    "status",
    "tasks",
)
#: What a blank cell means: the field's default.
_BLANK = Risk(id="", title="")
_WIDE = {"Title": 36, "Description": 48, "Cause": 30, "Effect": 30, "Actions": 60}
_WRAPPED = ("Description", "Actions")


# -- writing -----------------------------------------------------------------------------------


def write_risks(risks: Iterable[Risk], path: str | Path, scale: RiskScale | None = None) -> None:
    """Write a risk register to a ``.csv`` or ``.xlsx`` file, chosen by the extension.

    ``scale`` names the band of each score (the default scale when omitted).

    Raises
    ------
    FileFormatError
        For any other extension.
    """
    path = Path(path)
    rows = _register_rows(risks, scale or RiskScale())
    if _suffix(path) == ".csv":
        _write_csv(path, rows)
    else:
        _write_excel(path, rows)


def _register_rows(risks: Iterable[Risk], scale: RiskScale) -> list[list[object]]:
    """The header and one row of cell values per risk, in :data:`RISK_COLUMNS` order."""
    rows: list[list[object]] = [[column.header for column in RISK_COLUMNS]]
    for risk in risks:
        values = {name: getattr(risk, name) for name in RISK_FIELDS}
        values.update(
            id=_id_cell(risk.id),
            kind=str(risk.kind),
            impact=risk.impact,
            score=risk.score,
            band=scale.band(risk.score).name,
            actions="\n".join(format_action(action) for action in risk.actions),
            tasks=", ".join(risk.tasks),
        )
        rows.append([values[column.key] for column in RISK_COLUMNS])
    return rows


def _write_excel(path: Path, rows: list[list[object]]) -> None:
    """One sheet, Risks, formatted as the plan's sheets are, with room for long text."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    _fill(sheet, rows)
    for cell in sheet[1]:
        header = str(cell.value)
        if header in _WIDE:
            sheet.column_dimensions[cell.column_letter].width = _WIDE[header]
        if header in _WRAPPED:
            for below in sheet[cell.column_letter][1:]:
                below.alignment = Alignment(wrap_text=True, vertical="top")
    with replacing(path) as temporary:
        workbook.save(temporary)


# -- reading -----------------------------------------------------------------------------------


def read_risks(
    path: str | Path, scale: RiskScale | None = None, task_ids: set[str] | None = None
) -> list[Risk]:
    """The risks of a ``.csv`` or ``.xlsx`` register, in the file's order.

    ``scale`` gives the categories a risk may have (the default scale when omitted).
    ``task_ids`` are the tasks a risk may affect; when omitted, the Tasks column is not checked
    against a plan.

    Raises
    ------
    FileFormatError
        When the file is refused or unreadable, or a row is wrong (naming the file, the row and
        the problem); nothing is half-read.
    """
    return _read(Path(path), scale or RiskScale(), task_ids, {})


def import_risks(plan: Plan, path: str | Path) -> list[str]:
    """Add the risks of a register file to ``plan`` and update those it already has, as one
    undoable edit; returns the ids read, in the file's order.

    A row whose ID is in the plan updates that risk: columns the file lacks keep the plan's
    values, a blank cell sets the field's default. A row with a new ID, or none (numbered after
    the plan's and the file's), adds a risk. Risks are checked against the plan's scale and
    tasks; one bad row refuses the file and leaves the plan as it was.

    Raises
    ------
    FileFormatError
        As :func:`read_risks`.
    """
    path = Path(path)
    existing = {risk.id: risk for risk in plan.risks}
    read = _read(path, plan.risk_scale, {task.id for task in plan.tasks}, existing)
    if not read:
        return []
    incoming = {risk.id: risk for risk in read}
    # Updated risks keep their place; what is left of ``incoming`` is new, in the file's order.
    kept = tuple(incoming.pop(risk.id, risk) for risk in plan.risks)
    state = plan.state.changed(structural=False, risks=kept + tuple(incoming.values()))
    plan.replace_state(state, f"Import {len(read)} risks from {path.name}")
    return [risk.id for risk in read]


def _read(
    path: Path, scale: RiskScale, task_ids: set[str] | None, existing: dict[str, Risk]
) -> list[Risk]:
    """Risks from the file; a row whose ID is in ``existing`` starts from that risk."""
    table = _csv_table(path, []) if _suffix(path) == ".csv" else _excel_table(path)
    rows = list(_rows(table, RISK_COLUMNS, []))
    ids = _risk_ids(rows, existing)
    return [
        _risk(row, risk_id, existing.get(risk_id, _BLANK), scale, task_ids)
        for row, risk_id in zip(rows, ids, strict=True)
    ]


def _suffix(path: Path) -> str:
    """The file's extension, refused unless it is one a register is kept in."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise FileFormatError(
            f"{path.name}: a risk register is a .csv or .xlsx file, not "
            f"{repr(suffix) if suffix else 'a file without an extension'}.",
            field="file",
            value=str(path),
        )
    return suffix


def _excel_table(path: Path) -> Table:
    """The Risks sheet (or the only sheet) of a workbook, after the plan reader's checks."""
    check_size(path)
    _check_unpacked_size(path)
    if not openpyxl.DEFUSEDXML:
        raise FileFormatError(
            f"{path.name}: Excel files are read only with defusedxml protecting openpyxl.",
            field="file",
            value=str(path),
        )
    try:
        with path.open("rb") as stream:
            workbook = openpyxl.load_workbook(stream, read_only=True, data_only=False)
            try:
                table = _sheet_table(stream, _risk_sheet(path, workbook))
            finally:
                workbook.close()
    except _OPENPYXL_ERRORS as error:
        if isinstance(error, FileFormatError):
            raise
        raise _unreadable(path, error) from None
    return replace(table, label=path.name)


def _risk_sheet(path: Path, workbook: Workbook) -> ReadOnlyWorksheet:
    """The sheet named Risks in any case, else the workbook's only sheet."""
    sheets = workbook.worksheets
    found = [sheet for sheet in sheets if sheet.title.strip().lower() in SHEET_NAMES]
    if found or len(sheets) == 1:
        return (found or sheets)[0]
    raise FileFormatError(f"{path.name} has no sheet named {SHEET}.", field="file", value=str(path))


def _risk_ids(rows: list[_Row], existing: Iterable[str]) -> list[str]:
    """Each row's risk ID: as given, else ``R`` numbered after every ID given or existing.

    Raises ``FileFormatError`` for an ID given on two rows.
    """
    given: list[str | None] = []
    seen: dict[str, int] = {}
    for row in rows:
        risk_id = None if row.get("id") is None else _text(row.get("id"))
        if risk_id in seen:
            raise _refused(
                row,
                PlanError(
                    f"ID '{risk_id}' is also the ID of row {seen[risk_id]}; every risk needs "
                    "its own ID.",
                    task=risk_id,
                    field="id",
                    value=risk_id,
                ),
            )
        if risk_id is not None:
            seen[risk_id] = row.number
        given.append(risk_id)
    taken = [*existing, *seen]
    numbers = [int(i[1:]) for i in taken if i[:1] == "R" and i[1:].isdigit()]
    following = count(max(numbers, default=0) + 1)
    return [risk_id or f"R{next(following)}" for risk_id in given]


def _risk(row: _Row, risk_id: str, base: Risk, scale: RiskScale, task_ids: set[str] | None) -> Risk:
    """The row's risk: ``base`` with the row's cells typed and the result checked."""
    try:
        changes = {
            key: _field(risk_id, key, cell)
            for key, cell in row.cells.items()
            if key not in _NOT_FIELDS
        }
        risk = base.with_changes(id=risk_id, **changes)
        check_risk(risk, scale, set(risk.tasks) if task_ids is None else task_ids)
    except PlanError as error:
        raise _refused(row, error) from None
    return risk


def _field(risk_id: str, key: str, cell: object) -> object:
    """A field's value from its cell; a blank cell gives the field's default."""
    if cell is None:
        value = getattr(_BLANK, key)
    elif key == "actions":
        value = _actions(risk_id, cell)
    elif key in _TEXT_FIELDS:
        value = _text(cell)
    else:
        value = cell
    return coerce_risk_field(risk_id, key, value)


def _actions(risk_id: str, cell: object) -> tuple[RiskAction, ...]:
    """The actions of one cell, one per non-blank line."""
    return parse_actions(risk_id, _text(cell).splitlines())


def _refused(row: _Row, error: PlanError) -> FileFormatError:
    """The error of a row: where it is in the file, then what the core said."""
    return FileFormatError(
        f"{row.label} row {row.number}: {error.message}",
        task=error.task,
        field=error.field,
        value=error.value,
    )
