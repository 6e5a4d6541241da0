"""The risk page: matrix, top risks and register follow each other, without a browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmwidgets import Plan
from pmwidgets.io import read_plan
from pmwidgets.plotting.risk_matrix import cell_index
from pmwidgets.store import Store
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


def test_a_risk_review_is_saved_as_a_version_and_a_stale_save_is_refused(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'plans.db'}") as store:
        plan = store.load_or_import("Office move", "sample_data/office_move.json")
        panel = RiskPanel(plan, store=store, author="ana")
        other = RiskPanel(store.load("Office move"), store=store, author="ben")
        assert panel.saving in panel.children
        assert panel.register.edit("R2", "Owner", "Network team")
        assert panel.saving.dirty and "unsaved changes" in panel.saving.status.value
        assert panel.saving.save("Risk review") == 2
        assert store.load("Office move").risk("R2").owner == "Network team"
        assert other.register.edit("R3", "Probability", "3")
        assert other.saving.save() is None
        assert "saved by someone else" in other.message.value
        assert other.saving.merge()
        assert other.plan.risk("R2").owner == "Network team"
        assert other.register.grid.cell("R2", "Owner") == "Network team"
        assert other.saving.save() == 3
        viewer = RiskPanel(store.load("Office move"), store=store, read_only=True)
        assert viewer.saving not in viewer.children
