"""Fixtures every test shares."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pmwidgets.store import Store
from pmwidgets.store.engine import DB_ENV

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_PROJECT = "Office move"
SAMPLE_PLAN = ROOT / "sample_data" / "office_move.json"


@pytest.fixture(scope="session", autouse=True)
def private_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Point the default store (and every kernel or server a test starts) at a fresh SQLite
    file holding the sample project, as ``make demo`` seeds it, so that no test reads or writes
    the developer's own projects."""
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'pmwidgets.db'}"
    with Store(url) as store:
        store.load_or_import(SAMPLE_PROJECT, SAMPLE_PLAN)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DB_ENV, url)
        yield url
