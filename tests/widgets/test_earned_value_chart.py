"""The earned-value widget: KPI cards rated by the RAG rules, the chart, refresh and the
message shown when there is nothing to measure, without a browser."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date

import pytest
from jupyter_bokeh import BokehModel

from pmwidgets import Plan, ProjectSettings
from pmwidgets.core.rag import RagRules
from pmwidgets.plotting.earned_value import end_ms
from pmwidgets.widgets.earned_value_chart import EarnedValueChart

MakePlan = Callable[..., Plan]


def card(chart: EarnedValueChart, key: str) -> tuple[str, str]:
    """A KPI card's tooltip and its visible text."""
    found = re.search(
        rf'<div class="pmw-kpi pmw-kpi-{key}" title="([^"]*)"(.*?)</div></div>',
        chart.cards.value,
    )
    assert found, f"no {key} card"
    text = re.sub(r"<[^>]+>", " ", found.group(2).split(">", 1)[1])
    return html.unescape(found.group(1)), " ".join(html.unescape(text).split())


def test_cards_say_each_level_in_words_and_marks(earned_value_plan: MakePlan) -> None:
    chart = EarnedValueChart(earned_value_plan(spi=0.8))  # SPI below the red limit 0.90
    assert card(chart, "spi")[1] == "SPI 0.80 \u2716 Red"
    assert card(chart, "cpi")[1] == "CPI 1.00 \u2714 Green"
    # 4,000 spent and 6,000 to go: on budget.
    assert card(chart, "eac")[1] == "EAC 10,000 EUR \u2714 Green"
    assert card(chart, "vac")[1] == "VAC 0 EUR \u2714 Green"
    assert "pmw-earned-value" in chart._dom_classes


def test_each_card_explains_its_abbreviation_and_rule(earned_value_plan: MakePlan) -> None:
    chart = EarnedValueChart(earned_value_plan(spi=0.8))
    title = card(chart, "spi")[0]
    assert title.startswith("Schedule performance index: earned value / planned value")
    assert "red below 0.9" in title
    assert card(chart, "cpi")[0].startswith("Cost performance index: earned value / actual cost")
    assert card(chart, "eac")[0].startswith("Estimate at completion")
    assert card(chart, "vac")[0].startswith("Variance at completion")


def test_the_pmo_rules_and_an_overrun_set_the_levels(earned_value_plan: MakePlan) -> None:
    plan = earned_value_plan(spi=0.8, cpi=0.5)  # 8,000 spent on 4,000 earned
    lenient = RagRules(spi_amber=0.85, spi_red=0.7)
    chart = EarnedValueChart(plan, rules=lenient)
    assert card(chart, "spi")[1].endswith("\u25b2 Amber")
    assert card(chart, "cpi")[1] == "CPI 0.50 \u2716 Red"
    # 8,000 spent + 6,000 to go = 14,000 against 10,000: 40% over.
    assert card(chart, "eac")[1] == "EAC 14,000 EUR \u2716 Red"
    assert card(chart, "vac")[1] == "VAC -4,000 EUR \u2716 Red"
    assert "40.0% over the budget" in card(chart, "vac")[0]


def test_a_figure_not_measured_says_so(earned_value_plan: MakePlan) -> None:
    chart = EarnedValueChart(earned_value_plan(), status_date=date(2026, 2, 27))
    assert card(chart, "spi")[1] == "SPI n/a \u2013 Not measured"
    assert "nothing was planned" in card(chart, "spi")[0]


def test_money_is_in_the_project_currency(earned_value_plan: MakePlan) -> None:
    plan = earned_value_plan(spi=0.8)
    plan.set_project(settings=ProjectSettings(currency="CHF"))
    chart = EarnedValueChart(plan)
    assert card(chart, "eac")[1].startswith("EAC 10,000 CHF")
    assert chart.sources["forecast"].data["value_text"][-1] == "10,000 CHF"


def test_the_chart_is_a_bokeh_model_and_refresh_sends_new_data(
    earned_value_plan: MakePlan,
) -> None:
    plan = earned_value_plan(spi=0.8)
    chart = EarnedValueChart(plan)
    cards, bokeh = chart.children
    assert cards is chart.cards
    assert isinstance(bokeh, BokehModel) and bokeh._model is chart.figure
    figure = chart.figure
    plan.record_progress("5", percent_complete=100)
    chart.refresh()
    assert chart.figure is figure
    assert chart.sources["actual"].data["ev"][-1] == pytest.approx(5000)
    assert card(chart, "spi")[1] == "SPI 1.00 \u2714 Green"


def test_a_history_and_another_status_date_redraw_the_lines(earned_value_plan: MakePlan) -> None:
    history = [(date(2026, 3, 4), 3000.0, 2000.0, 2100.0)]
    chart = EarnedValueChart(earned_value_plan(spi=0.8), history=history)
    assert chart.sources["actual"].data["ac"] == [0.0, 2100.0, pytest.approx(4000)]
    chart.status_date = date(2026, 3, 9)
    assert chart.sources["status"].data["x"] == [end_ms(date(2026, 3, 9))]


def test_without_a_baseline_or_status_date_a_message_replaces_the_chart() -> None:
    plan = Plan("Fresh", start=date(2026, 3, 2))
    plan.add_task("Dig", 2)
    chart = EarnedValueChart(plan)
    assert chart.children == (chart.message,)
    assert "no status date" in chart.message.value
    plan.set_project(status_date=date(2026, 3, 3))
    chart.refresh()
    assert "no baseline 0" in chart.message.value
    assert chart.status is None
