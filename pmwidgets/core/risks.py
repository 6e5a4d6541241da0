"""Risks: threats and opportunities, scored on a 5x5 probability-impact scale.

A :class:`Risk` keeps its probability and its impacts (schedule, cost, scope, quality) as levels
1 to 5; the overall impact is the highest of them and the score is probability x impact, both
derived, never stored. A :class:`RiskScale` says what the levels mean (labels, the numeric
probability and impact each stands for), where the bands start and which risk categories
exist; a PMO sets one for all its projects.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from enum import StrEnum

from pmwidgets.core.errors import PlanError

LEVELS = 5
IMPACT_DIMENSIONS = ("schedule", "cost", "scope", "quality")
RISK_STATUSES = ("open", "closed", "occurred")


class RiskKind(StrEnum):
    """Whether a risk would hurt (threat) or help (opportunity) the project."""

    THREAT = "threat"
    OPPORTUNITY = "opportunity"


#: The response strategies PMI names for each kind of risk.
STRATEGIES: dict[RiskKind, tuple[str, ...]] = {
    RiskKind.THREAT: ("avoid", "mitigate", "transfer", "accept", "escalate"),
    RiskKind.OPPORTUNITY: ("exploit", "enhance", "share", "accept", "escalate"),
}


@dataclass(frozen=True)
class RiskBand:
    """A band of scores: from ``min_score`` up to the next band's, drawn in ``colour`` and
    always named, never shown by colour alone."""

    name: str
    min_score: int
    colour: str


@dataclass(frozen=True)
class RiskScale:
    """What the five probability and impact levels mean, the bands, and the risk categories.

    Parameters
    ----------
    probability_labels, impact_labels : tuple of 5 str
        Names of levels 1 to 5.
    probability_values : tuple of 5 float
        The probability (0 to 1) each level stands for.
    impact_values : tuple of 5 float
        The share of the objective (e.g. of budget or time) each impact level stands for.
    bands : tuple of RiskBand
        In rising order of ``min_score``; the first starts at 1.
    categories : tuple of str
        The risk breakdown structure: the categories a risk may be filed under.
    """

    probability_labels: tuple[str, ...] = ("Very low", "Low", "Medium", "High", "Very high")
    impact_labels: tuple[str, ...] = ("Very low", "Low", "Medium", "High", "Very high")
    probability_values: tuple[float, ...] = (0.1, 0.3, 0.5, 0.7, 0.9)
    impact_values: tuple[float, ...] = (0.05, 0.1, 0.2, 0.4, 0.8)
    # Okabe-Ito sky blue, yellow and vermillion: distinguishable with the common colour-vision
    # deficiencies; the band's name is always shown with its colour.
    bands: tuple[RiskBand, ...] = (
        RiskBand("Low", 1, "#56B4E9"),
        RiskBand("Medium", 5, "#F0E442"),
        RiskBand("High", 12, "#D55E00"),
    )
    categories: tuple[str, ...] = (
        "technical",
        "external",
        "organisational",
        "project management",
    )

    def __post_init__(self) -> None:
        for name in ("probability_labels", "impact_labels"):
            if len(getattr(self, name)) != LEVELS:
                raise PlanError(f"The risk scale needs {LEVELS} {name}.", field=name)
        for name in ("probability_values", "impact_values"):
            values = getattr(self, name)
            if len(values) != LEVELS or not all(0 <= v <= 1 for v in values):
                raise PlanError(
                    f"The risk scale needs {LEVELS} {name} between 0 and 1.",
                    field=name,
                    value=values,
                )
            if list(values) != sorted(values):
                raise PlanError(f"The risk scale's {name} must rise.", field=name, value=values)
        starts = [band.min_score for band in self.bands]
        if not starts or starts[0] != 1 or starts != sorted(set(starts)):
            raise PlanError(
                "The risk bands must start at score 1 and rise.", field="bands", value=starts
            )
        if not self.categories:
            raise PlanError("The risk scale needs at least one category.", field="categories")

    def band(self, score: int) -> RiskBand:
        """The band a score (1 to 25) falls in."""
        found = self.bands[0]
        for band in self.bands:
            if score >= band.min_score:
                found = band
        return found


@dataclass(frozen=True)
class RiskAction:
    """A step of the response: what, who, by when, and whether it is done."""

    description: str
    owner: str = ""
    due: date | None = None
    done: bool = False


@dataclass(frozen=True, slots=True)
class Risk:
    """One risk of the register; levels are 1 to 5 (impacts 0 where a dimension is untouched).

    ``tasks`` are the ids of the plan tasks the risk would affect; ``schedule_impact_days``
    (working days) and ``cost_impact`` (project currency) are what it would cost if it occurred.
    """

    id: str
    title: str
    description: str = ""
    category: str = "technical"
    kind: RiskKind = RiskKind.THREAT
    cause: str = ""
    effect: str = ""
    trigger: str = ""
    owner: str = ""
    probability: int = 3
    impact_schedule: int = 0
    impact_cost: int = 0
    impact_scope: int = 0
    impact_quality: int = 0
    strategy: str = ""
    actions: tuple[RiskAction, ...] = ()
    residual_probability: int | None = None
    residual_impact: int | None = None
    status: str = "open"
    review_date: date | None = None
    tasks: tuple[str, ...] = ()
    schedule_impact_days: float = 0.0
    cost_impact: float = 0.0
    raised: date | None = None

    @property
    def impact(self) -> int:
        """The overall impact: the highest of the four dimensions."""
        return max(self.impact_schedule, self.impact_cost, self.impact_scope, self.impact_quality)

    @property
    def score(self) -> int:
        """Probability x impact, 1 to 25."""
        return self.probability * self.impact

    @property
    def residual(self) -> tuple[int, int]:
        """Probability and impact after the response (the inherent ones until it is set)."""
        return (
            self.residual_probability or self.probability,
            self.residual_impact or self.impact,
        )

    @property
    def residual_score(self) -> int:
        probability, impact = self.residual
        return probability * impact

    def with_changes(self, **changes: object) -> Risk:
        return replace(self, **changes)  # type: ignore[arg-type]


RISK_FIELDS = tuple(f.name for f in fields(Risk))
LEVEL_FIELDS = ("probability", *(f"impact_{d}" for d in IMPACT_DIMENSIONS))
RESIDUAL_FIELDS = ("residual_probability", "residual_impact")


def check_risk(risk: Risk, scale: RiskScale, task_ids: set[str]) -> None:
    """Refuse a risk that is not valid on ``scale`` in a plan with ``task_ids``.

    Raises
    ------
    PlanError
        Naming the risk (as ``task``), the field, the value and why.
    """

    def refuse(field_name: str, value: object, why: str) -> PlanError:
        return PlanError(
            f"Risk {risk.id}: {field_name.replace('_', ' ')} {value!r} {why}",
            task=risk.id,
            field=field_name,
            value=value,
        )

    if not risk.title.strip():
        raise refuse("title", risk.title, "is empty; every risk needs a title.")
    if risk.probability not in range(1, LEVELS + 1):
        raise refuse("probability", risk.probability, f"must be a level from 1 to {LEVELS}.")
    for name in LEVEL_FIELDS[1:]:
        if getattr(risk, name) not in range(0, LEVELS + 1):
            raise refuse(name, getattr(risk, name), f"must be a level from 0 (none) to {LEVELS}.")
    if risk.impact == 0:
        raise refuse(
            "impact_schedule",
            0,
            "leaves every impact at 0; rate at least one of schedule, cost, scope and quality.",
        )
    for name in RESIDUAL_FIELDS:
        value = getattr(risk, name)
        if value is not None and value not in range(1, LEVELS + 1):
            raise refuse(name, value, f"must be a level from 1 to {LEVELS}, or empty.")
    if risk.kind not in STRATEGIES:
        raise refuse("kind", risk.kind, "must be threat or opportunity.")
    allowed = STRATEGIES[RiskKind(risk.kind)]
    if risk.strategy and risk.strategy not in allowed:
        kind = "an opportunity" if risk.kind == RiskKind.OPPORTUNITY else "a threat"
        raise refuse(
            "strategy", risk.strategy, f"is not a strategy for {kind} ({', '.join(allowed)})."
        )
    if risk.status not in RISK_STATUSES:
        raise refuse("status", risk.status, f"must be one of {', '.join(RISK_STATUSES)}.")
    if risk.category not in scale.categories:
        raise refuse(
            "category", risk.category, f"is not a category ({', '.join(scale.categories)})."
        )
    missing = [task for task in risk.tasks if task not in task_ids]
    if missing:
        raise refuse("tasks", ", ".join(missing), "names tasks that are not in the plan.")
    if risk.schedule_impact_days < 0 or risk.cost_impact < 0:
        raise refuse(
            "schedule_impact_days" if risk.schedule_impact_days < 0 else "cost_impact",
            min(risk.schedule_impact_days, risk.cost_impact),
            "cannot be negative (for an opportunity, give the gain as a positive amount).",
        )


@dataclass(frozen=True)
class RiskSummary:
    """Counts per band and the total exposure of a register (open risks only)."""

    counts: dict[str, int] = field(default_factory=dict)
    threat_exposure: float = 0.0
    opportunity_exposure: float = 0.0


def expected_cost(risk: Risk, scale: RiskScale) -> float:
    """The risk's cost impact weighted by the probability its level stands for."""
    return scale.probability_values[risk.probability - 1] * risk.cost_impact


def summarize(risks: tuple[Risk, ...] | list[Risk], scale: RiskScale) -> RiskSummary:
    """Counts of open risks per band, and their probability-weighted cost exposure."""
    counts = {band.name: 0 for band in scale.bands}
    threats = opportunities = 0.0
    for risk in risks:
        if risk.status != "open":
            continue
        counts[scale.band(risk.score).name] += 1
        if risk.kind == RiskKind.THREAT:
            threats += expected_cost(risk, scale)
        else:
            opportunities += expected_cost(risk, scale)
    return RiskSummary(counts, threats, opportunities)


def top_risks(risks: tuple[Risk, ...] | list[Risk], count: int) -> list[Risk]:
    """The ``count`` open risks with the highest scores (threats and opportunities alike),
    ties in the order raised."""
    open_risks = [risk for risk in risks if risk.status == "open"]
    return sorted(open_risks, key=lambda risk: -risk.score)[:count]
