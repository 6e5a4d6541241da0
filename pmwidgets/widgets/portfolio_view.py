"""The portfolio at a glance: every project's ratings and figures, filters, the pipeline of
pending projects, and a link from each project to its status page."""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any
from urllib.parse import quote

import ipywidgets

from pmwidgets.core.portfolio import ProjectLine, filter_lines, portfolio
from pmwidgets.report.labels import FIGURES, rag_badge
from pmwidgets.store import Store

CSS_CLASS = "pmw-portfolio"
ANY = "(any)"
#: Where a project's name links to: its status dashboard, the name in the query string.
STATUS_PAGE = "project_status.ipynb?project={project}"
_STYLE = f"""<style>
.{CSS_CLASS} table {{ border-collapse: collapse; font-size: 13px; width: 100%; }}
.{CSS_CLASS} th, .{CSS_CLASS} td {{ padding: 4px 6px; border-bottom: 1px solid #ddd;
  text-align: left; vertical-align: top; }}
.{CSS_CLASS} th {{ background: #f3f3f3; }}
.{CSS_CLASS} td.num {{ text-align: right; white-space: nowrap; }}
.{CSS_CLASS} .pmw-note {{ color: #555; font-style: italic; }}
</style>"""


class PortfolioView(ipywidgets.VBox):
    """Every project in the store on one line, filterable by status, rating and manager.

    Parameters
    ----------
    store : Store
        The store read (a read-only one for dashboards).
    status_page : str
        The link of a project's name, with ``{project}`` for its (quoted) name; empty for no
        links.
    """

    def __init__(self, store: Store, *, status_page: str = STATUS_PAGE, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.store = store
        self.status_page = status_page
        self.lines: list[ProjectLine] = []
        self.status_filter = _dropdown("Status")
        self.rag_filter = _dropdown("Rating")
        self.manager_filter = _dropdown("Manager")
        self.summary = ipywidgets.HTML()
        self.table = ipywidgets.HTML()
        self.pipeline = ipywidgets.HTML()
        for control in (self.status_filter, self.rag_filter, self.manager_filter):
            control.observe(lambda _change: self.show(), names="value")
        filters = ipywidgets.HBox([self.status_filter, self.rag_filter, self.manager_filter])
        self.children = [self.summary, filters, self.table, self.pipeline]
        self.add_class(CSS_CLASS)
        self.refresh()

    def refresh(self) -> None:
        """Read every project from the store again."""
        self.lines = portfolio(self.store)
        self.status_filter.options = _choices(line.status for line in self.lines)
        self.rag_filter.options = _choices(line.rag or "not rated" for line in self.lines)
        self.manager_filter.options = _choices(line.manager for line in self.lines)
        self.show()

    def show(self) -> None:
        """Draw the lines that pass the filters."""
        rag = _chosen(self.rag_filter)
        lines = filter_lines(
            self.lines,
            status=_chosen(self.status_filter),
            manager=_chosen(self.manager_filter),
        )
        if rag is not None:
            lines = [line for line in lines if (line.rag or "not rated") == rag]
        self.summary.value = _summary(self.lines)
        self.table.value = _STYLE + _table(lines, self.status_page)
        self.pipeline.value = _pipeline([line for line in self.lines if line.status == "pending"])


def _dropdown(label: str) -> ipywidgets.Dropdown:
    return ipywidgets.Dropdown(
        description=label, options=[ANY], value=ANY, style={"description_width": "60px"}
    )


def _choices(values: Any) -> list[str]:
    return [ANY, *sorted(set(values))]


def _chosen(control: ipywidgets.Dropdown) -> str | None:
    return None if control.value == ANY else control.value


def _summary(lines: list[ProjectLine]) -> str:
    counts = Counter(line.status for line in lines)
    ratings = Counter(line.rag for line in lines if line.status == "active")
    rated = " ".join(
        f"{rag_badge(level)} {ratings[level]}"
        for level in ("red", "amber", "green")
        if ratings[level]
    )
    statuses = ", ".join(f"{counts[s]} {s}" for s in ("active", "pending", "closed") if counts[s])
    return (
        f"<p>{len(lines)} projects: {statuses}. Active projects by rating: {rated or 'none'}.</p>"
    )


def _table(lines: list[ProjectLine], status_page: str) -> str:
    if not lines:
        return "<p class='pmw-note'>No project matches these filters.</p>"
    spi, cpi = FIGURES["spi"], FIGURES["cpi"]
    header = (
        "<tr><th>Project</th><th>Status</th><th>Manager</th><th>Rating</th>"
        f"<th><abbr title='{escape(spi.meaning)}'>SPI</abbr></th>"
        f"<th><abbr title='{escape(cpi.meaning)}'>CPI</abbr></th>"
        "<th><abbr title='Budget at completion'>Budget</abbr></th>"
        "<th><abbr title='Estimate at completion: actual cost plus remaining cost'>EAC</abbr></th>"
        "<th>Finish (baseline)</th><th>Next milestones</th><th>Top risks</th></tr>"
    )
    rows = "".join(_row(line, status_page) for line in lines)
    return f"<table>{header}{rows}</table>"


def _row(line: ProjectLine, status_page: str) -> str:
    name = escape(line.project)
    if status_page:
        name = f"<a href='{escape(status_page.format(project=quote(line.project)))}'>{name}</a>"
    reasons = ", ".join(f"{d} {lvl}" for d, lvl in line.ratings.items())
    finish = f"{line.forecast_finish:%Y-%m-%d}"
    if line.baseline_finish is not None:
        finish += f" ({line.baseline_finish:%Y-%m-%d}, {_days(line.finish_variance_days)})"
    milestones = "<br>".join(f"{escape(m.name)} {m.finish:%Y-%m-%d}" for m in line.next_milestones)
    risks = "<br>".join(escape(risk) for risk in line.top_risks)
    note = f"<div class='pmw-note'>{escape(line.note)}</div>" if line.note else ""
    return (
        f"<tr><td>{name}{note}</td><td>{escape(line.status)}</td><td>{escape(line.manager)}</td>"
        f"<td>{rag_badge(line.rag, reasons)}</td>"
        f"<td class='num'>{_ratio(line.spi)}</td><td class='num'>{_ratio(line.cpi)}</td>"
        f"<td class='num'>{_money(line.bac, line.currency)}</td>"
        f"<td class='num'>{_money(line.eac, line.currency)}</td>"
        f"<td>{finish}</td><td>{milestones or '-'}</td><td>{risks or '-'}</td></tr>"
    )


def _pipeline(pending: list[ProjectLine]) -> str:
    if not pending:
        return "<h3>Pipeline</h3><p class='pmw-note'>No project is waiting for approval.</p>"
    rows = "".join(
        f"<tr><td>{escape(line.project)}</td><td>{escape(line.manager)}</td>"
        f"<td>{line.start:%Y-%m-%d}</td><td>{line.forecast_finish:%Y-%m-%d}</td>"
        f"<td class='num'>{_money(line.planned_cost, line.currency)}</td></tr>"
        for line in sorted(pending, key=lambda line: line.start)
    )
    return (
        "<h3>Pipeline: pending approval</h3><table><tr><th>Project</th><th>Manager</th>"
        f"<th>Tentative start</th><th>Planned finish</th><th>Planned cost</th></tr>{rows}</table>"
    )


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _money(value: float | None, currency: str) -> str:
    return "n/a" if value is None else f"{value:,.0f} {escape(currency)}"


def _days(days: int | None) -> str:
    if not days:
        return "on time"
    return f"{abs(days)} d {'late' if days > 0 else 'early'}"
