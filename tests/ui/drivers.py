"""Drive the plan editor in a page as a person would, and read what the page shows.

ipydatagrid draws on a canvas, so cells are found from the grid's viewport box with the explicit
row and column sizes the table sets, and read from the grid's own data model in the page (what
the canvas paints). Gantt bars are read from the chart's bokeh data source in the page and
clicked at the pixel bokeh's scales give.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page

from pmwidgets.plotting.theme import HEADER_HEIGHT, ROW_HEIGHT
from pmwidgets.widgets.grid import GridColumn
from pmwidgets.widgets.plan_table import COLUMNS

EDITOR = ".pmw-plan-editor"
CELL_EDITOR = "input.lm-DataGrid-cellEditorInput"


@dataclass(frozen=True)
class Grid:
    """A validated grid on the page: the CSS selector of the widget holding it, and its
    columns' names and widths (the sizes the widget sets, so cells can be located)."""

    container: str
    columns: tuple[str, ...]
    widths: tuple[int, ...]

    def index(self, column: str) -> int:
        return self.columns.index(column)


def grid_of(container: str, columns: tuple[tuple[GridColumn, str | None], ...]) -> Grid:
    return Grid(
        container,
        tuple(column.name for column, _ in columns),
        tuple(column.width for column, _ in columns),
    )


PLAN_TABLE = grid_of(f"{EDITOR} .pmw-plan-table", COLUMNS)
COLUMN_NAMES = list(PLAN_TABLE.columns)

READY = """() => document.querySelector('.pmw-plan-editor .pmw-plan-table canvas')
    && window.Bokeh !== undefined
    && document.querySelector('.pmw-plan-editor .pmw-gantt .bk-Figure')
    && window.jupyterapp && window.jupyterapp.widgetManager"""

# The DataGrid inside ``container``: its widget model, the data model its canvas paints, and
# the lumino grid (scrolling).
GRID_JS = """async (container) => {
  const box = document.querySelector(container);
  const manager = window.jupyterapp.widgetManager;
  const models = await Promise.all(Object.values(manager._models));
  for (const model of models.filter(m => m.get('_model_name') === 'DataGridModel')) {
    for (const view of await Promise.all(Object.values(model.views))) {
      if (box && box.contains(view.el)) {
        return {model, data: view.grid.dataModel, lumino: view.grid.grid};
      }
    }
  }
  throw new Error('no data grid inside ' + container);
}"""

CELL_JS = f"""async ([container, row, column]) => {{
  const {{data}} = await ({GRID_JS})(container);
  return data.data('body', row, column);
}}"""

ROW_COUNT_JS = f"""async (container) => {{
  const {{data}} = await ({GRID_JS})(container);
  return data.rowCount('body');
}}"""

# Every body cell of one column, top to bottom.
COLUMN_JS = f"""async ([container, column]) => {{
  const {{data}} = await ({GRID_JS})(container);
  return Array.from({{length: data.rowCount('body')}}, (_, row) => data.data('body', row, column));
}}"""

# Scroll a cell into view; returns the grid's scroll offsets once it is there.
SCROLL_JS = f"""async ([container, row, column]) => {{
  const {{lumino}} = await ({GRID_JS})(container);
  lumino.scrollToCell(row, column);
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  return [lumino.scrollX, lumino.scrollY];
}}"""

SELECTED_ROWS_JS = f"""async (container) => {{
  const {{model}} = await ({GRID_JS})(container);
  return model.get('selections').map(s => s.r1);
}}"""


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
    """The text a grid paints in a cell (row from 0, column by header)."""
    return page.evaluate(CELL_JS, [grid.container, row, grid.index(column)])


def column_cells(page: Page, column: str, grid: Grid = PLAN_TABLE) -> list[str]:
    """Every cell of a column as the grid paints it, top to bottom."""
    return page.evaluate(COLUMN_JS, [grid.container, grid.index(column)])


def cell_point(page: Page, row: int, column: str, grid: Grid = PLAN_TABLE) -> tuple[float, float]:
    """Where a cell is on the page, after scrolling the grid (and the page) to show it."""
    index = grid.index(column)
    scroll_x, scroll_y = page.evaluate(SCROLL_JS, [grid.container, row, index])
    viewport = page.locator(f"{grid.container} .lm-DataGrid-viewport")
    viewport.evaluate("node => node.scrollIntoView({block: 'center'})")
    box = viewport.bounding_box()
    assert box is not None, f"{grid.container} has no grid on the page"
    x = box["x"] + sum(grid.widths[:index]) - scroll_x + grid.widths[index] / 2
    y = box["y"] + HEADER_HEIGHT + row * ROW_HEIGHT - scroll_y + ROW_HEIGHT / 2
    return x, y


def type_into(page: Page, row: int, column: str, text: str, grid: Grid = PLAN_TABLE) -> None:
    """Double-click a cell, type ``text`` over its content and press Enter."""
    x, y = cell_point(page, row, column, grid)
    page.mouse.dblclick(x, y)
    editor = page.locator(CELL_EDITOR)
    editor.wait_for(state="visible", timeout=10_000)
    editor.fill(text)
    editor.press("Enter")


def wait_until(
    page: Page, read: Callable[[], object], expected: object, timeout_ms: int = 20_000
) -> None:
    """Poll ``read`` until it returns ``expected``.

    ``page.wait_for_function`` cannot wait on the grid's async readers: it does not await an
    async predicate, and the promise it gets is truthy, so it would return at once.
    """
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
    """Wait until a grid paints ``text`` in a cell."""
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
