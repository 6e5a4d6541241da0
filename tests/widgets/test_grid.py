"""The validated grid wrapper: edits typed, refused, restored; without a browser."""

from __future__ import annotations

import html
import re
from typing import Any

import pandas as pd
import pytest
import traitlets

from pmwidgets import PlanError
from pmwidgets.plotting import theme
from pmwidgets.widgets.grid import GridColumn, ValidatedGrid

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


def _browser_edit(grid: ValidatedGrid, content: Any) -> None:
    """A message as the browser's grid sends it (or as a visitor could forge it)."""
    grid.grid._on_message(grid.grid, content, [])


def _typed(key: str, column: str, value: Any) -> dict[str, Any]:
    return {"type": "edit", "key": key, "column": column, "value": value}


def test_cells_are_text_with_explicit_sizes_and_computed_columns_marked(
    grid: ValidatedGrid,
) -> None:
    assert grid.frame.to_dict("index")["a"] == {"Name": "Row a", "Hours": "2", "Total": "5"}
    rows = [["Row a", "2", "5"], ["Row b", "3", "5"]]
    assert grid.grid.table == {"keys": ["a", "b"], "rows": rows}
    assert [(c["name"], c["width"], c["editable"]) for c in grid.grid.columns] == [
        ("Name", 200, True),
        ("Hours", 60, True),
        ("Total", 70, False),
    ]
    assert grid.grid.columns[2]["tooltip"] == "Total (computed: not typed into)"
    assert grid.grid.row_height == theme.ROW_HEIGHT
    assert grid.grid.header_height == theme.HEADER_HEIGHT
    assert grid.grid.visible_rows == theme.MAX_VISIBLE_ROWS
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
    assert sent == [{"type": "patch", "rows": [1], "values": [["Row b", "3", "5"]]}]
    assert grid.grid.table["rows"][1] == ["Row b", "3", "5"]
    assert events[0]["accepted"] is False and events[0]["old"] == "3"


def test_a_value_typed_in_the_browser_goes_through_apply(
    grid: ValidatedGrid, store: Store, sent: list[dict[str, Any]]
) -> None:
    _browser_edit(grid, _typed("b", "Hours", "9"))
    assert store.calls == [("b", "Hours", "9")] and grid.cell("b", "Hours") == "9"
    assert sent == [{"type": "patch", "rows": [1], "values": [["Row b", "9", "5"]]}]
    _browser_edit(grid, _typed("a", "Hours", ""))
    assert grid.cell("a", "Hours") == "2"
    assert "hours '' is not a number" in html.unescape(grid.message.value)


@pytest.mark.parametrize(
    "content",
    [
        _typed("zz", "Hours", "1"),
        _typed("a", "Nope", "1"),
        _typed("a", "Hours", 1),
        _typed("a", "Hours", None),
        _typed(["a"], "Hours", "1"),
        {"type": "sort", "column": "Name"},
        "edit",
        None,
    ],
)
def test_a_forged_or_malformed_message_is_ignored(
    grid: ValidatedGrid, store: Store, sent: list[dict[str, Any]], content: Any
) -> None:
    _browser_edit(grid, content)
    assert store.calls == [] and sent == []
    assert grid.frame.equals(ValidatedGrid(store.frame(), COLUMNS, store.apply).frame)


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


def test_an_unchanged_value_is_not_an_edit(grid: ValidatedGrid, store: Store) -> None:
    grid.edit("a", "Hours", "2")
    assert store.calls == []


def test_update_rows_sends_only_the_rows_given(
    grid: ValidatedGrid, sent: list[dict[str, Any]]
) -> None:
    grid.update_rows(pd.DataFrame({"Name": ["B"], "Hours": [4], "Total": [6]}, index=["b"]))
    assert sent == [{"type": "patch", "rows": [1], "values": [["B", "4", "6"]]}]
    assert grid.cell("b", "Total") == "6" and grid.cell("a", "Total") == "5"
    assert grid.grid.table["rows"] == [["Row a", "2", "5"], ["B", "4", "6"]]
    with pytest.raises(KeyError):
        grid.update_rows(pd.DataFrame({"Name": ["C"], "Hours": [1], "Total": [1]}, index=["c"]))


def test_set_frame_replaces_every_row(grid: ValidatedGrid, store: Store) -> None:
    grid.selected_row = "b"
    del store.hours["b"]
    grid.set_frame(store.frame())
    assert list(grid.frame.index) == ["a"]
    assert grid.grid.table == {"keys": ["a"], "rows": [["Row a", "2", "2"]]}
    assert grid.selected_row is None and grid.grid.selection == []


def test_selection_follows_the_browser_and_code(grid: ValidatedGrid) -> None:
    grid.grid.selection = ["b"]
    assert grid.selected_row == "b" and grid.selected_rows == ("b",)
    grid.grid.selection = ["b", "a", "b"]
    assert grid.selected_rows == ("b", "a")
    grid.grid.selection = ["zz"]  # unknown keys from the browser are ignored
    assert grid.selected_row is None
    grid.selected_row = "a"
    assert grid.grid.selection == ["a"]
    with pytest.raises(traitlets.TraitError, match="no row 'zz'"):
        grid.selected_row = "zz"


@pytest.fixture
def updates(grid: ValidatedGrid, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every message the grid's model sends to the browser (state updates and custom ones)."""
    messages: list[dict[str, Any]] = []
    comm = grid.grid.comm
    monkeypatch.setattr(
        comm, "send", lambda data=None, metadata=None, buffers=None: messages.append(data)
    )
    return messages


def test_changed_rows_go_as_one_small_message_and_never_the_whole_table(
    grid: ValidatedGrid, store: Store, updates: list[dict[str, Any]]
) -> None:
    store.hours = {"a": 7, "b": 1}
    grid.update_rows(store.frame())
    assert [m["method"] for m in updates] == ["custom"]
    assert updates[0]["content"] == {
        "type": "patch",
        "rows": [0, 1],
        "values": [["Row a", "7", "8"], ["Row b", "1", "8"]],
    }
    assert grid.cell("a", "Hours") == "7" and grid.cell("b", "Total") == "8"
    rows = [["Row a", "7", "8"], ["Row b", "1", "8"]]
    assert grid.grid.get_state("table")["table"]["rows"] == rows


def test_the_browser_may_change_the_selection_only(grid: ValidatedGrid, store: Store) -> None:
    """A visitor's page can send any state: cells, columns and editability stay the kernel's."""
    table, columns = grid.grid.table, grid.grid.columns
    grid.read_only = True
    grid.grid.set_state(
        {
            "table": {"keys": ["x"], "rows": [["forged", "0", "0"]]},
            "columns": [],
            "editable": True,
            "selection": ["b"],
        }
    )
    assert grid.grid.table == table and grid.grid.columns == columns
    assert grid.grid.editable is False
    assert grid.selected_row == "b"
    assert not grid.edit("a", "Hours", "7") and store.calls == []


def test_locked_rows_are_sent_to_the_browser_and_forget_rows_that_go(
    grid: ValidatedGrid, store: Store
) -> None:
    grid.locked_rows = ("b",)
    assert grid.grid.locked == ["b"]
    with pytest.raises(traitlets.TraitError, match="no row 'zz'"):
        grid.locked_rows = ("zz",)
    del store.hours["b"]
    grid.set_frame(store.frame())
    assert grid.locked_rows == () and grid.grid.locked == []


class Pasted:
    """A fake owner of pastes: keeps the rows it gets, refuses a block with 'bad' in it."""

    def __init__(self) -> None:
        self.rows: list[list[tuple[str | None, dict[str, str]]]] = []

    def __call__(self, rows: list[tuple[str | None, dict[str, str]]]) -> str:
        if any("bad" in values.values() for _, values in rows):
            raise PlanError("Row x: hours 'bad' is not a number.", task="x", field="Hours")
        self.rows.append(rows)
        return f"Pasted {len(rows)} rows."


def test_a_pasted_block_goes_to_the_owner_as_rows_of_typed_columns(store: Store) -> None:
    pasted = Pasted()
    grid = ValidatedGrid(store.frame(), COLUMNS, store.apply, paste=pasted)
    events: list[dict[str, Any]] = []
    grid.on_edit(events.append)
    assert grid.paste("a", "Hours", 'x\t9\n"two\tlines"\t1\n3\r\n')
    assert pasted.rows == [
        [("a", {"Hours": "x"}), ("b", {"Hours": "two\tlines"}), (None, {"Hours": "3"})]
    ]
    assert _shown(grid) == "Pasted 3 rows. Computed cells were left as they were: Total."
    assert events[0]["accepted"] and events[0]["row"] == "a"


def test_a_refused_paste_says_nothing_was_pasted(store: Store) -> None:
    pasted = Pasted()
    grid = ValidatedGrid(store.frame(), COLUMNS, store.apply, paste=pasted)
    assert not grid.paste("a", "Name", "ok\tbad")
    assert pasted.rows == []
    assert (
        _shown(grid)
        == "\u26a0 Not accepted: Nothing was pasted. Row x: hours 'bad' is not a number."
    )


@pytest.mark.parametrize(
    ("options", "words"),
    [({}, "typed cells only"), ({"read_only": True}, "read-only")],
)
def test_a_table_without_paste_or_read_only_refuses_pastes(
    store: Store, options: dict[str, Any], words: str
) -> None:
    pasted = Pasted()
    paste = {} if options == {} else {"paste": pasted}
    grid = ValidatedGrid(store.frame(), COLUMNS, store.apply, **paste, **options)
    assert not grid.paste("a", "Hours", "5")
    assert words in _shown(grid) and pasted.rows == []


def test_a_forged_paste_is_ignored(store: Store) -> None:
    pasted = Pasted()
    grid = ValidatedGrid(store.frame(), COLUMNS, store.apply, paste=pasted)
    for content in (
        {"type": "paste", "key": "zz", "column": "Hours", "value": "1"},
        {"type": "paste", "key": "a", "column": "Hours", "value": 1},
        {"type": "paste", "key": "a", "column": "Hours", "value": "1" * 2_000_001},
    ):
        _browser_edit(grid, content)
    assert pasted.rows == [] and grid.message.value == ""
    _browser_edit(grid, {"type": "paste", "key": "b", "column": "Hours", "value": "1"})
    assert pasted.rows == [[("b", {"Hours": "1"})]]


def _shown(grid: ValidatedGrid) -> str:
    return html.unescape(re.sub("<[^>]+>", "", grid.message.value))
