"""Page parameters from Voila's query string."""

from __future__ import annotations

import pytest

from pmwidgets.widgets.page import QUERY_ENV, query_parameter


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
