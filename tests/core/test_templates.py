"""PMO templates: every template makes a valid plan; new_project saves it as version 1."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from pmwidgets.core.errors import PlanError
from pmwidgets.core.rag import RagRules
from pmwidgets.core.risks import RiskBand, RiskScale
from pmwidgets.core.templates import (
    OFFICE_RELOCATION,
    TEMPLATES,
    ProjectTemplate,
    TemplatePhase,
    TemplateTask,
    build_plan,
    find_template,
    new_project,
    rag_rules_frame,
    templates_frame,
)
from pmwidgets.store import Store

MONDAY = date(2026, 3, 2)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'pmo.db'}") as opened:
        yield opened


def test_there_are_at_least_three_templates_with_distinct_names() -> None:
    names = [template.name for template in TEMPLATES]
    assert len(names) >= 3
    assert len(set(names)) == len(names)
    assert find_template("Office relocation") is OFFICE_RELOCATION
    with pytest.raises(PlanError, match="Kitchen"):
        find_template("Kitchen")


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name)
def test_each_template_builds_a_scheduled_plan_of_phases_in_sequence(
    template: ProjectTemplate,
) -> None:
    plan = build_plan(template, "P", start=MONDAY, manager="Ada")
    summaries = [task for task in plan.tasks if plan.is_summary(task.id)]
    assert [task.name for task in summaries] == [phase.name for phase in template.phases]
    assert len(plan) == template.task_count
    assert len(plan) == sum(1 + len(phase.tasks) for phase in template.phases)
    frame = plan.schedule().to_frame().set_index("id")
    for before, after in zip(summaries, summaries[1:], strict=False):
        assert any(
            link.predecessor == before.id and link.successor == after.id for link in plan.links
        )
        assert frame.at[after.id, "start"] > frame.at[before.id, "finish"]
    assert frame.at[summaries[0].id, "start"].date() == MONDAY
    milestones = [task.name for task in plan.tasks if task.milestone]
    assert milestones == list(template.milestones)
    assert milestones, "every template has milestones"
    assert plan.risk_scale.categories == template.risk_categories
    assert {risk.owner for risk in plan.risks} == {"Ada"}
    assert plan.charter.manager == "Ada"
    assert plan.charter.purpose == template.description


def test_tasks_wait_for_the_tasks_of_their_phase_the_template_names() -> None:
    plan = build_plan(OFFICE_RELOCATION, "Move", start=MONDAY)
    ids = {task.name: task.id for task in plan.tasks}
    assert any(
        link.predecessor == ids["Shortlist and visit sites"]
        and link.successor == ids["Negotiate and sign lease"]
        for link in plan.links
    )
    frame = plan.schedule().to_frame().set_index("id")
    assert (
        frame.at[ids["Negotiate and sign lease"], "start"]
        > frame.at[ids["Shortlist and visit sites"], "finish"]
    )


def test_new_project_saves_version_one_with_its_status(store: Store) -> None:
    plan = new_project(
        store, " HQ move ", "Office relocation", start=MONDAY, manager="Ada", status="active"
    )
    assert (plan.name, plan.project, plan.version) == ("HQ move", "HQ move", 1)
    [info] = store.projects()
    assert (info.name, info.status, info.version, info.author) == ("HQ move", "active", 1, "Ada")
    assert info.message == "Created from template Office relocation"
    loaded = store.load("HQ move")
    assert len(loaded) == OFFICE_RELOCATION.task_count
    assert loaded.links == plan.links
    assert loaded.charter.manager == "Ada"
    assert [risk.title for risk in loaded.risks] == [r.title for r in OFFICE_RELOCATION.risks]
    assert loaded.risk_scale.categories == OFFICE_RELOCATION.risk_categories


def test_a_pending_project_starts_in_the_future_and_is_pending(store: Store) -> None:
    start = date.today() + timedelta(days=60)
    plan = new_project(store, "Kiosk", TEMPLATES[0], start=start, manager="Ben")
    assert store.projects()[0].status == "pending"
    first = plan.schedule().project_start
    assert first >= start > date.today()
    assert first - start < timedelta(days=3), "moved at most past a weekend"


def test_the_pmo_risk_scale_is_kept_with_the_template_categories(store: Store) -> None:
    bands = (RiskBand("Low", 1, "#56B4E9"), RiskBand("High", 10, "#D55E00"))
    store.set_risk_scale(RiskScale(bands=bands))
    plan = new_project(store, "Kiosk", TEMPLATES[0], start=MONDAY, manager="Ben")
    assert plan.risk_scale.bands == bands
    assert plan.risk_scale.categories == TEMPLATES[0].risk_categories


def test_the_store_rag_rules_are_left_alone(store: Store) -> None:
    new_project(store, "Lean", "Process improvement", start=MONDAY, manager="Cy")
    assert store.rag_rules() == RagRules()
    assert find_template("Process improvement").rag_rules != RagRules()


@pytest.mark.parametrize(
    ("name", "manager", "status", "field"),
    [
        ("Existing", "Ada", "pending", "name"),
        ("  ", "Ada", "pending", "name"),
        ("New", " ", "pending", "manager"),
        ("New", "Ada", "closed", "status"),
    ],
)
def test_refusals_name_the_field_and_save_nothing(
    store: Store, name: str, manager: str, status: str, field: str
) -> None:
    new_project(store, "Existing", "IT system rollout", start=MONDAY, manager="Ada")
    with pytest.raises(PlanError) as caught:
        new_project(store, name, "Office relocation", start=MONDAY, manager=manager, status=status)
    assert caught.value.field == field
    if field == "name" and name.strip():
        assert "Existing" in caught.value.message
    assert [info.name for info in store.projects()] == ["Existing"]
    assert store.history("Existing")[-1].version == 1


def test_a_template_that_would_not_make_a_plan_is_refused() -> None:
    with pytest.raises(PlanError) as caught:
        ProjectTemplate(
            "Broken",
            "",
            (TemplatePhase("Only", (TemplateTask("B", 1, ("A",)), TemplateTask("A", 1))),),
            ("technical",),
        )
    assert (caught.value.field, caught.value.value) == ("phases", "A")


def test_the_tables_list_every_template() -> None:
    table = templates_frame()
    assert list(table.index) == [template.name for template in TEMPLATES]
    assert (table["Working days"] > 0).all()
    rules = rag_rules_frame(current=RagRules())
    assert list(rules.columns) == ["PMO now", *(t.name for t in TEMPLATES)]
    assert rules.at["SPI amber", "PMO now"] == RagRules().spi_amber
