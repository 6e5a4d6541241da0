"""The risk trend's data and figure, checked without a browser."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from bokeh.models import HoverTool, Legend, LinearAxis

from pmwidgets.core.risks import RiskScale, RiskSummary
from pmwidgets.plotting import theme
from pmwidgets.plotting.risk_trend import (
    EXPOSURE_RANGE,
    band_column,
    bar_widths,
    risk_trend_figure,
    timestamp_ms,
    trend_data,
)

BANDS = RiskScale().bands
DAY_MS = 86_400_000.0
MONDAY = datetime(2026, 3, 2, 9, 0)


@pytest.fixture
def points() -> list[tuple[datetime, RiskSummary]]:
    return [
        (MONDAY, RiskSummary({"Low": 2, "Medium": 1, "High": 0}, 500.0, 0.0)),
        (MONDAY + timedelta(days=2), RiskSummary({"Low": 1, "Medium": 1, "High": 2}, 2300.0, 90.0)),
        (MONDAY + timedelta(days=3), RiskSummary({"Low": 0, "Medium": 3, "High": 1}, 1800.5, 0.0)),
    ]


def test_one_row_per_point_with_a_count_column_per_band(points: list) -> None:
    data = trend_data(points, BANDS)
    assert {len(values) for values in data.values()} == {3}
    assert data["x"] == [timestamp_ms(saved_at) for saved_at, _ in points]
    assert data["when"] == ["2026-03-02 09:00", "2026-03-04 09:00", "2026-03-05 09:00"]
    assert data[band_column(0)] == [2, 1, 0]  # Low
    assert data[band_column(1)] == [1, 1, 3]  # Medium
    assert data[band_column(2)] == [0, 2, 1]  # High
    assert data["total"] == [3, 4, 4]
    assert data["threat_exposure"] == [500.0, 2300.0, 1800.5]
    assert data["threat_text"] == ["500", "2,300", "1,800"]
    assert data["opportunity_exposure"] == [0.0, 90.0, 0.0]


def test_counts_of_bands_gone_from_the_latest_scale_stay_in_the_total() -> None:
    old = RiskSummary({"Minor": 2, "High": 1}, 0.0, 0.0)
    data = trend_data([(MONDAY, old)], BANDS)
    assert [data[band_column(k)][0] for k in range(3)] == [0, 0, 1]
    assert data["total"] == [3]


def test_times_are_milliseconds_with_naive_times_taken_as_utc() -> None:
    assert timestamp_ms(datetime(1970, 1, 2)) == DAY_MS
    assert timestamp_ms(datetime(1970, 1, 2, tzinfo=UTC)) == DAY_MS
    paris = timezone(timedelta(hours=1))
    assert timestamp_ms(datetime(1970, 1, 2, 1, 0, tzinfo=paris)) == DAY_MS


def test_bars_take_a_share_of_the_gap_to_their_nearest_neighbour() -> None:
    share = theme.TREND_BAR_SHARE
    assert bar_widths([0.0, 2 * DAY_MS, 3 * DAY_MS]) == [
        pytest.approx(2 * DAY_MS * share),
        pytest.approx(DAY_MS * share),
        pytest.approx(DAY_MS * share),
    ]
    assert bar_widths([0.0]) == [theme.TREND_MAX_BAR_MS]  # a lone version still shows
    assert bar_widths([0.0, 1000.0, 1500.0]) == pytest.approx([800.0, 400.0, 400.0])
    assert bar_widths([0.0, 100 * DAY_MS]) == [theme.TREND_MAX_BAR_MS] * 2
    assert bar_widths([]) == []


def test_the_figure_stacks_the_bands_in_their_colours_with_a_legend(points: list) -> None:
    fig, sources = risk_trend_figure(points, BANDS)
    assert sources["trend"].name == "trend"
    assert dict(sources["trend"].data) == trend_data(points, BANDS)
    bars = [r for r in fig.renderers if type(r.glyph).__name__ == "VBar"]
    assert [bar.glyph.fill_color for bar in bars] == [band.colour for band in BANDS]
    assert [bar.glyph.top for bar in bars][-1]["expr"].fields == tuple(
        band_column(k) for k in range(3)
    )
    (legend,) = fig.select(type=Legend)
    assert [item.label["value"] for item in legend.items] == [
        "Low",
        "Medium",
        "High",
        "Threat exposure",
    ]
    assert fig.toolbar.logo is None


def test_the_exposure_line_has_its_own_axis_on_the_right(points: list) -> None:
    fig, _ = risk_trend_figure(points, BANDS)
    lines = [r for r in fig.renderers if type(r.glyph).__name__ == "Line"]
    assert [(line.glyph.y, line.y_range_name) for line in lines] == [
        ("threat_exposure", EXPOSURE_RANGE)
    ]
    assert EXPOSURE_RANGE in fig.extra_y_ranges
    assert fig.extra_y_ranges[EXPOSURE_RANGE].renderers[0] is lines[0]
    (right,) = fig.right
    assert isinstance(right, LinearAxis)
    assert right.y_range_name == EXPOSURE_RANGE
    (hover,) = fig.select(type=HoverTool)
    labels = [label for label, _ in hover.tooltips]
    assert labels[1:4] == ["Low", "Medium", "High"]
    assert ("Threat exposure", "@threat_text") in hover.tooltips
