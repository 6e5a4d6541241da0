"""Change control widgets without a browser: the change log, the plan comparison and the
change-request register (typed and validated edits, decisions on record, read-only)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import traitlets

from pmwidgets import Plan, Store
from pmwidgets.core.model import Link, Task
from pmwidgets.widgets import ChangeLog, ChangeRequestRegister, PlanDiffView

HOSTILE = "<img src=x onerror=alert(1)>"


def _text(widget_html: str) -> str:
    """What a person reads in an HTML widget: tags dropped, entities decoded."""
    return html.unescape(re.sub("<[^>]+>", "", widget_html))


@pytest.fixture
def plan() -> Plan:
    plan = Plan(
        "Fit-out",
        start=date(2026, 3, 2),
        tasks=[Task("1", "Walls", 3), Task("2", "Paint", 2)],
        links=[Link("1", "2")],
    )
    plan.raise_change("Second meeting room", cost_impact=1500, tasks="1", raised_by="Olga")
    plan.raise_change("Blinds", schedule_impact_days=2)
    return plan


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """ "Fit-out" saved three times: by ana, then by ben with Walls renamed to hostile markup and
    taking 5 days (Paint 2 days later), then by cy with a baseline."""
    with Store(f"sqlite:///{tmp_path / 'changes.db'}") as opened:
        plan = Plan(
            "Fit-out",
            start=date(2026, 3, 2),
            tasks=[Task("1", "Walls", 3), Task("2", "Paint", 2)],
            links=[Link("1", "2")],
        )
        opened.save(plan, author="ana")
        plan.update("1", name=HOSTILE, duration=5)
        opened.save(plan, author="ben")
        plan.set_baseline()
        opened.save(plan, author="cy")
        yield opened


# -- change-request register -------------------------------------------------------------------


def test_the_register_shows_each_request_with_its_typed_fields(plan: Plan) -> None:
    register = ChangeRequestRegister(plan)
    frame = register.grid.frame
    assert list(frame.index) == ["CR1", "CR2"]
    assert frame.loc["CR1", ["Title", "Cost impact", "Tasks", "Raised by", "Status"]].tolist() == [
        "Second meeting room",
        "1500",
        "1",
        "Olga",
        "proposed",
    ]
    assert frame.loc["CR2", "Schedule impact (days)"] == "2"


def test_typed_cells_are_validated_by_the_plan(plan: Plan) -> None:
    register = ChangeRequestRegister(plan)
    assert register.edit("CR2", "Cost impact", "2,750.50")
    assert plan.change_request("CR2").cost_impact == 2750.5
    assert register.grid.cell("CR2", "Cost impact") == "2750.5"
    assert register.edit("CR2", "Tasks", "1; 2")
    assert plan.change_request("CR2").tasks == ("1", "2")

    assert not register.edit("CR2", "Cost impact", "a lot")
    assert "Change request CR2: cost impact must be a number, not 'a lot'" in _text(
        register.message.value
    )
    assert register.grid.cell("CR2", "Cost impact") == "2750.5"
    assert not register.edit("CR2", "Tasks", "9")
    assert "there is no task 9" in _text(register.message.value)
    assert not register.edit("CR2", "Status", "approved")
    assert plan.change_request("CR2").status == "proposed"


def test_approve_records_who_and_when_and_the_row_is_then_on_record(plan: Plan) -> None:
    register = ChangeRequestRegister(plan)
    assert not register.approve()
    assert "Select a change request first" in _text(register.message.value)
    register.grid.selected_row = "CR1"
    assert not register.approve()
    assert "say who decided it" in _text(register.message.value)
    assert plan.change_request("CR1").status == "proposed"

    register.decided_by.value = "Sponsor"
    register.note.value = "Within the contingency"
    assert register.grid.locked_rows == () and register.grid.grid.locked == []
    assert register.approve()
    assert register.grid.locked_rows == ("CR1",) and register.grid.grid.locked == ["CR1"]
    assert "part of the record" in register.grid.grid.locked_note
    decided = plan.change_request("CR1")
    assert (decided.status, decided.decided_by, decided.decided) == (
        "approved",
        "Sponsor",
        date.today(),
    )
    assert decided.decision_note == "Within the contingency"
    today = date.today().isoformat()
    assert register.grid.frame.loc["CR1", ["Status", "Decided by", "Decided"]].tolist() == [
        "approved",
        "Sponsor",
        today,
    ]
    assert _text(register.message.value) == f"Change request CR1 approved by Sponsor on {today}."

    assert not register.edit("CR1", "Title", "Two meeting rooms")
    assert "CR1 was approved; raise a new request instead" in _text(register.message.value)
    assert register.grid.cell("CR1", "Title") == "Second meeting room"
    assert not register.reject() and not register.withdraw()
    assert plan.change_request("CR1").status == "approved"
    register.refresh()
    assert register.grid.locked_rows == ("CR1",)
    assert ChangeRequestRegister(plan).grid.grid.locked == ["CR1"]  # a page opened later


def test_reject_and_withdraw_act_on_the_selected_proposed_request(plan: Plan) -> None:
    register = ChangeRequestRegister(plan)
    register.grid.selected_row = "CR2"
    register.decided_by.value = "Board"
    assert register.reject()
    assert (plan.change_request("CR2").status, plan.change_request("CR2").decided_by) == (
        "rejected",
        "Board",
    )
    register.grid.selected_row = "CR1"
    assert register.withdraw()
    assert [r.id for r in plan.change_requests] == ["CR2"]
    assert list(register.grid.frame.index) == ["CR2"]


def test_raise_adds_a_proposed_request_by_the_author_today_and_selects_it(plan: Plan) -> None:
    register = ChangeRequestRegister(plan, author="ana")
    changes: list[bool] = []
    register.on_change(lambda: changes.append(True))
    assert register.raise_request() == "CR3"
    raised = plan.change_request("CR3")
    assert (raised.status, raised.raised_by, raised.raised) == ("proposed", "ana", date.today())
    assert register.grid.selected_row == "CR3"
    assert register.edit("CR3", "Title", "Extra sockets")
    assert plan.change_request("CR3").title == "Extra sockets"
    assert changes == [True, True]


def test_a_read_only_register_changes_nothing(plan: Plan) -> None:
    register = ChangeRequestRegister(plan, read_only=True)
    before = plan.change_requests
    register.grid.selected_row = "CR1"
    register.decided_by.value = "Sponsor"
    assert not register.edit("CR1", "Title", "Changed")
    assert not register.approve() and not register.reject() and not register.withdraw()
    assert register.raise_request() is None
    assert "read-only" in _text(register.message.value)
    assert plan.change_requests == before
    assert register.buttons["approve"] not in _descendants(register)
    register.read_only = False
    assert register.buttons["approve"] in _descendants(register)
    assert register.edit("CR1", "Title", "Changed")


def test_save_writes_the_register_as_the_next_version(store: Store) -> None:
    register = ChangeRequestRegister(store.load("Fit-out"), store=store, author="ana")
    assert register.saving in register.children
    register.raise_request("Paint the ceiling")
    assert register.saving.dirty
    assert register.saving.save() == 4
    assert store.load("Fit-out").change_requests[0].title == "Paint the ceiling"


def _descendants(widget: object) -> list[object]:
    found = []
    for child in getattr(widget, "children", ()):
        found += [child, *_descendants(child)]
    return found


# -- change log ----------------------------------------------------------------------------------


def test_the_change_log_lists_entries_newest_first_and_filters_by_kind(store: Store) -> None:
    log = ChangeLog(store, "Fit-out")
    assert [(e.version, e.kind, e.field) for e in log.entries] == [
        (3, "baseline", "added"),
        (3, "baseline", "added"),
        (2, "task", "duration"),
        (2, "task", "name"),
        (1, "project", "created"),
    ]
    log.kind_filter.value = "task"
    assert [e.field for e in log.entries] == ["duration", "name"]
    assert "2 of 5 changes, over 3 saved versions." in _text(log.summary.value)
    with pytest.raises(traitlets.TraitError):
        log.kind = "everything"


def test_the_change_log_shows_user_text_as_text(store: Store) -> None:
    log = ChangeLog(store, "Fit-out")
    assert "<img" not in log.table.value
    assert HOSTILE in _text(log.table.value)


def test_the_change_log_names_an_unknown_project(store: Store) -> None:
    log = ChangeLog(store, "Nowhere")
    assert log.entries == []
    assert "no project named 'Nowhere'" in _text(log.summary.value)


# -- plan comparison -----------------------------------------------------------------------------


def test_the_comparison_offers_the_baseline_and_every_version(store: Store) -> None:
    view = PlanDiffView(store, "Fit-out")
    assert [value for _, value in view.from_box.options] == ["baseline", 1, 2, 3]
    assert [value for _, value in view.to_box.options] == [1, 2, 3]
    assert (view.from_box.value, view.to_box.value) == ("baseline", 3)
    assert view.diff is not None and view.diff.sentences() == []
    assert _text(view.sentences.value) == "Nothing changed."


def test_the_comparison_of_two_versions_shows_sentences_and_tables_escaped(store: Store) -> None:
    view = PlanDiffView(store, "Fit-out")
    view.compare(1, 2)
    assert _text(view.message.value) == "Fit-out, version 1 to version 2:"
    assert [m.id for m in view.diff.tasks_moved] == ["1", "2"]
    assert "<img" not in view.sentences.value + view.tables.value
    assert f"Task 1 was renamed from 'Walls' to '{HOSTILE}'." in _text(view.sentences.value)
    assert "Moved" in view.tables.value and "Changed fields" in view.tables.value
    view.to_box.value = 1
    assert view.diff.sentences() == []


def test_a_version_without_a_baseline_is_explained_not_failed(store: Store) -> None:
    view = PlanDiffView(store, "Fit-out")
    view.compare("baseline", 2)
    assert view.diff is None and view.sentences.value == ""
    assert "'Fit-out' has no baseline 0" in _text(view.message.value)
