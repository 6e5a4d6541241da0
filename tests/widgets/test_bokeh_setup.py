"""Where workbooks load BokehJS from: local files under Voila, inline elsewhere, never a CDN."""

from __future__ import annotations

import pytest
from bokeh.resources import INLINE

from pmwidgets.widgets.bokeh_setup import SERVED_ENV, bokeh_resources


def test_inline_outside_voila(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    monkeypatch.setenv(SERVED_ENV, "voila/labextensions/")
    assert bokeh_resources() is INLINE


def test_inline_under_a_voila_without_our_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    monkeypatch.delenv(SERVED_ENV, raising=False)
    assert bokeh_resources() is INLINE


def test_served_by_voila_with_our_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    monkeypatch.setenv(SERVED_ENV, "voila/labextensions/")
    monkeypatch.setenv("VOILA_BASE_URL", "/dash/")
    resources = bokeh_resources()
    assert resources.mode == "server"
    assert resources.js_files
    assert all(url.startswith("/dash/voila/labextensions/static/js/") for url in resources.js_files)
