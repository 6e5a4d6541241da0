"""The resource load chart's data and figure, checked without a browser, against the core's
:func:`resource_load` arithmetic."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from bokeh.embed import json_item
from bokeh.models import HoverTool, TapTool

from pmwidgets import Plan, PlanError
from pmwidgets.core.resource_load import resource_load
from pmwidgets.plotting import theme
from pmwidgets.plotting.resource_load import (
    SOURCES,
    hours_text,
    key_options,
    load_chart_data,
    load_chart_figure,
    over_label,
    period_end,
    period_text,
)

MONDAY = date(2025, 3, 3)


def _ms(day: date) -> float:
    return float(np.datetime64(day, "ms").astype(np.int64))


@pytest.fixture
def plan(team_plan: Plan) -> Plan:
    return team_plan


def _tops(segments: dict[str, list]) -> dict[str, float]:
    """The top of each period's stack."""
    tops: dict[str, float] = {}
    for start, top in zip(segments["period"], segments["top"], strict=True):
        tops[start] = max(tops.get(start, 0.0), top)
    return tops


CASES = [
    ("resource", "1"),
    ("resource", "2"),
    ("resource", "3"),
    ("role", "Developer"),
    ("role", "Tester"),
]


@pytest.mark.parametrize("period", ["day", "week", "month"])
@pytest.mark.parametrize(("by", "key"), CASES)
def test_segment_tops_are_the_core_s_load(plan: Plan, by: str, key: str, period: str) -> None:
    segments = load_chart_data(plan, key=key, by=by, period=period)["segments"]
    load = resource_load(plan, by=by, period=period)
    load = load[load["key"] == key]
    expected = {
        row.period.isoformat(): row.load_hours
        for row in load.itertuples(index=False)
        if row.load_hours > 0
    }
    assert _tops(segments) == pytest.approx(expected)
    # Stacked: each segment starts where the one under it ends, the first at 0.
    for k, start in enumerate(segments["period"]):
        below = segments["top"][k - 1] if k and segments["period"][k - 1] == start else 0.0
        assert segments["bottom"][k] == below
        assert segments["top"][k] - segments["bottom"][k] == pytest.approx(segments["hours"][k])


def test_segments_are_per_task_in_plan_order_with_hover_text(plan: Plan) -> None:
    segments = load_chart_data(plan, key="1", period="week")["segments"]
    assert segments["period"] == ["2025-03-03", "2025-03-03"]
    assert segments["task"] == ["1", "2"]
    assert segments["label"] == ["1 Build", "2 Review"]
    assert segments["tasks"] == ["1", "2"]
    assert segments["hours_text"] == ["40 h", "8 h"]
    assert segments["load_text"] == ["48 h", "48 h"]
    assert segments["capacity_text"] == ["32 h", "32 h"]
    assert segments["period_text"] == ["Week of 3 Mar 2025"] * 2
    assert segments["colour"] == list(theme.RESOURCE_LOAD_PALETTE[:2])
    # The bar sits inside its week, centred.
    left, right = _ms(MONDAY), _ms(date(2025, 3, 10))
    inset = (right - left) * (1 - theme.RESOURCE_LOAD_BAR_SHARE) / 2
    assert segments["left"] == [left + inset] * 2
    assert segments["right"] == [right - inset] * 2


def test_colours_cycle_the_palette_by_task() -> None:
    plan = Plan("Many", start=MONDAY)
    palette = theme.RESOURCE_LOAD_PALETTE
    for k in range(len(palette) + 2):
        plan.add_task(f"T{k}", "1d")
    worker = plan.add_resource("Wu")
    for task in plan.tasks:
        plan.assign(task.id, worker.id, 0.5)
    segments = load_chart_data(plan, key=worker.id, period="day")["segments"]
    assert segments["colour"] == [*palette, palette[0], palette[1]]
    assert BLACK_OR_OVER.isdisjoint(palette)


BLACK_OR_OVER = {theme.BLACK, theme.GREY, theme.RESOURCE_LOAD_OVER}


@pytest.mark.parametrize("period", ["day", "week", "month"])
@pytest.mark.parametrize(("by", "key"), CASES)
def test_the_capacity_step_line_follows_the_core(
    plan: Plan, by: str, key: str, period: str
) -> None:
    capacity = load_chart_data(plan, key=key, by=by, period=period)["capacity"]
    load = resource_load(plan, by=by, period=period)
    load = load[load["key"] == key]
    starts = load["period"].tolist()
    assert capacity["x"] == [_ms(s) for s in starts] + [_ms(period_end(starts[-1], period))]
    hours = load["capacity_hours"].tolist()
    assert capacity["capacity"] == pytest.approx([*hours, hours[-1]])


def test_capacity_values_for_ana_by_week(plan: Plan) -> None:
    capacity = load_chart_data(plan, key="1", period="week")["capacity"]
    # 4 days (Wednesday off) x 8 h; then only up to the plan's finish (Tuesday 11 March).
    assert capacity["capacity"] == [32.0, 16.0, 16.0]


@pytest.mark.parametrize("period", ["day", "week", "month"])
@pytest.mark.parametrize(("by", "key"), CASES)
def test_over_markers_sit_exactly_on_over_allocated_periods(
    plan: Plan, by: str, key: str, period: str
) -> None:
    data = load_chart_data(plan, key=key, by=by, period=period)
    load = resource_load(plan, by=by, period=period)
    over = load[(load["key"] == key) & load["over"]]
    assert data["over"]["period"] == [p.isoformat() for p in over["period"]]
    assert data["over"]["y"] == pytest.approx(over["load_hours"].tolist())
    excess = (over["load_hours"] - over["capacity_hours"]).tolist()
    assert data["over"]["label"] == [over_label(e) for e in excess]
    tops = _tops(data["segments"])
    assert [tops[p] for p in data["over"]["period"]] == pytest.approx(data["over"]["y"])


def test_over_labels_say_by_how_much(plan: Plan) -> None:
    days = load_chart_data(plan, key="1", period="day")["over"]
    assert days["period"] == ["2025-03-03", "2025-03-04", "2025-03-05"]
    assert days["label"] == ["over by 4 h", "over by 4 h", "over by 8 h"]
    week = load_chart_data(plan, key="1", period="week")["over"]
    assert week["label"] == ["over by 16 h"]
    assert week["x"] == [(_ms(MONDAY) + _ms(date(2025, 3, 10))) / 2]
    assert load_chart_data(plan, key="1", period="month")["over"]["label"] == []


def test_the_role_view_sums_its_resources(plan: Plan) -> None:
    plan.assign("1", "2", 0.5)  # Ben joins Ana on Build
    role = load_chart_data(plan, key="Developer", by="role", period="week")
    ana = load_chart_data(plan, key="1", period="week")
    ben = load_chart_data(plan, key="2", period="week")

    def hours(data: dict, start: str, task: str) -> float:
        segments = data["segments"]
        return sum(
            h
            for p, t, h in zip(segments["period"], segments["task"], segments["hours"], strict=True)
            if (p, t) == (start, task)
        )

    assert hours(role, "2025-03-03", "1") == pytest.approx(
        hours(ana, "2025-03-03", "1") + hours(ben, "2025-03-03", "1")
    )
    assert hours(role, "2025-03-03", "1") == pytest.approx(60.0)
    assert role["capacity"]["capacity"] == pytest.approx(
        [
            a + b
            for a, b in zip(ana["capacity"]["capacity"], ben["capacity"]["capacity"], strict=True)
        ]
    )


def test_stacked_by_project_one_segment_per_period(plan: Plan) -> None:
    data = load_chart_data(plan, key="Developer", by="role", period="week", stack="project")
    segments = data["segments"]
    assert segments["period"] == ["2025-03-03", "2025-03-10"]
    assert segments["label"] == ["Load", "Load"]
    assert segments["tasks"] == ["1,2", "3"]
    assert segments["bottom"] == [0.0, 0.0]
    assert segments["top"] == pytest.approx([48.0, 8.0])


def test_nothing_to_draw(plan: Plan) -> None:
    data = load_chart_data(plan, key=None)
    assert all(not column for source in data.values() for column in source.values())
    tester = load_chart_data(plan, key="3")
    assert tester["segments"]["period"] == [] and tester["over"]["label"] == []
    assert tester["capacity"]["capacity"][0] == 40.0
    empty = Plan("Empty", start=MONDAY)
    fig, sources = load_chart_figure(empty, key=None)
    assert sources["segments"].data["top"] == []
    json_item(fig)


def test_key_options(plan: Plan) -> None:
    assert key_options(plan, "resource") == [("Ana", "1"), ("Ben", "2"), ("Cy", "3")]
    assert key_options(plan, "role") == [("Developer", "Developer"), ("Tester", "Tester")]
    plan.add_resource("Di")
    assert key_options(plan, "role")[-1] == ("(no role)", "")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"by": "team"}, "grouped by"),
        ({"period": "year"}, "period is one of"),
        ({"stack": "colour"}, "stacked by"),
    ],
)
def test_bad_choices_say_so(plan: Plan, kwargs: dict, message: str) -> None:
    with pytest.raises(PlanError, match=message):
        load_chart_data(plan, key="1", **kwargs)


def test_texts() -> None:
    assert hours_text(12.0) == "12 h"
    assert hours_text(4.26) == "4.3 h"
    assert hours_text(0.04) == "0 h"
    assert over_label(12) == "over by 12 h"
    assert period_end(date(2025, 12, 1), "month") == date(2026, 1, 1)
    assert period_end(date(2025, 2, 1), "month") == date(2025, 3, 1)
    assert period_end(MONDAY, "week") == date(2025, 3, 10)
    assert period_end(MONDAY, "day") == date(2025, 3, 4)
    assert period_text(MONDAY, "day") == "Mon 3 Mar 2025"
    assert period_text(MONDAY, "week") == "Week of 3 Mar 2025"
    assert period_text(date(2025, 3, 1), "month") == "March 2025"


def test_the_figure_names_its_sources_and_taps_the_segments(plan: Plan) -> None:
    fig, sources = load_chart_figure(plan, key="1", period="day")
    assert tuple(sources) == SOURCES
    for name, source in sources.items():
        assert source.name == name
    assert sources["highlight"].data["left"] == []
    assert sources["over"].data["label"] == ["over by 4 h", "over by 4 h", "over by 8 h"]
    taps = fig.select({"type": TapTool})
    assert len(taps) == 1
    assert [r.data_source for r in taps[0].renderers] == [sources["segments"]]
    hovers = {h.renderers[0].data_source.name: h for h in fig.select({"type": HoverTool})}
    labels = [label for label, _ in hovers["segments"].tooltips]
    assert labels == ["Task", "Hours", "Period", "Load", "Capacity"]
    assert "over" in hovers
    assert fig.xaxis[0].__class__.__name__ == "DatetimeAxis"
    # Scalar visual properties only (no per-glyph hatch), and the document serialises.
    for renderer in fig.renderers:
        hatch = getattr(renderer.glyph, "hatch_pattern", None)
        assert hatch is None or isinstance(hatch, str | dict) and "field" not in str(hatch)
    json_item(fig)
