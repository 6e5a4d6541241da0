"""The validated ipydatagrid wrapper every editable table uses.

ipydatagrid turns text typed into a number column into ``None`` and hands dates over as strings,
and a Voila visitor can send any cell value, even to a grid shown read-only. So every cell here
holds text, every edit goes through Python: an ``apply`` function types and validates it, and a
refusal shows its sentence in the message area and puts the old text back in the cell.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import ipywidgets
import numpy as np
import pandas as pd
import traitlets
from ipydatagrid import DataGrid, TextRenderer
from ipydatagrid.datagrid import _data_serialization
from pandas.api.types import infer_dtype

from pmwidgets.core.errors import PlanError
from pmwidgets.plotting.theme import HEADER_HEIGHT, MAX_VISIBLE_ROWS, ROW_HEIGHT

CSS_CLASS = "pmw-grid"
MESSAGE_CLASS = "pmw-message"
ERROR_CLASS = "pmw-message-error"
#: A refusal is marked by a sign and a word, not by colour alone.
ERROR_SIGN = "\u26a0 Not accepted: "
#: Computed (read-only) cells are grey on a light grey background, so they look untypeable.
COMPUTED_BACKGROUND = "#F0F0F0"
COMPUTED_TEXT = "#555555"
#: Room for the horizontal scrollbar under the rows, in pixels.
SCROLLBAR_HEIGHT = 16
#: Above this many changed rows, :meth:`ValidatedGrid.update_rows` sends the whole table once.
#: ipydatagrid rebuilds and repaints its whole view for every row message, so two row messages
#: already cost more in the browser than one new table (benchmarks/bench_editor_latency.py),
#: although a new table also scrolls the browser's grid back to its top and drops its selection.
FULL_UPDATE_ROWS = 1

#: ``apply(row_key, column, text)`` types and applies an edit; raises PlanError to refuse it,
#: and may return a sentence to show (e.g. what the edit implied).
Apply = Callable[[str, str, str], str | None]


@dataclass(frozen=True)
class GridColumn:
    """One column of a :class:`ValidatedGrid`.

    Parameters
    ----------
    name : str
        The header, and the column of the frame it shows.
    width : int
        Width in pixels (explicit, so browser tests can compute cell positions).
    editable : bool
        Whether people may type into it; computed columns are not, and are drawn grey.
    """

    name: str
    width: int = 90
    editable: bool = True


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
        **kwargs: Any,
    ) -> None:
        super().__init__(read_only=read_only, **kwargs)
        self._selecting = False
        self.columns = {column.name: column for column in columns}
        self._apply = apply
        self._edit_callbacks = ipywidgets.CallbackDispatcher()
        self._frame = self._as_text(frame)
        self._positions = {key: row for row, key in enumerate(self._frame.index)}
        grey = TextRenderer(background_color=COMPUTED_BACKGROUND, text_color=COMPUTED_TEXT)
        own_message = message is None
        self.message = ipywidgets.HTML("") if message is None else message
        self.message.add_class(MESSAGE_CLASS)
        self.grid = TextDataGrid(
            self._frame,
            editable=not read_only,
            selection_mode="row",
            header_visibility="column",
            base_row_size=row_height,
            base_column_header_size=header_height,
            column_widths={column.name: column.width for column in columns},
            renderers={column.name: grey for column in columns if not column.editable},
        )
        self._heights = (row_height, header_height, visible_rows)
        self._fit_height()
        self.grid.on_cell_change(self._on_cell_change)
        self.grid.observe(self._on_selections_change, names="selections")
        self.grid.observe(self._on_transforms_change, names="_transforms")
        self.children = [self.message, self.grid] if own_message else [self.grid]
        self.add_class(CSS_CLASS)
        self.observe(self._on_read_only_change, names="read_only")
        self.observe(self._on_selected_row_change, names="selected_row")

    # -- reading -------------------------------------------------------------------------------

    @property
    def frame(self) -> pd.DataFrame:
        """A copy of the cells as shown: text, indexed by row key."""
        return self._frame.copy()

    def cell(self, row_key: str, column: str) -> str:
        """The text a cell shows (kernel side)."""
        return self.grid._data["data"].at[self._positions[row_key], column]

    # -- writing from code ---------------------------------------------------------------------

    def set_frame(self, frame: pd.DataFrame) -> None:
        """Replace every row (a new plan, an undo); sends the table once."""
        self._frame = self._as_text(frame)
        self._positions = {key: row for row, key in enumerate(self._frame.index)}
        self.grid.data = self._frame
        self._fit_height()
        kept = tuple(key for key in self.selected_rows if key in self._positions)
        self._select(kept)
        self._sync_selections()

    def update_rows(self, frame: pd.DataFrame) -> None:
        """Repaint some rows, given as a frame indexed by row key with every column.

        Only these rows are sent to the browser; above :data:`FULL_UPDATE_ROWS` rows the table
        is sent once instead.

        Raises
        ------
        KeyError
            If a row key is not in the table (add rows with :meth:`set_frame`).
        """
        rows = self._as_text(frame)
        positions = [self._positions[key] for key in rows.index]
        cells = self._frame.to_numpy(copy=True)
        cells[positions] = rows.to_numpy()
        self._frame = pd.DataFrame(
            cells, index=self._frame.index, columns=self._frame.columns, dtype=object
        )
        if len(positions) > FULL_UPDATE_ROWS:
            self._send_table()
            return
        data = self.grid._data["data"]
        for position in positions:
            values = cells[position].tolist()
            for column, value in zip(self._frame.columns, values, strict=True):
                data.at[position, column] = value
            self.grid.send({"event_type": "row-changed", "row": position, "value": values})

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

    def edit(self, row_key: str, column: str, value: object) -> bool:
        """Type ``value`` into a cell from code, exactly as the browser reports an edit.

        Returns
        -------
        bool
            Whether the edit was accepted (False when refused, or when it changed nothing).
        """
        accepted: list[bool] = []

        def record(event: dict[str, Any]) -> None:
            accepted.append(event["accepted"])

        content = {
            "event_type": "cell-changed",
            "row": self._positions[row_key],
            "column_index": list(self._frame.columns).index(column),
            "value": value,
        }
        self.on_edit(record)
        try:
            self.grid._handle_custom_msg(content, [])
        finally:
            self.on_edit(record, remove=True)
        return bool(accepted) and accepted[0]

    # -- machinery -----------------------------------------------------------------------------

    def _as_text(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The cells as Python strings in object columns: any value the browser sends fits."""
        columns = {
            name: [value if type(value) is str else _text(value) for value in frame[name].tolist()]
            for name in self.columns
        }
        index = pd.Index([str(key) for key in frame.index], dtype=object, name="key")
        return pd.DataFrame(columns, index=index, dtype=object)

    def _send_table(self) -> None:
        """Send every row again, the keys unchanged (cells changed in many rows).

        ipydatagrid's ``data`` setter would rebuild a schema that cannot have changed, copy the
        table, and compare it cell by cell with the one it replaces before sending it: this
        lays the rows out as that setter does (the keys, the cells, then the row numbers) and
        sends them with ``send_state``, as any change of a synced trait is sent.
        """
        data = self.grid._data
        table = self._frame.reset_index()
        table[data["schema"]["primaryKeyUuid"]] = pd.RangeIndex(len(table))
        data["data"] = table
        self.grid.send_state("_data")

    def _fit_height(self) -> None:
        """As tall as the rows (up to ``visible_rows``) plus headers and a horizontal scrollbar."""
        row_height, header_height, visible_rows = self._heights
        shown = max(1, min(len(self._frame), visible_rows))
        self.grid.layout.height = f"{header_height + shown * row_height + SCROLLBAR_HEIGHT}px"

    def _on_cell_change(self, change: dict[str, Any]) -> None:
        """An edit from the browser (untrusted) or from :meth:`edit`."""
        position, column = change["row"], change["column"]
        if not (isinstance(position, int) and 0 <= position < len(self._frame)):
            return
        if column not in self.columns:
            return
        key = self._frame.index[position]
        old = self._frame.iat[position, self._frame.columns.get_loc(column)]
        text = _text(change["value"])
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
        self.show_message(note or "")
        self._edit_callbacks(_event(key, column, text, old, True, note or ""))

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
        """Put the old text back in both kernel copies and in the browser's cell."""
        self._frame.iat[position, self._frame.columns.get_loc(column)] = old
        self.grid._data["data"].loc[position, column] = old
        self.grid.send(
            {
                "event_type": "cell-changed",
                "row": position,
                "column": column,
                "column_index": list(self._frame.columns).index(column),
                "value": old,
            }
        )

    @traitlets.validate("selected_row")
    def _validate_selected_row(self, proposal: dict[str, Any]) -> str | None:
        key = proposal["value"]
        if key is not None and key not in self._positions:
            raise traitlets.TraitError(f"There is no row '{key}' to select.")
        return key

    @traitlets.validate("selected_rows")
    def _validate_selected_rows(self, proposal: dict[str, Any]) -> tuple[str, ...]:
        keys = tuple(proposal["value"])
        unknown = [key for key in keys if key not in self._positions]
        if unknown:
            raise traitlets.TraitError(f"There is no row '{unknown[0]}' to select.")
        return tuple(dict.fromkeys(keys))

    def _on_transforms_change(self, change: dict[str, Any]) -> None:
        """Undo a sort or filter chosen in a column header's menu.

        Rows are matched to records by position; a view sorted or filtered in the browser would
        send edits for rows at other positions. The table keeps its owner's order and filters.
        """
        if change["new"]:
            self.grid._transforms = []
            self.show_message(
                "This table keeps its own order and filters; the column menus' sorting and "
                "filtering are turned off.",
                error=True,
            )

    def _on_read_only_change(self, change: dict[str, Any]) -> None:
        self.grid.editable = not change["new"]

    def _on_selections_change(self, change: dict[str, Any]) -> None:
        """Rows clicked in the browser (untrusted: out-of-range rows are ignored)."""
        last = len(self._frame) - 1
        keys: list[str] = []
        for rect in change["new"]:
            ends = (rect.get("r1"), rect.get("r2", rect.get("r1")))
            if not all(isinstance(end, int) and 0 <= end <= last for end in ends):
                continue
            low, high = sorted(ends)
            keys.extend(self._frame.index[low : high + 1])
        self._select(tuple(dict.fromkeys(keys)))

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
        right = len(self.columns) - 1
        selections = [
            {"r1": row, "c1": 0, "r2": row, "c2": right}
            for row in (self._positions[key] for key in self.selected_rows)
        ]
        if self.grid.selections != selections:
            self.grid.selections = selections


def _text_table_to_json(data: dict[str, Any], grid: DataGrid) -> dict[str, Any]:
    """What ipydatagrid sends for its ``_data``, made faster for columns of text.

    ipydatagrid sends such a column as the list of its strings, after checking the type of
    every cell twice: most of the time it takes to send a table, which is sent again after
    most edits. The other columns (the row numbers, a cell still holding what the browser sent)
    go through ipydatagrid's own serializer.
    """
    if not data:
        return {}
    table = data["data"]
    columns = {name: table[name].to_numpy() for name in table.columns}
    text = {name: values.tolist() for name, values in columns.items() if _all_text(values)}
    others = table[[name for name in columns if name not in text]]
    rest = _data_serialization["to_json"]({**data, "data": others}, grid)
    sent = rest["data"]
    cells = {str(name): text[name] if name in text else sent[str(name)] for name in columns}
    return {**rest, "data": cells}


def _all_text(values: np.ndarray) -> bool:
    """Whether an array holds strings only (and something)."""
    return (
        len(values) > 0 and values.dtype == object and infer_dtype(values, skipna=False) == "string"
    )


class TextDataGrid(DataGrid):
    """ipydatagrid's ``DataGrid``; its table of text is sent faster, as the same message
    (:func:`_text_table_to_json`)."""

    _data = traitlets.Dict().tag(
        sync=True, to_json=_text_table_to_json, from_json=_data_serialization["from_json"]
    )


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
    """A cell value as text: ``None`` and NaN (ipydatagrid's reading of bad numbers) are empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)
