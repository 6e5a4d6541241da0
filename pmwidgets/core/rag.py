"""Red, amber, green: a project's schedule, cost, scope and risk ratings, with the reasons.

A PMO sets the rules once (:class:`RagRules`, kept in the store) and every project is rated by
them. Each rating carries the sentences that explain it, so a rating is never a bare colour.
A figure that cannot be measured yet (no planned value, nothing spent) does not count against
the project; the reason says it was not measured.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any

from pmwidgets.core.baselines import baseline_records
from pmwidgets.core.errors import PlanError
from pmwidgets.core.risks import RiskKind

if TYPE_CHECKING:
    from pmwidgets.core.plan import Plan
    from pmwidgets.core.status import ProjectStatus

LEVELS = ("green", "amber", "red")
DIMENSIONS = ("schedule", "cost", "scope", "risk")


@dataclass(frozen=True)
class RagRules:
    """Thresholds for the ratings: an index below a limit, or a slip, overrun or scope change
    beyond one, reaches that limit's level; a threat's score reaches it at the limit.

    Parameters
    ----------
    spi_amber, spi_red : float
        Schedule performance index below which schedule is amber, red.
    finish_slip_amber_days, finish_slip_red_days : float
        Working days the forecast finish may pass the baseline finish before amber, red.
    cpi_amber, cpi_red : float
        Cost performance index below which cost is amber, red.
    overrun_amber, overrun_red : float
        Share of the budget (0.05 = 5%) the bottom-up estimate at completion may exceed it by.
    scope_change_amber, scope_change_red : float
        Share of the baseline's working tasks added or removed since.
    pending_changes_amber : int
        Change requests awaiting a decision that make scope amber.
    risk_score_amber, risk_score_red : int
        An open threat scoring this much (1-25) makes risk amber, red.
    """

    spi_amber: float = 0.95
    spi_red: float = 0.90
    finish_slip_amber_days: float = 5
    finish_slip_red_days: float = 10
    cpi_amber: float = 0.95
    cpi_red: float = 0.90
    overrun_amber: float = 0.05
    overrun_red: float = 0.10
    scope_change_amber: float = 0.10
    scope_change_red: float = 0.25
    pending_changes_amber: int = 3
    risk_score_amber: int = 12
    risk_score_red: int = 20

    def __post_init__(self) -> None:
        for name in ("spi", "cpi"):
            amber, red = getattr(self, f"{name}_amber"), getattr(self, f"{name}_red")
            if not 0 < red <= amber:
                raise PlanError(
                    f"RAG rules: {name.upper()} red limit {red:g} must be above 0 and at most "
                    f"the amber limit {amber:g}.",
                    field=f"{name}_red",
                    value=red,
                )
        for name in ("finish_slip", "overrun", "scope_change", "risk_score"):
            suffix = "_days" if name == "finish_slip" else ""
            amber = getattr(self, f"{name}_amber{suffix}")
            red = getattr(self, f"{name}_red{suffix}")
            if not 0 <= amber <= red:
                raise PlanError(
                    f"RAG rules: {name.replace('_', ' ')} amber limit {amber:g} must be at "
                    f"least 0 and at most the red limit {red:g}.",
                    field=f"{name}_amber{suffix}",
                    value=amber,
                )


@dataclass(frozen=True)
class Rating:
    """One dimension's rating and why."""

    dimension: str
    level: str
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        """The level as a word to show beside its colour."""
        return self.level.capitalize()


@dataclass(frozen=True)
class RagReport:
    """The four ratings; the overall rating is the worst of them."""

    ratings: tuple[Rating, ...]

    @property
    def overall(self) -> str:
        return max((r.level for r in self.ratings), key=LEVELS.index, default="green")

    def rating(self, dimension: str) -> Rating:
        return next(r for r in self.ratings if r.dimension == dimension)

    def to_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall,
            **{r.dimension: {"level": r.level, "reasons": list(r.reasons)} for r in self.ratings},
        }


def rules_to_dict(rules: RagRules) -> dict[str, Any]:
    return asdict(rules)


def rules_from_dict(data: dict[str, Any] | None) -> RagRules:
    """Rules from :func:`rules_to_dict`'s data; unknown keys are refused, missing ones default."""
    if not data:
        return RagRules()
    known = {f.name for f in fields(RagRules)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise PlanError(
            f"RAG rules: unknown setting {', '.join(unknown)}.", field="rag_rules", value=unknown
        )
    return RagRules(**data)


def rate(status: ProjectStatus, plan: Plan, rules: RagRules | None = None) -> RagReport:
    """Rate a project's schedule, cost, scope and risk by ``rules`` (the defaults if None)."""
    rules = rules or RagRules()
    return RagReport(
        (
            _schedule(status, rules),
            _cost(status, rules),
            _scope(status, plan, rules),
            _risk(plan, rules),
        )
    )


def _schedule(status: ProjectStatus, rules: RagRules) -> Rating:
    spi, slip = status.value.spi, status.finish_variance_days
    reasons, level = [], "green"
    if spi is None:
        reasons.append("SPI not measured: nothing was planned by the status date.")
    else:
        level = _worse(level, level_below(spi, rules.spi_amber, rules.spi_red))
        reasons.append(_limit_sentence("SPI", spi, rules.spi_amber, rules.spi_red))
    slip_level = level_above(slip, rules.finish_slip_amber_days, rules.finish_slip_red_days)
    level = _worse(level, slip_level)
    if slip > 0:
        reasons.append(
            f"Forecast finish {status.forecast_finish:%Y-%m-%d} is {slip} working days after "
            f"the baseline finish {status.baseline_finish:%Y-%m-%d}"
            + _limits(rules.finish_slip_amber_days, rules.finish_slip_red_days, "days")
        )
    else:
        reasons.append(
            f"Forecast finish {status.forecast_finish:%Y-%m-%d} is on or before the baseline "
            f"finish {status.baseline_finish:%Y-%m-%d}."
        )
    return Rating("schedule", level, tuple(reasons))


def _cost(status: ProjectStatus, rules: RagRules) -> Rating:
    value = status.value
    reasons, level = [], "green"
    if value.cpi is None:
        reasons.append("CPI not measured: nothing has been spent yet.")
    else:
        level = level_below(value.cpi, rules.cpi_amber, rules.cpi_red)
        reasons.append(_limit_sentence("CPI", value.cpi, rules.cpi_amber, rules.cpi_red))
    overrun = (status.eac_bottom_up - value.bac) / value.bac if value.bac else 0.0
    level = _worse(level, level_above(overrun, rules.overrun_amber, rules.overrun_red))
    currency = status.currency
    if overrun > 0:
        reasons.append(
            f"Estimate at completion {status.eac_bottom_up:,.0f} {currency} is {overrun:.1%} over "
            f"the budget {value.bac:,.0f} {currency} (amber beyond {rules.overrun_amber:.0%}, red "
            f"beyond {rules.overrun_red:.0%})."
        )
    else:
        reasons.append(
            f"Estimate at completion {status.eac_bottom_up:,.0f} {currency} is within the budget "
            f"{value.bac:,.0f} {currency}."
        )
    return Rating("cost", level, tuple(reasons))


def _scope(status: ProjectStatus, plan: Plan, rules: RagRules) -> Rating:
    planned = set(baseline_records(plan, status.baseline))
    summaries = {t.id for t in plan.tasks if plan.is_summary(t.id)}
    current = {t.id for t in plan.tasks} - summaries
    baseline_tasks = planned - summaries
    added, removed = current - planned, baseline_tasks - current
    share = (len(added) + len(removed)) / max(len(baseline_tasks), 1)
    level = level_above(share, rules.scope_change_amber, rules.scope_change_red)
    reasons = [
        f"{len(added)} tasks added and {len(removed)} removed since baseline {status.baseline} "
        f"({share:.0%} of its {len(baseline_tasks)} tasks; amber beyond "
        f"{rules.scope_change_amber:.0%}, red beyond {rules.scope_change_red:.0%})."
    ]
    pending = [r for r in plan.change_requests if r.status == "proposed"]
    if len(pending) >= rules.pending_changes_amber:
        level = _worse(level, "amber")
    if pending:
        reasons.append(
            f"{len(pending)} change requests await a decision "
            f"(amber from {rules.pending_changes_amber})."
        )
    return Rating("scope", level, tuple(reasons))


def _risk(plan: Plan, rules: RagRules) -> Rating:
    threats = [r for r in plan.risks if r.status == "open" and r.kind is RiskKind.THREAT]
    if not threats:
        return Rating("risk", "green", ("No open threats.",))
    worst = max(threats, key=lambda r: r.score)
    level = (
        "red"
        if worst.score >= rules.risk_score_red
        else "amber"
        if worst.score >= rules.risk_score_amber
        else "green"
    )
    high = [r for r in threats if r.score >= rules.risk_score_amber]
    reasons = [
        f"{len(threats)} open threats; the highest is {worst.id} '{worst.title}' scoring "
        f"{worst.score} (amber from {rules.risk_score_amber}, red from {rules.risk_score_red})."
    ]
    if len(high) > 1:
        reasons.append(f"{len(high)} threats score {rules.risk_score_amber} or more.")
    return Rating("risk", level, tuple(reasons))


def level_below(value: float, amber: float, red: float) -> str:
    """The level of an index that is bad when low (SPI, CPI)."""
    return "red" if value < red else "amber" if value < amber else "green"


def level_above(value: float, amber: float, red: float) -> str:
    """The level of a figure that is bad when high (a slip, an overrun)."""
    return "red" if value > red else "amber" if value > amber else "green"


def _worse(first: str, second: str) -> str:
    return max(first, second, key=LEVELS.index)


def _limit_sentence(name: str, value: float, amber: float, red: float) -> str:
    return f"{name} {value:.2f} (amber below {amber:g}, red below {red:g})."


def _limits(amber: float, red: float, unit: str) -> str:
    return f" (amber beyond {amber:g} {unit}, red beyond {red:g} {unit})."
