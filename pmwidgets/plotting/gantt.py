"""The Gantt chart as bokeh data and figure: one row per task, plan order top to bottom.

:func:`gantt_data` turns a schedule into plain column dicts (one per data source);
:func:`gantt_figure` builds the figure once over them. A widget re-renders a changed plan by
assigning ``source.data = gantt_data(...)[name]`` to each source: one message per source.

The x axis is a datetime axis in milliseconds; row ``k`` (the y value) is the plan's task ``k``.
A bar runs from its start to the end of its finish day (fractions of a working day placed in
proportion). Row ``k`` of the ``bars`` source is task ``k``, so the tap selection indices of the
``bars`` source are task rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import numpy as np
from bokeh.core.properties import value
from bokeh.models import (
    CDSView,
    ColumnDataSource,
    CustomJS,
    GroupFilter,
    HoverTool,
    PanTool,
    Range1d,
    ResetTool,
    Span,
    TapTool,
    WheelZoomTool,
)
from bokeh.plotting import figure

from pmwidgets.core.model import Link, LinkType, TaskBaseline
from pmwidgets.core.schedule import Schedule
from pmwidgets.plotting import theme

DAY_MS = 86_400_000.0
#: Length of the horizontal stubs of dependency arrows, in days.
ARROW_STUB_DAYS = 0.25
#: Days of non-working-day shading added on either side of the plan.
NON_WORKING_MARGIN_DAYS = 14

#: Tooltip of a task; every field is escaped by bokeh (no ``{safe}``: names are user text).
TOOLTIPS = [
    ("Task", "@name"),
    ("WBS", "@wbs"),
    ("Start", "@start_text"),
    ("Finish", "@finish_text"),
    ("Duration", "@duration_text"),
    ("Total float", "@float_text"),
    ("Critical", "@critical_text"),
]

SOURCES = ("non_working", "baselines", "bars", "progress", "summaries", "milestones", "arrows")


def gantt_data(
    schedule: Schedule, links: Iterable[Link], baselines: Iterable[TaskBaseline], baseline: int = 0
) -> dict[str, dict[str, list]]:
    """The columns of every Gantt chart data source, as plain lists.

    Parameters
    ----------
    schedule : Schedule
        The plan's schedule; its task order is the row order.
    links : iterable of Link
        The dependencies to draw as arrows.
    baselines : iterable of TaskBaseline
        Saved baselines; those numbered ``baseline`` with a start and finish are drawn.
    baseline : int
        Which baseline (0 to 10) to draw behind the bars.

    Returns
    -------
    dict
        One dict of equal-length columns per source name in :data:`SOURCES`. x values are
        milliseconds since the epoch (bokeh's datetime unit), y values task rows.

        - ``bars``: one row per task (tap and hover target; hidden for summaries and milestones):
          row, id, name, wbs, left, right, fill, alpha, hatch, label ("critical" or ""),
          start_text, finish_text, duration_text, float_text, critical_text.
        - ``summaries``: row, left, right of summary tasks.
        - ``milestones``: row, id, x, fill of milestones.
        - ``progress``: row, left, right of the completed part of working tasks.
        - ``baselines``: row, y (just below the row's bar), id, left, right (whole days).
        - ``arrows``: predecessor, successor, type, xs, ys (the path), head_x, head_y,
          head_angle (radians), one per link.
        - ``non_working``: left, right, bottom, top of each non-working day near the plan.
    """
    frame = schedule.to_frame()
    rows = np.arange(len(frame))
    summary = frame["summary"].to_numpy(dtype=bool)
    milestone = frame["milestone"].to_numpy(dtype=bool) & ~summary
    critical = frame["critical"].to_numpy(dtype=bool)
    start_x = _positions(schedule, schedule.scheduled_start)
    finish_x = _positions(schedule, schedule.scheduled_finish)
    start_x = np.where(milestone, finish_x, start_x)
    half = DAY_MS / 2
    hit_left = np.where(milestone, finish_x - half, start_x)
    hit_right = np.where(milestone, finish_x + half, finish_x)
    working = ~summary & ~milestone
    date_format = schedule.state.settings.date_format

    bars = {
        "row": rows.tolist(),
        "id": frame["id"].tolist(),
        "name": frame["name"].tolist(),
        "wbs": frame["wbs"].tolist(),
        "left": hit_left.tolist(),
        "right": hit_right.tolist(),
        "fill": np.where(critical, theme.CRITICAL_TASK, theme.NORMAL_TASK).tolist(),
        "alpha": working.astype(float).tolist(),
        "hatch": np.where(critical & working, theme.CRITICAL_HATCH, theme.NO_HATCH).tolist(),
        "label": np.where(critical, theme.CRITICAL_LABEL, "").tolist(),
        "start_text": frame["start"].dt.strftime(date_format).tolist(),
        "finish_text": frame["finish"].dt.strftime(date_format).tolist(),
        "duration_text": _day_texts(frame["duration_days"].to_numpy()),
        "float_text": _day_texts(frame["total_float_days"].to_numpy()),
        "critical_text": np.where(critical, "yes", "no").tolist(),
    }
    percent = np.array([t.percent_complete for t in schedule.state.tasks], dtype=float)
    done = working & (percent > 0)
    progress_right = start_x + (finish_x - start_x) * percent / 100
    return {
        "bars": bars,
        "summaries": _columns(row=rows[summary], left=start_x[summary], right=finish_x[summary]),
        "milestones": {
            **_columns(row=rows[milestone], x=finish_x[milestone]),
            "id": frame["id"][milestone].tolist(),
            "fill": np.where(
                critical[milestone], theme.CRITICAL_MILESTONE, theme.MILESTONE
            ).tolist(),
        },
        "progress": _columns(row=rows[done], left=start_x[done], right=progress_right[done]),
        "baselines": _baseline_data(schedule, baselines, baseline),
        "arrows": _arrow_data(schedule, list(links), start_x, finish_x),
        "non_working": _non_working_data(schedule, hit_left, hit_right),
    }


def _day_texts(days: np.ndarray) -> list[str]:
    """Working days as the tooltips show them (``2.5 d``), each distinct value formatted once."""
    distinct, rows = np.unique(days, return_inverse=True)
    texts = np.array([f"{d:g} d" for d in distinct.tolist()], dtype=object)
    return texts[rows].tolist()


def _columns(**arrays: np.ndarray) -> dict[str, list]:
    return {name: values.tolist() for name, values in arrays.items()}


def _positions(schedule: Schedule, points: np.ndarray) -> np.ndarray:
    """x (ms) of schedule points: their display day plus the fraction of its working time."""
    axis = schedule.axis
    per_day = axis.minutes_per_day
    days = axis.display_day_indices(points)
    into_day = (np.asarray(points, dtype=np.int64) >> 1) - days * per_day
    midnight = axis.dates_of_days(days).astype("datetime64[ms]").astype(np.int64)
    return midnight.astype(float) + into_day / per_day * DAY_MS


def _day_ms(values: Iterable[datetime | date]) -> np.ndarray:
    """Midnight (ms) of each value's day."""
    days = np.array([np.datetime64(v, "D") for v in values], dtype="datetime64[D]")
    return days.astype("datetime64[ms]").astype(np.int64).astype(float)


def _baseline_data(
    schedule: Schedule, baselines: Iterable[TaskBaseline], number: int
) -> dict[str, list]:
    index = schedule.network.index
    chosen = [
        b
        for b in baselines
        if b.number == number and b.task in index and b.start is not None and b.finish is not None
    ]
    rows = np.array([index[b.task] for b in chosen], dtype=np.int64)
    return {
        "row": rows.tolist(),
        "y": (rows + theme.BASELINE_OFFSET).tolist(),
        "id": [b.task for b in chosen],
        "left": _day_ms(b.start for b in chosen).tolist(),
        "right": (_day_ms(b.finish for b in chosen) + DAY_MS).tolist(),
    }


def _arrow_data(
    schedule: Schedule, links: list[Link], start_x: np.ndarray, finish_x: np.ndarray
) -> dict[str, list]:
    """Paths from the predecessor's start or finish to the successor's start or finish.

    Where it can, an arrow runs along the predecessor's row and drops onto the successor's bar
    just inside its linked end (as MS Project draws it); otherwise it detours between the rows
    and enters the linked end sideways.
    """
    index = schedule.network.index
    pred = np.array([index[link.predecessor] for link in links], dtype=np.int64)
    succ = np.array([index[link.successor] for link in links], dtype=np.int64)
    names = {kind: LinkType(kind).value for kind in {link.type for link in links}}
    types = [names[link.type] for link in links]
    kinds = np.array(types, dtype=object)
    from_finish = np.isin(kinds, [LinkType.FS.value, LinkType.FF.value])
    to_start = np.isin(kinds, [LinkType.FS.value, LinkType.SS.value])
    stub = ARROW_STUB_DAYS * DAY_MS
    x0 = np.where(from_finish, finish_x[pred], start_x[pred])
    x1 = np.where(to_start, start_x[succ], finish_x[succ])
    y0, y1 = pred.astype(float), succ.astype(float)
    down = np.sign(y1 - y0)
    drop_x = x1 + np.where(to_start, stub, -stub)
    drops = np.where(from_finish, drop_x >= x0, drop_x <= x0)
    bar_edge = y1 - down * theme.BAR_HEIGHT / 2
    a = x0 + np.where(from_finish, stub, -stub)
    b = x1 + np.where(to_start, -stub, stub)
    middle = y0 + down / 2
    xs = np.where(
        drops[:, None],
        np.stack([x0, drop_x, drop_x, drop_x, drop_x, drop_x], axis=1),
        np.stack([x0, a, a, b, b, x1], axis=1),
    )
    ys = np.where(
        drops[:, None],
        np.stack([y0, y0, y0, y0, bar_edge, bar_edge], axis=1),
        np.stack([y0, y0, middle, middle, y1, y1], axis=1),
    )
    # The triangle marker points up (y grows downwards here): turn it to point along the path.
    sideways = np.where(to_start, -np.pi / 2, np.pi / 2)
    return {
        "predecessor": [link.predecessor for link in links],
        "successor": [link.successor for link in links],
        "type": types,
        "xs": xs.tolist(),
        "ys": ys.tolist(),
        "head_x": xs[:, -1].tolist(),
        "head_y": ys[:, -1].tolist(),
        "head_angle": np.where(drops, np.where(down > 0, np.pi, 0.0), sideways).tolist(),
    }


def _non_working_data(schedule: Schedule, left: np.ndarray, right: np.ndarray) -> dict[str, list]:
    """Every non-working day from a little before the plan's first bar to after its last."""
    if len(left) == 0:
        return {"left": [], "right": [], "bottom": [], "top": []}
    first = np.datetime64(int(left.min()), "ms").astype("datetime64[D]")
    last = np.datetime64(int(right.max()), "ms").astype("datetime64[D]")
    days = np.arange(first - NON_WORKING_MARGIN_DAYS, last + NON_WORKING_MARGIN_DAYS + 1)
    off = days[~schedule.state.calendar.working_mask(days)]
    starts = off.astype("datetime64[ms]").astype(np.int64).astype(float)
    count = len(off)
    return {
        "left": starts.tolist(),
        "right": (starts + DAY_MS).tolist(),
        "bottom": [-0.5] * count,
        "top": [len(left) - 0.5] * count,
    }


def moment_ms(moment: date | datetime | None, *, end_of_day: bool) -> float | None:
    """x (ms) of a date line: a bare date (or midnight) at the start or end of its day.

    Parameters
    ----------
    moment : date, datetime or None
        The date or moment to mark.
    end_of_day : bool
        Whether a bare date means the end of that day (a status date: work up to and including
        that day is reported) rather than its start.

    Returns
    -------
    float or None
        Milliseconds since the epoch, or None (no line) for None.
    """
    if moment is None:
        return None
    stamp = np.datetime64(moment, "ms").astype(np.int64).astype(float)
    is_midnight = not isinstance(moment, datetime) or moment.time() == datetime.min.time()
    return stamp + DAY_MS if end_of_day and is_midnight else stamp


def fit_rows(fig: figure, rows: int) -> None:
    """Size the chart's height and row range for ``rows`` tasks (fixed pixels per row).

    Up to ``theme.MAX_VISIBLE_ROWS`` rows are shown at once; beyond that the chart pans
    vertically within the plan's rows.
    """
    visible = max(1, min(rows, theme.MAX_VISIBLE_ROWS))
    fig.height = visible * theme.ROW_HEIGHT + theme.AXIS_HEIGHT
    fig.min_border_top = theme.HEADER_HEIGHT
    fig.min_border_bottom = theme.FOOTER_HEIGHT
    fig.y_range.update(start=visible - 0.5, end=-0.5, bounds=(-0.5, max(rows, visible) - 0.5))


def gantt_figure(
    schedule: Schedule,
    links: Iterable[Link],
    *,
    status_date: date | datetime | None = None,
    today: date | datetime | None = None,
    baselines: Iterable[TaskBaseline] = (),
    baseline: int = 0,
) -> tuple[figure, dict[str, ColumnDataSource]]:
    """Build a Gantt chart of a schedule.

    Parameters
    ----------
    schedule : Schedule
        The plan's schedule; one row per task, in plan order, top to bottom.
    links : iterable of Link
        Dependencies, drawn as arrows.
    status_date, today : date or datetime, optional
        Drawn as vertical lines (named ``"status_date"`` and ``"today"``); the status date at
        the end of its day, today at its start.
    baselines : iterable of TaskBaseline
        Saved baselines; number ``baseline`` is drawn as thin bars behind the tasks.
    baseline : int
        Which baseline to draw.

    Returns
    -------
    figure : bokeh.plotting.figure
        Datetime x axis on top, wheel zoom along time, pan (along time, and down the rows of
        plans longer than ``theme.MAX_VISIBLE_ROWS``), hover tooltips, and a tap tool
        that selects task rows in the ``bars`` source.
    sources : dict of str to ColumnDataSource
        One source per name in :data:`SOURCES`, holding :func:`gantt_data`'s columns.
    """
    data = gantt_data(schedule, links, baselines, baseline)
    sources = {name: ColumnDataSource(data=data[name], name=name) for name in SOURCES}
    left, right = data["bars"]["left"], data["bars"]["right"]
    first, last = min(left, default=0.0), max(right, default=DAY_MS * 7)
    margin = max(DAY_MS, (last - first) * 0.08)
    start, end = first - margin, last + margin
    fig = figure(
        x_axis_type="datetime",
        x_axis_location="above",
        x_range=Range1d(start=start, end=end),
        y_range=Range1d(start=0.5, end=-0.5),
        width=theme.CHART_WIDTH,
        tools=[],
        toolbar_location="right",
        output_backend="canvas",
    )
    fit_rows(fig, len(left))
    fig.yaxis.visible = False
    fig.ygrid.visible = False
    fig.xaxis.major_label_text_font = theme.FONT

    shading = fig.quad(
        left="left",
        right="right",
        bottom="bottom",
        top="top",
        source=sources["non_working"],
        fill_color=theme.NON_WORKING_DAY,
        line_alpha=0,
        level="underlay",
    )
    shading.visible = (end - start) <= theme.NON_WORKING_MAX_DAYS * DAY_MS
    fig.x_range.js_on_change(
        "start",
        CustomJS(
            args={"shading": shading, "range": fig.x_range, "limit": theme.NON_WORKING_MAX_DAYS},
            code="shading.visible = (range.end - range.start) <= limit * 86400000;",
        ),
    )
    _draw_tasks(fig, sources)
    for name, moment, colour, end_of_day in (
        ("status_date", status_date, theme.STATUS_DATE_LINE, True),
        ("today", today, theme.TODAY_LINE, False),
    ):
        fig.add_layout(
            Span(
                name=name,
                location=moment_ms(moment, end_of_day=end_of_day),
                dimension="height",
                line_color=colour,
                line_width=theme.LINE_WIDTH,
                line_dash="dashed",
            )
        )
    return fig, sources


def _draw_tasks(fig: figure, sources: dict[str, ColumnDataSource]) -> None:
    """Baselines, bars, progress, summaries, milestones, arrows and the tools over them."""
    fig.hbar(
        y="y",
        left="left",
        right="right",
        height=theme.BASELINE_HEIGHT,
        source=sources["baselines"],
        fill_color=theme.BASELINE_BAR,
        line_alpha=0,
    )
    bars = fig.hbar(
        y="row",
        left="left",
        right="right",
        height=theme.BAR_HEIGHT,
        source=sources["bars"],
        fill_color="fill",
        fill_alpha="alpha",
        line_color="fill",
        line_alpha="alpha",
        selection_line_color=theme.SELECTION_OUTLINE,
        selection_line_alpha=1.0,
        selection_line_width=theme.SELECTION_LINE_WIDTH,
        nonselection_fill_alpha="alpha",
        nonselection_line_alpha="alpha",
    )
    # The hatching of critical bars is a second glyph with one fixed pattern over the rows
    # marked hatched: a pattern given per bar makes BokehJS build a canvas for every bar at
    # every repaint, which froze the page for seconds on a 2,000-task plan.
    hatched = CDSView(filter=GroupFilter(column_name="hatch", group=theme.CRITICAL_HATCH))
    fig.hbar(
        y="row",
        left="left",
        right="right",
        height=theme.BAR_HEIGHT,
        source=sources["bars"],
        view=hatched,
        fill_alpha=0,
        line_alpha=0,
        hatch_pattern=theme.CRITICAL_HATCH,
        hatch_color=theme.CRITICAL_HATCH_COLOR,
        nonselection_fill_alpha=0,
        nonselection_line_alpha=0,
        nonselection_hatch_alpha=1.0,
    )
    fig.text(
        x="right",
        y="row",
        text="label",
        source=sources["bars"],
        x_offset=4,
        text_baseline="middle",
        text_font=value(theme.FONT),
        text_font_size=theme.LABEL_FONT_SIZE,
        text_color=theme.CRITICAL_TASK,
    )
    fig.hbar(
        y="row",
        left="left",
        right="right",
        height=theme.BAR_HEIGHT / 2,
        source=sources["progress"],
        fill_color=theme.PROGRESS_FILL,
        fill_alpha=theme.PROGRESS_ALPHA,
        line_alpha=0,
    )
    fig.hbar(
        y="row",
        left="left",
        right="right",
        height=theme.SUMMARY_HEIGHT,
        source=sources["summaries"],
        fill_color=theme.SUMMARY,
        line_alpha=0,
    )
    for end in ("left", "right"):
        fig.scatter(
            x=end,
            y="row",
            source=sources["summaries"],
            marker="inverted_triangle",
            size=theme.SUMMARY_END_SIZE,
            color=theme.SUMMARY,
        )
    fig.scatter(
        x="x",
        y="row",
        source=sources["milestones"],
        marker="diamond",
        size=theme.MILESTONE_SIZE,
        fill_color="fill",
        line_color=theme.MILESTONE,
    )
    fig.multi_line(xs="xs", ys="ys", source=sources["arrows"], line_color=theme.ARROW, line_width=1)
    fig.scatter(
        x="head_x",
        y="head_y",
        angle="head_angle",
        source=sources["arrows"],
        marker="triangle",
        size=theme.ARROW_HEAD_SIZE,
        color=theme.ARROW,
    )
    wheel = WheelZoomTool(dimensions="width")
    fig.add_tools(
        PanTool(dimensions="both"),
        wheel,
        ResetTool(),
        TapTool(renderers=[bars]),
        HoverTool(renderers=[bars], tooltips=TOOLTIPS),
    )
    fig.toolbar.active_scroll = wheel
