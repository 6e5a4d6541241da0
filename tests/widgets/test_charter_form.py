"""The charter form without a browser: typed fields applied as one edit, refusals named,
saving, read-only, and the escaped HTML summary."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pmwidgets import Plan, Store
from pmwidgets.core.charter import CHARTER_FIELDS, Charter, Stakeholder
from pmwidgets.core.model import Task
from pmwidgets.widgets.charter_form import CSS_CLASS, CharterForm, charter_html

HOSTILE = "<img src=x onerror=alert(1)>"


def _text(widget_html: str) -> str:
    """What a person reads in an HTML widget: tags dropped, entities decoded."""
    return html.unescape(re.sub("<[^>]+>", "", widget_html))


@pytest.fixture
def plan() -> Plan:
    plan = Plan("Fit-out", start=date(2026, 3, 2), tasks=[Task("1", "Walls", 3)])
    plan.set_charter(purpose="Bring the team under one roof.", objectives="Move 40 staff")
    return plan


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'charter.db'}") as opened:
        yield opened


def test_every_field_is_a_labelled_field_with_help(plan: Plan) -> None:
    form = CharterForm(plan)
    assert CSS_CLASS in form._dom_classes
    assert list(form.fields) == list(CHARTER_FIELDS)
    for widget in form.fields.values():
        assert widget.description and widget.placeholder and widget.tooltip
    assert "nobody expects it" in form.fields["out_of_scope"].tooltip
    assert form.fields["purpose"].value == "Bring the team under one roof."
    assert form.fields["objectives"].value == "Move 40 staff"


def test_apply_sets_every_field_as_one_edit(plan: Plan) -> None:
    form = CharterForm(plan)
    events: list[dict[str, Any]] = []
    form.on_apply(events.append)
    form.fields["objectives"].value = "- Move 40 staff\n\nRent down 15%"
    form.fields["stakeholders"].value = "Olga | Sponsor | Budget"
    form.fields["sponsor"].value = "Olga"
    form.fields["approved_on"].value = "2026-03-10"
    history = len(plan.history)
    assert form.apply()
    assert len(plan.history) == history + 1
    assert plan.charter.objectives == ("Move 40 staff", "Rent down 15%")
    assert plan.charter.stakeholders == (Stakeholder("Olga", "Sponsor", "Budget"),)
    assert plan.charter.approved_on == date(2026, 3, 10)
    assert form.fields["objectives"].value == "Move 40 staff\nRent down 15%"
    assert events[-1]["accepted"] is True
    assert events[-1]["fields"] == ["objectives", "stakeholders", "sponsor", "approved_on"]
    assert "objectives" in _text(form.message.value)
    assert form.apply()
    assert "Nothing changed" in _text(form.message.value)
    assert len(plan.history) == history + 1


def test_a_refused_value_is_named_and_the_plan_is_unchanged(plan: Plan) -> None:
    form = CharterForm(plan)
    before = plan.state
    form.fields["scope"].value = "Everything"
    form.fields["approved_on"].value = "31/31/2026"
    form.fields["sponsor"].value = "Olga"
    assert not form.apply()
    shown = _text(form.message.value)
    assert "Not accepted" in shown
    assert "approved_on" in shown and "31/31/2026" in shown
    assert plan.state is before
    assert form.fields["approved_on"].value == "31/31/2026", "the typing is kept to fix it"

    form.fields["approved_on"].value = "2026-03-10"
    form.fields["sponsor"].value = ""
    assert not form.apply()
    assert "sponsor" in _text(form.message.value)
    assert plan.state is before


def test_undo_elsewhere_shows_after_refresh(plan: Plan) -> None:
    form = CharterForm(plan)
    form.fields["purpose"].value = "Changed"
    form.apply()
    plan.undo()
    form.refresh()
    assert form.fields["purpose"].value == "Bring the team under one roof."


def test_save_writes_the_charter_to_the_store(plan: Plan, store: Store) -> None:
    form = CharterForm(plan, store=store, author="ada")
    assert form.saving in form.children[-2].children
    form.fields["sponsor"].value = "Olga"
    form.apply()
    assert form.saving.save() == 1
    assert store.load("Fit-out").charter == plan.charter
    assert store.history("Fit-out")[0].author == "ada"


def test_read_only_disables_fields_and_hides_apply_and_save(plan: Plan, store: Store) -> None:
    form = CharterForm(plan, store=store, read_only=True)
    assert all(widget.disabled for widget in form.fields.values())
    assert form.apply_button not in _all_children(form)
    assert form.saving not in _all_children(form)
    before = plan.state
    form.fields["purpose"].value = "Sneaky"
    assert not form.apply()
    assert plan.state is before
    form.read_only = False
    assert form.apply_button in _all_children(form)
    assert not any(widget.disabled for widget in form.fields.values())


def test_the_summary_escapes_everything() -> None:
    charter = Charter(
        purpose=f"Move {HOSTILE}\nsecond line",
        objectives=(HOSTILE,),
        stakeholders=(Stakeholder(HOSTILE, "Sponsor", HOSTILE),),
        sponsor=HOSTILE,
        approved_on=date(2026, 3, 10),
    )
    shown = charter_html(charter)
    assert "<img" not in shown
    assert shown.count("&lt;img") == 5
    assert "Approved by" in _text(shown) and "2026-03-10" in shown
    assert "<br>" in shown
    assert "No charter" in _text(charter_html(Charter()))


def _all_children(widget: Any) -> list[Any]:
    found = []
    for child in getattr(widget, "children", ()):
        found.append(child)
        found.extend(_all_children(child))
    return found
