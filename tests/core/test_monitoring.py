"""Monitoring on a plan: costs, baselines and variances, progress, earned value and RAG.

The earned-value pipeline (costs -> baseline -> time-phased PV -> progress -> figures) is
checked against the textbook cases of tests/data/textbook/pmcontrols-validation-cases.json by
building, for each case, a plan whose baseline curve is the case's PV curve (one working day a
period) and recording progress that earns the case's EV at its AC.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmwidgets import Plan, PlanError
from pmwidgets.core.baselines import baseline_variance, slipped
from pmwidgets.core.costs import budget_at_completion, task_costs
from pmwidgets.core.model import Assignment, Link, Resource, Task
from pmwidgets.core.rag import RagRules, rate, rules_from_dict, rules_to_dict
from pmwidgets.core.status import FIGURE_KEYS, project_status

CASES = json.loads(
    (Path(__file__).parents[1] / "data/textbook/pmcontrols-validation-cases.json").read_text()
)["cases"]
MEASURED = [case for case in CASES if case["method"] in ("evm", "earned_schedule")]
OUR_NAMES = {"eac_typical": "eac_atypical"}
MONDAY = date(2026, 3, 2)


def working_day(number: int) -> date:
    """The ``number``-th working day (1-based) of a Monday-to-Friday week from MONDAY."""
    return np.busday_offset(np.datetime64(MONDAY), number - 1, roll="forward").astype(date)


def plan_for_curve(pv: list[float]) -> Plan:
    """One-day tasks in series, each costing one period's planned value, baselined."""
    tasks = [
        Task(str(k), f"Period {k}", 1, fixed_cost=pv[k] - pv[k - 1]) for k in range(1, len(pv))
    ]
    links = [Link(str(k), str(k + 1)) for k in range(1, len(pv) - 1)]
    plan = Plan("Textbook", start=MONDAY, tasks=tasks, links=links)
    plan.set_baseline()
    return plan


def earn(plan: Plan, ev: float, ac: float) -> None:
    """Complete tasks in order until ``ev`` is earned; all of ``ac`` is booked on the first."""
    left = ev
    for number, task in enumerate(plan.tasks):
        if left <= 0:
            break
        share = min(left / task.fixed_cost, 1.0)
        left -= share * task.fixed_cost
        plan.record_progress(
            task.id, percent_complete=100 * share, actual_cost=ac if number == 0 else 0
        )


@pytest.mark.parametrize("case", MEASURED, ids=[case["id"] for case in MEASURED])
def test_the_plan_pipeline_matches_the_textbook(case: dict) -> None:
    given_ = case["inputs"]
    assert given_["periods"] == list(range(len(given_["pv"])))
    plan = plan_for_curve(given_["pv"])
    at = given_.get("at", len(given_["pv"]) - 1)
    earn(plan, given_["ev"], given_.get("ac", given_["ev"]))
    status = project_status(plan, working_day(at))
    assert case["expected"], "a case without expectations tests nothing"
    for name, expected in case["expected"].items():
        value = getattr(status.value, OUR_NAMES.get(name, name))
        assert value == pytest.approx(expected, abs=case["tol"], rel=case["tol"]), name


def test_the_status_figures_carry_exactly_the_contract_keys() -> None:
    plan = plan_for_curve([0, 50, 100])
    earn(plan, 50, 60)
    figures = project_status(plan, working_day(1)).figures()
    assert tuple(figures) == FIGURE_KEYS
    assert figures["cv"] == -10 and figures["spi"] == 1


# -- costs ---------------------------------------------------------------------------------


@pytest.fixture
def costed() -> Plan:
    """A summary over two tasks: 3 days with Ana (50/h, 20 per use) and 2 days of fixed cost."""
    plan = Plan(
        "Costed",
        start=MONDAY,
        tasks=[
            Task("1", "Build", outline_level=1, fixed_cost=100),
            Task("2", "Walls", 3, outline_level=2, fixed_cost=10),
            Task("3", "Paint", 2, outline_level=2, fixed_cost=500),
        ],
        links=[Link("2", "3")],
        resources=[Resource("ana", "Ana", standard_rate=50, cost_per_use=20)],
        assignments=[Assignment("2", "ana", units=0.5)],
    )
    return plan


def test_task_cost_is_fixed_plus_rate_times_work_plus_cost_per_use(costed: Plan) -> None:
    costs = task_costs(costed)
    assert costs.at["2", "work_hours"] == 0.5 * 3 * 8
    assert costs.at["2", "cost"] == 10 + 50 * 12 + 20
    assert costs.at["3", "cost"] == 500
    assert costs.at["1", "cost"] == 100 + 630 + 500
    assert budget_at_completion(costed) == 1230


def test_a_baseline_keeps_work_and_cost_and_only_numbers_0_to_10(costed: Plan) -> None:
    costed.set_baseline(3)
    record = next(b for b in costed.state.baselines if b.task == "2" and b.number == 3)
    assert (record.work, record.cost) == (12, 630)
    with pytest.raises(PlanError, match="0 to 10"):
        costed.set_baseline(11)


# -- baselines -----------------------------------------------------------------------------


def test_variances_are_in_working_days_and_slips_are_listed(costed: Plan) -> None:
    costed.set_baseline()
    costed.update("3", duration=3, fixed_cost=600)  # Paint now ends on Monday, not Friday
    costed.add_task("Handover", duration=0)
    variance = baseline_variance(costed).set_index("id")
    assert variance.at["3", "finish_variance_days"] == 1
    assert variance.at["3", "start_variance_days"] == 0
    assert variance.at["3", "cost_variance"] == 100
    assert variance.at["3", "duration_variance_days"] == 1
    assert variance.loc[costed.tasks[-1].id].isna()["baseline_finish"]
    late = slipped(costed)
    assert list(late["id"]) == ["3"]
    with pytest.raises(PlanError, match="no baseline 2"):
        baseline_variance(costed, 2)


# -- progress ------------------------------------------------------------------------------


def test_update_as_planned_marks_scheduled_work_done_in_one_step(costed: Plan) -> None:
    costed.record_progress("3", percent_complete=10)
    changed = costed.update_as_planned("2026-03-03")  # Tuesday: 2 of Walls' 3 days
    assert changed == ["2"]
    walls, paint = costed.task("2"), costed.task("3")
    assert walls.percent_complete == pytest.approx(66.7)
    assert walls.actual_start == datetime(2026, 3, 2, 8) and walls.actual_finish is None
    assert paint.percent_complete == 10  # ahead of plan: never lowered
    assert costed.status_date == datetime(2026, 3, 3)
    costed.update_as_planned("2026-03-06")
    assert costed.task("2").percent_complete == 100
    assert costed.task("2").actual_finish == datetime(2026, 3, 4, 17)
    costed.undo()
    costed.undo()
    assert costed.task("2").percent_complete == 0 and costed.status_date is None


def test_a_remaining_duration_keeps_the_work_done(costed: Plan) -> None:
    costed.update("2", duration=10)
    costed.record_progress("2", percent_complete=40, remaining_duration="8d")
    task = costed.task("2")
    assert task.duration == 12 and task.percent_complete == pytest.approx(33.3)
    before = costed.state
    with pytest.raises(PlanError) as caught:
        costed.record_progress("2", remaining_duration="soon")
    assert (caught.value.task, caught.value.field) == ("2", "remaining_duration")
    assert costed.state is before


# -- earned value on a plan ----------------------------------------------------------------


def test_physical_progress_earns_instead_of_duration_progress(costed: Plan) -> None:
    costed.set_baseline()
    costed.record_progress("3", percent_complete=50, physical_percent_complete=20)
    by_duration = project_status(costed, date(2026, 3, 6))
    physically = project_status(costed, date(2026, 3, 6), method="physical")
    # Paint earns 30% of 500 less; the summary's own 100 is earned at its subtree's share.
    assert by_duration.value.ev - physically.value.ev == pytest.approx(150 * (1 + 100 / 1130))
    assert physically.value.ac == by_duration.value.ac


def test_bottom_up_estimate_and_task_rows_roll_up(costed: Plan) -> None:
    costed.set_baseline()
    costed.record_progress("2", percent_complete=100, actual_cost=700)
    costed.update("3", fixed_cost=800)
    status = project_status(costed, date(2026, 3, 4))
    assert status.eac_bottom_up == pytest.approx(100 + 700 + 800)
    rows = status.tasks.set_index("id")
    # The summary's own fixed cost (100) is spent as its subtree is earned (630 of 1,130).
    assert rows.at["1", "bac"] == 1230
    assert rows.at["1", "ac"] == pytest.approx(700 + 100 * 630 / 1130)
    assert rows.at["2", "cpi"] == pytest.approx(630 / 700)
    assert rows.at["3", "cpi"] is None  # nothing spent: no ratio, not infinity


def test_before_anything_is_planned_ratios_are_empty_not_errors(costed: Plan) -> None:
    costed.set_baseline()
    status = project_status(costed, date(2026, 2, 27))
    assert status.value.pv == 0 and status.value.ac == 0
    assert status.value.spi is None and status.value.cpi is None and status.value.spi_t is None
    assert status.figures()["eac_cpi"] is None


def test_status_needs_a_date_a_baseline_and_a_budget(costed: Plan) -> None:
    with pytest.raises(PlanError, match="no status date"):
        project_status(costed)
    with pytest.raises(PlanError, match="no baseline 0"):
        project_status(costed, date(2026, 3, 4))
    free = Plan("Free", start=MONDAY, tasks=[Task("1", "Think", 2)])
    free.set_baseline()
    with pytest.raises(PlanError, match="plans no cost"):
        project_status(free, date(2026, 3, 4))
    with pytest.raises(PlanError, match="method"):
        project_status(costed, date(2026, 3, 4), method="vibes")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 6), st.integers(0, 1000), st.integers(0, 100)),
        min_size=1,
        max_size=6,
    ),
    st.integers(-3, 40),
)
def test_earned_value_stays_within_the_budget(
    tasks: list[tuple[int, int, int]], day_number: int
) -> None:
    plan = Plan(
        "Random",
        start=MONDAY,
        tasks=[Task(str(i), "", d, fixed_cost=c + 1) for i, (d, c, _) in enumerate(tasks)],
        links=[Link(str(i), str(i + 1)) for i in range(len(tasks) - 1)],
    )
    plan.set_baseline()
    for i, (_, _, done) in enumerate(tasks):
        plan.record_progress(str(i), percent_complete=done)
    when = (np.datetime64(MONDAY) + day_number).astype(date)
    status = project_status(plan, when)
    bac = sum(c + 1 for _, c, _ in tasks)
    assert status.value.bac == pytest.approx(bac)
    assert 0 <= status.value.ev <= bac + 1e-9
    assert 0 <= status.value.pv <= bac + 1e-9
    later = project_status(plan, (np.datetime64(when) + 1).astype(date))
    assert later.value.pv >= status.value.pv - 1e-9
    assert np.all(np.diff(status.curve["pv"].to_numpy()) >= -1e-9)


# -- RAG -----------------------------------------------------------------------------------


def spi_plan(spi: float) -> Plan:
    """Ten days of 1,000 a day; at day 5 the work earned is ``spi`` x planned, at cost."""
    plan = plan_for_curve([1000.0 * k for k in range(11)])
    earn(plan, 5000 * spi, 5000 * spi)
    return plan


@pytest.mark.parametrize(("spi", "level"), [(1.0, "green"), (0.92, "amber"), (0.8, "red")])
def test_schedule_rating_follows_the_spi_rule(spi: float, level: str) -> None:
    plan = spi_plan(spi)
    report = rate(project_status(plan, working_day(5)), plan)
    rating = report.rating("schedule")
    assert rating.level == level
    assert any(f"SPI {spi:.2f}" in reason for reason in rating.reasons)
    assert report.rating("cost").level == "green"


def test_a_pmo_rule_changes_the_rating_and_round_trips() -> None:
    plan = spi_plan(0.92)
    strict = RagRules(spi_amber=0.99, spi_red=0.95)
    assert rate(project_status(plan, working_day(5)), plan, strict).overall == "red"
    assert rules_from_dict(rules_to_dict(strict)) == strict
    with pytest.raises(PlanError, match="SPI red limit"):
        RagRules(spi_red=0.99, spi_amber=0.9)
    with pytest.raises(PlanError, match="unknown setting"):
        rules_from_dict({"spi_purple": 1})


def test_scope_and_risk_ratings_give_their_reasons() -> None:
    plan = spi_plan(1.0)
    plan.add_risk("Supplier fails", probability=5, impact_cost=4)
    for title in ("More rooms", "Blinds", "Parking"):
        plan.raise_change(title)
    report = rate(project_status(plan, working_day(5)), plan)
    assert report.rating("risk").level == "red"
    assert "R1 'Supplier fails' scoring 20" in report.rating("risk").reasons[0]
    assert report.rating("scope").level == "amber"
    assert "3 change requests await a decision" in report.rating("scope").reasons[1]
    assert report.overall == "red"
    assert report.to_dict()["risk"]["level"] == "red"


def test_rag_rules_live_in_the_store(tmp_path: Path) -> None:
    from pmwidgets.store import Store

    url = f"sqlite:///{tmp_path / 'rules.db'}"
    with Store(url) as store:
        assert store.rag_rules() == RagRules()
        store.set_rag_rules(RagRules(cpi_amber=0.97), author="pmo")
        assert store.rag_rules().cpi_amber == 0.97
    with Store(url, read_only=True) as store:
        with pytest.raises(PlanError, match="read-only"):
            store.set_rag_rules(RagRules())
