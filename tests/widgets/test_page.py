"""Page parameters from Voila's query string, and the project a template page opens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pmwidgets.store import Store
from pmwidgets.widgets import page
from pmwidgets.widgets.page import QUERY_ENV, open_project, query_parameter

ROOT = Path(__file__).resolve().parents[2]


def test_a_query_parameter_overrides_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(QUERY_ENV, "project=Office%20move&status_date=2026-12-15")
    assert query_parameter("project", "Other") == "Office move"
    assert query_parameter("status_date", "") == "2026-12-15"
    assert query_parameter("missing", "fallback") == "fallback"


def test_without_a_query_string_the_default_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(QUERY_ENV, raising=False)
    assert query_parameter("project", "Office move") == "Office move"
    monkeypatch.setenv(QUERY_ENV, "project=")
    assert query_parameter("project", "Office move") == "Office move"


SEED = ROOT / "sample_data" / "office_move.json"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'pages.db'}") as opened:
        yield opened


def test_a_template_seeds_its_own_project_and_the_address_opens_any_known_one(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(QUERY_ENV, raising=False)
    name, plan, read_only = open_project(store, "Office move", SEED)
    assert (name, plan.project, read_only) == ("Office move", "Office move", False)
    store.load_or_import("Kiosk", SEED)
    monkeypatch.setenv(QUERY_ENV, "project=Kiosk")
    name, plan, read_only = open_project(store, "Office move", SEED, read_only=False)
    assert (name, plan.project, read_only) == ("Kiosk", "Kiosk", False)


def test_an_address_naming_an_unknown_project_creates_nothing_and_says_so(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(QUERY_ENV, "project=Ofice%20move")
    shown: list[Any] = []
    monkeypatch.setattr(page, "display", shown.append)
    name, plan, read_only = open_project(store, "Office move", SEED)
    assert (name, plan.project, read_only) == ("Office move", "Office move", True)
    assert [info.name for info in store.projects()] == ["Office move"]
    assert len(shown) == 1 and "There is no project &#x27;Ofice move&#x27;" in shown[0].value
    assert "read-only: &#x27;Office move&#x27;" in shown[0].value
