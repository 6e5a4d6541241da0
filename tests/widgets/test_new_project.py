"""The new-project form without a browser: the template's description, Create, refusals."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pmwidgets import Store
from pmwidgets.core.templates import TEMPLATES, find_template
from pmwidgets.widgets.new_project import CSS_CLASS, NewProjectForm, next_monday

MONDAY = date(2026, 3, 2)


def _text(widget_html: str) -> str:
    return html.unescape(re.sub("<[^>]+>", "", widget_html))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'pmo.db'}") as opened:
        yield opened


def _fill(form: NewProjectForm, name: str, manager: str = "Ada") -> None:
    form.project.value = name
    form.manager.value = manager
    form.start.value = MONDAY


def test_the_form_offers_every_template_and_describes_the_one_picked(store: Store) -> None:
    form = NewProjectForm(store)
    assert CSS_CLASS in form._dom_classes
    assert list(form.template.options) == [t.name for t in TEMPLATES]
    form.template.value = "Office relocation"
    shown = _text(form.about.value)
    assert find_template("Office relocation").description in shown
    assert "Lease signed" in shown and "contractors" in shown
    assert form.status.value == "pending"
    assert form.start.value > date.today()


def test_create_saves_the_project_and_says_its_task_count(store: Store) -> None:
    form = NewProjectForm(store, template="Process improvement")
    events: list[dict[str, Any]] = []
    form.on_create(events.append)
    _fill(form, "Faster invoicing")
    form.status.value = "active"
    plan = form.create()
    assert plan is not None
    [info] = store.projects()
    assert (info.name, info.status, info.version, info.author) == (
        "Faster invoicing",
        "active",
        1,
        "Ada",
    )
    shown = _text(form.result.value)
    assert "Faster invoicing" in shown
    assert f"{find_template('Process improvement').task_count} tasks" in shown
    assert "templates/charter.ipynb?project=Faster%20invoicing" in form.result.value
    assert form.message.value == ""
    assert events[-1]["project"] == "Faster invoicing"
    assert events[-1]["tasks"] == len(plan)


@pytest.mark.parametrize(
    ("name", "said"),
    [("Existing", "already a project named 'Existing'"), ("   ", "Give the new project a name")],
)
def test_a_refusal_is_said_and_nothing_is_saved(store: Store, name: str, said: str) -> None:
    form = NewProjectForm(store)
    _fill(form, "Existing")
    assert form.create() is not None
    _fill(form, name, manager="Ben")
    assert form.create() is None
    assert said in _text(form.message.value)
    assert "Not accepted" in _text(form.message.value)
    assert form.result.value == ""
    assert [info.name for info in store.projects()] == ["Existing"]


def test_hostile_names_are_escaped(store: Store) -> None:
    form = NewProjectForm(store, charter_page=None)
    _fill(form, "<b>x</b>")
    form.create()
    assert "<b>" not in form.result.value
    assert "href" not in form.result.value


def test_the_default_start_is_the_next_monday() -> None:
    assert next_monday(date(2026, 3, 2)) == date(2026, 3, 9)
    assert next_monday(date(2026, 3, 8)) == date(2026, 3, 9)
