"""The portfolio capacity chart: one role's monthly demand stacked by project, the capacity as
a line, and shortfall months labelled "short by N h".

Pending projects are hatched and labelled "(pending)" in the legend and the hover, so that
colour is never the only carrier of their status.
"""

from __future__ import annotations

from bokeh.models import ColumnDataSource, FactorRange, HoverTool
from bokeh.plotting import figure

from pmwidgets.core.capacity import TOLERANCE_HOURS, Forecast
from pmwidgets.plotting import theme
from pmwidgets.plotting.figures import bar_figure

#: Project colours, in project name order (Okabe-Ito without black and grey).
PROJECT_COLOURS = (
    theme.BLUE,
    theme.ORANGE,
    theme.BLUISH_GREEN,
    theme.SKY_BLUE,
    theme.VERMILLION,
    theme.REDDISH_PURPLE,
    theme.YELLOW,
)
CAPACITY_LINE = theme.BLACK
PENDING_HATCH = "right_diagonal_line"
PENDING_LABEL = "(pending)"
SOURCES = ("segments", "capacity", "short")
WIDTH = 900
HEIGHT = 360


def month_label(month: object) -> str:
    """``2025-03`` style label of a month's 1st."""
    return f"{month:%Y-%m}"


def short_text(gap_hours: float) -> str:
    return f"short by {round(gap_hours):,} h"


def capacity_chart_data(result: Forecast, role: str | None) -> dict[str, dict[str, list]]:
    """Columns of the three sources for ``role`` (empty sources when None).

    ``segments``: month, project, label, status, hours, bottom, top, colour, hatch (one per
    project and month with demand, stacked in project name order); ``capacity``: month,
    capacity; ``short``: month, y, text, gap (months where demand exceeds capacity).
    """
    projects = sorted(set(result.demand["project"]))
    colours = {p: PROJECT_COLOURS[i % len(PROJECT_COLOURS)] for i, p in enumerate(projects)}
    segments: dict[str, list] = {
        k: [] for k in ("month", "project", "label", "status", "hours", "bottom", "top")
    }
    segments["colour"], segments["hatch"] = [], []
    capacity: dict[str, list] = {"month": [], "capacity": []}
    short: dict[str, list] = {"month": [], "y": [], "text": [], "gap": []}
    if role is None:
        return {"segments": segments, "capacity": capacity, "short": short}
    demand = result.demand[result.demand["role"] == role]
    for month in result.months:
        rows = demand[demand["month"] == month].sort_values("project")
        bottom = 0.0
        for row in rows.itertuples(index=False):
            pending = row.status == "pending"
            segments["month"].append(month_label(month))
            segments["project"].append(row.project)
            segments["label"].append(
                f"{row.project} {PENDING_LABEL}" if pending else str(row.project)
            )
            segments["status"].append(row.status)
            segments["hours"].append(round(float(row.demand_hours), 2))
            segments["bottom"].append(bottom)
            bottom += float(row.demand_hours)
            segments["top"].append(bottom)
            segments["colour"].append(colours[row.project])
            segments["hatch"].append(PENDING_HATCH if pending else theme.NO_HATCH)
    gaps = result.gaps[result.gaps["role"] == role]
    for row in gaps.itertuples(index=False):
        capacity["month"].append(month_label(row.month))
        capacity["capacity"].append(round(float(row.capacity_hours), 2))
        if row.gap_hours > TOLERANCE_HOURS:
            short["month"].append(month_label(row.month))
            short["y"].append(max(row.demand_hours, row.capacity_hours))
            short["text"].append(short_text(row.gap_hours))
            short["gap"].append(round(float(row.gap_hours), 2))
    return {"segments": segments, "capacity": capacity, "short": short}


def capacity_figure(
    result: Forecast, role: str | None
) -> tuple[figure, dict[str, ColumnDataSource]]:
    """Build the chart for ``role``; returns the figure and its sources by name."""
    data = capacity_chart_data(result, role)
    sources = {name: ColumnDataSource(data=data[name], name=name) for name in SOURCES}
    fig = bar_figure(
        x_range=FactorRange(factors=[month_label(m) for m in result.months]),
        width=WIDTH,
        height=HEIGHT,
        y_label="Hours",
        tools="pan,wheel_zoom,reset",
    )
    fig.y_range.start = 0
    bars = fig.vbar(
        x="month",
        bottom="bottom",
        top="top",
        width=0.8,
        source=sources["segments"],
        fill_color="colour",
        line_color=theme.BLACK,
        hatch_pattern="hatch",
        hatch_color=theme.BLACK,
        hatch_alpha=0.6,
        legend_field="label",
    )
    fig.add_tools(
        HoverTool(
            renderers=[bars],
            tooltips=[("Project", "@label"), ("Month", "@month"), ("Hours", "@hours{0.0}")],
        )
    )
    fig.line(
        x="month",
        y="capacity",
        source=sources["capacity"],
        line_color=CAPACITY_LINE,
        line_width=2,
        line_dash="dashed",
        legend_label="Capacity",
    )
    fig.scatter(x="month", y="capacity", source=sources["capacity"], size=6, color=CAPACITY_LINE)
    fig.text(
        x="month",
        y="y",
        text="text",
        source=sources["short"],
        text_align="center",
        text_baseline="bottom",
        text_font_size=theme.LABEL_FONT_SIZE,
        text_font=theme.FONT,
        text_color=theme.BLACK,
        y_offset=-4,
    )
    fig.legend.location = "top_right"
    fig.legend.label_text_font = theme.FONT
    return fig, sources
