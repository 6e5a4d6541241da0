"""The earned-value chart as bokeh data and figure: planned value, earned value, actual cost
and the forecast, cumulative money over time.

- **PV**: the baseline's cumulative planned value at the end of each working day, from 0 at
  the baseline start to its finish (:attr:`ProjectStatus.curve`).
- **EV** and **AC**: from 0 at the baseline start to their values at the status date, through
  their values at each earlier status date when a history is given
  (:func:`pmwidgets.core.status_history.performance_history`); without one, straight.
- **Forecast**: dashed, from the actual cost at the status date to the bottom-up estimate at
  completion at the forecast finish.
- **Status date**: a dotted vertical line.

Every series differs by dash or marker as well as colour (see :mod:`pmwidgets.plotting.theme`).
The x axis is time in milliseconds (bokeh's datetime unit). A value as of a day stands at the end
of that day (work up to and including it counts), as the Gantt chart draws the status date; the
baseline start is the start of its first day. Money is in the project's currency.

Sources (each named so in the document): ``planned``, ``actual``, ``forecast`` and ``status``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

import pandas as pd
from bokeh.models import (
    ColumnDataSource,
    CustomJSTickFormatter,
    GlyphRenderer,
    HoverTool,
    Legend,
    LegendItem,
    PanTool,
    ResetTool,
    WheelZoomTool,
)
from bokeh.plotting import figure

from pmwidgets.core.status import ProjectStatus
from pmwidgets.plotting import theme
from pmwidgets.plotting.figures import bar_figure
from pmwidgets.plotting.gantt import moment_ms

SOURCES = ("planned", "actual", "forecast", "status")
PLANNED_COLUMNS = ("x", "day_text", "pv", "pv_text")
ACTUAL_COLUMNS = ("x", "day_text", "ev", "ac", "ev_text", "ac_text")
FORECAST_COLUMNS = ("x", "day_text", "value", "value_text", "label")
STATUS_COLUMNS = ("x", "day_text")
#: The columns a history needs (a frame may hold more, e.g. spi and cpi).
HISTORY_COLUMNS = ("status_date", "pv", "ev", "ac")
#: A history: a frame with :data:`HISTORY_COLUMNS`, or (status_date, pv, ev, ac) rows.
History = pd.DataFrame | Sequence[tuple[date | datetime, float, float, float]]

PLANNED_TOOLTIPS = [("Planned value", "@pv_text"), ("Date", "@day_text")]
ACTUAL_TOOLTIPS = [
    ("Earned value", "@ev_text"),
    ("Actual cost", "@ac_text"),
    ("Status date", "@day_text"),
]
FORECAST_TOOLTIPS = [("Forecast", "@label"), ("Cost", "@value_text"), ("Date", "@day_text")]
#: Money ticks with thousands separators and the currency; the currency is passed as data.
MONEY_TICKS = "return Math.round(tick).toLocaleString('en-US') + ' ' + currency;"


def money_text(amount: float, currency: str) -> str:
    """An amount as shown: whole units with thousands separators and the currency."""
    return f"{amount:,.0f} {currency}"


def start_ms(day: date) -> float:
    """x (ms) of the start of ``day``."""
    return moment_ms(day, end_of_day=False)


def end_ms(day: date) -> float:
    """x (ms) of the end of ``day``: where a value as of that day stands."""
    return moment_ms(day, end_of_day=True)


def earned_value_data(
    status: ProjectStatus, history: History | None = None, *, date_format: str = "%Y-%m-%d"
) -> dict[str, dict[str, list]]:
    """The columns of the ``planned``, ``actual``, ``forecast`` and ``status`` sources.

    Parameters
    ----------
    status : ProjectStatus
        The status drawn (its curve, figures, dates and currency).
    history : DataFrame or sequence of (status_date, pv, ev, ac), optional
        Earlier statuses: EV and AC pass through their values at each status date after the
        baseline start and before ``status.status_date`` (the status itself supplies the
        last point).
    date_format : str
        The project's ``strftime`` format for the dates in tooltips.

    Returns
    -------
    dict
        ``planned``: :data:`PLANNED_COLUMNS`, the baseline start (0) and one row per working
        day of the baseline.
        ``actual``: :data:`ACTUAL_COLUMNS`, the baseline start (0), each earlier status date
        and the status date. ``forecast``: :data:`FORECAST_COLUMNS`, two rows: the actual cost
        at the status date and the bottom-up estimate at completion at the forecast finish.
        ``status``: :data:`STATUS_COLUMNS`, one row at the status date. ``x`` is in ms.
    """
    currency = status.currency
    days = [pd.Timestamp(day).date() for day in status.curve["day"]]
    planned = [0.0, *(float(pv) for pv in status.curve["pv"])]
    planned_x = [start_ms(status.baseline_start), *(end_ms(day) for day in days)]
    planned_days = [status.baseline_start, *days]
    points = [
        (status.baseline_start, 0.0, 0.0),
        *_earlier(status, history),
        (status.status_date, status.value.ev, status.value.ac),
    ]
    forecast = [
        (status.status_date, status.value.ac, "Actual cost at the status date"),
        (status.forecast_finish, status.eac_bottom_up, "Estimate at completion (bottom-up)"),
    ]
    return {
        "planned": {
            "x": planned_x,
            "day_text": [f"{day:{date_format}}" for day in planned_days],
            "pv": planned,
            "pv_text": [money_text(pv, currency) for pv in planned],
        },
        "actual": {
            "x": [start_ms(points[0][0]), *(end_ms(day) for day, _, _ in points[1:])],
            "day_text": [f"{day:{date_format}}" for day, _, _ in points],
            "ev": [ev for _, ev, _ in points],
            "ac": [ac for _, _, ac in points],
            "ev_text": [money_text(ev, currency) for _, ev, _ in points],
            "ac_text": [money_text(ac, currency) for _, _, ac in points],
        },
        "forecast": {
            "x": [end_ms(day) for day, _, _ in forecast],
            "day_text": [f"{day:{date_format}}" for day, _, _ in forecast],
            "value": [value for _, value, _ in forecast],
            "value_text": [money_text(value, currency) for _, value, _ in forecast],
            "label": [label for _, _, label in forecast],
        },
        "status": {
            "x": [end_ms(status.status_date)],
            "day_text": [f"{status.status_date:{date_format}}"],
        },
    }


def _earlier(status: ProjectStatus, history: History | None) -> list[tuple[date, float, float]]:
    """(day, EV, AC) of the history's status dates strictly between the baseline start and
    the status date, oldest first."""
    if history is None:
        return []
    rows: Iterable[tuple] = (
        history[list(HISTORY_COLUMNS)].itertuples(index=False, name=None)
        if isinstance(history, pd.DataFrame)
        else history
    )
    points: dict[date, tuple[date, float, float]] = {}
    for when, _pv, ev, ac in rows:
        day = pd.Timestamp(when).date()
        if status.baseline_start < day < status.status_date:
            points[day] = (day, float(ev), float(ac))
    return [points[day] for day in sorted(points)]


def earned_value_figure(
    status: ProjectStatus, history: History | None = None, *, date_format: str = "%Y-%m-%d"
) -> tuple[figure, dict[str, ColumnDataSource]]:
    """Build the earned-value chart.

    Parameters are those of :func:`earned_value_data`.

    Returns
    -------
    figure : bokeh.plotting.figure
        PV (plain line), EV (line with circles), AC (line with squares), the forecast (dashed
        line to a diamond), the status date (dotted vertical line), a legend naming each
        (click to hide one), hover with date and money, a money axis in the project's
        currency, pan and zoom along time.
    sources : dict of str to ColumnDataSource
        The four sources of :func:`earned_value_data`, each named so in the document.
    """
    data = earned_value_data(status, history, date_format=date_format)
    sources = {name: ColumnDataSource(data=data[name], name=name) for name in SOURCES}
    fig = bar_figure(
        x_axis_type="datetime",
        width=theme.EARNED_VALUE_WIDTH,
        height=theme.EARNED_VALUE_HEIGHT,
        y_label="Cumulative value and cost",
    )
    fig.yaxis.formatter = CustomJSTickFormatter(
        args={"currency": status.currency}, code=MONEY_TICKS
    )
    planned = fig.line(
        x="x",
        y="pv",
        source=sources["planned"],
        line_color=theme.PLANNED_VALUE_LINE,
        line_width=theme.LINE_WIDTH,
    )
    earned = _line_with_markers(
        fig, sources["actual"], "ev", theme.EARNED_VALUE_LINE, theme.EARNED_VALUE_MARKER
    )
    actual = _line_with_markers(
        fig, sources["actual"], "ac", theme.ACTUAL_COST_LINE, theme.ACTUAL_COST_MARKER
    )
    forecast = _line_with_markers(
        fig,
        sources["forecast"],
        "value",
        theme.FORECAST_LINE,
        theme.FORECAST_MARKER,
        dash=theme.FORECAST_DASH,
    )
    status_line = fig.vspan(
        x="x",
        source=sources["status"],
        line_color=theme.STATUS_DATE_LINE,
        line_width=theme.LINE_WIDTH,
        line_dash=theme.STATUS_DATE_DASH,
    )
    fig.y_range.update(start=0)
    legend = Legend(
        items=[
            LegendItem(label="Planned value (PV)", renderers=[planned]),
            LegendItem(label="Earned value (EV)", renderers=list(earned)),
            LegendItem(label="Actual cost (AC)", renderers=list(actual)),
            LegendItem(label="Forecast to EAC", renderers=list(forecast)),
            LegendItem(label="Status date", renderers=[status_line]),
        ],
        orientation="horizontal",
        click_policy="hide",
    )
    fig.add_layout(legend, "below")
    wheel = WheelZoomTool(dimensions="width")
    fig.add_tools(
        PanTool(dimensions="width"),
        wheel,
        ResetTool(),
        HoverTool(renderers=[planned], tooltips=PLANNED_TOOLTIPS, mode="vline"),
        HoverTool(renderers=[earned[1], actual[1]], tooltips=ACTUAL_TOOLTIPS),
        HoverTool(renderers=[forecast[1]], tooltips=FORECAST_TOOLTIPS),
    )
    fig.toolbar.active_scroll = wheel
    return fig, sources


def _line_with_markers(
    fig: figure,
    source: ColumnDataSource,
    column: str,
    colour: str,
    marker: str,
    *,
    dash: str = "solid",
) -> tuple[GlyphRenderer, GlyphRenderer]:
    """A line through ``column`` and a marker at each of its points (line, markers)."""
    line = fig.line(
        x="x",
        y=column,
        source=source,
        line_color=colour,
        line_width=theme.LINE_WIDTH,
        line_dash=dash,
    )
    markers = fig.scatter(
        x="x",
        y=column,
        source=source,
        marker=marker,
        size=theme.EARNED_VALUE_MARKER_SIZE,
        fill_color=colour,
        line_color=colour,
    )
    return line, markers
