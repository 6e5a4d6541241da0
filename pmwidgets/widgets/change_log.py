"""The change log of a project as a read-only table: who changed what, when, newest first.

The entries come from :func:`pmwidgets.core.change_log.change_log`; this widget only filters them
by kind and shows them. Every value is HTML-escaped: task names and notes are user text.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

import ipywidgets
import traitlets

from pmwidgets.core.change_log import KINDS, ChangeEntry, change_log
from pmwidgets.core.errors import PlanError
from pmwidgets.store.store import Store
from pmwidgets.widgets.grid import MESSAGE_CLASS, message_html

CSS_CLASS = "pmw-change-log"
TABLE_CLASS = "pmw-table"
ALL = "All"
HEADER = ("Version", "Saved (UTC)", "By", "Kind", "Item", "Field", "Was", "Now")
#: Tables taller than this scroll inside their box.
MAX_HEIGHT_PX = 420
TABLE_STYLE = f"""<style>
.{TABLE_CLASS} {{ max-height: {MAX_HEIGHT_PX}px; overflow: auto; }}
.{TABLE_CLASS} table {{ border-collapse: collapse; font-size: 13px; }}
.{TABLE_CLASS} th, .{TABLE_CLASS} td {{ padding: 3px 8px; border-bottom: 1px solid #ddd;
  text-align: left; vertical-align: top; }}
.{TABLE_CLASS} th {{ background: #f3f3f3; position: sticky; top: 0; }}
</style>"""


def html_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A scrolling HTML table; every header and cell is escaped."""
    head = "".join(f"<th>{escape(str(title))}</th>" for title in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows
    )
    return (
        f'{TABLE_STYLE}<div class="{TABLE_CLASS}"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


class ChangeLog(ipywidgets.VBox):
    """Every change saved to a project, newest first, filtered by kind.

    Parameters
    ----------
    store : Store
        Where the project's versions are; call :meth:`refresh` after a save.
    project : str
        The project's name in the store.
    **kwargs
        Other ``VBox`` options.
    """

    project = traitlets.Unicode(help="The project whose versions are compared.")
    kind = traitlets.Unicode(ALL, help="The kind of change shown (task, link, ...), or 'All'.")

    def __init__(self, store: Store, project: str, **kwargs: Any) -> None:
        super().__init__(project=project, **kwargs)
        self.store = store
        self._entries: list[ChangeEntry] = []
        self.kind_filter = ipywidgets.Dropdown(
            options=(ALL, *KINDS),
            value=self.kind,
            description="Kind",
            layout=ipywidgets.Layout(width="240px"),
            style={"description_width": "40px"},
        )
        self.kind_filter.add_class("pmw-filter-kind")
        traitlets.link((self.kind_filter, "value"), (self, "kind"))
        self.summary = ipywidgets.HTML("")
        self.summary.add_class(MESSAGE_CLASS)
        self.table = ipywidgets.HTML("")
        self.children = [ipywidgets.HBox([self.kind_filter, self.summary]), self.table]
        self.add_class(CSS_CLASS)
        self.observe(lambda _change: self.refresh(), names="project")
        self.observe(lambda _change: self._show(), names="kind")
        self.refresh()

    @traitlets.validate("kind")
    def _validate_kind(self, proposal: dict[str, Any]) -> str:
        if proposal["value"] not in (ALL, *KINDS):
            raise traitlets.TraitError(
                f"Kind {proposal['value']!r} is not one of {', '.join((ALL, *KINDS))}."
            )
        return proposal["value"]

    @property
    def entries(self) -> list[ChangeEntry]:
        """The entries shown, newest first."""
        shown = [e for e in self._entries if self.kind in (ALL, e.kind)]
        return shown[::-1]

    def refresh(self) -> None:
        """Re-read the project's history from the store."""
        try:
            self._entries = change_log(self.store, self.project)
        except PlanError as error:
            self._entries = []
            self.summary.value = message_html(error.message, error=True)
            self.table.value = ""
            return
        self._show()

    def _show(self) -> None:
        shown = self.entries
        versions = len({entry.version for entry in self._entries})
        self.summary.value = message_html(
            f"{len(shown)} of {len(self._entries)} changes, over {versions} saved versions."
        )
        rows = [
            (
                e.version,
                f"{e.saved_at:%Y-%m-%d %H:%M}",
                e.author,
                e.kind,
                e.item,
                e.field,
                e.old,
                e.new,
            )
            for e in shown
        ]
        self.table.value = html_table(HEADER, rows) if rows else "<p>No changes of this kind.</p>"
