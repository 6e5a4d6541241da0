"""The risk trend widget: open risks per band and threat exposure over a project's saved versions.

The history comes from the store: every saved version is loaded and its register summarized
with its own scale; the bars are drawn in the bands of the latest version's scale.
"""

from __future__ import annotations

from typing import Any

import ipywidgets
import traitlets
from jupyter_bokeh import BokehModel

from pmwidgets.core.risks import RiskBand, summarize
from pmwidgets.plotting.risk_trend import SOURCE, TrendPoint, risk_trend_figure, trend_data
from pmwidgets.store.store import Store
from pmwidgets.widgets.gantt_chart import update_source

CSS_CLASS = "pmw-risk-trend"


def risk_history(store: Store, project: str) -> list[TrendPoint]:
    """When each version of ``project`` was saved and the summary of its open risks.

    One point per version, oldest first; each version is loaded once and summarized with its own
    risk scale, so the work grows linearly with the number of versions.

    Raises
    ------
    PlanError
        When the store has no such project.
    """
    points = []
    for info in store.history(project):
        plan = store.load(project, info.version)
        points.append((info.saved_at, summarize(plan.risks, plan.risk_scale)))
    return points


class RiskTrend(ipywidgets.VBox):
    """A project's risk trend from its saved versions.

    Parameters
    ----------
    store : Store
        Where the project's versions are; call :meth:`refresh` after saving a new one.
    project : str
        The project's name in the store.
    **kwargs
        ``VBox`` options.
    """

    project = traitlets.Unicode(help="The project whose versions are drawn.")

    def __init__(self, store: Store, project: str, **kwargs: Any) -> None:
        super().__init__(project=project, **kwargs)
        self.store = store
        self._draw(*self._load())
        self.add_class(CSS_CLASS)
        self.observe(self._on_project_change, names="project")

    def refresh(self) -> None:
        """Reload the history: new points are sent as data; new bands redraw the chart."""
        points, bands = self._load()
        if bands == self._bands:
            update_source(self.sources[SOURCE], trend_data(points, bands))
        else:
            self._draw(points, bands)

    def _load(self) -> tuple[list[TrendPoint], tuple[RiskBand, ...]]:
        """The history, and the bands of the latest version's scale."""
        points = risk_history(self.store, self.project)
        return points, self.store.load(self.project).risk_scale.bands

    def _draw(self, points: list[TrendPoint], bands: tuple[RiskBand, ...]) -> None:
        """Build the chart, replacing any previous one.

        The previous BokehModel is not closed here: ipywidgets closes it again when it is
        collected, and jupyter_bokeh's close fails the second time.
        """
        self._bands = bands
        self.figure, self.sources = risk_trend_figure(points, bands)
        self.children = [BokehModel(self.figure)]

    def _on_project_change(self, _change: dict[str, Any]) -> None:
        self._draw(*self._load())
