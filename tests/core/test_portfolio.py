"""The portfolio roll-up over the sample PMO portfolio: one line per project, figures where
there is something to measure, a reason where there is not, sandboxes left out."""

from __future__ import annotations

import pytest

from pmwidgets import Store
from pmwidgets.core.onboarding import SANDBOX_PREFIX, is_sandbox
from pmwidgets.core.portfolio import PORTFOLIO_COLUMNS, filter_lines, portfolio, portfolio_frame
from pmwidgets.core.rag import RagRules
from pmwidgets.core.status import project_status


@pytest.fixture(scope="module")
def lines(kestrel_db: str) -> list:
    with Store(kestrel_db, read_only=True) as store:
        return portfolio(store)


def test_every_project_has_a_line_with_its_store_status(kestrel_db: str, lines: list) -> None:
    with Store(kestrel_db, read_only=True) as store:
        expected = {p.name: p.status for p in store.projects()}
    assert {line.project: line.status for line in lines} == expected


def test_figures_match_the_project_status_of_each_plan(kestrel_db: str, lines: list) -> None:
    with Store(kestrel_db, read_only=True) as store:
        for line in lines:
            if line.status == "pending":
                assert line.rag is None and line.spi is None
                assert "Pending approval" in line.note
                continue
            status = project_status(store.load(line.project))
            assert line.spi == status.value.spi and line.cpi == status.value.cpi
            assert line.eac == pytest.approx(status.eac_bottom_up)
            assert line.rag in ("green", "amber", "red") and line.note == ""


def test_ratings_tell_the_late_and_the_over_budget_apart(lines: list) -> None:
    by_name = {line.project: line for line in lines}
    assert by_name["CRM migration"].ratings["schedule"] == "red"
    assert by_name["Data warehouse"].ratings["cost"] == "red"
    assert by_name["Claims portal"].rag == "green"
    assert by_name["Claims portal"].next_milestones  # open milestones, soonest first
    dates = [m.finish for m in by_name["CRM migration"].next_milestones]
    assert dates == sorted(dates)


def test_lenient_rules_turn_every_measured_project_green(kestrel_db: str) -> None:
    lenient = RagRules(
        spi_amber=0.1, spi_red=0.05, cpi_amber=0.1, cpi_red=0.05,
        finish_slip_amber_days=999, finish_slip_red_days=999, overrun_amber=9, overrun_red=9,
        risk_score_amber=26, risk_score_red=26, scope_change_amber=9, scope_change_red=9,
        pending_changes_amber=99,
    )  # fmt: skip
    with Store(kestrel_db, read_only=True) as store:
        measured = [line for line in portfolio(store, rules=lenient) if line.rag]
    assert measured and all(line.rag == "green" for line in measured)


def test_filters_frame_and_sandboxes(lines: list) -> None:
    active = filter_lines(lines, status="active")
    assert active and all(line.status == "active" for line in active)
    red = filter_lines(lines, status="active", rag="red")
    assert {line.project for line in red} <= {line.project for line in active}
    frame = portfolio_frame(lines)
    assert list(frame.columns) == PORTFOLIO_COLUMNS and len(frame) == len(lines)
    assert is_sandbox(f"{SANDBOX_PREFIX}ana - Office move") and not is_sandbox("Office move")


def test_a_sandbox_is_not_in_the_portfolio(tmp_path) -> None:  # noqa: ANN001
    from pmwidgets.io import read_plan

    url = f"sqlite:///{tmp_path / 'p.db'}"
    sample = read_plan("sample_data/office_move.json")
    with Store(url) as store:
        store.save(sample)
        sandbox = read_plan("sample_data/office_move.json")
        sandbox.set_project(name=f"{SANDBOX_PREFIX}ana - Office move")
        store.save(sandbox)
        assert [line.project for line in portfolio(store)] == ["Office move"]
