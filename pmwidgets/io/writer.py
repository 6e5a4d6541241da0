"""Choosing a writer by file extension."""

from __future__ import annotations

from pathlib import Path

from pmwidgets.core.errors import FileFormatError
from pmwidgets.core.model import PlanState

WRITABLE = {
    ".xml": "MS Project XML",
    ".xlsx": "Excel workbook",
    ".csv": "CSV",
    ".json": "pmwidgets plan",
}


def write_plan(state: PlanState, path: str | Path) -> None:
    """Write a plan state to a file whose format is chosen by its extension.

    MS Project XML (``.xml``) holds tasks, links, calendars, resources, assignments, baselines
    and the computed schedule; Excel (``.xlsx``) and CSV (``.csv``) hold the columns of
    :mod:`pmwidgets.io.tabular`, with computed Start and Finish; a pmwidgets plan file
    (``.json``) holds everything.

    Raises
    ------
    FileFormatError
        When the extension is not one of :data:`WRITABLE`.
    PlanError
        When a scheduled format is asked for and the plan cannot be scheduled.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xml":
        from pmwidgets.io.mspdi_write import write_mspdi

        write_mspdi(state, path)
    elif suffix == ".xlsx":
        from pmwidgets.io.excel import write_excel

        write_excel(state, path)
    elif suffix == ".csv":
        from pmwidgets.io.csv_file import write_csv

        write_csv(state, path)
    elif suffix == ".json":
        from pmwidgets.io.plan_json import write_plan_json

        write_plan_json(state, path)
    else:
        kinds = ", ".join(f"{ext} ({name})" for ext, name in WRITABLE.items())
        raise FileFormatError(
            f"{path.name}: plans cannot be written as '{suffix or '(none)'}' files; use {kinds}.",
            field="file",
            value=str(path),
        )
