"""Choosing a reader by file extension."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pmwidgets.core.errors import FileFormatError
from pmwidgets.core.model import PlanState

SUPPORTED = {
    ".xml": "MS Project XML",
    ".sm": "PSPLIB",
    ".json": "pmwidgets plan",
    ".gan": "GanttProject",
    ".xlsx": "Excel workbook",
    ".csv": "CSV",
}


@dataclass
class ReadResult:
    """A plan state read from a file, with what could not be kept, and format extras."""

    state: PlanState
    warnings: list[str] = field(default_factory=list)
    extras: object = None


def read_state(path: Path) -> ReadResult:
    """Read any supported plan file into a state (not yet validated)."""
    if not path.is_file():
        raise FileFormatError(f"{path}: no such file.", field="file", value=str(path))
    suffix = path.suffix.lower()
    if suffix == ".xml":
        from pmwidgets.io.mspdi import read_mspdi

        return read_mspdi(path)
    if suffix == ".sm":
        from pmwidgets.io.psplib import read_psplib

        instance = read_psplib(path)
        return ReadResult(instance.state, instance.warnings, instance)
    if suffix == ".json":
        from pmwidgets.io.plan_json import read_plan_json

        return ReadResult(read_plan_json(path))
    if suffix == ".gan":
        from pmwidgets.io.ganttproject import read_ganttproject

        return read_ganttproject(path)
    if suffix == ".xlsx":
        from pmwidgets.io.excel import read_excel

        return ReadResult(*read_excel(path))
    if suffix == ".csv":
        from pmwidgets.io.csv_file import read_csv

        return ReadResult(*read_csv(path))
    kinds = ", ".join(f"{ext} ({name})" for ext, name in SUPPORTED.items())
    raise FileFormatError(
        f"{path.name}: files ending in '{suffix or '(none)'}' cannot be read; use {kinds}.",
        field="file",
        value=str(path),
    )
