"""The Gantt chart widget: refresh, taps and selection from code, without a browser."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from bokeh.document.events import ColumnDataChangedEvent, DocumentPatchedEvent
from bokeh.models import ColumnDataSource, Span
from jupyter_bokeh import BokehModel

from pmwidgets import Plan, PlanError
from pmwidgets.io import read_plan
from pmwidgets.plotting.gantt import gantt_data
from pmwidgets.widgets.gantt_chart import GanttChart, update_source


@pytest.fixture
def plan() -> Plan:
    return read_plan("sample_data/office_move.json")


@pytest.fixture
def chart(plan: Plan) -> GanttChart:
    return GanttChart(plan, today=date(2026, 12, 14))


def _tap(chart: GanttChart, *rows: int) -> None:
    """What the browser's TapTool does: set the bars source's selection indices."""
    chart.sources["bars"].selected.indices = list(rows)


def test_the_chart_is_a_bokeh_model_with_a_css_class(chart: GanttChart) -> None:
    assert isinstance(chart.children[0], BokehModel)
    assert chart.children[0]._model is chart.figure
    assert "pmw-gantt" in chart._dom_classes
    assert chart.read_only
    assert chart.selected_task is None


def test_refresh_moves_exactly_the_edited_task_and_its_successors(
    plan: Plan, chart: GanttChart, monkeypatch: pytest.MonkeyPatch
) -> None:
    bars = chart.sources["bars"]
    kept = copy.deepcopy(dict(bars.data))
    patches: list[dict[str, Any]] = []
    patch = ColumnDataSource.patch

    def recording(source: ColumnDataSource, cells: dict[str, Any], setter: Any = None) -> None:
        if source is bars:
            patches.append(cells)
        patch(source, cells, setter)

    monkeypatch.setattr(ColumnDataSource, "patch", recording)
    plan.set("13", "duration", "4d")  # Pack the old office: 13 -> 14 -> 15 -> 16, under 12
    chart.refresh()
    after = bars.data
    moved = {
        task_id
        for k, task_id in enumerate(after["id"])
        if (after["left"][k], after["right"][k]) != (kept["left"][k], kept["right"][k])
    }
    assert moved == {"12", "13", "14", "15", "16"}
    assert chart.sources["milestones"].data["x"][1] > max(kept["right"][:15])
    # Only the changed cells were sent: one patch naming rows of the moved tasks only.
    assert len(patches) == 1
    rows = {row for cells in patches[0].values() for row, _ in cells}
    assert {after["id"][row] for row in rows} == moved
    fresh = gantt_data(plan.schedule(), plan.links, plan.state.baselines)
    assert {name: dict(source.data) for name, source in chart.sources.items()} == fresh


def test_update_source_replaces_columns_when_rows_change() -> None:
    source = ColumnDataSource({"a": [1, 2], "b": ["x", "y"]})
    update_source(source, {"a": [1, 3], "b": ["x", "y"]})
    assert source.data["a"] == [1, 3]
    update_source(source, {"a": [1, 3, 4], "b": ["x", "y", "z"]})
    assert dict(source.data) == {"a": [1, 3, 4], "b": ["x", "y", "z"]}
    update_source(source, {"a": [], "b": []})
    assert dict(source.data) == {"a": [], "b": []}


def test_changing_the_plan_redraws(plan: Plan, chart: GanttChart) -> None:
    smaller = read_plan("sample_data/office_move.json")
    smaller.delete_task("12")
    chart.plan = smaller
    assert len(chart.sources["bars"].data["id"]) == len(smaller.tasks) < len(plan.tasks)
    assert len(chart.sources["arrows"].data["xs"]) == len(smaller.links)


def test_tapping_a_bar_selects_its_task_once(chart: GanttChart) -> None:
    events: list[dict[str, Any]] = []
    chart.on_select(events.append)
    _tap(chart, 3)
    _tap(chart, 3)  # jupyter_bokeh may report the same selection twice
    assert chart.selected_task == "4"
    assert events == [{"task": "4"}]
    _tap(chart, 6)
    assert events == [{"task": "4"}, {"task": "7"}]
    _tap(chart)
    assert chart.selected_task is None
    assert len(events) == 2


def test_out_of_range_selection_from_the_browser_is_ignored(chart: GanttChart) -> None:
    events: list[dict[str, Any]] = []
    chart.on_select(events.append)
    _tap(chart, 999)
    assert chart.selected_task is None
    assert events == []


def test_removed_callback_is_not_called(chart: GanttChart) -> None:
    events: list[dict[str, Any]] = []
    chart.on_select(events.append)
    chart.on_select(events.append, remove=True)
    _tap(chart, 2)
    assert events == []


def test_select_from_code_highlights_the_bar_without_firing(chart: GanttChart) -> None:
    events: list[dict[str, Any]] = []
    chart.on_select(events.append)
    chart.select("7")
    assert chart.sources["bars"].selected.indices == [6]
    assert chart.selected_task == "7"
    assert events == []
    _tap(chart, 6)  # the browser echoing the same selection
    assert events == []
    chart.select(None)
    assert chart.sources["bars"].selected.indices == []
    assert chart.selected_task is None


def test_select_an_unknown_task_says_so(chart: GanttChart) -> None:
    with pytest.raises(PlanError, match="no task 'nope'"):
        chart.select("nope")


def test_selection_follows_its_task_across_refresh(plan: Plan, chart: GanttChart) -> None:
    chart.select("14")
    plan.delete_task("3")
    chart.refresh()
    assert chart.selected_task == "14"
    assert chart.sources["bars"].data["id"][chart.sources["bars"].selected.indices[0]] == "14"


def test_date_lines_follow_the_plan_and_today(chart: GanttChart) -> None:
    spans = {s.name: s for s in chart.figure.select(type=Span)}
    assert spans["status_date"].location is None
    chart.today = None
    assert spans["today"].location is None


def test_when_most_bars_move_only_the_changed_columns_are_sent(
    plan: Plan, chart: GanttChart
) -> None:
    bars = chart.sources["bars"]
    kept = copy.deepcopy(dict(bars.data))
    events: list[DocumentPatchedEvent] = []
    chart.figure.document.on_change(events.append)
    plan.set("2", "duration", "6d")  # the first task: every later bar moves
    chart.refresh()
    fresh = gantt_data(plan.schedule(), plan.links, plan.state.baselines)
    assert {name: dict(source.data) for name, source in chart.sources.items()} == fresh
    changed = {column for column, values in fresh["bars"].items() if values != kept[column]}
    assert {"left", "right", "start_text", "finish_text"} <= changed < set(kept)
    sent = [event for event in events if getattr(event, "model", None) is bars]
    assert len(sent) == 1 and isinstance(sent[0], ColumnDataChangedEvent)
    assert set(sent[0].cols) == changed
