"""The risk trend as bokeh data and figure: open risks per band and threat exposure over time.

One point per saved version of a project: a stacked bar of its open risks per band (band
colours, with a legend naming the bands) and, on a second y axis, a line of its threat exposure
(probability-weighted cost). The x axis is time, in milliseconds (bokeh's datetime unit).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np
from bokeh.models import (
    ColumnDataSource,
    DataRange1d,
    HoverTool,
    Legend,
    LegendItem,
    LinearAxis,
    PanTool,
    ResetTool,
    WheelZoomTool,
)
from bokeh.plotting import figure

from pmwidgets.core.risks import RiskBand, RiskSummary
from pmwidgets.plotting import theme
from pmwidgets.plotting.figures import bar_figure

#: A point of the trend: when a version was saved, and the summary of its register.
TrendPoint = tuple[datetime, RiskSummary]

EPOCH = datetime(1970, 1, 1)
EXPOSURE_RANGE = "exposure"
SOURCE = "trend"


def band_column(position: int) -> str:
    """The column of the counts of the band at ``position`` (band names are free text)."""
    return f"band_{position}"


def timestamp_ms(moment: datetime) -> float:
    """Milliseconds since the epoch; a naive datetime is taken as UTC (as the store keeps it)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return (moment - EPOCH).total_seconds() * 1000


def bar_widths(xs: Sequence[float]) -> list[float]:
    """Each bar's width: ``theme.TREND_BAR_SHARE`` of the time to its nearest neighbour, at most
    ``theme.TREND_MAX_BAR_MS``, so that bars of versions saved close together never overlap
    (zoom in along time to tell them apart) and a lone version still shows."""
    x = np.asarray(xs, dtype=float)
    if len(x) == 0:
        return []
    gaps = np.abs(np.diff(x))
    before = np.concatenate([[np.inf], gaps])  # inf: no neighbour on that side
    after = np.concatenate([gaps, [np.inf]])
    nearest = np.minimum(before, after) * theme.TREND_BAR_SHARE
    widths = np.minimum(nearest, theme.TREND_MAX_BAR_MS)
    return widths.tolist()


def trend_data(points: Sequence[TrendPoint], bands: Sequence[RiskBand]) -> dict[str, list]:
    """The columns of the ``trend`` source: one row per point.

    Parameters
    ----------
    points : sequence of (datetime, RiskSummary)
        When each version was saved and the summary of its open risks, oldest first.
    bands : sequence of RiskBand
        The bands drawn (the latest scale's): column :func:`band_column` ``(k)`` counts the
        risks of ``bands[k]``. Counts under band names not among them are not drawn, but are
        part of ``total``.

    Returns
    -------
    dict
        x (ms), width (ms), when (text), one count column per band, total (open risks),
        threat_exposure, opportunity_exposure, and both exposures as text.
    """
    xs = [timestamp_ms(saved_at) for saved_at, _ in points]
    summaries = [summary for _, summary in points]
    columns: dict[str, list] = {
        "x": xs,
        "width": bar_widths(xs),
        "when": [f"{saved_at:%Y-%m-%d %H:%M}" for saved_at, _ in points],
    }
    for k, band in enumerate(bands):
        columns[band_column(k)] = [s.counts.get(band.name, 0) for s in summaries]
    columns["total"] = [sum(s.counts.values()) for s in summaries]
    columns["threat_exposure"] = [s.threat_exposure for s in summaries]
    columns["opportunity_exposure"] = [s.opportunity_exposure for s in summaries]
    columns["threat_text"] = [f"{s.threat_exposure:,.0f}" for s in summaries]
    columns["opportunity_text"] = [f"{s.opportunity_exposure:,.0f}" for s in summaries]
    return columns


def risk_trend_figure(
    points: Sequence[TrendPoint], bands: Sequence[RiskBand]
) -> tuple[figure, dict[str, ColumnDataSource]]:
    """Build the risk trend chart.

    Parameters
    ----------
    points : sequence of (datetime, RiskSummary)
        One per saved version, oldest first.
    bands : sequence of RiskBand
        The bands to stack, in their colours, named in the legend (the latest scale's).

    Returns
    -------
    figure : bokeh.plotting.figure
        Stacked bars (left axis: open risks), a threat exposure line (right axis, range
        ``"exposure"``), hover, pan and zoom along time.
    sources : dict of str to ColumnDataSource
        ``{"trend": ...}``, named ``"trend"`` in the document, holding :func:`trend_data`.
    """
    source = ColumnDataSource(data=trend_data(points, bands), name=SOURCE)
    fig = bar_figure(
        x_axis_type="datetime",
        width=theme.RISK_TREND_WIDTH,
        height=theme.RISK_TREND_HEIGHT,
        y_label="Open risks",
    )
    bars = fig.vbar_stack(
        [band_column(k) for k in range(len(bands))],
        x="x",
        width="width",
        source=source,
        color=[band.colour for band in bands],
        line_color=theme.RISK_GUTTER,
    )
    fig.y_range.update(start=0, renderers=bars)
    fig.extra_y_ranges = {EXPOSURE_RANGE: DataRange1d(start=0)}
    line = fig.line(
        x="x",
        y="threat_exposure",
        source=source,
        y_range_name=EXPOSURE_RANGE,
        line_color=theme.EXPOSURE_LINE,
        line_width=theme.LINE_WIDTH,
    )
    dots = fig.scatter(
        x="x",
        y="threat_exposure",
        source=source,
        y_range_name=EXPOSURE_RANGE,
        size=theme.EXPOSURE_MARKER_SIZE,
        color=theme.EXPOSURE_LINE,
    )
    fig.extra_y_ranges[EXPOSURE_RANGE].renderers = [line, dots]
    fig.add_layout(
        LinearAxis(
            y_range_name=EXPOSURE_RANGE,
            axis_label="Threat exposure (probability-weighted cost)",
        ),
        "right",
    )
    items = [
        LegendItem(label=band.name, renderers=[bar]) for band, bar in zip(bands, bars, strict=True)
    ]
    items.append(LegendItem(label="Threat exposure", renderers=[line, dots]))
    fig.add_layout(Legend(items=items, orientation="horizontal"), "below")
    for axis in (*fig.xaxis, *fig.yaxis):
        axis.major_label_text_font = theme.FONT
        axis.axis_label_text_font = theme.FONT
    tooltips = [
        ("Saved", "@when"),
        *((band.name, f"@{band_column(k)}") for k, band in enumerate(bands)),
        ("Open risks", "@total"),
        ("Threat exposure", "@threat_text"),
        ("Opportunity exposure", "@opportunity_text"),
    ]
    wheel = WheelZoomTool(dimensions="width")
    fig.add_tools(
        PanTool(dimensions="width"),
        wheel,
        ResetTool(),
        HoverTool(renderers=[*bars, dots], tooltips=tooltips),
    )
    fig.toolbar.active_scroll = wheel
    return fig, {SOURCE: source}
