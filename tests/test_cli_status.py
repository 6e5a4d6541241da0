"""``pmwidgets status`` and ``pmwidgets report`` (issue #7's command-line contracts)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from test_cli_store import run

from pmwidgets import Plan, Store
from pmwidgets.core.costs import task_costs
from pmwidgets.core.model import Task
from pmwidgets.core.rag import RagRules
from pmwidgets.core.status import FIGURE_KEYS, project_status
from pmwidgets.io import write_plan

PROJECT = "Office move"
SAMPLE_PLAN = Path(__file__).parents[1] / "sample_data" / "office_move.json"
XSS = "<img src=x onerror=alert(1)>"
TASK_3_ACTUAL = 20_000


def record_two_status_dates(url: str) -> None:
    """A costed baseline, progress as planned to 8 December, then a rename and progress to the
    15th with a large overspend on task 3, each saved as a version by a different person."""
    with Store(url) as store:
        plan = store.load(PROJECT)
        for task in plan.tasks:
            if not plan.is_summary(task.id):
                plan.set(task.id, "fixed_cost", 1000)
        plan.set_baseline()
        store.save(plan, author="olga", message="Baseline")
        plan = store.load(PROJECT)
        plan.update_as_planned("2026-12-08")
        store.save(plan, author="olga", message="Status 8 December")
        plan = store.load(PROJECT)
        plan.update("4", name=XSS)
        plan.update_as_planned("2026-12-15")
        plan.record_progress("3", actual_cost=TASK_3_ACTUAL)
        store.save(plan, author="ivan", message="Status 15 December")


@pytest.fixture
def reported(tmp_path: Path) -> str:
    """A store of its own (the session's shared store stays as seeded)."""
    url = f"sqlite:///{tmp_path / 'status.db'}"
    with Store(url) as store:
        store.load_or_import(PROJECT, SAMPLE_PLAN)
    record_two_status_dates(url)
    return url


def test_status_json_has_exactly_the_contract_keys_and_the_core_figures(reported: str) -> None:
    done = run("status", PROJECT, "--status-date", "2026-12-15", "--json", db=reported)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert list(figures) == [*FIGURE_KEYS, "rag"]
    with Store(reported) as store:
        plan = store.load(PROJECT)
    expected = project_status(plan, date(2026, 12, 15))
    assert figures["ac"] == pytest.approx(expected.value.ac, abs=1e-6)
    # Task 3 is done and cost far more than its budget; every other task spent as planned.
    budget = task_costs(plan).at["3", "cost"]
    assert plan.task("3").percent_complete == 100
    assert figures["cv"] == pytest.approx(budget - TASK_3_ACTUAL)
    assert figures["rag"] in ("green", "amber", "red")


def test_status_rating_follows_the_store_rules(reported: str) -> None:
    lenient = run("status", PROJECT, "--status-date", "2026-12-15", "--json", db=reported)
    assert json.loads(lenient.stdout)["rag"] == "red"  # the sample's risk R1 scores 16 ... and CPI
    with Store(reported) as store:
        store.set_rag_rules(
            RagRules(
                cpi_amber=0.1,
                cpi_red=0.05,
                overrun_amber=1,
                overrun_red=2,
                risk_score_amber=25,
                risk_score_red=25,
                spi_amber=0.1,
                spi_red=0.05,
                finish_slip_amber_days=100,
                finish_slip_red_days=200,
            )
        )
    relaxed = run("status", PROJECT, "--status-date", "2026-12-15", "--json", db=reported)
    assert json.loads(relaxed.stdout)["rag"] == "green"


def test_status_text_names_figures_and_reasons(reported: str) -> None:
    done = run("status", PROJECT, "--status-date", "2026-12-15", db=reported)
    assert done.returncode == 0, done.stderr
    assert "CPI" in done.stdout and "Cost performance index" in done.stdout
    assert "Cost: RED [R]" in done.stdout
    assert "overall" not in done.stderr


def test_status_of_a_file_before_anything_is_spent_gives_nulls(tmp_path: Path) -> None:
    plan = Plan("Fresh", start=date(2026, 3, 2), tasks=[Task("1", "Work", 5, fixed_cost=500)])
    plan.set_baseline()
    path = tmp_path / "fresh.json"
    write_plan(plan.state, path)
    done = run("status", str(path), "--status-date", "2026-02-27", "--json")
    figures = json.loads(done.stdout)
    assert figures["cpi"] is None and figures["spi"] is None and figures["pv"] == 0
    assert figures["rag"] == "green"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--status-date", "2026-13-01"), "'2026-13-01' is not a date"),
        (("--status-date", "2026-12-15", "--baseline", "4"), "no baseline 4"),
        ((), "no status date"),
    ],
)
def test_status_errors_are_one_clear_line(
    reported: str, args: tuple[str, ...], message: str
) -> None:
    with Store(reported) as store:
        plan = store.load(PROJECT)
        plan.set_project(status_date=None)
        store.save(plan, author="olga")
    done = run("status", PROJECT, *args, db=reported)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_report_writes_one_self_contained_file(reported: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    done = run("report", PROJECT, "--status-date", "2026-12-15", "--out", str(out), db=reported)
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html
    assert XSS not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Status 15 December" not in html  # messages are not changes; the rename is:
    assert "ivan" in html  # who made the changes since the 8 December report
    missing = run("report", "No such project", "--out", str(out), db=reported)
    assert missing.returncode == 2 and "No such project" in missing.stderr
