"""The change log: every saved edit, field by field, with the version, author and time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from pmwidgets import Plan, PlanError, Store
from pmwidgets.core.change_log import FRAME_COLUMNS, change_log, to_frame
from pmwidgets.core.model import Task

PROJECT = "Change log test"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store of its own (the session's shared store stays as seeded) with four versions of a
    small project, saved by four people:

    1. ana: Walls (3 d) and Paint (2 d).
    2. ben: Walls renamed (with markup in the name), Paint 4 days.
    3. cy: Paint linked after Walls, Ana added and put on Paint half time, a change request.
    4. dee: the request approved by the sponsor, Ana taken off Paint, a status date.
    """
    plan = Plan(
        "Fit-out", start=date(2026, 3, 2), tasks=[Task("1", "Walls", 3), Task("2", "Paint", 2)]
    )
    plan.project = PROJECT
    with Store(f"sqlite:///{tmp_path_factory.mktemp('change_log') / 'plans.db'}") as opened:
        opened.save(plan, author="ana", message="First plan")
        plan.set("1", "name", "Walls <b>east</b>")
        plan.set("2", "duration", "4d")
        opened.save(plan, author="ben")
        plan.link("1", "2")
        ana = plan.add_resource("Ana")
        plan.assign("2", ana.id, 0.5)
        plan.raise_change("Blinds", cost_impact="1,500", tasks="2", raised_by="Olga")
        opened.save(plan, author="cy")
        plan.decide_change("CR1", approved=True, by="Sponsor", on="2026-03-06")
        plan.unassign("2", ana.id)
        plan.set_project(status_date=date(2026, 3, 5))
        opened.save(plan, author="dee")
        yield opened


EXPECTED = [
    (1, "ana", "project", "Fit-out", "created", "", "2 tasks"),
    (2, "ben", "task", "1", "name", "Walls", "Walls <b>east</b>"),
    (2, "ben", "task", "2", "duration", "2", "4"),
    (3, "cy", "link", "1 -> 2", "added", "", "FS"),
    (3, "cy", "resource", "1", "added", "", "Ana"),
    (3, "cy", "assignment", "2 / 1", "added", "", "50%"),
    (3, "cy", "change request", "CR1", "added", "", "Blinds"),
    (4, "dee", "project", "Fit-out", "status_date", "", "2026-03-05"),
    (4, "dee", "assignment", "2 / 1", "removed", "50%", ""),
    (4, "dee", "change request", "CR1", "status", "proposed", "approved"),
    (4, "dee", "change request", "CR1", "decided_by", "", "Sponsor"),
    (4, "dee", "change request", "CR1", "decided", "", "2026-03-06"),
]


def _rows(entries: list) -> list[tuple]:
    return [(e.version, e.author, e.kind, e.item, e.field, e.old, e.new) for e in entries]


def test_every_saved_edit_is_one_entry_per_field_with_who_and_when(store: Store) -> None:
    entries = change_log(store, PROJECT)
    assert _rows(entries) == EXPECTED
    saved = {info.version: info.saved_at for info in store.history(PROJECT)}
    assert [e.saved_at for e in entries] == [saved[e.version] for e in entries]


def test_since_version_gives_only_later_changes(store: Store) -> None:
    assert _rows(change_log(store, PROJECT, since_version=2)) == EXPECTED[3:]
    assert change_log(store, PROJECT, since_version=4) == []


@pytest.mark.parametrize("since", [-1, 5])
def test_a_version_the_project_does_not_have_is_refused(store: Store, since: int) -> None:
    with pytest.raises(PlanError) as refused:
        change_log(store, PROJECT, since_version=since)
    assert (refused.value.field, refused.value.value) == ("since_version", since)
    assert "has no version" in refused.value.message


def test_an_unknown_project_is_refused(store: Store) -> None:
    with pytest.raises(PlanError, match="no project named 'Nowhere'"):
        change_log(store, "Nowhere")


def test_to_frame_has_one_row_per_entry(store: Store) -> None:
    entries = change_log(store, PROJECT)
    frame = to_frame(entries)
    assert list(frame.columns) == list(FRAME_COLUMNS)
    assert frame[["version", "kind", "field"]].values.tolist()[1] == [2, "task", "name"]
    assert len(frame) == len(EXPECTED)
    assert list(to_frame([]).columns) == list(FRAME_COLUMNS)


def test_load_state_reads_a_version_without_scheduling(store: Store) -> None:
    state = store.load_state(PROJECT, 2)
    assert [t.name for t in state.tasks] == ["Walls <b>east</b>", "Paint"]
    assert store.load_state(PROJECT).change_requests[0].status == "approved"
    with pytest.raises(PlanError, match="has no version 9"):
        store.load_state(PROJECT, 9)


def test_charter_edits_are_logged_field_by_field() -> None:
    from pmwidgets.core.change_log import state_changes
    from pmwidgets.io import read_plan

    plan = read_plan("sample_data/office_move.json")
    before = plan.state
    plan.set_charter(purpose="Move 40 people by March", objectives="Open on time\nStay on budget")
    found = {(d.kind, d.field, d.new) for d in state_changes(before, plan.state)}
    assert ("project", "charter.purpose", "Move 40 people by March") in found
    assert any(field == "charter.objectives" for _kind, field, _new in found)
