"""Three-way merge of plan states: re-apply one person's edits on top of another's.

When a save is refused because someone saved first, the refused plan (``mine``), the version it
was loaded at (``base``) and the latest version (``theirs``) are merged record by record and
field by field: whatever only one side changed is taken from that side; where both changed the
same field differently, theirs is kept and the difference reported, so the manager decides.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

from pmwidgets.core.charter import Charter
from pmwidgets.core.errors import PlanError
from pmwidgets.core.model import PlanState

Record = TypeVar("Record")
_PROJECT_FIELDS = ("name", "start", "calendar", "status_date", "settings", "risk_scale")
_RECORDS: tuple[tuple[str, Callable[[Any], Hashable], str], ...] = (
    ("tasks", lambda t: t.id, "Task"),
    ("links", lambda k: (k.predecessor, k.successor), "Link"),
    ("resources", lambda r: r.id, "Resource"),
    ("assignments", lambda a: (a.task, a.resource), "Assignment"),
    ("baselines", lambda b: (b.task, b.number), "Baseline"),
    ("risks", lambda r: r.id, "Risk"),
    ("change_requests", lambda r: r.id, "Change request"),
)


@dataclass(frozen=True)
class MergeConflict:
    """Both sides changed the same thing differently; ``kept`` is what the merge holds."""

    what: str
    field: str
    mine: Any
    theirs: Any
    kept: Any

    def __str__(self) -> str:
        return f"{self.what}, {self.field}: yours {self.mine!r}, theirs {self.theirs!r}"


def merge_states(
    base: PlanState, mine: PlanState, theirs: PlanState
) -> tuple[PlanState, list[MergeConflict]]:
    """``theirs`` with the changes ``mine`` made since ``base``, and what clashed."""
    conflicts: list[MergeConflict] = []
    project = {
        name: _pick(
            getattr(base, name),
            getattr(mine, name),
            getattr(theirs, name),
            "Project",
            name,
            conflicts,
        )
        for name in _PROJECT_FIELDS
    }
    project["charter"] = _merge_charter(base.charter, mine.charter, theirs.charter, conflicts)
    records = {
        name: _merge_records(
            getattr(base, name), getattr(mine, name), getattr(theirs, name), key, kind, conflicts
        )
        for name, key, kind in _RECORDS
    }
    task_ids = {task.id for task in records["tasks"]}
    resource_ids = {resource.id for resource in records["resources"]}
    records["links"] = [
        k for k in records["links"] if k.predecessor in task_ids and k.successor in task_ids
    ]
    records["assignments"] = [
        a for a in records["assignments"] if a.task in task_ids and a.resource in resource_ids
    ]
    records["baselines"] = [b for b in records["baselines"] if b.task in task_ids]
    records["risks"] = [
        r.with_changes(tasks=tuple(t for t in r.tasks if t in task_ids)) for r in records["risks"]
    ]
    records["change_requests"] = [
        r.with_changes(tasks=tuple(t for t in r.tasks if t in task_ids))
        for r in records["change_requests"]
    ]
    merged = theirs.changed(
        structural=True, **{name: tuple(values) for name, values in records.items()}, **project
    )
    return merged, conflicts


def _merge_records(
    base: Iterable[Record],
    mine: Iterable[Record],
    theirs: Iterable[Record],
    key: Callable[[Record], Hashable],
    kind: str,
    conflicts: list[MergeConflict],
) -> list[Record]:
    """Records of ``theirs`` in their order, changed as ``mine`` changed them, with the records
    only ``mine`` added placed after the record they followed in ``mine``."""
    old = {key(r): r for r in base}
    ours = {key(r): r for r in mine}
    result: dict[Hashable, Record] = {}
    for record in theirs:
        k = key(record)
        merged = _merge_one(old.get(k), ours.get(k), record, f"{kind} {_label(k)}", conflicts)
        if merged is not None:
            result[k] = merged
    order = list(result)
    previous: Hashable | None = None
    for k, record in ours.items():
        if k not in old and k not in result:
            place = order.index(previous) + 1 if previous in result else len(order)
            order.insert(place, k)
            result[k] = record
        previous = k
    return [result[k] for k in order]


def _merge_one(
    base: Record | None,
    mine: Record | None,
    theirs: Record,
    what: str,
    conflicts: list[MergeConflict],
) -> Record | None:
    if base is None or mine == base:
        return theirs
    if theirs == base:
        return mine
    if mine is None:
        conflicts.append(MergeConflict(what, "deleted", "deleted", "changed", "kept"))
        return theirs
    changes = {
        f.name: _pick(
            getattr(base, f.name),
            getattr(mine, f.name),
            getattr(theirs, f.name),
            what,
            f.name,
            conflicts,
        )
        for f in fields(theirs)  # type: ignore[arg-type]
    }
    return replace(theirs, **changes)  # type: ignore[type-var]


def _merge_charter(
    base: Charter, mine: Charter, theirs: Charter, conflicts: list[MergeConflict]
) -> Charter:
    """The charter merged field by field (one side the purpose, the other the sponsor: both
    kept); when the fields taken together are not a valid charter, theirs whole, reported."""
    found: list[MergeConflict] = []
    try:
        merged = _merge_one(base, mine, theirs, "Charter", found)
    except PlanError:
        conflicts.append(MergeConflict("Charter", "charter", mine, theirs, theirs))
        return theirs
    conflicts.extend(found)
    return merged if merged is not None else theirs


def _pick(
    base: Any, mine: Any, theirs: Any, what: str, field: str, conflicts: list[MergeConflict]
) -> Any:
    if mine == base or mine == theirs:
        return theirs
    if theirs == base:
        return mine
    conflicts.append(MergeConflict(what, field, mine, theirs, theirs))
    return theirs


def _label(key: Hashable) -> str:
    return " -> ".join(map(str, key)) if isinstance(key, tuple) else str(key)
