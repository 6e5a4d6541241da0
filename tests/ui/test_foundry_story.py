"""The issue's story in the browser: a manager builds Render, Stair & Hanna's General Foundry
network from an empty plan in the editor, sees the critical path A-C-E-G-H and a finish after
15 working days, saves, and finds the same plan on reopening the page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from pmwidgets import Plan
from pmwidgets.io import write_plan

from . import drivers
from .browser import ROOT, VoilaServer, WatchedPage, run_voila, workbook_copy

pytestmark = [pytest.mark.ui, pytest.mark.timeout(900)]

START = date(2025, 1, 6)  # a Monday
FINISH = "2025-01-24"  # the end of the 15th working day
# Activity, duration (days), predecessors: Render, Stair & Hanna, Quantitative Analysis for
# Management, General Foundry example (tests/data/textbook/pmcontrols-validation-cases.json).
NETWORK = (
    ("A", "2d", ""),
    ("B", "3d", ""),
    ("C", "2d", "1"),
    ("D", "4d", "2"),
    ("E", "4d", "3"),
    ("F", "3d", "3"),
    ("G", "5d", "4, 5"),
    ("H", "2d", "6, 7"),
)
CRITICAL = {"A", "C", "E", "G", "H"}


@pytest.fixture(scope="module")
def foundry_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    folder = tmp_path_factory.mktemp("foundry")
    seed = folder / "empty.json"
    write_plan(Plan("General Foundry", start=START).state, seed)
    workbook_copy(
        ROOT / "workbooks" / "templates" / "plan.ipynb",
        folder / "notebooks" / "plan_editor.ipynb",
        project="General Foundry",
        seed_file=str(seed),
        read_only=False,
    )
    with run_voila(folder / "notebooks", folder / "voila.log") as server:
        yield server


def _critical_names(page: WatchedPage) -> set[str]:
    return {
        drivers.cell(page.page, row, "Name")
        for row in range(len(NETWORK))
        if drivers.cell(page.page, row, "Critical") == "Critical"
    }


def test_a_manager_builds_the_general_foundry_network_saves_and_reopens_it(
    foundry_server: VoilaServer, page: WatchedPage
) -> None:
    url = foundry_server.render_url("plan_editor.ipynb")
    drivers.open_editor(page.page, url)
    for count in range(1, len(NETWORK) + 1):
        drivers.click_button(page.page, "add")
        drivers.wait_for_rows(page.page, count)
    for row, (name, duration, predecessors) in enumerate(NETWORK):
        for column, text in (("Name", name), ("Duration", duration)):
            drivers.type_into(page.page, row, column, text)
            drivers.wait_for_cell(page.page, row, column, text)
        if predecessors:
            drivers.type_into(page.page, row, "Predecessors", predecessors)
            drivers.wait_for_cell(page.page, row, "Predecessors", predecessors)

    drivers.wait_for_cell(page.page, len(NETWORK) - 1, "Finish", FINISH)
    assert _critical_names(page) == CRITICAL
    drivers.click_button(page.page, "save")
    page.page.wait_for_function(
        "() => document.querySelector('.pmw-plan-editor .pmw-message').innerText"
        ".includes('Saved as version 2')",
        timeout=20_000,
    )
    page.assert_clean()

    drivers.open_editor(page.page, url)  # a new kernel, reading the store
    drivers.wait_for_rows(page.page, len(NETWORK))
    assert drivers.cell(page.page, len(NETWORK) - 1, "Finish") == FINISH
    assert _critical_names(page) == CRITICAL
    assert drivers.cell(page.page, 6, "Predecessors") == "4, 5"
    page.assert_clean()
