"""The resource load chart as bokeh data and figure: one resource's (or role's) hours per period.

For the chosen resource or role, each period (day, week or month) is a bar stacked from the
hours of each task behind it (or, stacked by project, one segment for the whole plan); the
capacity (the hours the resource's calendar and units make available) is a step line; every
period whose load exceeds its capacity gets a marker and a text label ("over by 12 h"), so
that over-allocation is never told by colour alone.

The arithmetic is the core's (:mod:`pmwidgets.core.resource_load`): bar tops are its
``load_hours``, the step line its ``capacity_hours``, the markers its ``over`` periods. The x
axis is time, in milliseconds (bokeh's datetime unit); a period spans from its first day to the
next period's first day.

Sources (each named so in the document): ``segments`` (one row per period and task, in period
then plan order, so that a tap selection index is a segment), ``capacity`` (the step line's
corners), ``over`` (one row per over-allocated period) and ``highlight`` (the outline of the
selected period's bar).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np
import pandas as pd
from bokeh.core.properties import value
from bokeh.models import (
    ColumnDataSource,
    GlyphRenderer,
    HoverTool,
    Legend,
    LegendItem,
    PanTool,
    ResetTool,
    TapTool,
    WheelZoomTool,
)
from bokeh.plotting import figure

from pmwidgets.core.plan import Plan
from pmwidgets.core.resource_load import (
    GROUPINGS,
    check_choice,
    load_span,
    resource_load,
    task_hours,
)
from pmwidgets.plotting import theme
from pmwidgets.plotting.figures import bar_figure

#: Stack a period's bar by task, or as one segment for the whole project (plan).
STACKS = ("task", "project")
SOURCES = ("segments", "capacity", "over", "highlight")
SEGMENT_COLUMNS = (
    "period",
    "period_text",
    "task",
    "label",
    "tasks",
    "hours",
    "hours_text",
    "load_text",
    "capacity_text",
    "left",
    "right",
    "bottom",
    "top",
    "colour",
)
CAPACITY_COLUMNS = ("x", "capacity")
OVER_COLUMNS = (
    "period",
    "period_text",
    "x",
    "y",
    "load_hours",
    "capacity_hours",
    "excess_hours",
    "label",
)
HIGHLIGHT_COLUMNS = ("left", "right", "bottom", "top")
#: Tooltip of a segment; bokeh escapes every field.
TOOLTIPS = [
    ("Task", "@label"),
    ("Hours", "@hours_text"),
    ("Period", "@period_text"),
    ("Load", "@load_text"),
    ("Capacity", "@capacity_text"),
]
OVER_TOOLTIPS = [("Period", "@period_text"), ("Over-allocated", "@label")]


def hours_text(hours: float) -> str:
    """``"12 h"``, ``"4.5 h"``: hours to one decimal, without a trailing ``.0``."""
    rounded = round(float(hours), 1)
    if rounded == int(rounded):
        return f"{int(rounded)} h"
    return f"{rounded:.1f} h"


def over_label(excess_hours: float) -> str:
    """The text next to an over-allocated period's marker, e.g. ``"over by 12 h"``."""
    return f"over by {hours_text(excess_hours)}"


def period_end(start: date, period: str) -> date:
    """The first day of the period after the one starting on ``start``."""
    if period == "day":
        return start + timedelta(days=1)
    if period == "week":
        return start + timedelta(days=7)
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def period_text(start: date, period: str) -> str:
    """How a period is named: ``"Mon 3 Mar 2025"``, ``"Week of 3 Mar 2025"``, ``"March 2025"``."""
    if period == "day":
        return f"{start:%a} {start.day} {start:%b %Y}"
    if period == "week":
        return f"Week of {start.day} {start:%b %Y}"
    return f"{start:%B %Y}"


def key_options(plan: Plan, by: str) -> list[tuple[str, str]]:
    """The (label, key) of each resource (by id) or role the chart can show, in plan order."""
    check_choice(by, GROUPINGS, "by", "Load can be grouped by")
    if by == "resource":
        return [(r.name or r.id, r.id) for r in plan.resources]
    roles: dict[str, str] = {}
    for resource in plan.resources:
        roles.setdefault(resource.role, resource.role or "(no role)")
    return [(label, role) for role, label in roles.items()]


def key_name(plan: Plan, key: str | None, by: str) -> str:
    """The label of ``key`` among :func:`key_options` (the key itself if unknown)."""
    return dict((k, label) for label, k in key_options(plan, by)).get(key, key or "")


def _ms(day: date) -> float:
    return float(np.datetime64(day, "ms").astype(np.int64))


def _empty(names: Sequence[str]) -> dict[str, list]:
    return {name: [] for name in names}


def load_chart_data(
    plan: Plan,
    *,
    key: str | None,
    by: str = "resource",
    period: str = "week",
    stack: str = "task",
) -> dict[str, dict[str, list]]:
    """The columns of the ``segments``, ``capacity`` and ``over`` sources.

    Parameters
    ----------
    plan : Plan
        The plan whose assignments load its resources.
    key : str or None
        The resource id (``by="resource"``) or role (``by="role"``) drawn; None draws nothing.
    by : {"resource", "role"}
        Whether ``key`` is a resource or a role (a role's load and capacity sum its resources').
    period : {"day", "week", "month"}
        One bar per period.
    stack : {"task", "project"}
        One segment per task behind the bar, or one for the whole plan.

    Returns
    -------
    dict
        ``segments``: :data:`SEGMENT_COLUMNS` of each (period, task) segment: period (ISO
        date of its first day), left/right (ms, the bar's edges), bottom/top (hours, stacked),
        label (task id and name, or the plan's name), tasks (ids, comma-joined), colour (the
        palette cycled by task). ``capacity``: the corners of a step line (mode "after"), one
        per period start plus the last period's end. ``over``: :data:`OVER_COLUMNS` of each
        over-allocated period, x the bar's middle, y its top, label e.g. ``"over by 12 h"``.
    """
    check_choice(stack, STACKS, "stack", "The load bars are stacked by")
    hours = task_hours(plan, key=key, by=by, period=period)
    if key is None:
        return {
            "segments": _empty(SEGMENT_COLUMNS),
            "capacity": _empty(CAPACITY_COLUMNS),
            "over": _empty(OVER_COLUMNS),
        }
    first, last = load_span(plan)
    load = resource_load(plan, by=by, period=period, first=first, last=last)
    load = load[load["key"] == key]
    names = {task.id: task.name for task in plan.tasks}
    colours = _task_colours(hours["task"].tolist())
    segments: list[dict] = []
    capacity = _empty(CAPACITY_COLUMNS)
    over = _empty(OVER_COLUMNS)
    by_period = {start: rows for start, rows in hours.groupby("period", sort=True)}
    for row in load.itertuples(index=False):
        start, end = row.period, period_end(row.period, period)
        left, right = _ms(start), _ms(end)
        inset = (right - left) * (1 - theme.RESOURCE_LOAD_BAR_SHARE) / 2
        common = {
            "period": start.isoformat(),
            "period_text": period_text(start, period),
            "load_text": hours_text(row.load_hours),
            "capacity_text": hours_text(row.capacity_hours),
            "left": left + inset,
            "right": right - inset,
        }
        rows = by_period.get(start)
        parts = [] if rows is None else list(zip(rows["task"], rows["hours"], strict=True))
        if stack == "project" and parts:
            parts = [(None, sum(h for _, h in parts), [t for t, _ in parts])]
        else:
            parts = [(task, h, [task]) for task, h in parts]
        bottom = 0.0
        for task, part_hours, ids in parts:
            top = bottom + float(part_hours)
            segments.append(
                {
                    **common,
                    "task": task or "",
                    "label": f"{task} {names.get(task, '')}" if task else plan.name,
                    "tasks": ",".join(ids),
                    "hours": float(part_hours),
                    "hours_text": hours_text(part_hours),
                    "bottom": bottom,
                    "top": top,
                    "colour": colours[task] if task else theme.RESOURCE_LOAD_PALETTE[0],
                }
            )
            bottom = top
        capacity["x"].append(left)
        capacity["capacity"].append(float(row.capacity_hours))
        if row.over:
            excess = float(row.load_hours - row.capacity_hours)
            over["period"].append(start.isoformat())
            over["period_text"].append(period_text(start, period))
            over["x"].append((left + right) / 2)
            over["y"].append(float(row.load_hours))
            over["load_hours"].append(float(row.load_hours))
            over["capacity_hours"].append(float(row.capacity_hours))
            over["excess_hours"].append(excess)
            over["label"].append(over_label(excess))
    if capacity["x"]:
        capacity["x"].append(_ms(period_end(load["period"].iloc[-1], period)))
        capacity["capacity"].append(capacity["capacity"][-1])
    return {
        "segments": {name: [s[name] for s in segments] for name in SEGMENT_COLUMNS},
        "capacity": capacity,
        "over": over,
    }


def _task_colours(task_ids: Sequence[str]) -> dict[str, str]:
    """The palette cycled over the tasks in the order they first appear."""
    palette = theme.RESOURCE_LOAD_PALETTE
    colours: dict[str, str] = {}
    for task in task_ids:
        if task not in colours:
            colours[task] = palette[len(colours) % len(palette)]
    return colours


def highlight_data(segments: dict[str, list], selected: str | None) -> dict[str, list]:
    """The columns of the ``highlight`` source: the outline of the bar of period ``selected``
    (ISO date of its first day, as in the ``segments`` source), if it has one."""
    rows = [k for k, start in enumerate(segments["period"]) if start == selected]
    if not rows:
        return _empty(HIGHLIGHT_COLUMNS)
    return {
        "left": [segments["left"][rows[0]]],
        "right": [segments["right"][rows[0]]],
        "bottom": [0.0],
        "top": [max(segments["top"][k] for k in rows)],
    }


def tasks_html(plan: Plan, hours: pd.DataFrame, *, title: str) -> str:
    """One line naming a period's tasks with their hours, every name HTML-escaped."""
    names = {task.id: task.name for task in plan.tasks}
    items = [
        f"{html.escape(str(task))} {html.escape(names.get(task, ''))} ({hours_text(h)})"
        for task, h in zip(hours["task"], hours["hours"], strict=True)
    ]
    body = ", ".join(items) if items else "no tasks"
    return f"<b>{html.escape(title)}</b>: {body}"


def load_chart_figure(
    plan: Plan,
    *,
    key: str | None,
    by: str = "resource",
    period: str = "week",
    stack: str = "task",
) -> tuple[figure, dict[str, ColumnDataSource]]:
    """Build the resource load chart.

    Parameters are those of :func:`load_chart_data`.

    Returns
    -------
    figure : bokeh.plotting.figure
        Stacked bars (hours; tap selects a row of ``segments``, hover names task, hours,
        period, load and capacity), the capacity step line, the over-allocation markers with
        their labels, a legend for the line and markers, pan and zoom along time.
    sources : dict of str to ColumnDataSource
        ``segments``, ``capacity``, ``over`` (:func:`load_chart_data`) and ``highlight``
        (empty), each named so in the document.
    """
    data = load_chart_data(plan, key=key, by=by, period=period, stack=stack)
    data["highlight"] = _empty(HIGHLIGHT_COLUMNS)
    sources = {name: ColumnDataSource(data=data[name], name=name) for name in SOURCES}
    fig = bar_figure(
        x_axis_type="datetime",
        width=theme.RESOURCE_LOAD_WIDTH,
        height=theme.RESOURCE_LOAD_HEIGHT,
        y_label="Hours",
    )
    bars = fig.quad(
        left="left",
        right="right",
        bottom="bottom",
        top="top",
        source=sources["segments"],
        fill_color="colour",
        line_color=theme.RESOURCE_LOAD_SEGMENT_LINE,
        # The selection lives in the highlight source (see ResourceLoadChart): a tap's own
        # selection is cleared at once and must not change how bars look meanwhile.
        nonselection_fill_alpha=1.0,
        nonselection_line_alpha=1.0,
        selection_fill_alpha=1.0,
    )
    fig.quad(
        left="left",
        right="right",
        bottom="bottom",
        top="top",
        source=sources["highlight"],
        fill_alpha=0,
        line_color=theme.RESOURCE_LOAD_HIGHLIGHT,
        line_width=theme.RESOURCE_LOAD_HIGHLIGHT_WIDTH,
    )
    line = fig.step(
        x="x",
        y="capacity",
        source=sources["capacity"],
        mode="after",
        line_color=theme.RESOURCE_LOAD_CAPACITY,
        line_width=theme.LINE_WIDTH,
        line_dash=theme.RESOURCE_LOAD_CAPACITY_DASH,
    )
    markers = _draw_over(fig, sources["over"])
    fig.y_range.update(start=0, range_padding=theme.RESOURCE_LOAD_Y_PADDING)
    fig.y_range.renderers = [bars, line, markers]
    fig.add_layout(
        Legend(
            items=[
                LegendItem(label="Capacity", renderers=[line]),
                LegendItem(label="Over-allocated", renderers=[markers]),
            ],
            orientation="horizontal",
        ),
        "below",
    )
    wheel = WheelZoomTool(dimensions="width")
    fig.add_tools(
        PanTool(dimensions="width"),
        wheel,
        ResetTool(),
        TapTool(renderers=[bars]),
        HoverTool(renderers=[bars], tooltips=TOOLTIPS),
        HoverTool(renderers=[markers], tooltips=OVER_TOOLTIPS),
    )
    fig.toolbar.active_scroll = wheel
    return fig, sources


def _draw_over(fig: figure, source: ColumnDataSource) -> GlyphRenderer:
    """A marker on top of each over-allocated bar, and its "over by" label above it."""
    markers = fig.scatter(
        x="x",
        y="y",
        source=source,
        marker=theme.RESOURCE_LOAD_OVER_MARKER,
        size=theme.RESOURCE_LOAD_OVER_MARKER_SIZE,
        fill_color=theme.RESOURCE_LOAD_OVER,
        line_color=theme.RESOURCE_LOAD_OVER_TEXT,
    )
    fig.text(
        x="x",
        y="y",
        text="label",
        source=source,
        y_offset=-theme.RESOURCE_LOAD_OVER_LABEL_OFFSET,
        text_align="center",
        text_baseline="bottom",
        text_color=theme.RESOURCE_LOAD_OVER_TEXT,
        text_font=value(theme.FONT),
        text_font_size=theme.RESOURCE_LOAD_OVER_FONT_SIZE,
    )
    return markers
