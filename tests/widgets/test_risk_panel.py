"""The risk page: matrix, top risks and register follow each other, without a browser."""

from __future__ import annotations

import pytest

from pmwidgets import Plan
from pmwidgets.io import read_plan
from pmwidgets.plotting.risk_matrix import cell_index
from pmwidgets.widgets.risk_panel import RiskPanel


@pytest.fixture
def plan() -> Plan:
    return read_plan("sample_data/office_move.json")


def _tap(panel: RiskPanel, cell: tuple[str, int, int]) -> None:
    """What the browser's TapTool does: select the cell's row of the cells source."""
    panel.matrix.sources["cells"].selected.indices = [cell_index(cell)]


def _count(panel: RiskPanel, cell: tuple[str, int, int]) -> int:
    return panel.matrix.sources["cells"].data["count"][cell_index(cell)]


def test_clicking_a_cell_lists_exactly_its_risks_and_again_lists_all(plan: Plan) -> None:
    panel = RiskPanel(plan)
    open_ids = sorted(r.id for r in plan.risks if r.status == "open")
    assert sorted(panel.register.grid.frame.index) == open_ids
    _tap(panel, ("threat", 3, 3))
    assert sorted(panel.register.grid.frame.index) == ["R2", "R4"]
    assert "R2, R4" in panel.message.value
    _tap(panel, ("threat", 3, 3))
    assert sorted(panel.register.grid.frame.index) == open_ids


def test_a_typed_probability_moves_the_risk_and_reranks_the_top(plan: Plan) -> None:
    panel = RiskPanel(plan)
    assert _count(panel, ("threat", 4, 4)) == 1
    assert panel.register.edit("R1", "Probability", "1")
    assert _count(panel, ("threat", 4, 4)) == 0
    assert _count(panel, ("threat", 1, 4)) == 1
    assert "Board delays the budget decision" in panel.top.value.split("<tr>")[2]


def test_a_dashboard_panel_edits_nothing(plan: Plan) -> None:
    panel = RiskPanel(plan, read_only=True)
    assert not panel.register.edit("R1", "Probability", "1")
    assert plan.risk("R1").probability == 4
