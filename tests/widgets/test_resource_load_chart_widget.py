"""The resource load widget: controls, taps, the tasks line and refresh, without a browser."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from jupyter_bokeh import BokehModel

from pmwidgets import Plan, PlanError
from pmwidgets.plotting.resource_load import load_chart_data
from pmwidgets.widgets.resource_load_chart import TASKS_HINT, ResourceLoadChart

MONDAY = date(2025, 3, 3)


@pytest.fixture
def plan(team_plan: Plan) -> Plan:
    team_plan.set("1", "name", "Build <b>& ship</b>")
    return team_plan


@pytest.fixture
def chart(plan: Plan) -> ResourceLoadChart:
    return ResourceLoadChart(plan, period="day")


@pytest.fixture
def events(chart: ResourceLoadChart) -> list[dict[str, Any]]:
    received: list[dict[str, Any]] = []
    chart.on_select(received.append)
    return received


def _browser_sets(chart: ResourceLoadChart, *rows: int) -> None:
    """What a tap in the browser does: BokehJS sets the segments' selection indices and sends
    the change, which jupyter_bokeh applies (calling the callbacks twice)."""
    bokeh_model = chart.children[2]
    content = {
        "event": "jsevent",
        "kind": "ModelChanged",
        "model": {"id": chart.sources["segments"].selected.id},
        "attr": "indices",
        "new": list(rows),
    }
    bokeh_model._sync_model(bokeh_model, content, [])


def _row(chart: ResourceLoadChart, start: str, task: str) -> int:
    data = chart.sources["segments"].data
    return list(zip(data["period"], data["task"], strict=True)).index((start, task))


def _shown(chart: ResourceLoadChart) -> dict[str, dict[str, list]]:
    return {name: dict(chart.sources[name].data) for name in ("segments", "capacity", "over")}


def _expected(plan: Plan, **kwargs: Any) -> dict[str, dict[str, list]]:
    return load_chart_data(plan, **kwargs)


def test_the_chart_sits_under_its_controls(chart: ResourceLoadChart) -> None:
    first, second, model, line = chart.children
    assert isinstance(model, BokehModel) and model._model is chart.figure
    assert first.children == (chart.grouping, chart.chooser)
    assert second.children == (chart.periods, chart.stacking)
    assert line is chart.tasks_line and line.value == TASKS_HINT
    assert "pmw-resource-load" in chart._dom_classes
    for widget, css in [
        (chart.grouping, "pmw-resource-load-by"),
        (chart.chooser, "pmw-resource-load-key"),
        (chart.periods, "pmw-resource-load-period"),
        (chart.stacking, "pmw-resource-load-stack"),
        (chart.tasks_line, "pmw-resource-load-tasks"),
    ]:
        assert css in widget._dom_classes
    assert chart.chooser.options == (("Ana", "1"), ("Ben", "2"), ("Cy", "3"))
    assert chart.key == "1" and chart.chooser.value == "1"
    assert chart.periods.value == "day" and chart.grouping.value == "resource"
    assert _shown(chart) == _expected(chart.plan, key="1", period="day")
    for name in ("segments", "capacity", "over", "highlight"):
        assert chart.figure.select_one({"name": name}) is chart.sources[name]


def test_a_browser_test_finds_the_sources_by_name(chart: ResourceLoadChart) -> None:
    doc = chart.figure.document  # BokehModel puts the figure in a document of its own
    for name in ("segments", "capacity", "over", "highlight"):
        assert doc.get_model_by_name(name) is chart.sources[name]


def test_a_tap_reports_the_period_and_its_tasks_once(
    chart: ResourceLoadChart, events: list[dict[str, Any]]
) -> None:
    _browser_sets(chart, _row(chart, "2025-03-03", "2"))
    assert events == [{"period": MONDAY, "key": "1", "tasks": ["1", "2"]}]
    assert chart.selected_period == MONDAY
    assert chart.sources["segments"].selected.indices == []
    highlight = chart.sources["highlight"].data
    assert highlight["top"] == [12.0] and highlight["bottom"] == [0.0]
    assert highlight["left"] == [chart.sources["segments"].data["left"][0]]


def test_the_tasks_line_lists_hours_and_escapes_names(
    chart: ResourceLoadChart, events: list[dict[str, Any]]
) -> None:
    _browser_sets(chart, _row(chart, "2025-03-03", "1"))
    line = chart.tasks_line.value
    assert "<b>Ana, Mon 3 Mar 2025</b>" in line
    assert "1 Build &lt;b&gt;&amp; ship&lt;/b&gt; (8 h)" in line
    assert "2 Review (4 h)" in line
    assert "<b>&" not in line.replace("<b>Ana", "")


def test_tapping_the_selected_period_again_clears_and_a_third_tap_selects(
    chart: ResourceLoadChart, events: list[dict[str, Any]]
) -> None:
    _browser_sets(chart, _row(chart, "2025-03-03", "1"))
    _browser_sets(chart, _row(chart, "2025-03-03", "1"))
    assert events[1:] == [{"period": None, "key": "1", "tasks": []}]
    assert chart.selected_period is None
    assert chart.sources["highlight"].data["left"] == []
    assert chart.tasks_line.value == TASKS_HINT
    _browser_sets(chart, _row(chart, "2025-03-03", "2"))  # any segment of that bar
    assert events[2:] == [{"period": MONDAY, "key": "1", "tasks": ["1", "2"]}]


def test_tapping_another_period_moves_the_selection(
    chart: ResourceLoadChart, events: list[dict[str, Any]]
) -> None:
    _browser_sets(chart, _row(chart, "2025-03-03", "1"))
    _browser_sets(chart, _row(chart, "2025-03-05", "1"))
    assert events[1:] == [{"period": date(2025, 3, 5), "key": "1", "tasks": ["1"]}]
    assert chart.sources["highlight"].data["top"] == [8.0]


def test_a_late_copy_of_a_handled_tap_or_odd_indices_are_ignored(
    chart: ResourceLoadChart, events: list[dict[str, Any]]
) -> None:
    row = _row(chart, "2025-03-03", "1")
    chart.sources["segments"].selected.indices = [row]
    chart._on_indices_change("indices", [], [row])
    assert len(events) == 1
    _browser_sets(chart, 999)
    _browser_sets(chart, -1)
    assert len(events) == 1 and chart.selected_period == MONDAY


def test_a_removed_callback_is_not_called(chart: ResourceLoadChart) -> None:
    received: list[dict[str, Any]] = []
    chart.on_select(received.append)
    chart.on_select(received.append, remove=True)
    _browser_sets(chart, 0)
    assert received == []


def test_switching_period_redraws_and_clears_the_selection(chart: ResourceLoadChart) -> None:
    _browser_sets(chart, 0)
    chart.periods.value = "week"
    assert chart.period == "week"
    assert _shown(chart) == _expected(chart.plan, key="1", period="week")
    assert chart.selected_period is None and chart.tasks_line.value == TASKS_HINT
    chart.period = "month"
    assert chart.periods.value == "month"
    assert _shown(chart) == _expected(chart.plan, key="1", period="month")


def test_switching_resource_and_role_redraws(chart: ResourceLoadChart) -> None:
    chart.chooser.value = "2"
    assert chart.key == "2"
    assert _shown(chart) == _expected(chart.plan, key="2", period="day")
    chart.grouping.value = "role"
    assert chart.by == "role"
    assert chart.chooser.options == (("Developer", "Developer"), ("Tester", "Tester"))
    assert chart.key == "Developer" and chart.chooser.value == "Developer"
    assert _shown(chart) == _expected(chart.plan, key="Developer", by="role", period="day")
    chart.key = "Tester"
    assert chart.chooser.value == "Tester"
    assert _shown(chart) == _expected(chart.plan, key="Tester", by="role", period="day")
    chart.by = "resource"
    assert chart.key == "1" and chart.grouping.value == "resource"


def test_stacking_by_project(chart: ResourceLoadChart) -> None:
    chart.stacking.value = "project"
    assert chart.stack == "project"
    assert _shown(chart) == _expected(chart.plan, key="1", period="day", stack="project")
    assert chart.sources["segments"].data["tasks"][0] == "1,2"


def test_refresh_after_an_assignment_changes_the_data_and_keeps_the_selection(
    chart: ResourceLoadChart, events: list[dict[str, Any]]
) -> None:
    _browser_sets(chart, _row(chart, "2025-03-03", "1"))
    chart.plan.assign("3", "1", 1.0)  # Ana also on Fix, the week after
    chart.refresh()
    assert _shown(chart) == _expected(chart.plan, key="1", period="day")
    assert "2025-03-10" in chart.sources["segments"].data["period"]
    assert chart.selected_period == MONDAY
    chart.plan.assign("2", "1", 1.0)  # Review now full time: Monday's bar grows
    chart.refresh()
    assert chart.sources["highlight"].data["top"] == [16.0]
    assert "2 Review (8 h)" in chart.tasks_line.value
    assert "over by 8 h" in chart.sources["over"].data["label"]


def test_refresh_drops_a_selected_period_that_has_gone(chart: ResourceLoadChart) -> None:
    _browser_sets(chart, _row(chart, "2025-03-07", "1"))
    chart.plan.unassign("1", "1")
    chart.refresh()
    assert chart.selected_period is None and chart.tasks_line.value == TASKS_HINT
    assert chart.sources["highlight"].data["left"] == []


def test_options_follow_new_resources(chart: ResourceLoadChart) -> None:
    chart.plan.add_resource("Di", role="Designer")
    chart.refresh()
    assert chart.chooser.options[-1] == ("Di", "4")
    assert chart.key == "1"


def test_start_with_a_role_and_key(plan: Plan) -> None:
    chart = ResourceLoadChart(plan, by="role", period="month", key="Developer")
    assert chart.grouping.value == "role" and chart.periods.value == "month"
    assert _shown(chart) == _expected(plan, key="Developer", by="role", period="month")


def test_start_with_a_selected_period(plan: Plan) -> None:
    chart = ResourceLoadChart(plan, period="day", selected_period=MONDAY)
    assert chart.sources["highlight"].data["top"] == [12.0]
    assert "2 Review (4 h)" in chart.tasks_line.value


def test_an_unknown_key_says_so(plan: Plan, chart: ResourceLoadChart) -> None:
    with pytest.raises(PlanError, match="no resource id 'Zed'"):
        ResourceLoadChart(plan, key="Zed")
    with pytest.raises(PlanError, match="no role 'Zed'"):
        ResourceLoadChart(plan, by="role", key="Zed")
    with pytest.raises(PlanError):
        chart.key = "Developer"
    assert chart.key == "1"


def test_a_plan_without_resources(plan: Plan) -> None:
    chart = ResourceLoadChart(Plan("Empty", start=MONDAY))
    assert chart.key is None and chart.chooser.options == ()
    assert chart.sources["segments"].data["top"] == []
    chart.period = "month"
    chart.refresh()
    assert chart.sources["capacity"].data["x"] == []
