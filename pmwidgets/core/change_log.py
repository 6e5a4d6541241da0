"""The change log: every edit saved to the store, field by field, with who and when.

Each saved version is compared with the one before it, record by record (tasks by id, links by
their two tasks, assignments by task and resource, ...) and field by field, the way
:mod:`pmwidgets.core.merge` pairs them. A record added or removed is one entry; a changed record
is one entry per changed field. Values are short text in the project's date format.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, fields, is_dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from pmwidgets.core.errors import PlanError
from pmwidgets.core.model import PlanState
from pmwidgets.core.notation import format_lag
from pmwidgets.core.plan_diff import value_text

if TYPE_CHECKING:
    from pmwidgets.store.store import Store, VersionInfo

KINDS = (
    "project",
    "task",
    "link",
    "resource",
    "assignment",
    "baseline",
    "risk",
    "change request",
)
#: Project-wide values compared between versions; records inside them are compared by field.
PROJECT_FIELDS = ("name", "start", "status_date", "calendar", "settings", "risk_scale", "charter")
ADDED = "added"
REMOVED = "removed"
CREATED = "created"
FRAME_COLUMNS = ("version", "saved_at", "author", "kind", "item", "field", "old", "new")


@dataclass(frozen=True)
class _RecordKind:
    """How one kind of record is paired, named and summed up in a line."""

    kind: str
    attribute: str
    key: Callable[[Any], Hashable]
    item: Callable[[Any], str]
    summary: Callable[[Any, str], str]


_RECORDS = (
    _RecordKind("task", "tasks", lambda t: t.id, lambda t: t.id, lambda t, _: t.name),
    _RecordKind(
        "link",
        "links",
        lambda k: (k.predecessor, k.successor),
        lambda k: f"{k.predecessor} -> {k.successor}",
        lambda k, _: f"{k.type.value}{format_lag(k)}",
    ),
    _RecordKind("resource", "resources", lambda r: r.id, lambda r: r.id, lambda r, _: r.name),
    _RecordKind(
        "assignment",
        "assignments",
        lambda a: (a.task, a.resource),
        lambda a: f"{a.task} / {a.resource}",
        lambda a, _: f"{value_text(a.units * 100)}%",
    ),
    _RecordKind(
        "baseline",
        "baselines",
        lambda b: (b.task, b.number),
        lambda b: f"{b.task} / {b.number}",
        lambda b, fmt: f"{_day(b.start, fmt)} to {_day(b.finish, fmt)}",
    ),
    _RecordKind("risk", "risks", lambda r: r.id, lambda r: r.id, lambda r, _: r.title),
    _RecordKind(
        "change request",
        "change_requests",
        lambda r: r.id,
        lambda r: r.id,
        lambda r, _: r.title,
    ),
)


@dataclass(frozen=True)
class Difference:
    """One field of one record that differs between two plan states, as short text.

    ``kind`` is one of :data:`KINDS`; ``item`` names the record (the plan's name for the
    project, a task id, ``3 -> 5`` for a link, ``task / resource`` for an assignment,
    ``task / number`` for a baseline); ``field`` is the field (``calendar.exceptions`` inside a
    project value), or ``added`` / ``removed`` for a whole record, summed up in ``new`` / ``old``.
    """

    kind: str
    item: str
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class ChangeEntry:
    """One line of the change log: a difference and the saved version that made it.

    ``saved_at`` is in UTC, as the store keeps it.
    """

    version: int
    author: str
    saved_at: datetime
    kind: str
    item: str
    field: str
    old: str
    new: str


def change_log(
    store: Store, project: str, *, since_version: int | None = None
) -> list[ChangeEntry]:
    """Every change saved to ``project``, oldest first.

    Parameters
    ----------
    store : Store
        Where the project's versions are.
    project : str
        The project's name.
    since_version : int, optional
        Only the changes made after this version; by default all of them, starting with the
        first version's ``created`` entry (its task count).

    Raises
    ------
    PlanError
        For an unknown project, or a ``since_version`` the project does not have.
    """
    since = since_version or 0
    history = store.history(project)
    if since < 0 or since > len(history):
        raise PlanError(
            f"Project '{project}' has no version {since} (versions 1 to {len(history)}).",
            field="since_version",
            value=since_version,
        )
    previous = store.load_state(project, since) if since else None
    entries: list[ChangeEntry] = []
    for info in history[since:]:
        state = store.load_state(project, info.version)
        found = _created(state) if previous is None else state_changes(previous, state)
        entries.extend(_entry(info, difference) for difference in found)
        previous = state
    return entries


def state_changes(before: PlanState, after: PlanState) -> list[Difference]:
    """Field-level differences from ``before`` to ``after``: project values first, then each
    kind of record in :data:`KINDS` order, records in ``after``'s order (removed ones last)."""
    fmt = after.settings.date_format
    found = [
        difference
        for name in PROJECT_FIELDS
        for difference in _value_changes(
            "project", after.name, name, getattr(before, name), getattr(after, name), fmt
        )
    ]
    for spec in _RECORDS:
        found += _record_changes(
            spec, getattr(before, spec.attribute), getattr(after, spec.attribute), fmt
        )
    return found


def to_frame(entries: list[ChangeEntry]) -> pd.DataFrame:
    """The entries as a table with the columns of :data:`FRAME_COLUMNS`, in the same order."""
    return pd.DataFrame(
        [[getattr(entry, column) for column in FRAME_COLUMNS] for entry in entries],
        columns=list(FRAME_COLUMNS),
    )


def _day(moment: datetime | None, fmt: str) -> str:
    return "" if moment is None else f"{moment:{fmt}}"


def _created(state: PlanState) -> list[Difference]:
    count = len(state.tasks)
    tasks = f"{count} task{'' if count == 1 else 's'}"
    return [Difference("project", state.name, CREATED, "", tasks)]


def _entry(info: VersionInfo, difference: Difference) -> ChangeEntry:
    return ChangeEntry(
        info.version,
        info.author,
        info.saved_at,
        difference.kind,
        difference.item,
        difference.field,
        difference.old,
        difference.new,
    )


def _record_changes(
    spec: _RecordKind, before: tuple[Any, ...], after: tuple[Any, ...], fmt: str
) -> list[Difference]:
    old = {spec.key(record): record for record in before}
    new = {spec.key(record): record for record in after}
    found: list[Difference] = []
    for key, record in new.items():
        was = old.get(key)
        if was is None:
            found.append(
                Difference(spec.kind, spec.item(record), ADDED, "", spec.summary(record, fmt))
            )
        elif was != record:
            found += _value_changes(spec.kind, spec.item(record), "", was, record, fmt)
    found += [
        Difference(spec.kind, spec.item(record), REMOVED, spec.summary(record, fmt), "")
        for key, record in old.items()
        if key not in new
    ]
    return found


def _value_changes(
    kind: str, item: str, field: str, old: object, new: object, fmt: str
) -> list[Difference]:
    """The differences between two values of a field; records of the same type (a task, a
    calendar, the settings) are compared field by field, named ``field.part``."""
    if old == new:
        return []
    if is_dataclass(old) and type(old) is type(new):
        return [
            difference
            for part in fields(old)
            for difference in _value_changes(
                kind,
                item,
                f"{field}.{part.name}" if field else part.name,
                getattr(old, part.name),
                getattr(new, part.name),
                fmt,
            )
        ]
    return [Difference(kind, item, field, value_text(old, fmt), value_text(new, fmt))]
