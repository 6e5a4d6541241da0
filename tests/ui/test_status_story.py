"""Issue #8's story, end to end in the browser, served as ``make demo`` serves it (the whole
``workbooks/`` folder, dashboards from Voila's warmed-up kernels): a manager lengthens a
critical task in ``templates/plan.ipynb`` and saves; the stakeholder's
``dashboards/project_status.ipynb`` then shows the new forecast finish."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from pmwidgets import Store
from pmwidgets.io import read_plan

from . import drivers
from .browser import ROOT, VoilaServer, WatchedPage, run_voila

pytestmark = [pytest.mark.ui, pytest.mark.timeout(900)]

PROJECT = "Story move"
STATUS_DATE = "2026-12-08"
HEADER = ".pmw-project-summary h1"


@pytest.fixture(scope="module")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample project under its own name, baselined, with progress to a status date."""
    url = f"sqlite:///{tmp_path_factory.mktemp('story') / 'story.db'}"
    plan = read_plan(ROOT / "sample_data" / "office_move.json")
    plan.set_project(name=PROJECT)
    plan.update_as_planned(STATUS_DATE)
    with Store(url) as store:
        store.save(plan, author="olga", message="Status 8 December")
    return url


@pytest.fixture(scope="module")
def demo_server(story_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PMWIDGETS_DB", story_db)
        with run_voila(ROOT / "workbooks", log) as server:
            yield server


def _forecast_finish(page: WatchedPage, server: VoilaServer) -> str:
    page.page.goto(server.render_url(f"dashboards/project_status.ipynb?project={quote(PROJECT)}"))
    page.page.wait_for_selector(f"{HEADER} .pmw-rag", timeout=90_000)
    text = page.page.inner_text(".pmw-project-summary p.meta")
    return text.split("forecast finish ")[1].split(" ")[0]


def test_a_saved_change_reaches_the_stakeholders_page(
    demo_server: VoilaServer, story_db: str, page: WatchedPage, tmp_path: Path
) -> None:
    with Store(story_db, read_only=True) as store:
        plan = store.load(PROJECT)
    before = plan.schedule().finish.isoformat()
    assert _forecast_finish(page, demo_server) == before

    frame = plan.schedule().to_frame()
    work = frame[frame["critical"] & ~frame["summary"] & ~frame["milestone"]]
    task = work[[plan.task(t).percent_complete == 0 for t in work["id"]]].iloc[0]
    row = int(frame.index[frame["id"] == task["id"]][0])
    drivers.open_editor(
        page.page, demo_server.render_url(f"templates/plan.ipynb?project={quote(PROJECT)}")
    )
    drivers.type_into(page.page, row, "Duration", f"{task['duration_days'] + 5:g}d")
    plan.set(task["id"], "duration", task["duration_days"] + 5)
    after = plan.schedule().finish.isoformat()
    assert after != before
    drivers.wait_until(page.page, lambda: drivers.cell(page.page, row, "Finish") != "", True)
    drivers.click_button(page.page, "save")

    def latest_finish() -> str:
        with Store(story_db, read_only=True) as store:
            return store.load(PROJECT).schedule().finish.isoformat()

    drivers.wait_until(page.page, latest_finish, after, timeout_ms=30_000)
    assert _forecast_finish(page, demo_server) == after
    page.page.screenshot(path=tmp_path / "project_status_after.png", full_page=True)
    page.assert_clean()
