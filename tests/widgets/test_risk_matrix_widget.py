"""The risk matrix widget: taps, clearing, selection from code and refresh, without a browser."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from bokeh.models import ColumnDataSource
from jupyter_bokeh import BokehModel

from pmwidgets import Plan, PlanError
from pmwidgets.core.risks import RiskScale
from pmwidgets.plotting.risk_matrix import (
    MOVEMENT_MODELS,
    cell_index,
    cell_xy,
    matrix_data,
    movement_data,
)
from pmwidgets.widgets.risk_matrix import RiskMatrix

HIGH = ("threat", 4, 5)
GRANT = ("opportunity", 3, 5)


@pytest.fixture
def plan() -> Plan:
    plan = Plan("Risks", start=date(2026, 1, 5))
    plan.add_risk("Steel late", probability=4, impact_cost=5, residual_probability=2)
    plan.add_risk("Crane failure", probability=4, impact_schedule=5)
    plan.add_risk("Grant", probability=3, impact_cost=5, kind="opportunity")
    plan.add_risk("Old worry", probability=4, impact_cost=5, status="closed")
    return plan


@pytest.fixture
def matrix(plan: Plan) -> RiskMatrix:
    return RiskMatrix(plan)


@pytest.fixture
def events(matrix: RiskMatrix) -> list[dict[str, Any]]:
    received: list[dict[str, Any]] = []
    matrix.on_select(received.append)
    return received


def _browser_sets(matrix: RiskMatrix, *rows: int) -> None:
    """What a tap in the browser does: BokehJS sets the cells' selection indices and sends the
    change, which jupyter_bokeh applies (its own code path, calling the callbacks twice)."""
    bokeh_model = matrix.children[1]
    content = {
        "event": "jsevent",
        "kind": "ModelChanged",
        "model": {"id": matrix.sources["cells"].selected.id},
        "attr": "indices",
        "new": list(rows),
    }
    bokeh_model._sync_model(bokeh_model, content, [])


def _tap(matrix: RiskMatrix, cell: tuple[str, int, int]) -> None:
    _browser_sets(matrix, cell_index(cell))


def _highlighted(matrix: RiskMatrix) -> list[tuple[float, float]]:
    data = matrix.sources["highlight"].data
    return list(zip(data["x"], data["y"], strict=True))


def _count(matrix: RiskMatrix, cell: tuple[str, int, int]) -> int:
    return matrix.sources["cells"].data["count"][cell_index(cell)]


def test_the_matrix_is_a_bokeh_model_under_its_controls(matrix: RiskMatrix) -> None:
    controls, chart = matrix.children
    assert isinstance(chart, BokehModel)
    assert chart._model is matrix.figure
    assert "pmw-risk-matrix" in matrix._dom_classes
    assert controls.children == (matrix.mode, matrix.movement)
    assert [label for label, _ in matrix.mode.options] == ["Inherent", "Residual"]
    assert all(matrix.mode.tooltips) and matrix.movement.tooltip
    assert "pmw-risk-matrix-mode" in matrix.mode._dom_classes
    assert "pmw-risk-matrix-movement" in matrix.movement._dom_classes
    assert matrix.read_only and not matrix.residual and not matrix.show_movement
    assert matrix.selected_cell is None
    assert _count(matrix, HIGH) == 2  # the closed risk is not counted


def test_the_controls_start_at_the_values_given(plan: Plan) -> None:
    matrix = RiskMatrix(plan, residual=True, show_movement=True, selected_cell=GRANT)
    assert _highlighted(matrix) == [cell_xy(GRANT)]
    assert matrix.residual and matrix.mode.value is True
    assert matrix.show_movement and matrix.movement.value is True
    assert _count(matrix, ("threat", 2, 5)) == 1
    models = [matrix.figure.select_one({"name": name}) for name in MOVEMENT_MODELS]
    assert all(model.visible for model in models)


def test_a_tap_selects_the_cell_once_and_reports_its_risks(
    matrix: RiskMatrix, events: list[dict[str, Any]]
) -> None:
    _tap(matrix, HIGH)  # jupyter_bokeh calls the indices callback twice for this one change
    assert events == [{"cell": HIGH, "risks": ["R1", "R2"]}]
    assert matrix.selected_cell == HIGH
    assert _highlighted(matrix) == [cell_xy(HIGH)]
    # The tap's own selection is cleared so that the next tap is a change again.
    assert matrix.sources["cells"].selected.indices == []


def test_tapping_the_selected_cell_again_clears(
    matrix: RiskMatrix, events: list[dict[str, Any]]
) -> None:
    _tap(matrix, HIGH)
    _tap(matrix, HIGH)
    assert events[1:] == [{"cell": None, "risks": []}]
    assert matrix.selected_cell is None
    assert _highlighted(matrix) == []
    _tap(matrix, HIGH)  # and a third tap selects it again
    assert events[2:] == [{"cell": HIGH, "risks": ["R1", "R2"]}]


def test_tapping_another_cell_moves_the_selection(
    matrix: RiskMatrix, events: list[dict[str, Any]]
) -> None:
    _tap(matrix, HIGH)
    _tap(matrix, GRANT)
    assert events[1:] == [{"cell": GRANT, "risks": ["R3"]}]
    assert _highlighted(matrix) == [cell_xy(GRANT)]
    _tap(matrix, ("threat", 1, 1))
    assert events[2:] == [{"cell": ("threat", 1, 1), "risks": []}]


def test_a_repeated_report_of_a_handled_tap_does_not_fire_again(
    matrix: RiskMatrix, events: list[dict[str, Any]]
) -> None:
    selected = matrix.sources["cells"].selected
    selected.indices = [cell_index(HIGH)]
    assert len(events) == 1
    # A late copy of the same report, after the selection was cleared: ignored.
    matrix._on_indices_change("indices", [], [cell_index(HIGH)])
    assert events == [{"cell": HIGH, "risks": ["R1", "R2"]}]
    assert matrix.selected_cell == HIGH


def test_out_of_range_or_odd_selections_from_the_browser_are_ignored(
    matrix: RiskMatrix, events: list[dict[str, Any]]
) -> None:
    _browser_sets(matrix, 999)
    _browser_sets(matrix, -1)
    assert events == []
    assert matrix.selected_cell is None
    assert matrix.sources["cells"].selected.indices == []


def test_a_removed_callback_is_not_called(matrix: RiskMatrix) -> None:
    received: list[dict[str, Any]] = []
    matrix.on_select(received.append)
    matrix.on_select(received.append, remove=True)
    _tap(matrix, HIGH)
    assert received == []


def test_select_from_code_highlights_without_firing(
    matrix: RiskMatrix, events: list[dict[str, Any]]
) -> None:
    matrix.select(GRANT)
    assert matrix.selected_cell == GRANT
    assert _highlighted(matrix) == [cell_xy(GRANT)]
    matrix.select(["threat", 4, 5])
    assert matrix.selected_cell == HIGH
    assert events == []
    _tap(matrix, HIGH)  # the user then taps the selected cell: it clears
    assert events == [{"cell": None, "risks": []}]
    matrix.select(GRANT)
    matrix.select(None)
    assert _highlighted(matrix) == []
    assert len(events) == 1


@pytest.mark.parametrize(
    "cell", [("risk", 1, 1), ("threat", 0, 1), ("threat", 1, 6), ("threat", "2", 1), (True,)]
)
def test_select_an_unknown_cell_says_so(matrix: RiskMatrix, cell: tuple) -> None:
    with pytest.raises(PlanError, match="no risk matrix cell"):
        matrix.select(cell)
    assert matrix.selected_cell is None


def test_cell_risks(matrix: RiskMatrix) -> None:
    assert matrix.cell_risks(HIGH) == ["R1", "R2"]
    assert matrix.cell_risks(("threat", 2, 5)) == []
    assert matrix.cell_risks(None) == []
    matrix.residual = True
    assert matrix.cell_risks(("threat", 2, 5)) == ["R1"]


def test_the_residual_toggle_moves_risks_and_updates_the_selected_cells_risks(
    plan: Plan, matrix: RiskMatrix, events: list[dict[str, Any]]
) -> None:
    _tap(matrix, HIGH)
    matrix.mode.value = True  # the user picks "Residual"
    assert matrix.residual
    assert _count(matrix, HIGH) == 1
    assert _count(matrix, ("threat", 2, 5)) == 1
    assert dict(matrix.sources["cells"].data) == matrix_data(
        plan.risks, plan.risk_scale, residual=True
    )
    assert events[1:] == [{"cell": HIGH, "risks": ["R2"]}]
    matrix.residual = False
    assert matrix.mode.value is False
    assert _count(matrix, HIGH) == 2


def test_the_movement_checkbox_shows_the_arrows(matrix: RiskMatrix) -> None:
    models = [matrix.figure.select_one({"name": name}) for name in MOVEMENT_MODELS]
    assert not any(model.visible for model in models)
    matrix.movement.value = True
    assert matrix.show_movement
    assert all(model.visible for model in models)
    matrix.show_movement = False
    assert not matrix.movement.value
    assert not any(model.visible for model in models)


def test_refresh_after_an_edit_moves_the_count_sending_only_the_changed_cells(
    plan: Plan, matrix: RiskMatrix, monkeypatch: pytest.MonkeyPatch
) -> None:
    cells = matrix.sources["cells"]
    kept = copy.deepcopy(dict(cells.data))
    patches: list[dict[str, Any]] = []
    patch = ColumnDataSource.patch

    def recording(source: ColumnDataSource, changes: dict[str, Any], setter: Any = None) -> None:
        if source is cells:
            patches.append(changes)
        patch(source, changes, setter)

    monkeypatch.setattr(ColumnDataSource, "patch", recording)
    plan.update_risk("R2", probability=1)
    matrix.refresh()
    assert _count(matrix, HIGH) == 1
    assert _count(matrix, ("threat", 1, 5)) == 1
    assert len(patches) == 1
    rows = {row for changes in patches[0].values() for row, _ in changes}
    assert rows == {cell_index(HIGH), cell_index(("threat", 1, 5))}
    assert cells.data["ids"][cell_index(HIGH)] == "R1" != kept["ids"][cell_index(HIGH)]
    assert dict(matrix.sources["movement"].data) == movement_data(plan.risks)


def test_refresh_keeps_the_selected_cell(plan: Plan, matrix: RiskMatrix) -> None:
    matrix.select(HIGH)
    plan.close_risk("R1")
    matrix.refresh()
    assert matrix.selected_cell == HIGH
    assert _highlighted(matrix) == [cell_xy(HIGH)]
    assert matrix.cell_risks(HIGH) == ["R2"]


def test_changing_the_plan_redraws(matrix: RiskMatrix) -> None:
    other = Plan("Other", start=date(2026, 1, 5))
    other.add_risk("Only one", probability=1, impact_cost=1)
    matrix.plan = other
    assert sum(matrix.sources["cells"].data["count"]) == 1
    assert matrix.sources["movement"].data["ids"] == []


def test_a_new_scale_relabels_the_axes(matrix: RiskMatrix) -> None:
    labels = ("Rare", "Unlikely", "Possible", "Likely", "Almost certain")
    scale = RiskScale(probability_labels=labels)
    matrix.plan = Plan("Relabelled", start=date(2026, 1, 5), risk_scale=scale)
    (y_axis,) = matrix.figure.yaxis
    assert y_axis.major_label_overrides[5] == "Almost certain"
