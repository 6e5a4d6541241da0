"""The earned-value widget: SPI, CPI, EAC and VAC cards above the PV/EV/AC chart.

Each card shows its figure, its RAG level as a word and a mark (never colour alone) and, on
hover, what the abbreviation means and the rule that rated it. The chart is bokeh inside
``jupyter_bokeh.BokehModel``, built once; :meth:`EarnedValueChart.refresh` sends only the data
that changed. A plan that cannot be measured yet (no status date, no baseline, a baseline
without costs) shows the reason instead of the chart.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

import ipywidgets
import traitlets
from jupyter_bokeh import BokehModel

from pmwidgets.core.errors import PlanError
from pmwidgets.core.kpis import Kpi, status_kpis
from pmwidgets.core.plan import Plan
from pmwidgets.core.rag import RagRules
from pmwidgets.core.status import METHODS, ProjectStatus, project_status
from pmwidgets.plotting import theme
from pmwidgets.plotting.earned_value import (
    SOURCES,
    History,
    earned_value_data,
    earned_value_figure,
    money_text,
)
from pmwidgets.widgets.gantt_chart import update_source
from pmwidgets.widgets.grid import message_html

CSS_CLASS = "pmw-earned-value"
CARDS_CLASS = "pmw-earned-value-cards"
CARD_CLASS = "pmw-kpi"
MESSAGE_CLASS = "pmw-earned-value-message"
#: A mark and a word per level, so that a rating reads without its colour.
LEVEL_MARKS = {"green": "\u2714", "amber": "\u25b2", "red": "\u2716"}
NOT_MEASURED = "n/a"
NOT_MEASURED_MARK = "\u2013"
NOT_MEASURED_LABEL = "Not measured"
CARD_STYLE = (
    "display:inline-block;min-width:150px;margin:0 12px 8px 0;padding:6px 10px;"
    "border:1px solid #CCCCCC;border-left:8px solid {colour};font-family:{font};"
)
BADGE_STYLE = "background:{colour};color:{ink};padding:1px 6px;border-radius:3px;"


class EarnedValueChart(ipywidgets.VBox):
    """A plan's earned value as of its status date: KPI cards and the PV/EV/AC chart.

    Parameters
    ----------
    plan : Plan
        The plan measured; call :meth:`refresh` after editing it.
    status_date : date, optional
        The date the figures are as of; the plan's status date by default.
    baseline : int
        The baseline measured against (0 to 10).
    method : {"percent", "physical"}
        How work done is earned: by % complete, or by physical % complete where recorded.
    rules : RagRules, optional
        The PMO's RAG rules colouring the cards; the defaults when omitted.
    history : DataFrame or sequence of (status_date, pv, ev, ac), optional
        Earlier statuses, e.g. from
        :func:`~pmwidgets.core.status_history.performance_history`: EV and AC are drawn
        through them. Without one they are straight lines from the baseline start.
    **kwargs
        Other ``VBox`` options.
    """

    plan = traitlets.Instance(Plan, help="The plan measured.")
    status_date = traitlets.Instance(
        date, allow_none=True, help="The date figures are as of; None: the plan's status date."
    )
    baseline = traitlets.Int(0, help="The baseline measured against (0 to 10).")
    method = traitlets.Enum(METHODS, "percent", help="Earn by % complete or physical %.")

    def __init__(
        self,
        plan: Plan,
        *,
        status_date: date | None = None,
        baseline: int = 0,
        method: str = "percent",
        rules: RagRules | None = None,
        history: History | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            plan=plan, status_date=status_date, baseline=baseline, method=method, **kwargs
        )
        self.rules = rules or RagRules()
        self.history = history
        self.status: ProjectStatus | None = None
        self.figure = None
        self.sources: dict[str, Any] = {}
        self._chart: BokehModel | None = None
        self._currency: str | None = None
        self.cards = ipywidgets.HTML("")
        self.cards.add_class(CARDS_CLASS)
        self.message = ipywidgets.HTML("")
        self.message.add_class(MESSAGE_CLASS)
        self.add_class(CSS_CLASS)
        self.refresh()
        self.observe(self._on_input_change, names=["plan", "status_date", "baseline", "method"])

    def refresh(self) -> None:
        """Re-read the plan: new figures, cards and chart data (or the reason there are none)."""
        try:
            status = project_status(
                self.plan, self.status_date, baseline=self.baseline, method=self.method
            )
        except PlanError as error:
            self.status = None
            self.message.value = message_html(f"No earned value to show: {error.message}")
            self.children = [self.message]
            return
        self.status = status
        self.cards.value = cards_html(status_kpis(status, self.rules), status.currency)
        self._draw(status)
        self.children = [self.cards, self._chart]

    def _draw(self, status: ProjectStatus) -> None:
        """Send the new data to the chart; build it the first time (or for a new currency).

        A replaced BokehModel is not closed here: ipywidgets closes it again when it is
        collected, and jupyter_bokeh's close fails the second time.
        """
        date_format = self.plan.settings.date_format
        if self._chart is None or status.currency != self._currency:
            self.figure, self.sources = earned_value_figure(
                status, self.history, date_format=date_format
            )
            self._chart = BokehModel(self.figure)
            self._currency = status.currency
            return
        data = earned_value_data(status, self.history, date_format=date_format)
        for name in SOURCES:
            update_source(self.sources[name], data[name])

    def _on_input_change(self, _change: dict[str, Any]) -> None:
        self.refresh()


def kpi_value_text(kpi: Kpi, currency: str) -> str:
    """A figure as shown on its card: ratios to two decimals, money in whole units."""
    if kpi.value is None:
        return NOT_MEASURED
    return money_text(kpi.value, currency) if kpi.unit == "money" else f"{kpi.value:.2f}"


def card_html(kpi: Kpi, currency: str) -> str:
    """One card: abbreviation, value, and the level as mark and word on its colour; its
    tooltip says what the abbreviation means and the rule that rated it."""
    level = kpi.level
    colour = theme.RAG_COLOURS[level] if level else theme.RAG_NOT_MEASURED
    mark = LEVEL_MARKS[level] if level else NOT_MEASURED_MARK
    word = level.capitalize() if level else NOT_MEASURED_LABEL
    title = escape(f"{kpi.meaning} {kpi.reason}", quote=True)
    style = CARD_STYLE.format(colour=colour, font=theme.FONT)
    badge = BADGE_STYLE.format(colour=colour, ink=theme.RAG_INK)
    return (
        f'<div class="{CARD_CLASS} {CARD_CLASS}-{kpi.key}" title="{title}" style="{style}">'
        f"<div><b>{escape(kpi.short)}</b></div>"
        f'<div style="font-size:1.6em">{escape(kpi_value_text(kpi, currency))}</div>'
        f'<div><span class="{CARD_CLASS}-level" style="{badge}">{mark} {word}</span></div>'
        "</div>"
    )


def cards_html(kpis: tuple[Kpi, ...], currency: str) -> str:
    """The cards in a row."""
    return "<div>" + "".join(card_html(kpi, currency) for kpi in kpis) + "</div>"
