"""The earned-value chart's data and figure: PV curve, EV/AC lines, forecast and status date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

import pandas as pd
import pytest
from bokeh.models import CustomJSTickFormatter, HoverTool, Legend

from pmwidgets import Plan, ProjectSettings
from pmwidgets.core.status import ProjectStatus, project_status
from pmwidgets.plotting import theme
from pmwidgets.plotting.earned_value import (
    earned_value_data,
    earned_value_figure,
    money_text,
)

DAY_MS = 86_400_000
DASH_NAMES = {(): "solid", (6,): "dashed", (2, 4): "dotted"}
#: The working days of the ten-day baseline: 2-6 and 9-13 March 2026.
BASELINE_DAYS = [date(2026, 3, d) for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13)]


def midnight(day: date) -> float:
    """x (ms) of the start of ``day``; a value as of a day stands at the next midnight."""
    return (datetime.combine(day, time()) - datetime(1970, 1, 1)).total_seconds() * 1000


def end_of(day: date) -> float:
    return midnight(day) + DAY_MS


def dash_name(glyph: object) -> str:
    """A glyph's dash by name (bokeh keeps some as the name, some as the pattern)."""
    dash = glyph.line_dash
    return dash if isinstance(dash, str) else DASH_NAMES[tuple(dash)]


@pytest.fixture
def status(earned_value_plan: Callable[..., Plan]) -> ProjectStatus:
    """SPI 0.8, CPI 0.8: 4,000 earned for 5,000 spent by Friday 6 March."""
    return project_status(earned_value_plan(spi=0.8, cpi=0.8))


def test_the_planned_value_curve_covers_the_baseline_day_by_day(status: ProjectStatus) -> None:
    planned = earned_value_data(status)["planned"]
    assert planned["x"] == [midnight(BASELINE_DAYS[0])] + [end_of(d) for d in BASELINE_DAYS]
    assert planned["pv"] == [1000.0 * k for k in range(11)]
    assert planned["pv_text"][-1] == "10,000 EUR"
    assert planned["day_text"][0] == "2026-03-02"


def test_without_a_history_ev_and_ac_run_straight_from_the_baseline_start(
    status: ProjectStatus,
) -> None:
    actual = earned_value_data(status)["actual"]
    assert actual["x"] == [midnight(date(2026, 3, 2)), end_of(date(2026, 3, 6))]
    assert actual["ev"] == [0.0, pytest.approx(4000)]
    assert actual["ac"] == [0.0, pytest.approx(5000)]
    assert actual["ac_text"] == ["0 EUR", "5,000 EUR"]


def test_a_history_adds_a_point_per_earlier_status_date(status: ProjectStatus) -> None:
    history = pd.DataFrame(
        {
            "status_date": [date(2026, 3, 5), date(2026, 3, 3), date(2026, 3, 6), date(2026, 3, 9)],
            "pv": [4000, 2000, 5000, 6000],
            "ev": [3000, 1500, 9999, 9999],
            "ac": [3500, 1600, 9999, 9999],
            "spi": [0.75, 0.75, None, None],
        }
    )
    actual = earned_value_data(status, history)["actual"]
    # The status date itself comes from the status, a later one is not drawn.
    assert actual["x"] == [midnight(date(2026, 3, 2))] + [
        end_of(date(2026, 3, d)) for d in (3, 5, 6)
    ]
    assert actual["ev"] == [0.0, 1500.0, 3000.0, pytest.approx(4000)]
    assert actual["ac"] == [0.0, 1600.0, 3500.0, pytest.approx(5000)]
    rows = [(date(2026, 3, 3), 2000, 1500, 1600)]
    assert earned_value_data(status, rows)["actual"]["ev"][1] == 1500.0


def test_the_forecast_runs_from_actual_cost_to_the_bottom_up_estimate(
    status: ProjectStatus,
) -> None:
    forecast = earned_value_data(status)["forecast"]
    # Six untouched days of 1,000 remain after the 5,000 spent.
    assert forecast["value"] == [pytest.approx(5000), pytest.approx(11000)]
    assert forecast["value_text"][-1] == "11,000 EUR"
    assert status.forecast_finish > date(2026, 3, 13)  # behind: later than the baseline
    assert forecast["x"] == [end_of(date(2026, 3, 6)), end_of(status.forecast_finish)]


def test_the_status_line_stands_at_the_status_date_in_the_project_format(
    status: ProjectStatus,
) -> None:
    line = earned_value_data(status, date_format="%d.%m.%Y")["status"]
    assert line == {"x": [midnight(date(2026, 3, 7))], "day_text": ["06.03.2026"]}


def test_money_is_shown_in_whole_units_with_the_currency() -> None:
    assert money_text(1234567.8, "CHF") == "1,234,568 CHF"
    assert money_text(-800, "EUR") == "-800 EUR"


def test_the_figure_names_each_series_and_tells_them_apart_without_colour(
    status: ProjectStatus,
) -> None:
    fig, sources = earned_value_figure(status)
    assert {name: source.name for name, source in sources.items()} == {
        "planned": "planned",
        "actual": "actual",
        "forecast": "forecast",
        "status": "status",
    }
    (legend,) = fig.select(type=Legend)
    labels = [item.label.value for item in legend.items]
    assert labels == [
        "Planned value (PV)",
        "Earned value (EV)",
        "Actual cost (AC)",
        "Forecast to EAC",
        "Status date",
    ]
    looks = []
    for item in legend.items:
        glyphs = [renderer.glyph for renderer in item.renderers]
        dashes = tuple(dash_name(g) for g in glyphs if hasattr(g, "line_dash"))
        markers = tuple(g.marker for g in glyphs if hasattr(g, "marker"))
        looks.append((dashes, markers))
    assert len(set(looks)) == len(looks), "two series differ by colour alone"
    forecast_line = legend.items[3].renderers[0].glyph
    assert forecast_line.line_color == theme.FORECAST_LINE
    assert dash_name(forecast_line) == "dashed"
    assert dash_name(legend.items[4].renderers[0].glyph) == "dotted"


def test_hover_and_the_money_axis_carry_the_currency(
    earned_value_plan: Callable[..., Plan],
) -> None:
    plan = earned_value_plan(spi=0.8)
    plan.set_project(settings=ProjectSettings(currency="CHF"))
    fig, sources = earned_value_figure(project_status(plan))
    (formatter,) = fig.select(type=CustomJSTickFormatter)
    assert formatter.args == {"currency": "CHF"}
    assert sources["actual"].data["ev_text"][-1] == "4,000 CHF"
    tooltips = [dict(tool.tooltips) for tool in fig.select(type=HoverTool)]
    assert {"Planned value": "@pv_text", "Date": "@day_text"} in tooltips
    assert any(tips.get("Earned value") == "@ev_text" for tips in tooltips)
