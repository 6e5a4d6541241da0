"""The Gantt chart's data and figure, checked without a browser."""

from __future__ import annotations

import dataclasses
import time
from datetime import date, datetime

import numpy as np
import pytest
from bokeh.models import HoverTool, Range1d, Span, TapTool

from pmwidgets import Link, Plan, Task
from pmwidgets.core.model import TaskBaseline
from pmwidgets.io import read_plan
from pmwidgets.plotting import theme
from pmwidgets.plotting.gantt import DAY_MS, SOURCES, gantt_data, gantt_figure

SAMPLE = "sample_data/office_move.json"


@pytest.fixture
def plan() -> Plan:
    return read_plan(SAMPLE)


def _ms(day: np.datetime64) -> float:
    return float(np.datetime64(day, "ms").astype(np.int64))


def test_every_source_has_columns_of_equal_length(plan: Plan) -> None:
    data = gantt_data(plan.schedule(), plan.links, plan.state.baselines)
    assert set(data) == set(SOURCES)
    for name, columns in data.items():
        assert len({len(values) for values in columns.values()}) == 1, name


def test_bars_follow_the_schedule_row_by_row(plan: Plan) -> None:
    frame = plan.schedule().to_frame()
    bars = gantt_data(plan.schedule(), plan.links, ())["bars"]
    assert bars["id"] == frame["id"].tolist()
    assert bars["row"] == list(range(len(frame)))
    working = ~frame["summary"] & ~frame["milestone"]
    for k, task in frame.iterrows():
        critical = bool(task["critical"])
        assert bars["critical_text"][k] == ("yes" if critical else "no")
        assert bars["fill"][k] == (theme.CRITICAL_TASK if critical else theme.NORMAL_TASK)
        assert bars["label"][k] == (theme.CRITICAL_LABEL if critical else "")
        assert bars["alpha"][k] == (1.0 if working[k] else 0.0)
        if working[k]:
            # Whole-day tasks: from the start of the start day to the end of the finish day.
            assert bars["left"][k] == _ms(task["start"])
            assert bars["right"][k] == _ms(task["finish"]) + DAY_MS
    hatched = {bars["id"][k] for k, h in enumerate(bars["hatch"]) if h == theme.CRITICAL_HATCH}
    assert hatched == set(frame["id"][frame["critical"] & working])
    assert "9" not in hatched  # Install network cabling has 12 days of float


def test_summaries_and_milestones(plan: Plan) -> None:
    frame = plan.schedule().to_frame()
    data = gantt_data(plan.schedule(), plan.links, ())
    assert data["summaries"]["row"] == frame.index[frame["summary"]].tolist()
    milestones = frame.index[frame["milestone"]].tolist()
    assert data["milestones"]["row"] == milestones
    assert data["milestones"]["id"] == ["5", "16"]
    assert data["milestones"]["fill"] == [theme.CRITICAL_MILESTONE] * 2
    for row, x in zip(milestones, data["milestones"]["x"], strict=True):
        assert data["bars"]["left"][row] < x < data["bars"]["right"][row]


def test_one_arrow_per_link_from_the_linked_ends(plan: Plan) -> None:
    data = gantt_data(plan.schedule(), plan.links, ())
    arrows, bars = data["arrows"], data["bars"]
    assert len(arrows["xs"]) == len(plan.links)
    assert arrows["type"] == [link.type.value for link in plan.links]
    row = {task_id: k for k, task_id in enumerate(bars["id"])}
    for k, link in enumerate(plan.links):
        p = row[link.predecessor]
        expected = bars["left"][p] if link.type in ("SS", "SF") else bars["right"][p]
        if link.predecessor == "5":  # a milestone: the link leaves its diamond
            expected = data["milestones"]["x"][0]
        assert arrows["xs"][k][0] == expected
        assert arrows["ys"][k][0] == p
        assert arrows["head_x"][k] == arrows["xs"][k][-1]
        assert arrows["head_y"][k] == arrows["ys"][k][-1]
        assert abs(arrows["head_y"][k] - row[link.successor]) <= theme.BAR_HEIGHT / 2


def test_baseline_bars_for_the_chosen_baseline_only(plan: Plan) -> None:
    baselines = (
        TaskBaseline("3", 0, datetime(2026, 11, 30, 8), datetime(2026, 12, 2, 17)),
        TaskBaseline("7", 0, datetime(2026, 12, 1), datetime(2026, 12, 4)),
        TaskBaseline("7", 1, datetime(2026, 12, 7), datetime(2026, 12, 9)),
        TaskBaseline("9", 0, None, None),
    )
    baselined = Plan.from_state(dataclasses.replace(plan.state, baselines=baselines))
    data = gantt_data(baselined.schedule(), baselined.links, baselined.state.baselines)
    assert data["baselines"]["id"] == ["3", "7"]
    assert data["baselines"]["row"] == [2, 6]
    assert data["baselines"]["left"][0] == _ms(np.datetime64("2026-11-30"))
    assert data["baselines"]["right"][0] == _ms(np.datetime64("2026-12-03"))
    one = gantt_data(baselined.schedule(), baselined.links, baselines, baseline=1)["baselines"]
    assert one["id"] == ["7"]


def test_progress_fills_the_completed_part(plan: Plan) -> None:
    plan.set("9", "percent_complete", 50)
    data = gantt_data(plan.schedule(), plan.links, ())
    assert data["progress"]["row"] == [8]
    left, right = data["bars"]["left"][8], data["bars"]["right"][8]
    assert data["progress"]["left"] == [left]
    assert data["progress"]["right"] == [left + (right - left) / 2]


def test_non_working_days_are_shaded_around_the_plan(plan: Plan) -> None:
    data = gantt_data(plan.schedule(), plan.links, ())
    shaded = data["non_working"]
    assert shaded["left"]
    for left, right in zip(shaded["left"], shaded["right"], strict=True):
        day = np.datetime64(int(left), "ms").astype("datetime64[D]").astype(date)
        assert not plan.calendar.is_working_day(day)
        assert right - left == DAY_MS
    assert min(shaded["left"]) < min(data["bars"]["left"])
    assert max(shaded["right"]) > max(data["bars"]["right"])
    assert set(shaded["top"]) == {len(plan.tasks) - 0.5}


def test_user_text_reaches_the_source_as_plain_text(plan: Plan) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    plan.set("3", "name", hostile)
    fig, sources = gantt_figure(plan.schedule(), plan.links)
    assert sources["bars"].data["name"][2] == hostile
    hovers = fig.select(type=HoverTool)
    assert hovers
    for hover in hovers:
        assert isinstance(hover.tooltips, list)
        assert all("{safe}" not in template for _, template in hover.tooltips)


def test_figure_layout_and_tools(plan: Plan) -> None:
    fig, sources = gantt_figure(
        plan.schedule(), plan.links, status_date=date(2026, 12, 10), today=date(2026, 12, 14)
    )
    assert set(sources) == set(SOURCES)
    assert isinstance(fig.y_range, Range1d)
    assert fig.y_range.start > fig.y_range.end  # task 1 on top
    assert fig.height == len(plan.tasks) * theme.ROW_HEIGHT + theme.AXIS_HEIGHT
    spans = {span.name: span.location for span in fig.select(type=Span)}
    assert spans["status_date"] == _ms(np.datetime64("2026-12-11"))  # end of the status day
    assert spans["today"] == _ms(np.datetime64("2026-12-14"))
    (tap,) = fig.select(type=TapTool)
    assert [r.data_source for r in tap.renderers] == [sources["bars"]]
    assert fig.toolbar.active_scroll.dimensions == "width"


def test_no_date_lines_without_dates(plan: Plan) -> None:
    fig, _ = gantt_figure(plan.schedule(), plan.links)
    assert [span.location for span in fig.select(type=Span)] == [None, None]


def _large_plan(size: int) -> Plan:
    rng = np.random.default_rng(7)
    tasks = [Task(str(k), f"Task {k}", duration=float(rng.integers(1, 10))) for k in range(size)]
    links = [
        Link(str(int(rng.integers(max(0, k - 50), k))), str(k), type=kind)
        for k, kind in zip(range(1, size), rng.choice(["FS", "SS", "FF"], size - 1), strict=True)
    ]
    return Plan("Large", start=date(2026, 1, 5), tasks=tasks, links=links)


def test_two_thousand_tasks_build_well_under_a_second() -> None:
    plan = _large_plan(2000)
    schedule = plan.schedule()
    began = time.perf_counter()
    data = gantt_data(schedule, plan.links, ())
    elapsed = time.perf_counter() - began
    assert len(data["bars"]["id"]) == 2000
    assert len(data["arrows"]["xs"]) == len(plan.links)
    assert elapsed < 1.0, f"gantt_data took {elapsed:.2f} s for 2,000 tasks"
