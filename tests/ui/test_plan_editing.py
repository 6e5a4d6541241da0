"""The plan editing preview, served by Voila and read in chromium: the editable table renders,
with no JavaScript error and no request off the machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import VoilaServer, WatchedPage

pytestmark = [pytest.mark.ui, pytest.mark.timeout(900)]


def test_plan_table_renders(voila_server: VoilaServer, page: WatchedPage, tmp_path: Path) -> None:
    page.page.goto(voila_server.render_url("plan_editing.ipynb"))
    page.page.wait_for_function(
        "() => document.querySelector('.pmw-grid canvas')",
        timeout=90_000,
    )
    page.page.screenshot(path=tmp_path / "plan_editing.png", full_page=True)
    assert page.page.locator(".jp-OutputArea-output[data-mime-type*=error]").count() == 0
    page.assert_clean()
