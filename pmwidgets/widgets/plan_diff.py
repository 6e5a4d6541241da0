"""Two versions of a project side by side in words and tables: what moved, what was added.

The comparison is :func:`pmwidgets.core.plan_diff.compare_versions`; this widget picks the
versions (or the baseline), shows the sentences a manager can pass on, and one table per kind of
change. Every value is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets
import traitlets

from pmwidgets.core.errors import PlanError
from pmwidgets.core.plan_diff import (
    BASELINE,
    NOTHING_CHANGED,
    FieldChange,
    PlanDiff,
    TaskDates,
    compare_versions,
)
from pmwidgets.core.plan_diff import value_text as text
from pmwidgets.store.store import Store, VersionInfo
from pmwidgets.widgets.change_log import html_table
from pmwidgets.widgets.grid import MESSAGE_CLASS, message_html

CSS_CLASS = "pmw-plan-diff"
BASELINE_LABEL = "Baseline (of the 'to' version)"
_SHIFT = "shift (working days)"
MOVED_HEADER = (
    "ID",
    "Task",
    "Milestone",
    "Start was",
    "Start now",
    f"Start {_SHIFT}",
    "Finish was",
    "Finish now",
    f"Finish {_SHIFT}",
)
TASK_HEADER = ("ID", "Task", "Start", "Finish")
FIELD_HEADER = ("ID", "Task", "Field", "Was", "Now")
LINK_HEADER = ("Change", "Predecessor", "Name", "Successor", "Name", "Type and lag")
ASSIGNMENT_HEADER = ("Change", "Task", "Name", "Resource", "Units was", "Units now")


class PlanDiffView(ipywidgets.VBox):
    """What changed between two saved versions of a project, or since the baseline.

    Parameters
    ----------
    store : Store
        Where the project's versions are; call :meth:`refresh` after a save.
    project : str
        The project's name in the store.
    **kwargs
        Other ``VBox`` options.

    The "From" list offers the baseline (of the "To" version) and every version; "To" every
    version, the latest by default. A comparison that cannot be made (no baseline yet) is
    explained in the message line.
    """

    project = traitlets.Unicode(help="The project whose versions are compared.")
    diff = traitlets.Instance(PlanDiff, allow_none=True, help="The comparison shown, if any.")

    def __init__(self, store: Store, project: str, **kwargs: Any) -> None:
        super().__init__(project=project, **kwargs)
        self.store = store
        style = {"description_width": "40px"}
        layout = ipywidgets.Layout(width="420px")
        self.from_box = ipywidgets.Dropdown(description="From", style=style, layout=layout)
        self.to_box = ipywidgets.Dropdown(description="To", style=style, layout=layout)
        self.from_box.add_class("pmw-diff-from")
        self.to_box.add_class("pmw-diff-to")
        self.message = ipywidgets.HTML("")
        self.message.add_class(MESSAGE_CLASS)
        self.sentences = ipywidgets.HTML("")
        self.sentences.add_class("pmw-diff-sentences")
        self.tables = ipywidgets.HTML("")
        self.children = [
            ipywidgets.HBox([self.from_box, self.to_box]),
            self.message,
            self.sentences,
            self.tables,
        ]
        self.add_class(CSS_CLASS)
        self._choosing = False
        self.from_box.observe(self._on_choice, names="value")
        self.to_box.observe(self._on_choice, names="value")
        self.observe(lambda _change: self.refresh(), names="project")
        self.refresh()

    def refresh(self) -> None:
        """Re-read the versions (keeping the chosen ones when they still exist) and compare."""
        try:
            history = self.store.history(self.project)
        except PlanError as error:
            self._show(None, error.message)
            return
        self._choose(lambda: self._set_options(history))

    def compare(self, source: int | str, target: int) -> None:
        """Choose the versions from code, as picking them in the lists does."""

        def choose() -> None:
            self.from_box.value, self.to_box.value = source, target

        self._choose(choose)

    def _choose(self, change: Callable[[], None]) -> None:
        """Change the lists, then compare once (not at each list's change)."""
        self._choosing = True
        try:
            change()
        finally:
            self._choosing = False
        self._show_comparison()

    def _on_choice(self, _change: dict[str, Any]) -> None:
        if not self._choosing:
            self._show_comparison()

    def _set_options(self, history: list[VersionInfo]) -> None:
        versions = [(_label(info, info is history[-1]), info.version) for info in history]
        source, target = self.from_box.value, self.to_box.value
        self.to_box.options = versions
        self.from_box.options = [(BASELINE_LABEL, BASELINE), *versions]
        numbers = [number for _, number in versions]
        self.to_box.value = target if target in numbers else numbers[-1]
        self.from_box.value = source if source in (BASELINE, *numbers) else BASELINE

    def _show_comparison(self) -> None:
        if self.to_box.value is None:
            return
        try:
            compared = compare_versions(
                self.store, self.project, self.from_box.value, self.to_box.value
            )
        except PlanError as error:
            self._show(None, error.message)
            return
        self._show(compared.diff, f"{compared.title}:")

    def _show(self, diff: PlanDiff | None, heading: str) -> None:
        self.diff = diff
        self.message.value = message_html(heading)
        if diff is None:
            self.sentences.value = self.tables.value = ""
            return
        lines = diff.sentences() or [NOTHING_CHANGED]
        self.sentences.value = "<ul>" + "".join(f"<li>{escape(s)}</li>" for s in lines) + "</ul>"
        self.tables.value = "".join(
            f"<h4>{escape(title)}</h4>{html_table(header, rows)}"
            for title, header, rows in _tables(diff)
            if rows
        )


def _label(info: VersionInfo, latest: bool) -> str:
    latest_note = " (latest)" if latest else ""
    return f"Version {info.version}{latest_note} · {info.author} · {info.saved_at:%Y-%m-%d %H:%M}"


def _percent(units: float | None) -> str:
    return "" if units is None else f"{text(units * 100)}%"


def _tables(diff: PlanDiff) -> list[tuple[str, tuple[str, ...], list[tuple[object, ...]]]]:
    """Title, header and rows of each table shown (dates in the plan's format)."""
    fmt = diff.date_format
    moved = [
        (m.id, m.name, text(m.milestone), text(m.old_start, fmt), text(m.new_start, fmt))
        + (m.start_shift_days, text(m.old_finish, fmt), text(m.new_finish, fmt))
        + (m.finish_shift_days,)
        for m in diff.tasks_moved
    ]
    links = [
        (how, k.predecessor, k.predecessor_name, k.successor, k.successor_name, f"{k.type}{k.lag}")
        for how, found in (("removed", diff.links_removed), ("added", diff.links_added))
        for k in found
    ]
    assignments = [
        (how, a.task, a.task_name, a.resource_name or a.resource)
        + (_percent(a.old_units), _percent(a.new_units))
        for how, found in (
            ("added", diff.assignments_added),
            ("removed", diff.assignments_removed),
            ("changed", diff.assignments_changed),
        )
        for a in found
    ]
    return [
        ("Moved", MOVED_HEADER, moved),
        ("Added", TASK_HEADER, [_task_row(t, fmt) for t in diff.tasks_added]),
        ("Removed", TASK_HEADER, [_task_row(t, fmt) for t in diff.tasks_removed]),
        ("Changed fields", FIELD_HEADER, [_field_row(c, fmt) for c in diff.task_changes]),
        ("Links", LINK_HEADER, links),
        ("Assignments", ASSIGNMENT_HEADER, assignments),
    ]


def _task_row(task: TaskDates, fmt: str) -> tuple[object, ...]:
    return (task.id, task.name, text(task.start, fmt), text(task.finish, fmt))


def _field_row(change: FieldChange, fmt: str) -> tuple[object, ...]:
    return (change.task, change.name, change.field, text(change.old, fmt), text(change.new, fmt))
