"""The validated grid every editable table uses.

A Voila visitor can send any cell value, even to a grid shown read-only, so every cell here
holds text and every edit goes through Python: an ``apply`` function types and validates it, and
a refusal shows its sentence in the message area and puts the old text back in the cell. The
cells are drawn by :class:`~pmwidgets.widgets.cell_grid.CellGrid`, which repaints only the rows
an edit changed.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import ipywidgets
import pandas as pd
import traitlets

from pmwidgets.core.errors import PlanError
from pmwidgets.plotting.theme import HEADER_HEIGHT, MAX_VISIBLE_ROWS, ROW_HEIGHT
from pmwidgets.widgets.cell_grid import CellGrid

CSS_CLASS = "pmw-grid"
MESSAGE_CLASS = "pmw-message"
ERROR_CLASS = "pmw-message-error"
#: A refusal is marked by a sign and a word, not by colour alone.
ERROR_SIGN = "\u26a0 Not accepted: "
#: Room for the horizontal scrollbar under the rows, in pixels.
SCROLLBAR_HEIGHT = 16

#: ``apply(row_key, column, text)`` types and applies an edit; raises PlanError to refuse it,
#: and may return a sentence to show (e.g. what the edit implied).
Apply = Callable[[str, str, str], str | None]
#: ``paste(rows)`` applies a pasted block as one edit: each row is ``(row_key, {column: text})``
#: with ``None`` for a row below the last one; raises PlanError to refuse it all, and may
#: return a sentence to show.
Paste = Callable[[list[tuple[str | None, dict[str, str]]]], str | None]
#: The most rows one paste may bring.
MAX_PASTE_ROWS = 5_000


@dataclass(frozen=True)
class GridColumn:
    """One column of a :class:`ValidatedGrid`.

    Parameters
    ----------
    name : str
        The header, and the column of the frame it shows.
    width : int
        Width in pixels where every view starts (people may drag it wider or narrower).
    editable : bool
        Whether people may type into it; computed columns are not, and are drawn grey.
    tooltip : str
        What the header says on hover (abbreviations, what to type); the name by default.
        A computed column's tooltip adds that it is not typed into.
    """

    name: str
    width: int = 90
    editable: bool = True
    tooltip: str = ""

    def as_dict(self) -> dict[str, Any]:
        """What the browser's grid needs to draw the column's header and cells."""
        tooltip = self.tooltip or self.name
        if not self.editable:
            tooltip += " (computed: not typed into)"
        return {
            "name": self.name,
            "width": self.width,
            "editable": self.editable,
            "tooltip": tooltip,
        }


class ValidatedGrid(ipywidgets.VBox):
    """An editable table whose every edit is typed and validated in Python.

    Parameters
    ----------
    frame : pandas.DataFrame
        The cells as display text, one row per record; the index holds the row keys (e.g. task
        ids) and is not shown. Values are converted to text.
    columns : sequence of GridColumn
        The columns shown, in order; each names a column of ``frame``.
    apply : callable
        ``apply(row_key, column, text)``: applies an edit or raises
        :class:`~pmwidgets.core.errors.PlanError` to refuse it; it may return a sentence to show
        in the message area. The owner then calls :meth:`update_rows` with the rows it changed.
    read_only : bool
        Refuse every edit (for dashboards).
    row_height : int
        Row height in pixels.
    header_height : int
        Height of the column headers in pixels.
    visible_rows : int
        How many rows the grid shows at most before it scrolls.
    message : ipywidgets.HTML, optional
        Where sentences about edits go. By default the grid shows its own message area above
        the table; an owner with a message area of its own (an editor) passes it here.
    locked_note : str
        Why :attr:`locked_rows` cannot be typed into; their cells' tooltips say it. The owner's
        ``apply`` still refuses their edits: the lock only shows it before anyone types.
    paste : callable, optional
        Takes a block pasted at a cell (ctrl-V, from a spreadsheet or this table) as one edit;
        see :data:`Paste`. Without it the table refuses pastes with a sentence.
    **kwargs
        Other ``VBox`` options.
    """

    read_only = traitlets.Bool(False, help="Whether every edit is refused (a dashboard).")
    selected_row = traitlets.Unicode(
        None, allow_none=True, help="Key of the selected row (the first one), or None."
    )
    selected_rows = traitlets.Tuple(
        help="Keys of every selected row, in the order they were selected (ctrl/shift-click)."
    )
    top_row = traitlets.Int(0, help="The first row in view in the browser (it scrolled there).")
    locked_rows = traitlets.Tuple(
        help="Keys of rows shown grey and not typed into in the browser (e.g. decided records)."
    )

    def __init__(
        self,
        frame: pd.DataFrame,
        columns: Sequence[GridColumn],
        apply: Apply,
        *,
        read_only: bool = False,
        row_height: int = ROW_HEIGHT,
        header_height: int = HEADER_HEIGHT,
        visible_rows: int = MAX_VISIBLE_ROWS,
        message: ipywidgets.HTML | None = None,
        locked_note: str = "",
        paste: Paste | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(read_only=read_only, **kwargs)
        self._selecting = False
        self.columns = {column.name: column for column in columns}
        self._apply = apply
        self._paste = paste
        self._edit_callbacks = ipywidgets.CallbackDispatcher()
        self._frame = self._as_text(frame)
        self._positions = {key: row for row, key in enumerate(self._frame.index)}
        own_message = message is None
        self.message = ipywidgets.HTML("") if message is None else message
        self.message.add_class(MESSAGE_CLASS)
        self.grid = CellGrid(
            [column.as_dict() for column in columns],
            editable=not read_only,
            row_height=row_height,
            header_height=header_height,
            visible_rows=visible_rows,
            scrollbar_height=SCROLLBAR_HEIGHT,
            locked_note=locked_note,
        )
        self._send_table()
        self.grid.on_edit(self._on_cell_change)
        self.grid.on_paste(self._on_paste)
        traitlets.dlink((self.grid, "top_row"), (self, "top_row"))
        self.grid.observe(self._on_selection_change, names="selection")
        self.children = [self.message, self.grid] if own_message else [self.grid]
        self.add_class(CSS_CLASS)
        self.observe(self._on_read_only_change, names="read_only")
        self.observe(self._on_selected_row_change, names="selected_row")
        self.observe(self._on_locked_rows_change, names="locked_rows")

    # -- reading -------------------------------------------------------------------------------

    @property
    def frame(self) -> pd.DataFrame:
        """A copy of the cells as shown: text, indexed by row key."""
        return self._frame.copy()

    def cell(self, row_key: str, column: str) -> str:
        """The text a cell shows (kernel side)."""
        return self._frame.iat[self._positions[row_key], self._frame.columns.get_loc(column)]

    # -- writing from code ---------------------------------------------------------------------

    def set_frame(self, frame: pd.DataFrame) -> None:
        """Replace every row (a new plan, an undo); sends the table once."""
        self._frame = self._as_text(frame)
        self._positions = {key: row for row, key in enumerate(self._frame.index)}
        self._send_table()
        self.locked_rows = tuple(key for key in self.locked_rows if key in self._positions)
        kept = tuple(key for key in self.selected_rows if key in self._positions)
        self._select(kept)
        self._sync_selections()

    def update_rows(self, frame: pd.DataFrame) -> None:
        """Repaint some rows, given as a frame indexed by row key with every column.

        Only these rows are sent to the browser, which repaints only their cells.

        Raises
        ------
        KeyError
            If a row key is not in the table (add rows with :meth:`set_frame`).
        """
        rows = self._as_text(frame)
        positions = [self._positions[key] for key in rows.index]
        cells = self._frame.to_numpy(copy=True)
        values = rows.to_numpy()
        cells[positions] = values
        self._frame = pd.DataFrame(
            cells, index=self._frame.index, columns=self._frame.columns, dtype=object
        )
        self.grid.patch_rows(positions, values.tolist())

    def show_message(self, text: str, *, error: bool = False) -> None:
        """Show a sentence in the message area (escaped; empty text clears it)."""
        self.message.value = message_html(text, error=error)

    # -- events --------------------------------------------------------------------------------

    def on_edit(self, callback: Callable[[dict[str, Any]], None], remove: bool = False) -> None:
        """Register (or with ``remove=True`` unregister) a callback for every edit attempt.

        Parameters
        ----------
        callback : callable
            Called with a dict: ``row`` (row key), ``column``, ``value`` (the text typed),
            ``old`` (the text before), ``accepted`` (bool) and ``message`` (the sentence shown,
            possibly empty).
        remove : bool
            Unregister ``callback`` instead.
        """
        self._edit_callbacks.register_callback(callback, remove=remove)

    def paste(self, row_key: str, column: str, text: str) -> bool:
        """Paste ``text`` (rows of tab-separated cells) with its first cell at a given cell,
        exactly as the browser reports a ctrl-V; returns whether it was taken."""
        return self._accepted(lambda: self._on_paste(row_key, column, text))

    def edit(self, row_key: str, column: str, value: object) -> bool:
        """Type ``value`` into a cell from code, exactly as the browser reports an edit.

        Returns
        -------
        bool
            Whether the edit was accepted (False when refused, or when it changed nothing).
        """
        return self._accepted(lambda: self._on_cell_change(row_key, column, value))

    # -- machinery -----------------------------------------------------------------------------

    def _accepted(self, attempt: Callable[[], None]) -> bool:
        """Whether an edit attempted from code was reported accepted to the edit callbacks."""
        accepted: list[bool] = []

        def record(event: dict[str, Any]) -> None:
            accepted.append(event["accepted"])

        self.on_edit(record)
        try:
            attempt()
        finally:
            self.on_edit(record, remove=True)
        return bool(accepted) and accepted[0]

    def _as_text(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The cells as Python strings in object columns: any value the browser sends fits."""
        columns = {
            name: [value if type(value) is str else _text(value) for value in frame[name].tolist()]
            for name in self.columns
        }
        index = pd.Index([str(key) for key in frame.index], dtype=object, name="key")
        return pd.DataFrame(columns, index=index, dtype=object)

    def _send_table(self) -> None:
        """Send every row (a new table: rows added, removed or moved)."""
        self.grid.set_rows(self._frame.index.tolist(), self._frame.to_numpy().tolist())

    def _on_cell_change(self, key: str, column: str, value: object) -> None:
        """An edit from the browser (untrusted) or from :meth:`edit`."""
        position = self._positions.get(key)
        if position is None or column not in self.columns:
            return
        old = self._frame.iat[position, self._frame.columns.get_loc(column)]
        text = _text(value)
        if text == old:
            return
        self._frame.iat[position, self._frame.columns.get_loc(column)] = text
        try:
            note = self._attempt(key, column, text)
        except PlanError as error:
            self._restore(position, column, old)
            self.show_message(error.message, error=True)
            self._edit_callbacks(_event(key, column, text, old, False, error.message))
            return
        except Exception:
            self._restore(position, column, old)
            self.show_message(
                f"Row {key}: the edit of {column} failed; the cell was put back.", error=True
            )
            raise
        self._show_row(position)
        self.show_message(note or "")
        self._edit_callbacks(_event(key, column, text, old, True, note or ""))

    def _on_paste(self, key: str, column: str, text: str) -> None:
        """A block pasted in the browser (untrusted) or by :meth:`paste`: all of it or none."""
        if key not in self._positions or column not in self.columns:
            return
        try:
            rows, left_out = self._pasted_rows(key, column, text)
            note = self._paste_rows(key, column, text, rows)
        except PlanError as error:
            message = f"Nothing was pasted. {error.message}"
            self.show_message(message, error=True)
            self._edit_callbacks(_event(key, column, text, "", False, message))
            return
        if left_out:
            note = f"{note or ''} Computed cells were left as they were: {', '.join(left_out)}."
        self.show_message((note or "").strip())
        self._edit_callbacks(_event(key, column, text, "", True, (note or "").strip()))

    def _paste_rows(
        self, key: str, column: str, text: str, rows: list[tuple[str | None, dict[str, str]]]
    ) -> str | None:
        if self.read_only:
            raise PlanError("This table is read-only.", task=key, field=column, value=text)
        if self._paste is None:
            raise PlanError(
                "This table takes typed cells only: type into them one by one.",
                task=key,
                field=column,
                value=text,
            )
        if not any(values for _, values in rows):
            raise PlanError(
                "The clipboard holds no cell to paste here.", task=key, field=column, value=text
            )
        return self._paste(rows)

    def _pasted_rows(
        self, key: str, column: str, text: str
    ) -> tuple[list[tuple[str | None, dict[str, str]]], list[str]]:
        """The block as rows of typed columns from the given cell, and the computed columns
        it reached (left as they are)."""
        block = list(csv.reader(io.StringIO(text.rstrip("\r\n")), delimiter="\t"))
        if len(block) > MAX_PASTE_ROWS:
            raise PlanError(
                f"{len(block)} rows is more than one paste takes ({MAX_PASTE_ROWS}).",
                task=key,
                field=column,
                value=f"{len(block)} rows",
            )
        names = list(self.columns)
        first_row, first_column = self._positions[key], names.index(column)
        keys = self._frame.index
        rows: list[tuple[str | None, dict[str, str]]] = []
        left_out: dict[str, None] = {}
        for offset, cells in enumerate(block):
            position = first_row + offset
            values: dict[str, str] = {}
            for name, cell in zip(names[first_column:], cells, strict=False):
                if self.columns[name].editable:
                    values[name] = cell
                else:
                    left_out[name] = None
            rows.append((keys[position] if position < len(keys) else None, values))
        return rows, list(left_out)

    def _attempt(self, key: str, column: str, text: str) -> str | None:
        if self.read_only:
            raise PlanError(
                "This table is read-only; nothing was changed.", task=key, field=column, value=text
            )
        if not self.columns[column].editable:
            raise PlanError(
                f"Row {key}: {column} is computed and cannot be typed into.",
                task=key,
                field=column,
                value=text,
            )
        return self._apply(key, column, text)

    def _restore(self, position: int, column: str, old: str) -> None:
        """Put the old text back in the kernel's copy and in the browser's cell."""
        self._frame.iat[position, self._frame.columns.get_loc(column)] = old
        self.grid.patch_rows([position], [self._frame.iloc[position].tolist()])

    def _show_row(self, position: int) -> None:
        """Send a row whose cells the browser may not show yet (an edit typed in from code
        that the owner did not repaint)."""
        values = self._frame.iloc[position].tolist()
        if self.grid.table["rows"][position] != values:
            self.grid.patch_rows([position], [values])

    @traitlets.validate("selected_row")
    def _validate_selected_row(self, proposal: dict[str, Any]) -> str | None:
        key = proposal["value"]
        if key is not None and key not in self._positions:
            raise traitlets.TraitError(f"There is no row '{key}' to select.")
        return key

    @traitlets.validate("selected_rows", "locked_rows")
    def _validate_rows(self, proposal: dict[str, Any]) -> tuple[str, ...]:
        keys = tuple(proposal["value"])
        unknown = [key for key in keys if key not in self._positions]
        if unknown:
            raise traitlets.TraitError(f"There is no row '{unknown[0]}' in the table.")
        return tuple(dict.fromkeys(keys))

    def _on_locked_rows_change(self, change: dict[str, Any]) -> None:
        self.grid.locked = list(change["new"])

    def _on_read_only_change(self, change: dict[str, Any]) -> None:
        self.grid.editable = not change["new"]

    def _on_selection_change(self, change: dict[str, Any]) -> None:
        """Rows clicked in the browser (untrusted: unknown keys are ignored)."""
        if self._selecting:
            return
        keys = tuple(dict.fromkeys(key for key in change["new"] if key in self._positions))
        self._select(keys)

    def _on_selected_row_change(self, change: dict[str, Any]) -> None:
        key = change["new"]
        if self._selecting:
            return
        self._select(() if key is None else (key,))
        self._sync_selections()

    def _select(self, keys: tuple[str, ...]) -> None:
        """Set both selection traits (first row, all rows) together."""
        self._selecting = True
        try:
            self.selected_rows = keys
            self.selected_row = keys[0] if keys else None
        finally:
            self._selecting = False

    def _sync_selections(self) -> None:
        """Draw the selected rows in the browser (after a change from code or new rows)."""
        keys = list(self.selected_rows)
        if self.grid.selection != keys:
            self._selecting = True
            try:
                self.grid.selection = keys
            finally:
                self._selecting = False


def message_html(text: str, *, error: bool = False) -> str:
    """A sentence for a message area, escaped; empty text gives an empty area.

    An error is marked with a warning sign and "Not accepted:", not by colour alone.
    """
    if not text:
        return ""
    if error:
        return f'<span class="{ERROR_CLASS}" role="alert">{escape(ERROR_SIGN + text)}</span>'
    return f"<span>{escape(text)}</span>"


def _event(
    key: str, column: str, value: str, old: str, accepted: bool, message: str
) -> dict[str, Any]:
    return {
        "row": key,
        "column": column,
        "value": value,
        "old": old,
        "accepted": accepted,
        "message": message,
    }


def _text(value: object) -> str:
    """A cell value as text: ``None`` and NaN are empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)
