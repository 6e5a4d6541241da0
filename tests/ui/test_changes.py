"""The change-control workbook under Voila, in chromium: the change log, the comparison with the
baseline and the change-request register render; a task named like markup shows as text (no
element, no script); approving the selected request records the name typed in "Decided by".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Dialog

from pmwidgets.store import Store
from pmwidgets.widgets.change_requests import COLUMNS

from . import drivers
from .browser import ROOT, VoilaServer, WatchedPage, run_voila, workbook_copy

pytestmark = [pytest.mark.ui, pytest.mark.timeout(900)]

SAMPLE_PLAN = ROOT / "sample_data" / "office_move.json"
PROJECT = "Change control test"
HOSTILE = "<img src=x onerror=alert(1)>"
REGISTER = drivers.grid_of(".pmw-change-requests", COLUMNS)
READY = """() => document.querySelector('.pmw-change-log table')
    && document.querySelector('.pmw-plan-diff .pmw-diff-sentences li')
    && document.querySelector('.pmw-change-requests .pmw-cg-row')
    && window.jupyterapp && window.jupyterapp.widgetManager"""


@pytest.fixture(scope="module")
def changes_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    """The workbook on a project of three versions: the sample plan; a note on task 9 and a
    new baseline; task 7 renamed to markup, taking 5 days longer, with a change request."""
    with Store() as store:
        plan = store.load_or_import(PROJECT, SAMPLE_PLAN)
        plan.set("9", "notes", "Cabling by Netco")
        plan.set_baseline()
        store.save(plan, author="ana", message="Baseline")
        plan.update("7", name=HOSTILE, duration=plan.task("7").duration + 5)
        plan.raise_change("Later furniture order", tasks="7", raised_by="ben")
        store.save(plan, author="ben", message="Furniture later")
    folder = tmp_path_factory.mktemp("changes")
    workbook_copy(
        ROOT / "workbooks" / "templates" / "changes.ipynb",
        folder / "notebooks" / "changes.ipynb",
        project=PROJECT,
        seed_file=str(SAMPLE_PLAN),
        read_only=False,
    )
    with run_voila(folder / "notebooks", folder / "voila.log") as server:
        yield server


def test_log_diff_and_register_render_user_text_as_text_and_approve_records_who(
    changes_server: VoilaServer, page: WatchedPage
) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.page.on("dialog", on_dialog)
    page.page.goto(changes_server.render_url("changes.ipynb"))
    page.page.wait_for_function(READY, timeout=90_000)

    log = page.page.inner_text(".pmw-change-log")
    assert HOSTILE in log and "ben" in log and "ana" in log
    sentences = page.page.inner_text(".pmw-plan-diff .pmw-diff-sentences")
    assert f"Task 7 '{HOSTILE}'" in sentences
    assert "Change control test, baseline to version 3:" in page.page.inner_text(".pmw-plan-diff")
    assert page.page.locator(".pmw-change-log img, .pmw-plan-diff img").count() == 0

    assert drivers.column_cells(page.page, "ID", REGISTER) == ["CR1"]
    x, y = drivers.cell_point(page.page, 0, "Title", REGISTER)
    page.page.mouse.click(x, y)
    drivers.wait_until(page.page, lambda: drivers.selected_rows(page.page, REGISTER), [0])
    drivers.cell_locator(page.page, 0, "Title", REGISTER).dblclick()  # proposed: editable
    page.page.locator(f"{REGISTER.container} {drivers.CELL_EDITOR}").press("Escape")
    page.page.locator(".pmw-decided-by input").fill("Sponsor")
    page.page.locator(".pmw-change-requests .pmw-button-approve").click()
    decision = ("Status", "Decided by", "Decided")
    today = date.today().isoformat()
    drivers.wait_until(
        page.page,
        lambda: (
            [drivers.cell(page.page, 0, column, REGISTER) for column in decision]
            + [page.page.inner_text(".pmw-change-requests .pmw-message")]
        ),
        ["approved", "Sponsor", today, f"Change request CR1 approved by Sponsor on {today}."],
    )
    # Decided: the row is greyed and its cells open no editor.
    page.page.wait_for_selector(f'{REGISTER.container} .pmw-cg-row[data-row="0"].pmw-cg-locked')
    drivers.cell_locator(page.page, 0, "Title", REGISTER).dblclick()
    assert page.page.locator(f"{REGISTER.container} {drivers.CELL_EDITOR}").count() == 0
    assert dialogs == []
    page.assert_clean()
