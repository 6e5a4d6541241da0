"""The store: versions, history, conflicts that lose nothing, read-only access. Both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from pmwidgets import ConflictError, Plan, PlanError, Store
from pmwidgets.core.errors import FileFormatError
from pmwidgets.core.risks import RiskBand, RiskScale
from pmwidgets.io import write_plan


def sample_plan(name: str = "Bridge") -> Plan:
    plan = Plan(name, start=date(2025, 3, 3))
    plan.add_task("Survey", 2)
    plan.add_task("Foundations", 5)
    plan.link("1", "2")
    return plan


def test_every_save_is_a_version_and_any_version_opens(store_url: str) -> None:
    with Store(store_url) as store:
        plan = sample_plan()
        first = store.save(plan, author="ada", message="First draft")
        assert (first.project, first.version, plan.version) == ("Bridge", 1, 1)
        plan.set("2", "duration", 8)
        store.save(plan, author="ada", message="Longer foundations")
        assert [v.message for v in store.history("Bridge")] == ["First draft", "Longer foundations"]
        assert store.load("Bridge").task("2").duration == 8
        old = store.load("Bridge", version=1)
        assert old.task("2").duration == 5 and old.version == 1
        assert old.schedule().finish == date(2025, 3, 11)
        (info,) = store.projects()
        assert (info.name, info.version, info.author, info.message) == (
            "Bridge",
            2,
            "ada",
            "Longer foundations",
        )


def test_a_stale_save_is_refused_names_who_saved_since_and_keeps_the_edit(store_url: str) -> None:
    with Store(store_url) as store:
        store.save(sample_plan(), author="ada", message="v1")
        alice, bob = store.load("Bridge"), store.load("Bridge")
        alice.set("1", "duration", 3)
        store.save(alice, author="alice", message="Survey takes 3 days")
        bob.set("2", "name", "Deep foundations")
        with pytest.raises(ConflictError) as caught:
            store.save(bob, author="bob", message="Rename")
        error = caught.value
        assert "alice" in error.message and "Survey takes 3 days" in error.message
        assert [v.version for v in error.since] == [2]
        assert error.based_on == 1 and error.rejected is bob.state
        assert (
            store.load("Bridge").version == 2
            and store.load("Bridge").task("2").name == "Foundations"
        )
        (kept,) = store.conflicts("Bridge")
        assert (kept.id, kept.based_on, kept.author, kept.message) == (
            error.kept_as,
            1,
            "bob",
            "Rename",
        )
        assert store.load_conflict(kept.id).task("2").name == "Deep foundations"
        latest = store.load("Bridge")
        latest.set("2", "name", "Deep foundations")
        assert store.save(latest, author="bob", message="Rename, re-applied").version == 3


def test_a_new_plan_cannot_overwrite_a_project_of_the_same_name(store_url: str) -> None:
    with Store(store_url) as store:
        store.save(sample_plan(), author="ada")
        with pytest.raises(ConflictError, match="was not loaded from it"):
            store.save(sample_plan(), author="bob")


def test_loading_what_does_not_exist_names_it(store_url: str) -> None:
    with Store(store_url) as store:
        store.save(sample_plan(), author="ada")
        with pytest.raises(PlanError, match="no project named 'Tunnel'.*Bridge"):
            store.load("Tunnel")
        with pytest.raises(PlanError, match="no version 7"):
            store.load("Bridge", version=7)


def test_a_read_only_store_cannot_write(store_url: str) -> None:
    with Store(store_url) as store:
        store.save(sample_plan(), author="ada")
    with Store(store_url, read_only=True) as viewer:
        plan = viewer.load("Bridge")
        plan.set("1", "duration", 9)
        with pytest.raises(PlanError, match="read-only"):
            viewer.save(plan, author="visitor")
        with pytest.raises(Exception, match="(?i)read.?only|readonly"):
            with viewer._engine.begin() as conn:
                conn.execute(text("UPDATE projects SET status = 'closed'"))
    with Store(store_url) as store:
        assert store.load("Bridge").task("1").duration == 2
        assert store.projects()[0].status == "active"


def test_project_status_for_the_pipeline(store_url: str) -> None:
    with Store(store_url) as store:
        store.save(sample_plan(), author="ada")
        store.set_status("Bridge", "pending")
        assert store.projects()[0].status == "pending"
        with pytest.raises(PlanError, match="not one of active, pending, closed"):
            store.set_status("Bridge", "maybe")


def test_the_store_url_comes_from_pmwidgets_db(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # noqa: ANN001
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("PMWIDGETS_DB", url)
    with Store() as store:
        assert store.url == url
        store.save(sample_plan(), author="ada")
    assert create_engine(url).connect().execute(text("SELECT count(*) FROM versions")).scalar() == 1


def test_a_refused_edit_merges_onto_the_latest_version(store_url: str) -> None:
    with Store(store_url) as store:
        store.save(sample_plan(), author="ada", message="v1")
        alice, bob = store.load("Bridge"), store.load("Bridge")
        alice.set("1", "duration", 3)
        store.save(alice, author="alice")
        bob.set("2", "name", "Deep foundations")
        with pytest.raises(ConflictError):
            store.save(bob, author="bob")
        merged, clashes = store.merge(bob)
        assert clashes == [] and merged.version == 2
        assert (merged.task("1").duration, merged.task("2").name) == (3, "Deep foundations")
        assert store.save(merged, author="bob", message="merged").version == 3


def test_a_workbook_seeds_its_project_once_then_opens_what_was_saved(
    store_url: str, tmp_path: Path
) -> None:
    seed = tmp_path / "bridge.json"
    write_plan(sample_plan().state, seed)
    with Store(store_url) as store:
        _seed_twice(store, seed, tmp_path)


def _seed_twice(store: Store, seed: Path, tmp_path: Path) -> None:
    first = store.load_or_import("Bridge works", seed)
    assert (first.project, first.version) == ("Bridge works", 1)
    assert store.history("Bridge works")[0].message == "Imported from bridge.json"
    first.set(first.tasks[0].id, "duration", "9d")
    store.save(first)
    again = store.load_or_import("Bridge works", seed)
    assert again.version == 2 and again.tasks[0].duration == 9
    with pytest.raises(FileFormatError, match="missing.json"):
        store.load_or_import("Other", tmp_path / "missing.json")
    assert [p.name for p in store.projects()] == ["Bridge works"]


def test_the_pmo_sets_the_risk_scale_once_for_new_projects(store_url: str, tmp_path: Path) -> None:
    seed = tmp_path / "bridge.json"
    write_plan(sample_plan().state, seed)
    strict = RiskScale(
        bands=(RiskBand("Tolerable", 1, "#56B4E9"), RiskBand("Intolerable", 6, "#D55E00")),
        categories=("technical", "external", "commercial"),
    )
    with Store(store_url) as store:
        assert store.risk_scale() == RiskScale()
        store.load_or_import("Before", seed)
        store.set_risk_scale(strict, author="pmo")
        store.set_risk_scale(strict, author="pmo")  # setting it again replaces it
        assert store.risk_scale() == strict
        assert store.load_or_import("After", seed).risk_scale == strict
        assert store.load("After").risk_scale == strict
        assert store.load("Before").risk_scale == RiskScale()
    with Store(store_url, read_only=True) as viewer:
        assert viewer.risk_scale() == strict
        with pytest.raises(PlanError, match="read-only"):
            viewer.set_risk_scale(RiskScale())


def test_a_read_only_store_from_before_pmo_settings_uses_the_default_scale(
    store_url: str,
) -> None:
    with Store(store_url):
        pass
    engine = create_engine(store_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE pmo_settings"))
    engine.dispose()
    with Store(store_url, read_only=True) as viewer:
        assert viewer.risk_scale() == RiskScale()


def test_a_version_can_be_dated_for_history_in_order_and_not_in_the_future(
    store_url: str,
) -> None:
    with Store(store_url) as store:
        plan = sample_plan()
        week1, week2 = datetime(2025, 3, 7, 17), datetime(2025, 3, 14, 17, tzinfo=UTC)
        assert store.save(plan, saved_at=week1).saved_at == week1
        plan.set("2", "duration", 6)
        store.save(plan, saved_at=week2)
        assert [v.saved_at for v in store.history("Bridge")] == [week1, datetime(2025, 3, 14, 17)]
        plan.set("2", "duration", 7)
        for when, words in (
            (datetime(2025, 3, 10), "before version 2"),
            (datetime.now() + timedelta(days=2), "later than now"),
        ):
            with pytest.raises(PlanError, match=words) as refused:
                store.save(plan, saved_at=when)
            assert refused.value.field == "saved_at"
        assert store.load("Bridge").version == 2 and plan.version == 2
        store.save(plan)  # now: after both
        assert store.history("Bridge")[-1].saved_at > week1
