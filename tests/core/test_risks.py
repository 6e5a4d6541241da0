"""Risks: scoring and banding on a scale, validation that changes nothing, and a register that
lives in the plan (undo, task links, plan files, merges)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmwidgets import Plan, PlanError
from pmwidgets.core.merge import merge_states
from pmwidgets.core.risks import Risk, RiskBand, RiskKind, RiskScale, summarize
from pmwidgets.io import read_plan, write_plan


@pytest.fixture
def plan() -> Plan:
    plan = Plan("Warehouse", start=date(2025, 3, 3))
    plan.add_task("Foundations", 10)
    plan.add_task("Steel frame", 15, predecessors="1")
    plan.add_risk(
        "Steel delivered late",
        probability=4,
        impact_schedule=4,
        impact_cost=2,
        tasks="2",
        owner="Ana",
        cost_impact="12,000",
    )
    plan.add_risk("Ground water", probability="2", impact_cost="5", category="external")
    plan.add_risk(
        "Early permit", kind="opportunity", probability=3, impact_schedule=2, strategy="exploit"
    )
    return plan


def test_the_score_is_probability_times_the_highest_impact(plan: Plan) -> None:
    steel, water, permit = plan.risks
    assert (steel.impact, steel.score) == (4, 16)
    assert (water.impact, water.score) == (5, 10)
    assert (permit.impact, permit.score) == (2, 6)
    assert [r.id for r in plan.risks] == ["R1", "R2", "R3"]
    assert steel.cost_impact == 12_000 and steel.tasks == ("2",)


def test_bands_follow_the_scale_including_a_custom_one(plan: Plan) -> None:
    scale = plan.risk_scale
    assert [scale.band(r.score).name for r in plan.risks] == ["High", "Medium", "Medium"]
    strict = RiskScale(
        bands=(RiskBand("Tolerable", 1, "#56B4E9"), RiskBand("Intolerable", 6, "#D55E00")),
        categories=("technical", "external", "commercial"),
    )
    plan.set_risk_scale(strict)
    assert [plan.risk_scale.band(r.score).name for r in plan.risks] == ["Intolerable"] * 3
    summary = summarize(plan.risks, plan.risk_scale)
    assert summary.counts == {"Tolerable": 0, "Intolerable": 3}
    assert summary.threat_exposure == pytest.approx(0.7 * 12_000)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("probability", 6, "Risk R1: probability 6 must be a level from 1 to 5"),
        ("probability", "likely", "probability 'likely' is not a level"),
        ("impact_cost", -1, "impact cost -1 must be a level from 0"),
        ("strategy", "exploit", "'exploit' is not a strategy for a threat"),
        ("status", "maybe", "status 'maybe' must be one of open, closed, occurred"),
        ("category", "weather", "category 'weather' is not a category"),
        ("tasks", "2, 9", "tasks '9' names tasks that are not in the plan"),
        ("residual_probability", 0, "residual probability 0 must be a level from 1 to 5"),
        ("cost_impact", "lots", "cost impact 'lots' is not a number"),
        ("review_date", "someday", "Risk R1: review date 'someday' is not a date"),
        ("title", "  ", "title '' is empty"),
    ],
)
def test_a_bad_value_is_refused_by_name_and_nothing_changes(
    plan: Plan, field: str, value: object, message: str
) -> None:
    before, history = plan.state, plan.history
    with pytest.raises(PlanError, match=message) as caught:
        plan.update_risk("R1", **{field: value})
    assert caught.value.task == "R1" and caught.value.field == field
    assert plan.state is before and plan.history == history


def test_a_risk_needs_an_impact_and_a_known_strategy_for_its_kind(plan: Plan) -> None:
    with pytest.raises(PlanError, match="rate at least one of schedule, cost, scope"):
        plan.add_risk("Vague worry")
    with pytest.raises(PlanError, match="'mitigate' is not a strategy for an opportunity"):
        plan.update_risk("R3", strategy="mitigate")
    with pytest.raises(PlanError, match="already used"):
        plan.add_risk("Again", id="R1", impact_scope=1)
    assert len(plan.risks) == 3


def test_a_category_is_read_as_the_scale_spells_it(plan: Plan) -> None:
    plan.set_risk_scale(RiskScale(categories=("IT", "external", "technical")))
    plan.update_risk("R1", category="it")
    assert plan.risk("R1").category == "IT"
    plan.update_risk("R1", category="External")
    assert plan.risk("R1").category == "external"


def test_close_undo_and_residuals(plan: Plan) -> None:
    plan.update_risk("R1", strategy="mitigate", residual_probability=2, residual_impact="3")
    assert plan.risk("R1").residual == (2, 3) and plan.risk("R1").residual_score == 6
    assert plan.risk("R2").residual == (2, 5)  # no response yet: residual is inherent
    plan.close_risk("R1")
    assert plan.risk("R1").status == "closed"
    assert summarize(plan.risks, plan.risk_scale).counts["High"] == 0
    plan.undo()
    assert plan.risk("R1").status == "open"


def test_deleting_a_task_unlinks_it_from_risks(plan: Plan) -> None:
    plan.delete_task("2")
    assert plan.risk("R1").tasks == ()
    plan.undo()
    assert plan.risk("R1").tasks == ("2",)


def test_a_scale_that_drops_a_used_category_is_refused(plan: Plan) -> None:
    with pytest.raises(PlanError, match="category 'external' is not a category"):
        plan.set_risk_scale(RiskScale(categories=("technical",)))
    with pytest.raises(PlanError, match="bands must start at score 1"):
        RiskScale(bands=(RiskBand("High", 12, "#D55E00"),))
    with pytest.raises(PlanError, match="probability_values must rise"):
        RiskScale(probability_values=(0.9, 0.7, 0.5, 0.3, 0.1))


def test_risks_and_scale_survive_a_plan_file(plan: Plan, tmp_path: Path) -> None:
    plan.update_risk("R1", review_date="2025-04-01", residual_probability=2)
    plan.set_risk_scale(RiskScale(categories=("technical", "external", "commercial")))
    write_plan(plan.state, tmp_path / "warehouse.json")
    again = read_plan(tmp_path / "warehouse.json")
    assert again.risks == plan.risks
    assert again.risk_scale == plan.risk_scale
    assert again.risk("R1").review_date == date(2025, 4, 1)
    assert again.risk("R3").kind is RiskKind.OPPORTUNITY


def test_a_merge_keeps_risk_edits_from_both_sides(plan: Plan) -> None:
    base = plan.state
    plan.update_risk("R1", owner="Ben")
    mine = plan.state
    theirs_plan = Plan.from_state(base)
    theirs_plan.add_risk("Crane strike", impact_schedule=3)
    merged, clashes = merge_states(base, mine, theirs_plan.state)
    assert clashes == []
    assert [r.id for r in merged.risks] == ["R1", "R2", "R3", "R4"]
    assert merged.risks[0].owner == "Ben"


@given(
    probability=st.integers(1, 5),
    impacts=st.lists(st.integers(0, 5), min_size=4, max_size=4).filter(any),
)
def test_score_and_band_are_derived_consistently(probability: int, impacts: list[int]) -> None:
    risk = Risk(
        "R1",
        "Any",
        probability=probability,
        impact_schedule=impacts[0],
        impact_cost=impacts[1],
        impact_scope=impacts[2],
        impact_quality=impacts[3],
    )
    scale = RiskScale()
    assert risk.score == probability * max(impacts)
    band = scale.band(risk.score)
    higher = [b for b in scale.bands if b.min_score > band.min_score]
    assert band.min_score <= risk.score and all(risk.score < b.min_score for b in higher)
