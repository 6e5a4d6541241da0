"""What each earned-value figure is called and means, for every place that shows one."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from pmwidgets.plotting import theme


@dataclass(frozen=True)
class Figure:
    """A figure's short name, its meaning (for tooltips and footnotes) and its unit."""

    short: str
    meaning: str
    unit: str  # "money", "ratio" or "days"


FIGURES: dict[str, Figure] = {
    "pv": Figure("PV", "Planned value: the budgeted cost of the work scheduled so far", "money"),
    "ev": Figure("EV", "Earned value: the budgeted cost of the work done so far", "money"),
    "ac": Figure("AC", "Actual cost of the work done so far", "money"),
    "sv": Figure("SV", "Schedule variance, EV - PV: negative is behind", "money"),
    "cv": Figure("CV", "Cost variance, EV - AC: negative is over budget", "money"),
    "spi": Figure("SPI", "Schedule performance index, EV / PV: below 1 is behind", "ratio"),
    "cpi": Figure("CPI", "Cost performance index, EV / AC: below 1 is over budget", "ratio"),
    "bac": Figure("BAC", "Budget at completion: the baseline's total cost", "money"),
    "eac_cpi": Figure(
        "EAC (CPI)", "Estimate at completion if cost efficiency stays: BAC / CPI", "money"
    ),
    "eac_atypical": Figure(
        "EAC (atypical)",
        "Estimate at completion if the rest goes to budget: AC + BAC - EV",
        "money",
    ),
    "eac_cpi_spi": Figure(
        "EAC (CPI x SPI)",
        "Estimate at completion if cost and schedule efficiency both weigh: "
        "AC + (BAC - EV) / (CPI x SPI)",
        "money",
    ),
    "etc": Figure("ETC", "Estimate to complete, on the CPI forecast: EAC - AC", "money"),
    "vac": Figure("VAC", "Variance at completion, BAC - EAC: negative is an overrun", "money"),
    "tcpi_bac": Figure("TCPI (BAC)", "Cost efficiency the rest needs to finish on budget", "ratio"),
    "tcpi_eac": Figure(
        "TCPI (EAC)", "Cost efficiency the rest needs to finish at the CPI forecast", "ratio"
    ),
    "es": Figure("ES", "Earned schedule: when the baseline planned to earn today's EV", "days"),
    "sv_t": Figure(
        "SV(t)", "Schedule variance in time, ES - actual time: negative is behind", "days"
    ),
    "spi_t": Figure("SPI(t)", "Schedule performance index in time, ES / actual time", "ratio"),
    "ieac_t": Figure(
        "IEAC(t)",
        "Independent estimate of the duration at completion: planned duration / SPI(t)",
        "days",
    ),
}

#: Shown instead of a figure that cannot be measured yet.
NOT_MEASURED = "n/a"
#: Letters shown beside every RAG colour, so that colour never carries the rating alone.
RAG_MARKS = {"green": "G", "amber": "A", "red": "R"}


def format_figure(key: str, value: float | None, currency: str) -> str:
    """A figure as text: money with thousands separators and the currency, ratios to two
    decimals, working days to one."""
    if value is None:
        return NOT_MEASURED
    unit = FIGURES[key].unit
    if unit == "money":
        return f"{value:,.0f} {currency}"
    if unit == "ratio":
        return f"{value:.2f}"
    return f"{value:.1f} d"


def rag_badge(level: str | None, tooltip: str = "") -> str:
    """A rating as an HTML badge: its letter and word on its colour (grey "n/a" when not
    rated), with ``tooltip`` (escaped) on hover."""
    colour = theme.RAG_COLOURS.get(level or "", theme.RAG_NOT_MEASURED)
    text = f"{RAG_MARKS[level]} &middot; {level.capitalize()}" if level else NOT_MEASURED
    title = escape(tooltip or (f"Rating: {level}" if level else "Not rated yet"), quote=True)
    return (
        f"<span class='pmw-rag pmw-rag-{level or 'none'}' title=\"{title}\" "
        f"style='display:inline-block;padding:1px 8px;border-radius:10px;border:1px solid #333;"
        f"background:{colour};color:{theme.RAG_INK};font-weight:bold;white-space:nowrap'>"
        f"{text}</span>"
    )
