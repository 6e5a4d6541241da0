"""Reading and writing plans in other tools' formats and our own."""

from __future__ import annotations

from pathlib import Path

from pmwidgets.core.errors import FileFormatError
from pmwidgets.core.model import PlanState
from pmwidgets.core.plan import Plan


def read_plan(path: str | Path) -> Plan:
    """Open a plan file of any supported format, chosen by its extension.

    Supported: MS Project XML (``.xml``), Excel (``.xlsx``), CSV (``.csv``), GanttProject
    (``.gan``), PSPLIB (``.sm``) and pmwidgets plan files (``.json``).

    Raises
    ------
    FileFormatError
        When the file is missing, of an unknown kind, or unreadable.
    PlanError
        When it reads but does not make a valid plan.
    """
    from pmwidgets.io.reader import read_state

    return Plan.from_state(read_state(Path(path)).state)


def write_plan(state: PlanState, path: str | Path) -> None:
    """Write a plan state to a file whose extension picks the format (see
    :func:`pmwidgets.io.writer.write_plan`)."""
    from pmwidgets.io.writer import write_plan as write

    write(state, path)


def __getattr__(name: str) -> object:
    """``read_risks`` and ``write_risks`` (:mod:`pmwidgets.io.risk_table`), imported on first
    use so that importing this package does not load openpyxl."""
    if name in ("read_risks", "write_risks"):
        from pmwidgets.io import risk_table

        return getattr(risk_table, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["FileFormatError", "read_plan", "read_risks", "write_plan", "write_risks"]
