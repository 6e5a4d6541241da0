"""The four headline figures of a status (SPI, CPI, EAC, VAC), each with its RAG level.

A dashboard shows each figure beside its level and what it means, so that neither a bare
number nor a bare colour is left to interpret. Levels follow the PMO's :class:`RagRules`:
SPI and CPI by their index limits, EAC and VAC by how far the bottom-up estimate at completion
overruns the budget (the overrun limits), as :func:`pmwidgets.core.rag.rate` rates cost. A
figure that cannot be measured yet (nothing planned, nothing spent) has no level.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmwidgets.core.rag import RagRules, level_above, level_below

if TYPE_CHECKING:
    from pmwidgets.core.status import ProjectStatus

KPI_KEYS = ("spi", "cpi", "eac", "vac")


@dataclass(frozen=True)
class Kpi:
    """One headline figure and its rating.

    Parameters
    ----------
    key : str
        One of :data:`KPI_KEYS`.
    short : str
        The abbreviation shown ("SPI").
    meaning : str
        What the abbreviation stands for and how it is computed, for a tooltip.
    value : float or None
        The figure (a ratio, or money in the project's currency); None when not measured.
    unit : {"ratio", "money"}
        How to show the value.
    level : {"green", "amber", "red"} or None
        The rating by the rules; None when the figure is not measured.
    reason : str
        The rule applied, or why the figure is not measured.
    """

    key: str
    short: str
    meaning: str
    value: float | None
    unit: str
    level: str | None
    reason: str


def status_kpis(status: ProjectStatus, rules: RagRules | None = None) -> tuple[Kpi, ...]:
    """SPI, CPI, EAC (bottom-up) and VAC of ``status``, rated by ``rules`` (the defaults if
    None)."""
    rules = rules or RagRules()
    value = status.value
    eac = status.eac_bottom_up
    overrun = (eac - value.bac) / value.bac if value.bac else 0.0
    overrun_level = level_above(overrun, rules.overrun_amber, rules.overrun_red)
    overrun_rule = _overrun_sentence(overrun, rules)
    return (
        _index(
            "spi",
            "SPI",
            "Schedule performance index: earned value / planned value; below 1 is behind.",
            value.spi,
            rules.spi_amber,
            rules.spi_red,
            "Not measured: nothing was planned by the status date.",
        ),
        _index(
            "cpi",
            "CPI",
            "Cost performance index: earned value / actual cost; below 1 is over budget.",
            value.cpi,
            rules.cpi_amber,
            rules.cpi_red,
            "Not measured: nothing has been spent yet.",
        ),
        Kpi(
            "eac",
            "EAC",
            "Estimate at completion (bottom-up): actual cost plus each task's remaining cost.",
            eac,
            "money",
            overrun_level,
            overrun_rule,
        ),
        Kpi(
            "vac",
            "VAC",
            "Variance at completion: budget at completion - estimate at completion; "
            "negative is an overrun.",
            value.bac - eac,
            "money",
            overrun_level,
            overrun_rule,
        ),
    )


def _index(
    key: str,
    short: str,
    meaning: str,
    value: float | None,
    amber: float,
    red: float,
    unmeasured: str,
) -> Kpi:
    """A performance index rated by its limits (low is bad)."""
    if value is None:
        return Kpi(key, short, meaning, None, "ratio", None, unmeasured)
    level = level_below(value, amber, red)
    return Kpi(
        key, short, meaning, value, "ratio", level, f"Amber below {amber:g}, red below {red:g}."
    )


def _overrun_sentence(overrun: float, rules: RagRules) -> str:
    limits = f"(amber beyond {rules.overrun_amber:.0%} over, red beyond {rules.overrun_red:.0%})"
    if overrun > 0:
        return f"{overrun:.1%} over the budget {limits}."
    return f"Within the budget {limits}."
