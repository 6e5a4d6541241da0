"""The leveling view: preview on a copy, accept as one undoable edit, or discard."""

from __future__ import annotations

import html
import re

import pytest

from pmwidgets import Plan
from pmwidgets.core.resource_load import overallocations
from pmwidgets.io import read_plan
from pmwidgets.widgets.leveling_view import LevelingView


@pytest.fixture
def plan() -> Plan:
    return read_plan("sample_data/office_move.json")


def _text(widget_html: str) -> str:
    return html.unescape(re.sub("<[^>]+>", " ", widget_html))


def test_preview_changes_nothing_and_lists_every_move(plan: Plan) -> None:
    view = LevelingView(plan)
    before = plan.state
    result = view.preview()
    assert plan.state is before and overallocations(plan)
    assert result.moves and view.after_gantt.plan.state.tasks == result.state.tasks
    listed = _text(view.moves.value)
    for move in result.moves:
        assert move.name in listed and move.start_after.isoformat() in listed
    assert "would finish on" in _text(view.message.value)
    assert view.buttons["accept"].layout.display is None


def test_accept_applies_one_undoable_edit_and_discard_forgets(plan: Plan) -> None:
    view = LevelingView(plan)
    view.preview()
    view.buttons["discard"].click()
    assert overallocations(plan) and "unchanged" in _text(view.message.value)
    assert view.accept() == 0 and "Preview leveling first" in _text(view.message.value)
    view.buttons["preview"].click()
    view.buttons["accept"].click()
    assert overallocations(plan) == []
    assert plan.history[-1].startswith("Level resources")
    plan.undo()
    assert overallocations(plan)


def test_nothing_to_level_says_so() -> None:
    plan = Plan("Calm")
    plan.add_task("Alone", 2)
    view = LevelingView(plan)
    assert view.preview().moves == []
    assert "Nothing to level" in _text(view.message.value)
    assert view.buttons["accept"].layout.display == "none"
