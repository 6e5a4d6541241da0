"""A 2,000-task plan in the editor under Voila: it opens, scrolls to the end and takes an edit
there without freezing the page (no main-thread task of many seconds) or leaving that place."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from pmwidgets import Link, Plan, Task
from pmwidgets.io import write_plan
from pmwidgets.plotting.theme import ROW_HEIGHT

from . import drivers
from .browser import ROOT, VoilaServer, WatchedPage, run_voila, workbook_copy

pytestmark = [pytest.mark.ui, pytest.mark.timeout(900)]

PHASES, TASKS_PER_PHASE = 100, 19  # a summary and 19 linked tasks each: 2,000 rows
#: Main-thread tasks longer than these mean the page froze: while it opens (once, with its
#: 2,000 rows and bars to build), and afterwards while the user scrolls and types. Measured:
#: about 1.8 s and 0.8 s at most; a per-bar hatch pattern once made both about 4.5 s.
FROZEN_OPENING_MS = 3_000
FROZEN_EDITING_MS = 1_500
# The top row the Gantt chart shows (its y range runs from the bottom row down to the top).
CHART_TOP_ROW_JS = f"""() => Math.round(
    ({drivers.figure_js("bars")})().figure.model.y_range.end + 0.5)"""
TABLE_SCROLLER = f"{drivers.PLAN_TABLE.container} .pmw-cg-scroll"
TABLE_TOP_ROW_JS = f"""() => Math.floor(
    document.querySelector('{TABLE_SCROLLER}').scrollTop / {ROW_HEIGHT})"""
LONG_TASKS_JS = """(() => {
  window.__longTasks = [];
  new PerformanceObserver(list => window.__longTasks.push(
      ...list.getEntries().map(e => [e.startTime, e.duration]))
  ).observe({entryTypes: ['longtask']});
})();"""


def large_plan() -> Plan:
    """Phases (summaries) of linked tasks, each phase after the one before."""
    tasks: list[Task] = []
    links: list[Link] = []
    for phase in range(PHASES):
        tasks.append(Task(id=str(len(tasks) + 1), name=f"Phase {phase + 1}", outline_level=1))
        for step in range(TASKS_PER_PHASE):
            task_id = str(len(tasks) + 1)
            name = f"Phase {phase + 1} task {step + 1}"
            tasks.append(Task(id=task_id, name=name, duration=1 + step % 5, outline_level=2))
            if len(tasks) > 2:
                before = int(task_id) - (2 if step == 0 else 1)
                links.append(Link(predecessor=str(before), successor=task_id))
    return Plan("Large plan", start=date(2025, 1, 6), tasks=tasks, links=links)


@pytest.fixture(scope="module")
def large_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    folder = tmp_path_factory.mktemp("large")
    seed = folder / "large.json"
    write_plan(large_plan().state, seed)
    workbook_copy(
        ROOT / "workbooks" / "templates" / "plan.ipynb",
        folder / "notebooks" / "plan_editor.ipynb",
        project="Large plan",
        seed_file=str(seed),
        read_only=False,
    )
    with run_voila(folder / "notebooks", folder / "voila.log") as server:
        yield server


def test_a_2000_task_plan_opens_scrolls_and_takes_an_edit(
    large_server: VoilaServer, page: WatchedPage
) -> None:
    page.page.add_init_script(LONG_TASKS_JS)
    drivers.open_editor(page.page, large_server.render_url("plan_editor.ipynb"), 180_000)
    opened = page.page.evaluate("() => performance.now()")
    rows = PHASES * (TASKS_PER_PHASE + 1)
    assert drivers.cell(page.page, rows - 1, "Name") == f"   Phase {PHASES} task {TASKS_PER_PHASE}"

    plan = large_plan()
    last = plan.tasks[-1].id
    plan.set(last, "duration", "10d")
    expected = plan.schedule().to_frame()["finish"].iloc[-1].strftime(plan.settings.date_format)
    drivers.type_into(page.page, rows - 1, "Duration", "10d")
    drivers.wait_for_cell(page.page, rows - 1, "Finish", expected, timeout_ms=60_000)
    summary = rows - TASKS_PER_PHASE - 1
    drivers.wait_for_cell(page.page, summary, "Finish", expected, timeout_ms=60_000)
    # The table stays where the manager was, with the row still selected.
    assert drivers.row_in_view(page.page, rows - 1)
    assert drivers.selected_rows(page.page) == [rows - 1]
    # Scrolled (no row selected there), the table takes the chart's rows along.
    page.page.evaluate(drivers.SCROLL_JS, [drivers.PLAN_TABLE.container, rows // 2])
    table_top = page.page.evaluate(TABLE_TOP_ROW_JS)
    assert rows // 2 - 20 < table_top <= rows // 2
    drivers.wait_until(page.page, lambda: page.page.evaluate(CHART_TOP_ROW_JS), table_top)

    drivers.cell_point(page.page, 0, "Name")  # scroll back to the top
    long_tasks = page.page.evaluate("() => window.__longTasks")
    assert long_tasks is not None, "the long-task observer did not run"
    opening = [ms for start, ms in long_tasks if start < opened and ms > FROZEN_OPENING_MS]
    editing = [ms for start, ms in long_tasks if start >= opened and ms > FROZEN_EDITING_MS]
    assert not opening, f"the page froze for {opening} ms while opening"
    assert not editing, f"the page froze for {editing} ms while scrolling and editing"
    page.assert_clean()
