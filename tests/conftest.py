"""Fixtures every test shares."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sample_scripts import make_portfolio
from sqlalchemy import select

from pmwidgets import Calendar, CalendarException, Link, Plan, Task
from pmwidgets.store import Store
from pmwidgets.store.engine import DB_ENV, open_engine
from pmwidgets.store.schema import metadata

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_PROJECT = "Office move"
SAMPLE_PLAN = ROOT / "sample_data" / "office_move.json"


def _seed_sample_store(folder: Path) -> str:
    """The URL of a new SQLite store in ``folder`` holding the sample project, as ``make demo``
    seeds it."""
    url = f"sqlite:///{folder / 'pmwidgets.db'}"
    with Store(url) as store:
        store.load_or_import(SAMPLE_PROJECT, SAMPLE_PLAN)
    return url


def _store_rows(url: str) -> dict[str, set[tuple]]:
    """Every row of every table of the store at ``url``, by table, read without writing."""
    engine = open_engine(url, read_only=True)
    try:
        with engine.connect() as conn:
            return {t.name: set(conn.execute(select(t)).all()) for t in metadata.sorted_tables}
    finally:
        engine.dispose()


def _store_changes(before: dict[str, set[tuple]], after: dict[str, set[tuple]]) -> list[str]:
    """One line per row added to or removed from a table, naming projects rather than ids."""
    names = {row.id: row.name for row in before["projects"] | after["projects"]}
    lines = []
    for table in metadata.sorted_tables:
        for sign, rows in (
            ("+", after[table.name] - before[table.name]),
            ("-", before[table.name] - after[table.name]),
        ):
            for row in sorted(rows, key=str):
                fields = {k: v for k, v in row._asdict().items() if k != "document"}
                if "project_id" in fields:
                    fields = {"project": names.get(fields.pop("project_id")), **fields}
                shown = ", ".join(f"{k}={v}" for k, v in fields.items())
                lines.append(f"{sign} {table.name}: {shown}")
    return lines


def _fail_if_changed(url: str, seeded: dict[str, set[tuple]], holding: str) -> None:
    """Fail the session if a shared store no longer holds exactly what it was seeded with."""
    changes = _store_changes(seeded, _store_rows(url))
    if changes:
        pytest.fail(
            f"Tests wrote to a store shared by the session ({url}), which must stay as seeded "
            f"with {holding}; give the test that saves a store of its own "
            "(new_sample_store, or tmp_path). What changed:\n" + "\n".join(changes),
            pytrace=False,
        )


@pytest.fixture(scope="session", autouse=True)
def private_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Point the default store (and every kernel or server a test starts) at a fresh SQLite
    file holding the sample project, as ``make demo`` seeds it, so that no test reads or writes
    the developer's own projects.

    Every test shares it, and pages that list every project of the store (the portfolio, the
    capacity forecast) read it, so no test may write to it: a test that saves uses a store of
    its own (:func:`new_sample_store`, or one under ``tmp_path``). At the end of the session
    the store must hold exactly what it was seeded with, or the session fails naming what
    changed.
    """
    url = _seed_sample_store(tmp_path_factory.mktemp("store"))
    seeded = _store_rows(url)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DB_ENV, url)
        yield url
    _fail_if_changed(url, seeded, f"'{SAMPLE_PROJECT}' alone")


@pytest.fixture(scope="session")
def new_sample_store(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], str]:
    """Makes a fresh store holding the sample project, like :func:`private_store`'s, in a new
    temporary folder named after its argument, and gives its URL: for tests that save."""
    return lambda name: _seed_sample_store(tmp_path_factory.mktemp(name))


def sample_portfolio() -> list[tuple[Plan, str]]:
    """Alpha (active): Ana builds 15 days from 3 March (120 h), Tom tests 5 days (40 h).
    Beta (active): "Ana" again (half time in this plan) 5 days from 1 April at 0.5 (20 h).
    Gamma (pending): "Ana" 10 days from 17 March (80 h). Delta (closed): Dee 5 days."""
    alpha = Plan("Alpha", start=date(2025, 3, 3))
    alpha.add_task("Build", "15d")
    alpha.add_task("Test", "5d", predecessors="1")
    ana = alpha.add_resource("Ana", role="Developer")
    tom = alpha.add_resource("Tom", role="Tester")
    alpha.assign("1", ana.id, 1.0)
    alpha.assign("2", tom.id, 1.0)

    beta = Plan("Beta", start=date(2025, 4, 1))
    beta.add_task("Port", "5d")
    ana_b = beta.add_resource("Ana", role="Developer", max_units=0.5)
    beta.assign("1", ana_b.id, 0.5)

    gamma = Plan("Gamma", start=date(2025, 3, 17))
    gamma.add_task("Prototype", "10d")
    ana_g = gamma.add_resource("Ana", role="Developer")
    gamma.assign("1", ana_g.id, 1.0)

    delta = Plan("Delta", start=date(2025, 3, 3))
    delta.add_task("Old", "5d")
    dee = delta.add_resource("Dee", role="Developer")
    delta.assign("1", dee.id, 1.0)
    return [(alpha, "active"), (beta, "active"), (gamma, "pending"), (delta, "closed")]


@pytest.fixture(scope="session")
def kestrel_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a store seeded once with the sample PMO portfolio
    (``sample_data/make_portfolio.py``); tests read it and never write to it (the session
    fails, naming what changed, if one does)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('kestrel') / 'portfolio.db'}"
    with Store(url) as store:
        make_portfolio.seed(store)
    seeded = _store_rows(url)
    yield url
    _fail_if_changed(url, seeded, "the sample PMO portfolio")


@pytest.fixture
def portfolio() -> Callable[[], list[tuple[Plan, str]]]:
    """Builds a fresh four-project portfolio (see :func:`sample_portfolio`) at each call."""
    return sample_portfolio


@pytest.fixture
def portfolio_store(tmp_path: Path) -> Iterator[Store]:
    """A store holding the sample portfolio with its statuses."""
    with Store(f"sqlite:///{tmp_path / 'portfolio.db'}") as store:
        for plan, status in sample_portfolio():
            store.save(plan)
            store.set_status(plan.name, status)
        yield store


@pytest.fixture
def team_plan() -> Plan:
    """A week's plan for load and leveling tests: Ana (developer, off on Wednesday 5 March)
    on tasks 1 (Build, 5 d) and 2 (Review, 2 d, half time) in parallel; Ben (developer, half
    time) on task 3 (Fix, 2 d) after task 1; Cy (tester) on nothing."""
    plan = Plan("Load", start=date(2025, 3, 3))
    plan.add_task("Build", "5d")
    plan.add_task("Review", "2d")
    plan.add_task("Fix", "2d", predecessors="1")
    vacation = Calendar(exceptions=(CalendarException(date(2025, 3, 5), date(2025, 3, 5)),))
    ana = plan.add_resource("Ana", role="Developer", calendar=vacation)
    ben = plan.add_resource("Ben", role="Developer", max_units=0.5)
    plan.add_resource("Cy", role="Tester")
    plan.assign("1", ana.id, 1.0)
    plan.assign("2", ana.id, 0.5)
    plan.assign("3", ben.id, 0.5)
    return plan


#: Monday: the first day of :func:`ten_day_plan`'s baseline; its status date is that Friday.
TEN_DAY_START = date(2026, 3, 2)
TEN_DAY_STATUS = date(2026, 3, 6)


def ten_day_plan(spi: float = 1.0, cpi: float = 1.0) -> Plan:
    """Ten one-day tasks in series from Monday 2 March 2026, 1,000 EUR each, baselined (BAC
    10,000). By the status date, Friday 6 March (PV 5,000), the first tasks have earned
    5,000 x ``spi`` in order, at an actual cost of that / ``cpi``, all booked on task 1."""
    tasks = [Task(str(k), f"Day {k}", 1, fixed_cost=1000) for k in range(1, 11)]
    links = [Link(str(k), str(k + 1)) for k in range(1, 10)]
    plan = Plan("Ten days", start=TEN_DAY_START, tasks=tasks, links=links)
    plan.set_baseline()
    earned = left = 5000 * spi
    for task in plan.tasks:
        if left <= 0:
            break
        share = min(left / 1000, 1.0)
        left -= share * 1000
        cost = earned / cpi if task.id == "1" else 0
        plan.record_progress(task.id, percent_complete=100 * share, actual_cost=cost)
    plan.set_project(status_date=TEN_DAY_STATUS)
    return plan


@pytest.fixture
def earned_value_plan() -> Callable[..., Plan]:
    """Builds a fresh :func:`ten_day_plan` at each call (``spi``, ``cpi`` as keywords)."""
    return ten_day_plan
