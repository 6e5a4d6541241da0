"""Drive the plan editor in a page as a person would, and read what the page shows.

ipydatagrid draws on a canvas, so cells are found from the grid's viewport box with the explicit
row and column sizes the table sets, and read from the grid's own data model in the page (what
the canvas paints). Gantt bars are read from the chart's bokeh data source in the page and
clicked at the pixel bokeh's scales give.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Page

from pmwidgets.plotting.theme import HEADER_HEIGHT, ROW_HEIGHT
from pmwidgets.widgets.plan_table import COLUMNS

EDITOR = ".pmw-plan-editor"
GRID_VIEWPORT = f"{EDITOR} .pmw-plan-table .lm-DataGrid-viewport"
CELL_EDITOR = "input.lm-DataGrid-cellEditorInput"
COLUMN_NAMES = [column.name for column, _ in COLUMNS]
WIDTHS = [column.width for column, _ in COLUMNS]

READY = """() => document.querySelector('.pmw-plan-editor .pmw-plan-table canvas')
    && window.Bokeh !== undefined
    && document.querySelector('.pmw-plan-editor .pmw-gantt .bk-Figure')
    && window.jupyterapp && window.jupyterapp.widgetManager"""

# The first DataGrid view's data model: what the table's canvas paints.
_GRID = """async () => {
  const manager = window.jupyterapp.widgetManager;
  const models = await Promise.all(Object.values(manager._models));
  const model = models.find(m => m.get('_model_name') === 'DataGridModel');
  const view = (await Promise.all(Object.values(model.views)))[0];
  return {model, data: view.grid.dataModel, lumino: view.grid.grid};
}"""

CELL_JS = f"""async ([row, column]) => {{
  const {{data}} = await ({_GRID})();
  return data.data('body', row, column);
}}"""

ROW_COUNT_JS = f"""async () => {{
  const {{data}} = await ({_GRID})();
  return data.rowCount('body');
}}"""

# Scroll a cell into view; returns the grid's scroll offsets once it is there.
SCROLL_JS = f"""async ([row, column]) => {{
  const {{lumino}} = await ({_GRID})();
  lumino.scrollToCell(row, column);
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  return [lumino.scrollX, lumino.scrollY];
}}"""

SELECTED_ROWS_JS = f"""async () => {{
  const {{model}} = await ({_GRID})();
  return model.get('selections').map(s => s.r1);
}}"""

# The Gantt figure's view, and the bars source's columns as plain arrays.
_FIGURE = """() => {
  const index = window.Bokeh.index;
  const views = index instanceof Map ? [...index.values()] : Object.values(index);
  const figure = views.find(v => v.model.type === 'Figure');
  const source = figure.model.document.get_model_by_name('bars');
  const column = name => Array.from(
      source.data instanceof Map ? source.data.get(name) : source.data[name]);
  return {figure, source, column};
}"""

BAR_JS = f"""(task) => {{
  const {{figure, source, column}} = ({_FIGURE})();
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


def cell(page: Page, row: int, column: str) -> str:
    """The text the table paints in a cell (row from 0, column by header)."""
    return page.evaluate(CELL_JS, [row, COLUMN_NAMES.index(column)])


def cell_point(page: Page, row: int, column: str) -> tuple[float, float]:
    """Where a cell is on the page, after scrolling the table to show it."""
    index = COLUMN_NAMES.index(column)
    scroll_x, scroll_y = page.evaluate(SCROLL_JS, [row, index])
    viewport = page.locator(GRID_VIEWPORT)
    viewport.evaluate("node => node.scrollIntoView({block: 'center'})")
    box = viewport.bounding_box()
    assert box is not None, "the plan table is not on the page"
    x = box["x"] + sum(WIDTHS[:index]) - scroll_x + WIDTHS[index] / 2
    y = box["y"] + HEADER_HEIGHT + row * ROW_HEIGHT - scroll_y + ROW_HEIGHT / 2
    return x, y


def type_into(page: Page, row: int, column: str, text: str) -> None:
    """Double-click a cell, type ``text`` over its content and press Enter."""
    x, y = cell_point(page, row, column)
    page.mouse.dblclick(x, y)
    editor = page.locator(CELL_EDITOR)
    editor.wait_for(state="visible", timeout=10_000)
    editor.fill(text)
    editor.press("Enter")


def wait_for_cell(page: Page, row: int, column: str, text: str, timeout_ms: int = 20_000) -> None:
    """Wait until the table paints ``text`` in a cell."""
    page.wait_for_function(
        f"async ([row, column, text]) => (await ({CELL_JS})([row, column])) === text",
        arg=[row, COLUMN_NAMES.index(column), text],
        timeout=timeout_ms,
    )


def wait_for_rows(page: Page, count: int, timeout_ms: int = 20_000) -> None:
    """Wait until the table has ``count`` rows."""
    page.wait_for_function(
        f"async (count) => (await ({ROW_COUNT_JS})()) === count", arg=count, timeout=timeout_ms
    )


def selected_rows(page: Page) -> list[int]:
    return page.evaluate(SELECTED_ROWS_JS)


def bar(page: Page, task_id: str) -> Bar:
    found = page.evaluate(BAR_JS, task_id)
    assert found is not None, f"no bar for task {task_id}"
    return Bar(**found)


def message(page: Page) -> str:
    return page.inner_text(f"{EDITOR} .pmw-message")


def click_button(page: Page, name: str) -> None:
    page.locator(f"{EDITOR} .pmw-button-{name}").click()
