"""Fixtures every test shares."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pmwidgets.store.engine import DB_ENV


@pytest.fixture(scope="session", autouse=True)
def private_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Point the default store (and every kernel or server a test starts) at a fresh SQLite
    file, so that no test reads or writes the developer's own projects."""
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'pmwidgets.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DB_ENV, url)
        yield url
