"""The risk trend widget over a store's saved versions, without a browser."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from jupyter_bokeh import BokehModel

from pmwidgets import Plan, PlanError
from pmwidgets.core.risks import RiskBand, RiskScale
from pmwidgets.plotting.risk_trend import band_column, timestamp_ms
from pmwidgets.store.store import Store
from pmwidgets.widgets.risk_trend import RiskTrend, risk_history

PROJECT = "Depot"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A store holding three versions of a project whose risks change."""
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        plan = Plan(PROJECT, start=date(2026, 1, 5))
        plan.add_risk("Steel late", probability=3, impact_cost=3, cost_impact=1000)
        store.save(plan, author="ana", message="first risk")
        plan.add_risk("Crane failure", probability=5, impact_cost=5, cost_impact=2000)
        plan.add_risk("Grant", probability=3, impact_cost=4, kind="opportunity", cost_impact=100)
        store.save(plan, author="ana", message="two more")
        plan.close_risk("R1")
        store.save(plan, author="ana", message="steel ordered")
        yield store


def test_one_point_per_version_summarized_with_its_scale(store: Store) -> None:
    points = risk_history(store, PROJECT)
    assert [saved_at for saved_at, _ in points] == [v.saved_at for v in store.history(PROJECT)]
    counts = [summary.counts for _, summary in points]
    assert counts == [
        {"Low": 0, "Medium": 1, "High": 0},
        {"Low": 0, "Medium": 1, "High": 2},  # the opportunity (3 x 4) is High too
        {"Low": 0, "Medium": 0, "High": 2},
    ]
    # Threat exposure: probability value of the level x cost impact (0.5 x 1000, 0.9 x 2000).
    assert [s.threat_exposure for _, s in points] == [500.0, 2300.0, 1800.0]
    assert [s.opportunity_exposure for _, s in points] == [0.0, 50.0, 50.0]


def test_an_unknown_project_says_so(store: Store) -> None:
    with pytest.raises(PlanError, match="no project named 'Nope'"):
        risk_history(store, "Nope")


def test_the_trend_is_a_bokeh_model_over_the_history(store: Store) -> None:
    trend = RiskTrend(store, PROJECT)
    (chart,) = trend.children
    assert isinstance(chart, BokehModel)
    assert chart._model is trend.figure
    assert "pmw-risk-trend" in trend._dom_classes
    data = trend.sources["trend"].data
    assert data["x"] == [timestamp_ms(v.saved_at) for v in store.history(PROJECT)]
    assert data[band_column(2)] == [0, 2, 2]
    assert data["threat_exposure"] == [500.0, 2300.0, 1800.0]


def test_refresh_adds_a_newly_saved_version(store: Store) -> None:
    trend = RiskTrend(store, PROJECT)
    figure = trend.figure
    plan = store.load(PROJECT)
    plan.close_risk("R2")
    store.save(plan, author="ana", message="crane booked")
    trend.refresh()
    assert trend.figure is figure  # same bands: only the data is sent
    data = trend.sources["trend"].data
    assert len(data["x"]) == 4
    assert data["threat_exposure"][-1] == 0.0
    assert data["total"] == [1, 3, 2, 1]


def test_the_bands_come_from_the_latest_scale(store: Store) -> None:
    trend = RiskTrend(store, PROJECT)
    old_chart = trend.children[0]
    plan = store.load(PROJECT)
    bands = (RiskBand("Minor", 1, "#009E73"), RiskBand("Major", 10, "#CC79A7"))
    plan.set_risk_scale(RiskScale(bands=bands))
    store.save(plan, author="pmo", message="new bands")
    trend.refresh()
    assert trend.children[0] is not old_chart
    assert trend.children[0]._model is trend.figure
    bars = [r for r in trend.figure.renderers if type(r.glyph).__name__ == "VBar"]
    assert [bar.glyph.fill_color for bar in bars] == ["#009E73", "#CC79A7"]
    data = trend.sources["trend"].data
    # Older versions' counts under the old band names are not drawn, but stay in the total.
    assert data[band_column(1)] == [0, 0, 0, 2]
    assert data["total"] == [1, 3, 2, 2]


def test_another_project_redraws(store: Store) -> None:
    trend = RiskTrend(store, PROJECT)
    other = Plan("Yard", start=date(2026, 1, 5))
    other.add_risk("Flooding", probability=2, impact_cost=2)
    store.save(other, author="ana")
    trend.project = "Yard"
    assert trend.children[0]._model is trend.figure
    assert trend.sources["trend"].data["total"] == [1]
