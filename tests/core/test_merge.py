"""Three-way merge: one person's edits re-applied on another's, clashes reported."""

from datetime import date

from pmwidgets import Link, Plan, Task
from pmwidgets.core.merge import merge_states


def base() -> Plan:
    return Plan(
        "Merge",
        start=date(2025, 1, 6),
        tasks=[Task("1", "Design", 3.0), Task("2", "Build", 5.0), Task("3", "Test", 2.0)],
        links=[Link("1", "2"), Link("2", "3")],
    )


def test_changes_to_different_things_are_both_kept() -> None:
    original = base()
    mine, theirs = base(), base()
    mine.set("1", "duration", 4)
    mine.add_task("Document", 1, id="9")
    mine.link("3", "9")
    theirs.set("2", "name", "Build it")
    theirs.set("3", "duration", 1)
    merged, clashes = merge_states(original.state, mine.state, theirs.state)
    assert clashes == []
    plan = Plan.from_state(merged)
    assert [(t.id, t.name, t.duration) for t in plan.tasks] == [
        ("1", "Design", 4.0),
        ("2", "Build it", 5.0),
        ("3", "Test", 1.0),
        ("9", "Document", 1.0),
    ]
    assert ("3", "9") in {(k.predecessor, k.successor) for k in plan.links}


def test_the_same_field_changed_both_ways_keeps_theirs_and_reports_it() -> None:
    original = base()
    mine, theirs = base(), base()
    mine.update("2", duration=8, name="Build walls")
    theirs.set("2", "duration", 6)
    merged, clashes = merge_states(original.state, mine.state, theirs.state)
    task = Plan.from_state(merged).task("2")
    assert (task.duration, task.name) == (6.0, "Build walls")
    assert [(c.what, c.field, c.mine, c.theirs) for c in clashes] == [
        ("Task 2", "duration", 8.0, 6.0)
    ]


def test_a_deletion_on_one_side_is_applied_and_its_links_go_with_it() -> None:
    original = base()
    mine, theirs = base(), base()
    mine.delete_task("3")
    theirs.set("1", "name", "Design it")
    merged, clashes = merge_states(original.state, mine.state, theirs.state)
    plan = Plan.from_state(merged)
    assert [t.id for t in plan.tasks] == ["1", "2"] and clashes == []
    assert plan.task("1").name == "Design it"
    assert [(k.predecessor, k.successor) for k in plan.links] == [("1", "2")]


def test_charter_fields_changed_on_each_side_are_both_kept() -> None:
    original = base()
    original.set_charter(purpose="Move", sponsor="Dana")
    mine, theirs = Plan.from_state(original.state), Plan.from_state(original.state)
    mine.set_charter(purpose="Move the team to the new floor", objectives="Moved by June")
    theirs.set_charter(sponsor="Eve", scope="Desks and network")
    merged, clashes = merge_states(original.state, mine.state, theirs.state)
    charter = merged.charter
    assert clashes == []
    assert (charter.purpose, charter.objectives) == (
        "Move the team to the new floor",
        ("Moved by June",),
    )
    assert (charter.sponsor, charter.scope) == ("Eve", "Desks and network")


def test_a_charter_field_changed_both_ways_keeps_theirs_and_reports_it() -> None:
    original = base()
    mine, theirs = base(), base()
    mine.set_charter(purpose="Ours", manager="Ana")
    theirs.set_charter(purpose="Theirs")
    merged, clashes = merge_states(original.state, mine.state, theirs.state)
    assert (merged.charter.purpose, merged.charter.manager) == ("Theirs", "Ana")
    assert [(c.what, c.field, c.mine, c.theirs) for c in clashes] == [
        ("Charter", "purpose", "Ours", "Theirs")
    ]


def test_charter_fields_that_are_no_charter_together_keep_theirs_whole() -> None:
    original = base()
    original.set_charter(sponsor="Dana")
    mine, theirs = Plan.from_state(original.state), Plan.from_state(original.state)
    mine.set_charter(approved_on="2025-01-10")  # approved by the sponsor we both had
    theirs.set_charter(sponsor="")  # nobody sponsors it any more
    merged, clashes = merge_states(original.state, mine.state, theirs.state)
    assert merged.charter == theirs.state.charter
    assert [(c.what, c.field) for c in clashes] == [("Charter", "charter")]
