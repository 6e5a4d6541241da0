"""CSV files: the Tasks table in ``plan.csv``, the Resources table in ``plan.resources.csv``.

The columns are those of :mod:`pmwidgets.io.tabular`. CSV holds no project values, so a plan read
from CSV is named after the file (``plan``), starts on the earliest date of the Start column (else
the earliest actual start or constraint date, else today), and has the standard calendar (Monday
to Friday, 08:00-12:00 and 13:00-17:00, no holidays), EUR and no status date. The Excel format
keeps all of these.

Written: UTF-8 with a byte-order mark (so that Excel shows accents), separated by commas, text
quoted, dates as ``2025-03-31`` (``2025-03-31 08:00`` with a time), and text that a spreadsheet
could run as a formula prefixed with ``'``. The resources file is written when the plan has
resources or the file is already there (so it never goes stale). Read: UTF-8 (with or without the
mark), else Windows-1252; separated by commas, semicolons or tabs, as the header line shows.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

from pmwidgets.core.errors import FileFormatError
from pmwidgets.core.model import PlanState
from pmwidgets.io.tabular import (
    RESOURCES,
    TASKS,
    Table,
    neutralise,
    plan_from_tables,
    plan_to_tables,
    replacing,
)
from pmwidgets.io.xmlsafe import check_size

RESOURCES_SUFFIX = ".resources.csv"


def resources_path(path: Path) -> Path:
    """The resources file beside a tasks file: ``plan.csv`` -> ``plan.resources.csv``."""
    return path.with_name(path.stem + RESOURCES_SUFFIX)


def write_csv(state: PlanState, path: str | Path) -> None:
    """Write the plan's tasks to ``path`` and its resources beside it.

    Raises
    ------
    PlanError
        When the plan cannot be scheduled (Start and Finish are written as computed).
    """
    path = Path(path)
    tables = plan_to_tables(state)
    _write(path, tables[TASKS])
    beside = resources_path(path)
    if state.resources or beside.exists():
        _write(beside, tables[RESOURCES])


def _write(path: Path, rows: list[list[object]]) -> None:
    with replacing(path) as temporary:
        with temporary.open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream, quoting=csv.QUOTE_NONNUMERIC)
            writer.writerows([[_cell(value) for value in row] for row in rows])


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.second:
            return f"{value:%Y-%m-%d %H:%M:%S}"
        return f"{value:%Y-%m-%d %H:%M}" if value.hour or value.minute else f"{value:%Y-%m-%d}"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return neutralise(value)


def read_csv(path: str | Path) -> tuple[PlanState, list[str]]:
    """Read a tasks file and, when it is there, the resources file beside it.

    Returns the plan state (not yet validated) and warnings (columns not read, the encoding).

    Raises
    ------
    FileFormatError
        When a file cannot be read or a cell is wrong: the message names the file, the row, the
        column and the value. Nothing is half-read.
    """
    path = Path(path)
    if path.name.lower().endswith(RESOURCES_SUFFIX):
        tasks_file = path.name[: -len(RESOURCES_SUFFIX)] + ".csv"
        raise FileFormatError(
            f"{path.name} holds the resources of {tasks_file}; open {tasks_file} instead.",
            field="file",
            value=str(path),
        )
    warnings: list[str] = []
    tables = {TASKS: _table(path, warnings)}
    beside = resources_path(path)
    if beside.is_file():
        tables[RESOURCES] = _table(beside, warnings)
    state, more = plan_from_tables(tables, path.stem)
    return state, warnings + more


def _table(path: Path, warnings: list[str]) -> Table:
    check_size(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise FileFormatError(
                f"{path.name} is neither UTF-8 nor Windows-1252 text; save it as CSV UTF-8.",
                field="file",
                value=str(path),
            ) from None
        warnings.append(f"{path.name} is not UTF-8; it was read as Windows-1252.")
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    try:
        records = list(enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1))
    except csv.Error as error:
        raise FileFormatError(
            f"{path.name} is not readable CSV: {error}.", field="file", value=str(path)
        ) from None
    filled = [(number, cells) for number, cells in records if any(c.strip() for c in cells)]
    if not filled:
        raise FileFormatError(f"{path.name} is empty.", field="file", value=str(path))
    header = filled[0][1]
    return Table(path.name, list(header), [(n, list(c)) for n, c in filled[1:]])
