"""A status report as one self-contained HTML file: inline styles, an inline SVG chart, no
scripts and nothing fetched, so it can be e-mailed and opened anywhere.

Every piece of user text (project, task and risk names, change values) is escaped. Ratings
show their word and letter beside their colour.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

import numpy as np

from pmwidgets.core.rag import RagReport
from pmwidgets.core.status import ProjectStatus
from pmwidgets.plotting import theme
from pmwidgets.report.labels import FIGURES, format_figure, rag_badge
from pmwidgets.report.summary import Milestone, StatusSummary

KEY_FIGURES = ("spi", "cpi", "bac", "eac_cpi", "vac", "sv_t")
CHART_WIDTH, CHART_HEIGHT, MARGIN = 640, 290, 48
LEGEND_Y = CHART_HEIGHT - 10

STYLE = """
body { font-family: Helvetica, Arial, sans-serif; color: #222; max-width: 980px; margin: 24px auto;
       padding: 0 16px; }
h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 28px; }
.meta { color: #555; }
table { border-collapse: collapse; width: 100%; margin-top: 8px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #ddd; vertical-align: top; }
th { background: #f4f4f4; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid #ccc; border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.card .value { font-size: 20px; font-weight: bold; }
.empty { color: #777; font-style: italic; }
abbr { text-decoration: underline dotted; cursor: help; }
"""


def render_html(summary: StatusSummary) -> str:
    """The report as a complete HTML document."""
    status = summary.status
    title = f"Status report: {status.project}, {_day(status.status_date, summary)}"
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body>{''.join(_sections(summary))}</body></html>\n"
    )


def render_fragment(summary: StatusSummary, scope: str) -> str:
    """The report's sections (no glossary) inside ``<div class=scope>``, its styles limited
    to that element, for showing within a page (a dashboard)."""
    return (
        f"<style>{scoped_style(STYLE, scope)}</style>"
        f"<div class='{escape(scope)}'>{''.join(_sections(summary)[:-1])}</div>"
    )


def scoped_style(style: str, scope: str) -> str:
    """``style`` with every selector limited to elements inside ``.scope`` (``body`` becomes
    the scope element itself)."""
    rules = []
    for rule in style.split("}"):
        if "{" not in rule:
            continue
        selectors, body = rule.split("{", 1)
        scoped = ", ".join(
            f".{scope}" if name.strip() == "body" else f".{scope} {name.strip()}"
            for name in selectors.split(",")
        )
        rules.append(f"{scoped} {{{body}}}")
    return "\n".join(rules)


def _sections(summary: StatusSummary) -> list[str]:
    return [
        _header(summary),
        _ratings(summary),
        _key_figures(summary.status),
        _section("Earned value", _chart(summary.status)),
        _milestones(summary),
        _risks(summary),
        _slipped(summary),
        _changes(summary),
        _glossary(),
    ]


def _header(summary: StatusSummary) -> str:
    status = summary.status
    complete = status.percent_complete
    done = "n/a" if complete is None else f"{complete:.0f}%"
    return (
        f"<h1>{escape(status.project)} {rag_badge(summary.rag.overall)}</h1>"
        f"<p class='meta'>Status as of {_day(status.status_date, summary)} against baseline "
        f"{status.baseline} &middot; {done} of the budget earned &middot; forecast finish "
        f"{_day(status.forecast_finish, summary)} (baseline "
        f"{_day(status.baseline_finish, summary)}, "
        f"{_signed_days(status.finish_variance_days)})</p>"
    )


def _ratings(summary: StatusSummary) -> str:
    return _section("Ratings", ratings_table(summary.rag))


def ratings_table(rag: RagReport) -> str:
    """The four ratings as a table: area, badge (letter, word, colour) and the reasons."""
    rows = "".join(
        f"<tr><td>{rating.dimension.capitalize()}</td><td>{rag_badge(rating.level)}</td>"
        f"<td>{'<br>'.join(escape(reason) for reason in rating.reasons)}</td></tr>"
        for rating in rag.ratings
    )
    return (
        "<table class='pmw-ratings'><tr><th>Area</th><th>Rating</th><th>Why</th></tr>"
        f"{rows}</table>"
    )


def _key_figures(status: ProjectStatus) -> str:
    cards = "".join(
        f"<div class='card'><abbr title='{escape(FIGURES[key].meaning)}'>"
        f"{escape(FIGURES[key].short)}</abbr><div class='value'>"
        f"{escape(format_figure(key, getattr(status.value, key), status.currency))}</div></div>"
        for key in KEY_FIGURES
    )
    bottom_up = format_figure("ac", status.eac_bottom_up, status.currency)
    cards += (
        "<div class='card'><abbr title=\"Estimate at completion: AC + each task's remaining "
        f"cost\">EAC (bottom-up)</abbr><div class='value'>{escape(bottom_up)}</div></div>"
    )
    return _section("Key figures", f"<div class='cards'>{cards}</div>")


def _chart(status: ProjectStatus) -> str:
    """PV over the baseline, EV and AC to the status date, the forecast to completion."""
    value = status.value
    start = np.datetime64(status.baseline_start, "D")
    end = max(np.datetime64(status.forecast_finish), np.datetime64(status.baseline_finish))
    end = max(end, np.datetime64(status.status_date))
    top = max(value.bac, status.eac_bottom_up, value.ac, 1.0)
    span = max(int((end - start).astype(int)), 1)

    def x(day: np.datetime64 | date) -> float:
        offset = int((np.datetime64(day, "D") - start).astype(int))
        return MARGIN + (CHART_WIDTH - 2 * MARGIN) * offset / span

    def y(amount: float) -> float:
        return CHART_HEIGHT - MARGIN - (CHART_HEIGHT - 2 * MARGIN) * amount / top

    pv_points = " ".join(
        f"{x(day):.1f},{y(amount):.1f}"
        for day, amount in zip(
            status.curve["day"].to_numpy(dtype="datetime64[D]"), status.curve["pv"], strict=True
        )
    )
    now = status.status_date
    lines = [
        _axis(y, start, end, top, status.currency),
        f"<polyline points='{x(start):.1f},{y(0):.1f} {pv_points}' fill='none' "
        f"stroke='{theme.BLUE}' stroke-width='2'/>",
        _segment(x(start), y(0), x(now), y(value.ev), theme.BLUISH_GREEN, "6 0"),
        _segment(x(start), y(0), x(now), y(value.ac), theme.VERMILLION, "2 3"),
        _segment(
            x(now),
            y(value.ac),
            x(status.forecast_finish),
            y(status.eac_bottom_up),
            theme.GREY,
            "8 4",
        ),
        f"<line x1='{x(now):.1f}' y1='{MARGIN / 2}' x2='{x(now):.1f}' "
        f"y2='{CHART_HEIGHT - MARGIN}' stroke='{theme.REDDISH_PURPLE}' stroke-dasharray='3 3'/>",
        f"<text x='{x(now) + 4:.1f}' y='{MARGIN / 2 + 10}' font-size='11'>status date</text>",
        _legend(),
    ]
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{CHART_WIDTH}' height='{CHART_HEIGHT}' "
        "role='img' aria-label='Planned value, earned value, actual cost and forecast'>"
        f"{''.join(lines)}</svg>"
    )


def _axis(
    y: Callable[[float], float],
    start: np.datetime64,
    end: np.datetime64,
    top: float,
    currency: str,
) -> str:
    bottom = CHART_HEIGHT - MARGIN
    parts = [
        f"<line x1='{MARGIN}' y1='{bottom}' x2='{CHART_WIDTH - MARGIN}' y2='{bottom}' "
        "stroke='#333'/>",
        f"<line x1='{MARGIN}' y1='{MARGIN / 2}' x2='{MARGIN}' y2='{bottom}' stroke='#333'/>",
        f"<text x='{MARGIN}' y='{bottom + 16}' font-size='11'>{start}</text>",
        f"<text x='{CHART_WIDTH - MARGIN}' y='{bottom + 16}' font-size='11' "
        f"text-anchor='end'>{end}</text>",
        f"<text x='{MARGIN - 4}' y='{y(top):.1f}' font-size='11' text-anchor='end'>"
        f"{top / 1000:,.0f}k</text>",
        f"<text x='{MARGIN - 4}' y='{bottom}' font-size='11' text-anchor='end'>0</text>",
        f"<text x='4' y='{MARGIN / 2 - 4}' font-size='11'>{escape(currency)}</text>",
    ]
    return "".join(parts)


def _segment(x1: float, y1: float, x2: float, y2: float, colour: str, dash: str) -> str:
    return (
        f"<line x1='{x1:.1f}' y1='{y1:.1f}' x2='{x2:.1f}' y2='{y2:.1f}' stroke='{colour}' "
        f"stroke-width='2' stroke-dasharray='{dash}'/>"
    )


def _legend() -> str:
    entries = (
        ("PV (planned)", theme.BLUE, "6 0"),
        ("EV (earned)", theme.BLUISH_GREEN, "6 0"),
        ("AC (actual)", theme.VERMILLION, "2 3"),
        ("Forecast to EAC", theme.GREY, "8 4"),
    )
    step = (CHART_WIDTH - MARGIN) // len(entries)
    return "".join(
        _segment(
            MARGIN + step * i, LEGEND_Y - 4, MARGIN + step * i + 24, LEGEND_Y - 4, colour, dash
        )
        + f"<text x='{MARGIN + step * i + 30}' y='{LEGEND_Y}' font-size='11'>{label}</text>"
        for i, (label, colour, dash) in enumerate(entries)
    )


def _milestones(summary: StatusSummary) -> str:
    parts = []
    for heading, milestones in (
        ("Late", summary.late),
        ("Due in the next two weeks", summary.due),
        ("Done", summary.done),
    ):
        parts.append(f"<h3>{heading}</h3>{_milestone_table(milestones, summary)}")
    return _section("Milestones", "".join(parts))


def _milestone_table(milestones: tuple[Milestone, ...], summary: StatusSummary) -> str:
    if not milestones:
        return "<p class='empty'>None.</p>"
    rows = "".join(
        f"<tr><td>{escape(m.id)}</td><td>{escape(m.name)}</td><td>{_day(m.finish, summary)}</td>"
        f"<td>{_day(m.baseline_finish, summary) if m.baseline_finish else 'n/a'}</td></tr>"
        for m in milestones
    )
    return (
        f"<table><tr><th>ID</th><th>Milestone</th><th>Date</th><th>Baseline</th></tr>{rows}</table>"
    )


def _risks(summary: StatusSummary) -> str:
    if not summary.risks:
        return _section("Top risks", "<p class='empty'>No open risks.</p>")
    rows = "".join(
        f"<tr><td>{escape(r.id)}</td><td>{escape(r.title)}</td><td>{escape(r.kind.value)}</td>"
        f"<td>{r.score}</td><td>{escape(r.owner)}</td><td>{escape(r.strategy)}</td></tr>"
        for r in summary.risks
    )
    return _section(
        "Top risks",
        "<table><tr><th>ID</th><th>Risk</th><th>Kind</th><th>Score</th><th>Owner</th>"
        f"<th>Response</th></tr>{rows}</table>",
    )


def _slipped(summary: StatusSummary) -> str:
    if summary.slipped.empty:
        return _section("Slipped against the baseline", "<p class='empty'>Nothing slipped.</p>")
    rows = "".join(
        f"<tr><td>{escape(str(row.id))}</td><td>{escape(str(row.name))}</td>"
        f"<td>{_day(row.baseline_finish.date(), summary)}</td>"
        f"<td>{_day(row.finish.date(), summary)}</td>"
        f"<td>{_signed_days(row.finish_variance_days)}</td></tr>"
        for row in summary.slipped.itertuples(index=False)
    )
    return _section(
        "Slipped against the baseline",
        "<table><tr><th>ID</th><th>Task</th><th>Baseline finish</th><th>Finish</th>"
        f"<th>Slip</th></tr>{rows}</table>",
    )


def _changes(summary: StatusSummary) -> str:
    if summary.changes_since is None and not summary.changes:
        return _section(
            "Changes since the last report",
            "<p class='empty'>No earlier report in the store to compare with.</p>",
        )
    if not summary.changes:
        return _section("Changes since the last report", "<p class='empty'>No changes.</p>")
    rows = "".join(
        f"<tr><td>{c.version}</td><td>{escape(c.author)}</td><td>{c.saved_at:%Y-%m-%d %H:%M}</td>"
        f"<td>{escape(c.kind)} {escape(c.item)}</td><td>{escape(c.field)}</td>"
        f"<td>{escape(c.old)}</td><td>{escape(c.new)}</td></tr>"
        for c in summary.changes
    )
    return _section(
        "Changes since the last report",
        "<table><tr><th>Version</th><th>Who</th><th>When (UTC)</th><th>What</th><th>Field</th>"
        f"<th>Was</th><th>Now</th></tr>{rows}</table>",
    )


def _glossary() -> str:
    items = "".join(
        f"<li><b>{escape(f.short)}</b>: {escape(f.meaning)}</li>" for f in FIGURES.values()
    )
    note = (
        "<p class='meta'>n/a: nothing to measure yet (no planned value or no cost so far). "
        "Earned-schedule figures are in working days.</p>"
    )
    return _section("What the figures mean", f"<ul>{items}</ul>{note}")


def _section(heading: str, body: str) -> str:
    return f"<section><h2>{escape(heading)}</h2>{body}</section>"


def _day(day: date, summary: StatusSummary) -> str:
    return escape(day.strftime(summary.date_format))


def _signed_days(days: float) -> str:
    if days == 0:
        return "on time"
    return f"{abs(days):g} working days {'late' if days > 0 else 'early'}"
