"""The capacity forecast widget: sources, table, the what-if and reset, without a browser."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from jupyter_bokeh import BokehModel

from pmwidgets import Plan
from pmwidgets.store.store import Store
from pmwidgets.widgets.capacity_forecast import CSS_CLASS, CapacityForecast

MARCH = date(2025, 3, 1)


@pytest.fixture
def store(portfolio_store: Store) -> Store:
    return portfolio_store


@pytest.fixture
def widget(store: Store) -> CapacityForecast:
    return CapacityForecast(store, first=MARCH, months=3)


def _versions(store: Store) -> dict[str, int]:
    return {info.name: info.version for info in store.projects()}


def test_renders_demand_capacity_and_shortfalls(widget: CapacityForecast) -> None:
    assert CSS_CLASS in widget._dom_classes
    assert any(isinstance(child, BokehModel) for child in widget.children)
    assert widget.role.options == ("Developer", "Tester")
    assert widget.role.value == "Developer"
    segments = widget.sources["segments"].data
    assert list(zip(segments["month"], segments["label"], segments["hours"], strict=True)) == [
        ("2025-03", "Alpha", 120.0),
        ("2025-03", "Gamma (pending)", 80.0),
        ("2025-04", "Beta", 20.0),
    ]
    assert segments["hatch"][1] != segments["hatch"][0]  # pending differs beyond colour
    assert segments["bottom"][1] == 120.0 and segments["top"][1] == 200.0
    assert widget.sources["capacity"].data["capacity"] == [168.0, 176.0, 176.0]
    assert widget.sources["short"].data["text"] == ["short by 32 h"]
    assert "<b>short</b>" in widget.table.value and "Tester" in widget.table.value


def test_role_dropdown_switches_the_chart(widget: CapacityForecast) -> None:
    widget.role.value = "Tester"
    assert widget.sources["segments"].data["hours"] == [40.0]
    assert widget.sources["short"].data["text"] == []


def test_what_if_moves_demand_and_saves_nothing(widget: CapacityForecast, store: Store) -> None:
    before = _versions(store)
    assert widget.project.options == ("Gamma",)
    assert widget.start.value == date(2025, 3, 17)
    widget.start.value = date(2025, 5, 5)
    widget.show_button.click()
    segments = widget.sources["segments"].data
    assert list(zip(segments["month"], segments["label"], strict=True)) == [
        ("2025-03", "Alpha"),
        ("2025-04", "Beta"),
        ("2025-05", "Gamma (pending)"),
    ]
    assert widget.sources["short"].data["text"] == []
    assert "Nothing was saved" in widget.message.value
    assert _versions(store) == before
    assert store.load("Gamma").start.date() == date(2025, 3, 17)

    widget.reset_button.click()
    assert widget.sources["short"].data["text"] == ["short by 32 h"]
    assert widget.sources["segments"].data["label"][1] == "Gamma (pending)"
    assert widget.message.value == ""
    assert widget.start.value == date(2025, 3, 17)


def test_refresh_reloads_from_the_store(widget: CapacityForecast, store: Store) -> None:
    store.set_status("Gamma", "closed")
    widget.refresh()
    assert "Gamma" not in widget.sources["segments"].data["project"]
    assert widget.project.options == ()
    assert widget.show_button.disabled


def test_names_are_escaped_in_the_table(tmp_path: Path) -> None:
    plan = Plan("X", start=date(2025, 3, 3))
    plan.add_task("T", "1d")
    resource = plan.add_resource("R", role="<b>Dev</b>")
    plan.assign("1", resource.id)
    with Store(f"sqlite:///{tmp_path / 'x.db'}") as store:
        store.save(plan)
        widget = CapacityForecast(store, first=MARCH, months=1)
        assert "&lt;b&gt;Dev&lt;/b&gt;" in widget.table.value
        assert "<b>Dev</b>" not in widget.table.value
