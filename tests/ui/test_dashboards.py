"""The stakeholder dashboards under Voila, in chromium, over the sample PMO portfolio: they
render with no JavaScript error (a screenshot of each is kept in the test's folder), a hostile
task name shows as text with no script run, and a visitor who changes every synced widget
value over the websocket changes nothing in the store (while the same tampering on an editing
page does, which shows the check can see a write)."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from pmwidgets import Store
from pmwidgets.io import read_plan
from pmwidgets.io.plan_json import state_to_dict

from .browser import ROOT, VoilaServer, WatchedPage, run_voila

pytestmark = [pytest.mark.ui, pytest.mark.timeout(900)]

XSS = "<img src=x onerror=alert(1)>"
HOSTILE = f"Hostile {XSS}"
RENDERED = """() => window.jupyterapp && window.jupyterapp.widgetManager && document.querySelector(
    '.pmw-portfolio table, .pmw-project-summary, .pmw-project-dashboard, .pmw-friendly-message')"""
CHART_DRAWN = """() => document.querySelector('.pmw-project-dashboard .bk-Figure')"""

# Every widget model in the page: set each synced value a visitor could set (text, numbers,
# booleans, choices) to something else, re-enable disabled widgets, type and paste into every
# table, and click every button; returns how many changes were sent.
TAMPER_JS = """async () => {
  const manager = window.jupyterapp.widgetManager;
  const models = await Promise.all(Object.values(manager._models));
  let sent = 0;
  for (const model of models) {
    const state = model.get_state();
    for (const [key, value] of Object.entries(state)) {
      if (key.startsWith('_') || key === 'layout' || key === 'style') continue;
      const changed = typeof value === 'string' ? value + ' tampered'
        : typeof value === 'boolean' ? !value
        : typeof value === 'number' ? value + 1 : undefined;
      if (changed === undefined) continue;
      try { model.set(key, changed); } catch (error) { /* a view may choke; the kernel is told */ }
      sent += 1;
    }
    if ('disabled' in state) model.set('disabled', false);
    try { model.save_changes(); } catch (error) { /* as above */ }
    if (state.table && state.columns) {  // a table (CellGrid): type into it, paste into it
      const [key, column] = [state.table.keys[0], state.columns[2] && state.columns[2].name];
      model.send({type: 'edit', key, column, value: 'tampered'});
      model.send({type: 'paste', key, column, value: 'tampered\\ttampered\\ntampered'});
      sent += 2;
    }
  }
  for (const button of document.querySelectorAll('button')) { button.click(); sent += 1; }
  return sent;
}"""


def snapshot(url: str) -> dict[str, object]:
    """Everything the store holds that a visitor could try to change."""
    with Store(url, read_only=True) as store:
        return {
            "projects": [(p.name, p.status, p.version) for p in store.projects()],
            "documents": {
                p.name: json.dumps(state_to_dict(store.load_state(p.name)), sort_keys=True)
                for p in store.projects()
            },
            "rules": store.rag_rules(),
            "risk_scale": store.risk_scale(),
        }


@pytest.fixture(scope="module")
def dashboard_db(kestrel_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A copy of the sample portfolio plus a project whose names try to inject HTML."""
    folder = tmp_path_factory.mktemp("dashboards")
    copy = folder / "dashboards.db"
    shutil.copy(kestrel_db.removeprefix("sqlite:///"), copy)
    url = f"sqlite:///{copy}"
    plan = read_plan(ROOT / "sample_data" / "office_move.json")
    plan.set_project(name=HOSTILE)
    plan.update("2", name=XSS)
    plan.add_risk(XSS, probability=5, impact_cost=5)
    plan.update_as_planned("2026-12-15")
    with Store(url) as store:
        store.save(plan, author=XSS)
    return url


@pytest.fixture(scope="module")
def dashboard_server(
    dashboard_db: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[VoilaServer]:
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PMWIDGETS_DB", dashboard_db)
        with run_voila(ROOT / "workbooks" / "dashboards", log) as server:
            yield server


def _open(page: WatchedPage, server: VoilaServer, path: str) -> list[str]:
    dialogs: list[str] = []
    page.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.page.goto(server.render_url(path))
    page.page.wait_for_function(RENDERED, timeout=90_000)
    return dialogs


def test_the_portfolio_renders_every_project(
    dashboard_server: VoilaServer, dashboard_db: str, page: WatchedPage, tmp_path: Path
) -> None:
    dialogs = _open(page, dashboard_server, "portfolio.ipynb")
    table = page.page.inner_text(".pmw-portfolio table")
    for name, _status, _version in snapshot(dashboard_db)["projects"]:
        assert name in table
    assert page.page.locator(".pmw-portfolio .pmw-rag-red").count() >= 1
    assert "R · Red" in page.page.inner_text(".pmw-portfolio .pmw-rag-red >> nth=0")
    assert page.page.locator(".jp-InputArea-editor").count() == 0  # no code shown
    page.page.screenshot(path=tmp_path / "portfolio.png", full_page=True)
    assert dialogs == [] and page.page.locator("img[src='x']").count() == 0
    page.assert_clean()


def test_a_project_page_opens_from_the_query_string(
    dashboard_server: VoilaServer, page: WatchedPage, tmp_path: Path
) -> None:
    _open(page, dashboard_server, "project_status.ipynb?project=" + quote("CRM migration"))
    header = page.page.inner_text(".pmw-project-summary h1")
    assert "CRM migration" in header and "Red" in header
    assert page.page.locator(".pmw-project-summary .card").count() == 7
    assert page.page.locator(".pmw-project-summary svg polyline").count() == 1
    page.page.screenshot(path=tmp_path / "project_status.png", full_page=True)
    link = page.page.get_attribute(".pmw-schedule-link", "href")
    assert link == "project_schedule.ipynb?project=CRM%20migration"
    page.page.goto(dashboard_server.render_url(link))
    page.page.wait_for_function(CHART_DRAWN, timeout=90_000)
    assert "CRM migration" in page.page.inner_text(".pmw-project-dashboard h2")
    page.page.screenshot(path=tmp_path / "project_schedule.png", full_page=True)
    page.assert_clean()


def test_an_unknown_project_gets_a_sentence_not_a_traceback(
    dashboard_server: VoilaServer, page: WatchedPage
) -> None:
    _open(page, dashboard_server, "project_status.ipynb?project=Nothing%20here")
    text = page.page.inner_text(".pmw-friendly-message")
    assert "There is no project 'Nothing here'" in text
    assert "Traceback" not in page.page.content()
    page.assert_clean()


def test_hostile_names_show_as_text_and_run_nothing(
    dashboard_server: VoilaServer, page: WatchedPage
) -> None:
    dialogs = _open(page, dashboard_server, "project_status.ipynb?project=" + quote(HOSTILE))
    assert XSS in page.page.inner_text(".pmw-project-summary h1")
    assert XSS in page.page.inner_text(".pmw-project-summary")
    page.page.goto(dashboard_server.render_url("project_schedule.ipynb?project=" + quote(HOSTILE)))
    page.page.wait_for_function(CHART_DRAWN, timeout=90_000)
    assert XSS in page.page.inner_text(".pmw-project-dashboard .pmw-top-risks")
    gantt_names = page.page.evaluate(
        """() => Object.values(window.Bokeh.index).flatMap(v => v.model.renderers || [])
              .map(r => r.data_source && r.data_source.data.name).filter(Boolean).flat()"""
    )
    assert XSS in gantt_names  # in the chart's data, shown by escaping hover tooltips
    page.page.mouse.move(10, 10)
    assert dialogs == [] and page.page.locator("img[src='x']").count() == 0
    page.assert_clean()


@pytest.mark.parametrize(
    ("path", "widgets"),
    [
        ("portfolio.ipynb", True),
        ("project_status.ipynb?project=" + quote("Payroll upgrade"), False),  # plain HTML
        ("project_schedule.ipynb?project=" + quote("Payroll upgrade"), True),
    ],
)
def test_tampering_over_the_websocket_changes_nothing_in_the_store(
    dashboard_server: VoilaServer, dashboard_db: str, page: WatchedPage, path: str, widgets: bool
) -> None:
    before = snapshot(dashboard_db)
    _open(page, dashboard_server, path)
    sent = page.page.evaluate(TAMPER_JS)
    assert sent > 10 if widgets else sent == 0
    page.page.wait_for_timeout(3_000)  # let the kernel run every observer it was sent
    assert snapshot(dashboard_db) == before


@pytest.fixture(scope="module")
def editing_db(dashboard_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A copy of the dashboards' store for an editing page to write to."""
    copy = tmp_path_factory.mktemp("editing") / "editing.db"
    shutil.copy(dashboard_db.removeprefix("sqlite:///"), copy)
    return f"sqlite:///{copy}"


def test_the_same_tampering_on_a_page_that_can_save_is_seen_in_the_store(
    editing_db: str, page: WatchedPage, tmp_path: Path
) -> None:
    """The positive control of the test above: its tampering and snapshot see a write."""
    before = snapshot(editing_db)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PMWIDGETS_DB", editing_db)
        with run_voila(ROOT / "workbooks", tmp_path / "voila.log") as server:
            page.page.goto(
                server.render_url("templates/plan.ipynb") + "?project=" + quote("Payroll upgrade")
            )
            page.page.wait_for_function(
                "() => window.jupyterapp && document.querySelector('.pmw-plan-editor .pmw-cg')",
                timeout=90_000,
            )
            assert page.page.evaluate(TAMPER_JS) > 10
            deadline = time.monotonic() + 30
            while snapshot(editing_db) == before:
                assert time.monotonic() < deadline, "tampering an editing page saved nothing"
                page.page.wait_for_timeout(250)
