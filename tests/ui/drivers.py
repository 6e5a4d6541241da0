"""Drive the plan editor in a page as a person would, and read what the page shows.

Tables are pmwidgets' CellGrid: rows are elements, found by their row number and column
index, and read as the page shows them (a row outside the drawn window is read from the cells
the page holds). Gantt bars are read from the chart's bokeh data source in the page and clicked
at the pixel bokeh's scales give.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Locator, Page

from pmwidgets.widgets.grid import GridColumn
from pmwidgets.widgets.plan_table import COLUMNS

EDITOR = ".pmw-plan-editor"
CELL_EDITOR = "input.pmw-cg-editor"


@dataclass(frozen=True)
class Grid:
    """A validated grid on the page: the CSS selector of the widget holding it, and its
    columns' names in order (cells are found by column index)."""

    container: str
    columns: tuple[str, ...]

    def index(self, column: str) -> int:
        return self.columns.index(column)


def grid_of(container: str, columns: tuple[tuple[GridColumn, str | None], ...]) -> Grid:
    return Grid(container, tuple(column.name for column, _ in columns))


PLAN_TABLE = grid_of(f"{EDITOR} .pmw-plan-table", COLUMNS)
COLUMN_NAMES = list(PLAN_TABLE.columns)

READY = """() => document.querySelector('.pmw-plan-editor .pmw-plan-table .pmw-cg')
    && window.Bokeh !== undefined
    && document.querySelector('.pmw-plan-editor .pmw-gantt .bk-Figure')
    && window.jupyterapp && window.jupyterapp.widgetManager"""

# The CellGrid inside ``container``: the page's reader of its cells (cell_grid.js).
GRID_JS = """(container) => {
  const root = document.querySelector(`${container} .pmw-cg`);
  if (!root) throw new Error('no table inside ' + container);
  return root.pmwGrid;
}"""

# A cell as drawn when its row is in the drawn window, else as the page holds it.
CELL_JS = f"""([container, row, column]) => {{
  const drawn = document.querySelector(
      `${{container}} .pmw-cg-row[data-row="${{row}}"] .pmw-cg-cell[data-col="${{column}}"]`);
  return drawn ? drawn.textContent : ({GRID_JS})(container).cell(row, column);
}}"""

ROW_COUNT_JS = f"""(container) => ({GRID_JS})(container).rowCount()"""

# Every cell of one column as the page holds it, top to bottom.
COLUMN_JS = f"""([container, column]) => ({GRID_JS})(container).column(column)"""

SCROLL_JS = f"""([container, row]) => ({GRID_JS})(container).scrollToRow(row)"""

SELECTED_ROWS_JS = f"""(container) => ({GRID_JS})(container).selectedRows()"""

EDITABLE_JS = f"""(container) => ({GRID_JS})(container).editable()"""


def figure_js(source: str, container: str = "body") -> str:
    """JS giving the bokeh figure inside ``container`` (a CSS selector; the first one that
    matches) whose document holds the data source named ``source``, that source, and a
    ``column(name)`` reader returning plain arrays."""
    return f"""() => {{
  const index = window.Bokeh.index;
  const views = index instanceof Map ? [...index.values()] : Object.values(index);
  const box = document.querySelector('{container}');
  const figure = views.find(v => v.model.type === 'Figure' && box && box.contains(v.el)
      && v.model.document.get_model_by_name('{source}'));
  const source = figure.model.document.get_model_by_name('{source}');
  const column = name => Array.from(
      source.data instanceof Map ? source.data.get(name) : source.data[name]);
  return {{figure, source, column}};
}}"""


BAR_JS = f"""(task) => {{
  const {{figure, source, column}} = ({figure_js("bars")})();
  const row = column('id').indexOf(task);
  if (row < 0) return null;
  const left = column('left')[row], right = column('right')[row];
  const box = figure.el.getBoundingClientRect();
  const x = figure.frame.x_scale.compute((left + right) / 2);
  const y = figure.frame.y_scale.compute(row);
  return {{row, left, right, x: box.x + x, y: box.y + y,
           selected: Array.from(source.selected.indices)}};
}}"""


@dataclass(frozen=True)
class Bar:
    """A task's bar as the page has it: its data, where it is drawn, the bar selection."""

    row: int
    left: float
    right: float
    x: float
    y: float
    selected: list[int]


def open_editor(page: Page, url: str, timeout_ms: int = 90_000) -> None:
    page.goto(url)
    page.wait_for_function(READY, timeout=timeout_ms)


def cell(page: Page, row: int, column: str, grid: Grid = PLAN_TABLE) -> str:
    """The text a grid shows in a cell (row from 0, column by header)."""
    return page.evaluate(CELL_JS, [grid.container, row, grid.index(column)])


def column_cells(page: Page, column: str, grid: Grid = PLAN_TABLE) -> list[str]:
    """Every cell of a column as the page holds it, top to bottom."""
    return page.evaluate(COLUMN_JS, [grid.container, grid.index(column)])


def cell_locator(page: Page, row: int, column: str, grid: Grid = PLAN_TABLE) -> Locator:
    """A cell on the page, after scrolling the grid so that its row is drawn."""
    page.evaluate(SCROLL_JS, [grid.container, row])
    row_selector = f'.pmw-cg-row[data-row="{row}"]'
    return page.locator(
        f'{grid.container} {row_selector} .pmw-cg-cell[data-col="{grid.index(column)}"]'
    )


def cell_point(page: Page, row: int, column: str, grid: Grid = PLAN_TABLE) -> tuple[float, float]:
    """The centre of a cell on the page, after scrolling the grid (and the page) to show it."""
    cell = cell_locator(page, row, column, grid)
    cell.scroll_into_view_if_needed()
    box = cell.bounding_box()
    assert box is not None, f"{grid.container} shows no row {row}"
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def type_into(page: Page, row: int, column: str, text: str, grid: Grid = PLAN_TABLE) -> None:
    """Double-click a cell, type ``text`` over its content and press Enter."""
    cell_locator(page, row, column, grid).dblclick()
    editor = page.locator(f"{grid.container} {CELL_EDITOR}")
    editor.wait_for(state="visible", timeout=10_000)
    editor.fill(text)
    editor.press("Enter")


ROW_IN_VIEW_JS = """([container, row]) => {
  const scroller = document.querySelector(`${container} .pmw-cg-scroll`);
  const drawn = document.querySelector(`${container} .pmw-cg-row[data-row="${row}"]`);
  if (!scroller || !drawn) return false;
  const box = scroller.getBoundingClientRect(), line = drawn.getBoundingClientRect();
  return line.top >= box.top && line.bottom <= box.bottom;
}"""


def row_in_view(page: Page, row: int, grid: Grid = PLAN_TABLE) -> bool:
    """Whether a row is drawn inside the grid's scrolled box (not hidden by its scrolling)."""
    return page.evaluate(ROW_IN_VIEW_JS, [grid.container, row])


def editable(page: Page, grid: Grid) -> bool:
    """Whether the grid's cells open an editor."""
    return page.evaluate(EDITABLE_JS, grid.container)


def wait_until(
    page: Page, read: Callable[[], object], expected: object, timeout_ms: int = 20_000
) -> None:
    """Poll ``read`` (a reader run in Python, e.g. :func:`cell`) until it returns ``expected``."""
    deadline = time.monotonic() + timeout_ms / 1000
    while (found := read()) != expected:
        assert time.monotonic() < deadline, f"waited {timeout_ms} ms for {expected!r}: {found!r}"
        page.wait_for_timeout(50)


def wait_for_cell(
    page: Page,
    row: int,
    column: str,
    text: str,
    timeout_ms: int = 20_000,
    grid: Grid = PLAN_TABLE,
) -> None:
    """Wait until a grid shows ``text`` in a cell."""
    wait_until(page, lambda: cell(page, row, column, grid), text, timeout_ms)


def wait_for_rows(
    page: Page, count: int, timeout_ms: int = 20_000, grid: Grid = PLAN_TABLE
) -> None:
    """Wait until a grid has ``count`` rows."""
    wait_until(page, lambda: page.evaluate(ROW_COUNT_JS, grid.container), count, timeout_ms)


def selected_rows(page: Page, grid: Grid = PLAN_TABLE) -> list[int]:
    return page.evaluate(SELECTED_ROWS_JS, grid.container)


def bar(page: Page, task_id: str) -> Bar:
    found = page.evaluate(BAR_JS, task_id)
    assert found is not None, f"no bar for task {task_id}"
    return Bar(**found)


def message(page: Page) -> str:
    return page.inner_text(f"{EDITOR} .pmw-message")


def click_button(page: Page, name: str) -> None:
    page.locator(f"{EDITOR} .pmw-button-{name}").click()
