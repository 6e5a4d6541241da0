"""The validated grid wrapper: edits typed, refused, restored; without a browser."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd
import pytest
import traitlets
from ipydatagrid import DataGrid
from ipydatagrid.datagrid import _data_serialization_impl
from pandas.errors import Pandas4Warning

from pmwidgets import PlanError
from pmwidgets.plotting import theme
from pmwidgets.widgets.grid import COMPUTED_BACKGROUND, GridColumn, ValidatedGrid

COLUMNS = [GridColumn("Name", 200), GridColumn("Hours", 60), GridColumn("Total", 70, False)]


class Store:
    """A fake owner: keeps numbers, refuses non-numbers, returns a note for zero."""

    def __init__(self) -> None:
        self.hours = {"a": 2, "b": 3}
        self.calls: list[tuple[str, str, str]] = []

    def frame(self) -> pd.DataFrame:
        keys = list(self.hours)
        return pd.DataFrame(
            {
                "Name": [f"Row {k}" for k in keys],
                "Hours": [self.hours[k] for k in keys],
                "Total": [sum(self.hours.values())] * len(keys),
            },
            index=keys,
        )

    def apply(self, key: str, column: str, text: str) -> str | None:
        self.calls.append((key, column, text))
        if column == "Hours":
            if not text.isdigit():
                raise PlanError(
                    f"Row {key}: hours '{text}' is not a number.",
                    task=key,
                    field=column,
                    value=text,
                )
            self.hours[key] = int(text)
            return "Zero hours: nothing to do." if text == "0" else None
        return None


@pytest.fixture
def store() -> Store:
    return Store()


@pytest.fixture
def grid(store: Store) -> ValidatedGrid:
    return ValidatedGrid(store.frame(), COLUMNS, store.apply)


@pytest.fixture
def sent(grid: ValidatedGrid, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The custom messages the grid sends to the browser."""
    messages: list[dict[str, Any]] = []
    monkeypatch.setattr(grid.grid, "send", lambda content, buffers=None: messages.append(content))
    return messages


def _browser_edit(grid: ValidatedGrid, row: Any, column_index: int, value: Any) -> None:
    """What ipydatagrid's front end sends when a cell is committed."""
    content = {"event_type": "cell-changed", "row": row, "column_index": column_index}
    grid.grid._handle_custom_msg({**content, "value": value}, [])


def test_cells_are_text_with_explicit_sizes_and_grey_computed_columns(grid: ValidatedGrid) -> None:
    assert grid.frame.to_dict("index")["a"] == {"Name": "Row a", "Hours": "2", "Total": "5"}
    assert grid.grid._data["data"]["Hours"].dtype.kind == "O"
    assert grid.grid.column_widths == {"Name": 200, "Hours": 60, "Total": 70}
    assert grid.grid.base_row_size == theme.ROW_HEIGHT
    assert grid.grid.base_column_header_size == theme.HEADER_HEIGHT
    assert set(grid.grid.renderers) == {"Total"}
    assert grid.grid.renderers["Total"].background_color == COMPUTED_BACKGROUND
    assert grid.grid.editable
    assert "pmw-grid" in grid._dom_classes
    assert "pmw-message" in grid.message._dom_classes


def test_an_accepted_edit_calls_apply_and_reports(grid: ValidatedGrid, store: Store) -> None:
    events: list[dict[str, Any]] = []
    grid.on_edit(events.append)
    assert grid.edit("a", "Hours", "0")
    assert store.calls == [("a", "Hours", "0")] and store.hours["a"] == 0
    assert grid.cell("a", "Hours") == "0" and grid.frame.at["a", "Hours"] == "0"
    assert grid.message.value == "<span>Zero hours: nothing to do.</span>"
    assert events == [
        {
            "row": "a",
            "column": "Hours",
            "value": "0",
            "old": "2",
            "accepted": True,
            "message": "Zero hours: nothing to do.",
        }
    ]


def test_a_refused_edit_shows_the_sentence_and_puts_the_old_text_back(
    grid: ValidatedGrid, store: Store, sent: list[dict[str, Any]]
) -> None:
    events: list[dict[str, Any]] = []
    grid.on_edit(events.append)
    assert not grid.edit("b", "Hours", "<img src=x onerror=alert(1)>")
    assert store.hours["b"] == 3
    assert grid.cell("b", "Hours") == "3" and grid.frame.at["b", "Hours"] == "3"
    assert "<img" not in grid.message.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in grid.message.value
    assert sent == [
        {"event_type": "cell-changed", "row": 1, "column": "Hours", "column_index": 1, "value": "3"}
    ]
    assert events[0]["accepted"] is False and events[0]["old"] == "3"


@pytest.mark.parametrize("value", [None, float("nan")])
def test_a_number_the_grid_could_not_read_arrives_as_empty_text(
    grid: ValidatedGrid, store: Store, value: object
) -> None:
    _browser_edit(grid, 0, 1, value)
    assert store.calls == [("a", "Hours", "")]
    assert grid.cell("a", "Hours") == "2"
    assert "hours '' is not a number" in html.unescape(grid.message.value)


def test_computed_columns_refuse_edits(grid: ValidatedGrid, store: Store) -> None:
    assert not grid.edit("a", "Total", "99")
    assert store.calls == []
    assert grid.cell("a", "Total") == "5"
    assert "Total is computed" in grid.message.value


def test_read_only_refuses_even_when_the_browser_turns_editing_on(
    store: Store,
) -> None:
    grid = ValidatedGrid(store.frame(), COLUMNS, store.apply, read_only=True)
    assert not grid.grid.editable
    grid.grid.editable = True  # a Voila visitor can change any synced trait
    assert not grid.edit("a", "Hours", "7")
    assert store.calls == [] and grid.cell("a", "Hours") == "2"
    assert "read-only" in grid.message.value
    grid.read_only = False
    assert grid.edit("a", "Hours", "7")


def test_a_row_outside_the_table_is_ignored(grid: ValidatedGrid, store: Store) -> None:
    grid.grid._cell_change_handlers({"row": 9, "column": "Hours", "column_index": 1, "value": "1"})
    grid.grid._cell_change_handlers({"row": 0, "column": "Nope", "column_index": 7, "value": "1"})
    assert store.calls == []


def test_an_unchanged_value_is_not_an_edit(grid: ValidatedGrid, store: Store) -> None:
    grid.edit("a", "Hours", "2")
    assert store.calls == []


def test_update_rows_sends_only_the_rows_given(
    grid: ValidatedGrid, sent: list[dict[str, Any]]
) -> None:
    grid.update_rows(pd.DataFrame({"Name": ["B"], "Hours": [4], "Total": [6]}, index=["b"]))
    assert sent == [{"event_type": "row-changed", "row": 1, "value": ["B", "4", "6"]}]
    assert grid.cell("b", "Total") == "6" and grid.cell("a", "Total") == "5"
    with pytest.raises(KeyError):
        grid.update_rows(pd.DataFrame({"Name": ["C"], "Hours": [1], "Total": [1]}, index=["c"]))


def test_set_frame_replaces_every_row(grid: ValidatedGrid, store: Store) -> None:
    grid.selected_row = "b"
    del store.hours["b"]
    grid.set_frame(store.frame())
    assert list(grid.frame.index) == ["a"]
    assert grid.selected_row is None


def test_selection_follows_the_browser_and_code(grid: ValidatedGrid) -> None:
    grid.grid.selections = [{"r1": 1, "c1": 0, "r2": 1, "c2": 2}]
    assert grid.selected_row == "b"
    grid.grid.selections = [{"r1": 99, "c1": 0, "r2": 99, "c2": 2}]
    assert grid.selected_row is None
    grid.selected_row = "a"
    assert grid.grid.selections == [{"r1": 0, "c1": 0, "r2": 0, "c2": 2}]
    with pytest.raises(traitlets.TraitError, match="no row 'zz'"):
        grid.selected_row = "zz"


def test_ipydatagrid_data_getter_still_warns(grid: ValidatedGrid) -> None:
    """The wrapper never reads ``DataGrid.data`` (it calls ``DataFrame.drop(inplace=True)``,
    deprecated for pandas 4). When this fails, ipydatagrid fixed it: drop the pandas<4 pin."""
    with pytest.warns(Pandas4Warning, match="inplace"):
        grid.grid.data  # noqa: B018


def test_a_sort_chosen_in_a_column_menu_is_undone_with_a_message(grid: ValidatedGrid) -> None:
    grid.grid._transforms = [{"type": "sort", "column": "Name", "desc": True}]
    assert grid.grid._transforms == []
    assert "column menus' sorting and filtering are turned off" in html.unescape(grid.message.value)
    assert grid.edit("a", "Hours", "3")


@pytest.fixture
def updates(grid: ValidatedGrid, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every message the grid's model sends to the browser (state updates and custom ones)."""
    messages: list[dict[str, Any]] = []
    comm = grid.grid.comm
    monkeypatch.setattr(
        comm, "send", lambda data=None, metadata=None, buffers=None: messages.append(data)
    )
    return messages


def test_update_rows_sends_several_rows_as_one_table_laid_out_as_ipydatagrid_does(
    grid: ValidatedGrid, store: Store, updates: list[dict[str, Any]]
) -> None:
    store.hours = {"a": 7, "b": 1}
    grid.update_rows(store.frame())
    assert [(m["method"], list(m.get("state", {}))) for m in updates] == [("update", ["_data"])]
    fresh = DataGrid(grid.frame)
    assert grid.grid._data["data"].equals(fresh._data["data"])
    assert grid.grid._data["schema"] == fresh._data["schema"]
    assert grid.grid._data["fields"] == fresh._data["fields"]
    assert grid.cell("a", "Hours") == "7" and grid.cell("b", "Total") == "8"


def test_the_table_is_sent_as_ipydatagrid_would_send_it(grid: ValidatedGrid) -> None:
    """Text columns skip ipydatagrid's per-cell checks; the message must not change. A cell
    the browser filled with a number (an edit refused as unchanged text) goes through them."""
    assert grid.grid.get_state("_data")["_data"] == _data_serialization_impl(
        grid.grid._data, grid.grid
    )
    _browser_edit(grid, 0, 1, 2)  # "2" is already there: nothing to do
    assert grid.grid._data["data"].at[0, "Hours"] == 2
    sent = grid.grid.get_state("_data")["_data"]
    assert sent == _data_serialization_impl(grid.grid._data, grid.grid)
    assert sent["data"]["Hours"]["type"] == "raw" and sent["data"]["Name"] == ["Row a", "Row b"]
