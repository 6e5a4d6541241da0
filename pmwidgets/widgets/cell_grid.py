"""A table of text cells for the browser that repaints only the cells that change.

The front end (``cell_grid.js``) draws only the rows in view, so 2,000 rows open and scroll at
once, and applies the kernel's changed rows in place: after an edit the table keeps its scroll
position, its selection and every other cell. It validates nothing itself: every typed value is
sent to the kernel (see :meth:`CellGrid.on_edit`), and what the kernel sends back is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import anywidget
import traitlets

#: ``callback(row_key, column, text)`` for every value typed in the browser, and for every
#: block pasted there (``text`` is then the clipboard's text, rows of tab-separated cells).
EditCallback = Callable[[str, str, str], None]
#: The most text a paste may bring (a spreadsheet's thousands of rows fit).
MAX_PASTE_CHARS = 2_000_000

HERE = Path(__file__).parent
#: The only state the browser may change.
BROWSER_STATE = ("selection", "top_row")


class CellGrid(anywidget.AnyWidget):
    """Rows of text under column headers; people select rows and type into editable columns.

    The kernel holds the cells (:attr:`table`) and sends whole new tables with
    :meth:`set_rows` or changed rows with :meth:`patch_rows`. Everything the browser sends is
    untrusted: edits name their row by key and are handed to :meth:`on_edit` callbacks as text,
    and the selection arrives as keys for the owner to check.
    """

    _esm = HERE / "cell_grid.js"
    _css = HERE / "cell_grid.css"

    columns = traitlets.List(
        traitlets.Dict(),
        help="Columns in order: ``name``, ``width`` (px), ``editable`` and ``tooltip``.",
    ).tag(sync=True)
    table = traitlets.Dict(
        help="The cells: ``keys`` (one per row) and ``rows`` (lists of text, column order)."
    ).tag(sync=True)
    selection = traitlets.List(
        traitlets.Unicode(), help="Keys of the selected rows, the first one first."
    ).tag(sync=True)
    top_row = traitlets.Int(
        0, help="The first row in view, as the browser scrolled it (for views that follow)."
    ).tag(sync=True)
    editable = traitlets.Bool(True, help="Whether the browser opens cell editors.").tag(sync=True)
    locked = traitlets.List(
        traitlets.Unicode(), help="Keys of rows drawn grey whose cells open no editor."
    ).tag(sync=True)
    locked_note = traitlets.Unicode(
        "", help="Why locked rows cannot be typed into (their cells' tooltip says it)."
    ).tag(sync=True)
    row_height = traitlets.Int(24, help="Row height in pixels.").tag(sync=True)
    header_height = traitlets.Int(40, help="Header height in pixels.").tag(sync=True)
    visible_rows = traitlets.Int(19, help="Rows shown before the table scrolls.").tag(sync=True)
    scrollbar_height = traitlets.Int(16, help="Room kept for a horizontal scrollbar.").tag(
        sync=True
    )

    def __init__(self, columns: Sequence[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(columns=list(columns), table={"keys": [], "rows": []}, **kwargs)
        self._edit_callbacks: list[EditCallback] = []
        self._paste_callbacks: list[EditCallback] = []
        self.on_msg(self._on_message)

    @property
    def column_names(self) -> list[str]:
        return [column["name"] for column in self.columns]

    def set_rows(self, keys: Sequence[str], rows: list[list[str]]) -> None:
        """Replace every row (sends the whole table once)."""
        self.table = {"keys": list(keys), "rows": rows}

    def patch_rows(self, positions: Sequence[int], rows: list[list[str]]) -> None:
        """Replace some rows' cells in place; only these rows are sent and repainted.

        The table trait is changed in place, so that a view opened later gets the cells as
        they are now, without sending the whole table again.
        """
        cells = self.table["rows"]
        for position, values in zip(positions, rows, strict=True):
            cells[position] = values
        self.send({"type": "patch", "rows": list(positions), "values": rows})

    def on_edit(self, callback: EditCallback, remove: bool = False) -> None:
        """Register (or with ``remove=True`` unregister) a callback for every typed value."""
        _register(self._edit_callbacks, callback, remove)

    def on_paste(self, callback: EditCallback, remove: bool = False) -> None:
        """Register (or unregister) a callback for every block pasted at a cell (ctrl-V)."""
        _register(self._paste_callbacks, callback, remove)

    def set_state(self, sync_data: dict[str, Any]) -> None:
        """Take the selection from the browser and nothing else: the cells, columns and
        editability are the kernel's, whatever a visitor's page sends."""
        super().set_state({name: sync_data[name] for name in BROWSER_STATE if name in sync_data})

    @traitlets.validate("top_row")
    def _validate_top_row(self, proposal: dict[str, Any]) -> int:
        """Within the table, whatever a page sends."""
        return max(0, min(proposal["value"], len(self.table["keys"]) - 1))

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        """A message from the browser: only well-formed edits and pastes at known cells go on."""
        if not isinstance(content, dict):
            return
        callbacks = {"edit": self._edit_callbacks, "paste": self._paste_callbacks}.get(
            content.get("type")
        )
        key, column, value = content.get("key"), content.get("column"), content.get("value")
        if callbacks is None or not (
            isinstance(key, str) and isinstance(column, str) and isinstance(value, str)
        ):
            return
        if key not in self.table["keys"] or column not in self.column_names:
            return
        if len(value) > MAX_PASTE_CHARS:
            return
        for callback in list(callbacks):
            callback(key, column, value)


def _register(callbacks: list[EditCallback], callback: EditCallback, remove: bool) -> None:
    if remove:
        callbacks.remove(callback)
    else:
        callbacks.append(callback)
