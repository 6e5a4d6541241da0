"""The plan editor workbook under Voila, driven in chromium as a manager would use it.

Each test opens its own page (its own kernel, loading the sample project from the test store),
types into the table, clicks bars and buttons, and fails on any JavaScript error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pmwidgets.io import read_plan
from pmwidgets.store import Store

from . import drivers
from .browser import ROOT, VoilaServer, WatchedPage

pytestmark = [pytest.mark.ui, pytest.mark.timeout(900)]

SAMPLE_PLAN = ROOT / "sample_data" / "office_move.json"
WORKBOOK = "templates/plan.ipynb"
#: How far a bar's centre may be from its table row's centre (the views sit side by side).
ROW_ALIGNMENT_PX = 2


def _expected_after(task_id: str, field: str, value: str) -> dict[str, str]:
    """Finish dates the core computes for the sample plan after one edit, by task id."""
    plan = read_plan(SAMPLE_PLAN)
    plan.set(task_id, field, value)
    frame = plan.schedule().to_frame()
    day = plan.settings.date_format
    return dict(zip(frame["id"], frame["finish"].dt.strftime(day), strict=True))


def test_a_duration_edit_moves_the_finish_cell_and_the_bar_and_undo_restores(
    voila_server: VoilaServer, page: WatchedPage, tmp_path: Path
) -> None:
    drivers.open_editor(page.page, voila_server.render_url(WORKBOOK))
    old_finish = drivers.cell(page.page, 2, "Finish")
    before, successor = drivers.bar(page.page, "3"), drivers.bar(page.page, "4")
    expected = _expected_after("3", "duration", "5d")
    assert expected["3"] != old_finish

    drivers.type_into(page.page, 2, "Duration", "5d")
    drivers.wait_for_cell(page.page, 2, "Finish", expected["3"])
    drivers.wait_for_cell(page.page, 3, "Finish", expected["4"])
    page.page.wait_for_function(
        f"() => ({drivers.BAR_JS})('3').right > {before.right}", timeout=20_000
    )
    after = drivers.bar(page.page, "3")
    assert after.left == before.left and after.right - before.right == 3 * 86_400_000
    assert drivers.bar(page.page, "4").left > successor.left
    assert drivers.cell(page.page, 2, "Duration") == "5d"
    page.page.screenshot(path=tmp_path / "after_edit.png")

    drivers.click_button(page.page, "undo")
    drivers.wait_for_cell(page.page, 2, "Finish", old_finish)
    drivers.wait_for_cell(page.page, 2, "Duration", "2d")
    page.page.wait_for_function(
        f"() => ({drivers.BAR_JS})('3').right === {before.right}", timeout=20_000
    )
    assert "Undone: Task 3: duration = 5d" in drivers.message(page.page)
    page.assert_clean()


def test_garbage_shows_the_message_and_the_old_value(
    voila_server: VoilaServer, page: WatchedPage
) -> None:
    drivers.open_editor(page.page, voila_server.render_url(WORKBOOK))
    old = drivers.cell(page.page, 3, "Duration")
    bar = drivers.bar(page.page, "4")

    drivers.type_into(page.page, 3, "Duration", "abc")
    page.page.wait_for_function(
        "() => document.querySelector('.pmw-plan-editor .pmw-message-error')", timeout=20_000
    )
    shown = drivers.message(page.page)
    assert "Not accepted: Task 4: duration 'abc' is not a duration" in shown
    drivers.wait_for_cell(page.page, 3, "Duration", old)
    unchanged = drivers.bar(page.page, "4")
    assert (unchanged.left, unchanged.right) == (bar.left, bar.right)

    drivers.type_into(page.page, 3, "% complete", "140")
    page.page.wait_for_function(
        "() => document.querySelector('.pmw-plan-editor .pmw-message').innerText.includes('140')",
        timeout=20_000,
    )
    assert "Task 4" in drivers.message(page.page) and "between 0 and 100" in drivers.message(
        page.page
    )
    drivers.wait_for_cell(page.page, 3, "% complete", "0%")
    page.assert_clean()


def test_clicking_a_bar_selects_its_row_and_clicking_a_row_selects_its_bar(
    voila_server: VoilaServer, page: WatchedPage
) -> None:
    drivers.open_editor(page.page, voila_server.render_url(WORKBOOK))
    target = drivers.bar(page.page, "4")
    page.page.mouse.click(target.x, target.y)
    drivers.wait_until(page.page, lambda: drivers.selected_rows(page.page), [target.row])
    assert drivers.bar(page.page, "4").selected == [target.row]

    x, y = drivers.cell_point(page.page, 6, "Name")
    assert abs(drivers.bar(page.page, "7").y - y) <= ROW_ALIGNMENT_PX, "rows are not aligned"
    page.page.mouse.click(x, y)
    page.page.wait_for_function(
        f"() => ({drivers.BAR_JS})('7').selected.includes(6)", timeout=20_000
    )
    assert drivers.bar(page.page, "7").selected == [6]
    page.assert_clean()


def test_the_keyboard_moves_types_and_cancels_like_a_spreadsheet(
    voila_server: VoilaServer, page: WatchedPage
) -> None:
    drivers.open_editor(page.page, voila_server.render_url(WORKBOOK))
    keys = page.page.keyboard
    drivers.cell_locator(page.page, 1, "Name").click()
    drivers.wait_until(page.page, lambda: drivers.selected_rows(page.page), [1])
    keys.press("ArrowDown")
    keys.press("ArrowRight")  # row 3, Duration
    drivers.wait_until(page.page, lambda: drivers.selected_rows(page.page), [2])
    expected = _expected_after("3", "duration", "4d")

    keys.type("4d")  # typing over a cell opens its editor with what is typed
    keys.press("Enter")
    drivers.wait_for_cell(page.page, 2, "Finish", expected["3"])
    drivers.wait_until(page.page, lambda: drivers.selected_rows(page.page), [3])  # Enter moves down

    keys.press("ArrowUp")
    keys.type("9d")
    keys.press("Escape")  # nothing sent
    assert page.page.locator(drivers.CELL_EDITOR).count() == 0
    page.page.wait_for_timeout(500)
    assert drivers.cell(page.page, 2, "Duration") == "4d"
    assert drivers.cell(page.page, 2, "Finish") == expected["3"]

    drivers.cell_locator(page.page, 2, "Total float").dblclick()  # computed: no editor
    assert page.page.locator(drivers.CELL_EDITOR).count() == 0
    page.assert_clean()


PASTE_JS = """(text) => {
  const data = new DataTransfer();
  data.setData('text/plain', text);
  document.activeElement.dispatchEvent(
      new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
}"""


def test_rows_copy_as_a_spreadsheet_takes_them_and_a_pasted_block_adds_tasks(
    voila_server: VoilaServer, page: WatchedPage
) -> None:
    page.page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=voila_server.url
    )
    drivers.open_editor(page.page, voila_server.render_url(WORKBOOK))
    names = [drivers.cell(page.page, row, "Name") for row in (1, 2)]
    drivers.cell_locator(page.page, 1, "Name").click()
    drivers.cell_locator(page.page, 2, "Name").click(modifiers=["Shift"])
    drivers.wait_until(page.page, lambda: drivers.selected_rows(page.page), [1, 2])
    page.page.keyboard.press("Control+c")
    copied = page.page.evaluate("() => navigator.clipboard.readText()")
    rows = [line.split("\t") for line in copied.split("\n")]
    assert [row[drivers.PLAN_TABLE.index("Name")] for row in rows] == names
    assert len(rows[0]) == len(drivers.COLUMN_NAMES)

    # Pasted at the last row's name: it is renamed, and the row below the plan adds a task
    # at the same outline level (indented as much).
    count = page.page.evaluate(drivers.ROW_COUNT_JS, drivers.PLAN_TABLE.container)
    indent = drivers.cell(page.page, count - 1, "Name").split(" ")[0] == ""
    drivers.cell_locator(page.page, count - 1, "Name").click()
    page.page.evaluate(PASTE_JS, "Hand over keys\t1d\nCelebrate\t0.5d")
    drivers.wait_for_rows(page.page, count + 1)
    drivers.wait_until(
        page.page, lambda: drivers.cell(page.page, count, "Name").strip(), "Celebrate"
    )
    assert drivers.cell(page.page, count, "Name").startswith(" ") == indent
    assert drivers.cell(page.page, count - 1, "Name").strip() == "Hand over keys"
    assert "Pasted 4 cells into 2 rows" in drivers.message(page.page)
    page.assert_clean()


def test_dragging_a_header_edge_widens_its_column_and_editing_follows(
    voila_server: VoilaServer, page: WatchedPage
) -> None:
    drivers.open_editor(page.page, voila_server.render_url(WORKBOOK))
    name = drivers.cell_locator(page.page, 0, "Name")
    before = name.bounding_box()
    handle = page.page.locator(f"{drivers.PLAN_TABLE.container} .pmw-cg-resize").nth(
        drivers.PLAN_TABLE.index("Name")
    )
    box = handle.bounding_box()
    assert before is not None and box is not None
    page.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.page.mouse.down()
    page.page.mouse.move(box["x"] + 60, box["y"] + box["height"] / 2, steps=5)
    page.page.mouse.up()
    after = drivers.cell_locator(page.page, 0, "Name").bounding_box()
    assert after is not None and abs(after["width"] - before["width"] - 60) <= 3
    drivers.type_into(page.page, 2, "Duration", "4d")  # the editor opens on the moved cell
    drivers.wait_for_cell(page.page, 2, "Finish", _expected_after("3", "duration", "4d")["3"])
    page.assert_clean()


def test_an_address_naming_no_project_creates_none_and_shows_the_sample_read_only(
    voila_server: VoilaServer, page: WatchedPage
) -> None:
    page.page.goto(voila_server.render_url(WORKBOOK) + "?project=No%20such%20project")
    page.page.wait_for_function(f"() => ({drivers.READY})()", timeout=90_000)
    assert "There is no project 'No such project'" in page.page.inner_text(".pmw-friendly-message")
    assert page.page.locator(f"{drivers.EDITOR} .pmw-toolbar").count() == 0
    assert drivers.editable(page.page, drivers.PLAN_TABLE) is False
    with Store() as store:
        assert "No such project" not in {info.name for info in store.projects()}
    page.assert_clean()
