"""PSPLIB single-mode (``.sm``) instances: jobs, precedences, durations, resource requests.

Every day is a working day and durations are whole days. The resource data is kept for leveling
(each request and capacity is in units per day).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from pmwidgets.core.calendar import Calendar
from pmwidgets.core.errors import FileFormatError
from pmwidgets.core.model import ConstraintType, Link, PlanState, Task
from pmwidgets.io.xmlsafe import check_size

PSPLIB_START = datetime(2000, 1, 3, 8, 0)
"""Day 0 of every PSPLIB schedule: PSPLIB times are day numbers, so any date serves."""

EVERY_DAY = Calendar(name="Every day", working_weekdays=(0, 1, 2, 3, 4, 5, 6))


@dataclass
class PsplibProject:
    """A PSPLIB instance: the plan, the capacities and each job's requests."""

    state: PlanState
    capacities: dict[str, int] = field(default_factory=dict)
    requests: dict[str, dict[str, int]] = field(default_factory=dict)
    mpm_time: int | None = None
    warnings: list[str] = field(default_factory=list)


def read_psplib(path: str | Path) -> PsplibProject:
    """Read a PSPLIB ``.sm`` file.

    Raises
    ------
    FileFormatError
        When a section is missing or a line cannot be read; the message names the line.
    """
    path = Path(path)
    check_size(path)
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    sections = _sections(lines, path)
    mpm_time = _mpm_time(sections.get("PROJECT INFORMATION", []))
    successors = {}
    for number, line in sections["PRECEDENCE RELATIONS"]:
        values = _integers(line, number, path)
        if len(values) < 3 or len(values) != 3 + values[2]:
            raise _bad_line(path, number, line, "jobnr, #modes, #successors, successors...")
        successors[str(values[0])] = [str(v) for v in values[3:]]
    durations: dict[str, int] = {}
    requests: dict[str, dict[str, int]] = {}
    header, *rows = sections["REQUESTS/DURATIONS"]
    resource_names = re.findall(r"([RND])\s*(\d+)", header[1])
    for number, line in rows:
        if set(line.strip()) <= {"-"}:
            continue
        values = _integers(line, number, path)
        if len(values) != 3 + len(resource_names):
            raise _bad_line(path, number, line, "jobnr, mode, duration, one request per resource")
        job = str(values[0])
        durations[job] = values[2]
        amounts = zip(resource_names, values[3:], strict=True)
        requests[job] = {f"{kind}{n}": v for (kind, n), v in amounts if v}
    capacities = _capacities(sections.get("RESOURCEAVAILABILITIES", []), path)
    tasks = tuple(
        Task(id=job, name=f"Job {job}", duration=float(days), milestone=days == 0)
        for job, days in durations.items()
    )
    links = tuple(Link(job, nxt) for job, nexts in successors.items() for nxt in nexts)
    missing = [job for job in successors if job not in durations]
    if missing:
        raise FileFormatError(
            f"{path.name}: job {missing[0]} has precedences but no duration.",
            task=missing[0],
            field="duration",
        )
    state = PlanState(
        name=path.stem, start=PSPLIB_START, calendar=EVERY_DAY, tasks=tasks, links=links
    )
    return PsplibProject(state, capacities, requests, mpm_time)


def _sections(lines: list[str], path: Path) -> dict[str, list[tuple[int, str]]]:
    sections: dict[str, list[tuple[int, str]]] = {}
    current: str | None = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("*"):
            current = None
            continue
        if stripped.endswith(":") and stripped[:-1].isupper():
            current = stripped[:-1].strip()
            sections[current] = []
            continue
        if current is not None and stripped:
            sections[current].append((number, line))
    for required in ("PRECEDENCE RELATIONS", "REQUESTS/DURATIONS"):
        if required not in sections or not sections[required]:
            raise FileFormatError(
                f"{path.name} is not a PSPLIB .sm file: its '{required}' section is missing.",
                field="file",
                value=str(path),
            )
    for name in ("PRECEDENCE RELATIONS", "RESOURCEAVAILABILITIES"):
        if sections.get(name):
            sections[name] = sections[name][1:]
    return sections


def _mpm_time(rows: list[tuple[int, str]]) -> int | None:
    for _, line in rows[1:2]:
        values = line.split()
        if len(values) >= 6 and values[5].isdigit():
            return int(values[5])
    return None


def _capacities(rows: list[tuple[int, str]], path: Path) -> dict[str, int]:
    if not rows:
        return {}
    number, line = rows[0]
    values = _integers(line, number, path)
    names = [f"R{i + 1}" for i in range(len(values))]
    return dict(zip(names, values, strict=False))


def _integers(line: str, number: int, path: Path) -> list[int]:
    try:
        return [int(v) for v in line.split()]
    except ValueError:
        raise _bad_line(path, number, line, "whole numbers") from None


def _bad_line(path: Path, number: int, line: str, expected: str) -> FileFormatError:
    return FileFormatError(
        f"{path.name}, line {number}: '{line.strip()}' does not read as {expected}.",
        field=f"line {number}",
        value=line.strip(),
    )


__all__ = ["EVERY_DAY", "PSPLIB_START", "PsplibProject", "read_psplib"]


def leveled_state(project: PsplibProject, starts: Sequence[int]) -> PlanState:
    """The instance's plan with each job held to start on its leveled day (day numbers from
    :data:`PSPLIB_START`), by a start-no-earlier-than constraint the scheduler respects."""
    day_zero = PSPLIB_START.replace(hour=0, minute=0)
    tasks = tuple(
        task.with_changes(
            constraint=ConstraintType.SNET, constraint_date=day_zero + timedelta(days=int(day))
        )
        for task, day in zip(project.state.tasks, starts, strict=True)
    )
    return project.state.changed(structural=False, tasks=tasks)
