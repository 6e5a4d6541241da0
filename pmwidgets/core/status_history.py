"""Earned value at each past status date of a project, from its saved versions.

A project is reported on at a series of status dates; each report was saved as a version. The
version saved last for a status date holds that date's progress (later corrections included),
so one row per status date comes from it. Versions without a status date, or without the
baseline measured against (or one planning no cost), have nothing to measure and are skipped.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from pmwidgets.core.errors import PlanError
from pmwidgets.core.status import project_status

if TYPE_CHECKING:
    from pmwidgets.store import Store

HISTORY_COLUMNS = ["status_date", "pv", "ev", "ac", "spi", "cpi"]


def performance_history(
    store: Store, project: str, baseline: int = 0, *, method: str = "percent"
) -> pd.DataFrame:
    """PV, EV, AC, SPI and CPI of ``project`` at each status date it was saved with.

    Parameters
    ----------
    store : Store
        Where the project's versions are.
    project : str
        The project's name in the store.
    baseline : int
        The baseline each version is measured against.
    method : {"percent", "physical"}
        How work done is earned (see :func:`pmwidgets.core.status.project_status`).

    Returns
    -------
    pandas.DataFrame
        :data:`HISTORY_COLUMNS`, one row per status date, oldest first: ``status_date`` (a
        date), ``pv``, ``ev``, ``ac`` (the project's currency) and ``spi``, ``cpi`` (None when
        not measured).

    Raises
    ------
    PlanError
        When the store has no such project, or the method is unknown (once a version is
        measured).
    """
    rows = []
    for day, version in sorted(_latest_per_status_date(store, project).items()):
        plan = store.load(project, version)
        try:
            status = project_status(plan, baseline=baseline, method=method)
        except PlanError as error:
            if error.field == "baseline":
                continue  # no such baseline in this version, or it plans no cost
            raise
        value = status.value
        rows.append((day, value.pv, value.ev, value.ac, value.spi, value.cpi))
    return pd.DataFrame(rows, columns=HISTORY_COLUMNS)


def _latest_per_status_date(store: Store, project: str) -> dict[date, int]:
    """The last version saved for each status date (reading states only: no scheduling)."""
    latest: dict[date, int] = {}
    for info in store.history(project):
        reported = store.load_state(project, info.version).status_date
        if reported is not None:
            latest[reported.date()] = info.version
    return latest
