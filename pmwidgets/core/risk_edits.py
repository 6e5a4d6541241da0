"""Risk edits: typing a value into a risk field, and changing a plan's register.

Each function takes a plan state and returns a new one, or raises
:class:`~pmwidgets.core.errors.PlanError` and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from pmwidgets.core.errors import PlanError
from pmwidgets.core.model import PlanState
from pmwidgets.core.notation import parse_date
from pmwidgets.core.risks import (
    LEVEL_FIELDS,
    LEVELS,
    RESIDUAL_FIELDS,
    RISK_FIELDS,
    Risk,
    RiskAction,
    RiskKind,
    RiskScale,
    check_risk,
)


def next_risk_id(risks: tuple[Risk, ...]) -> str:
    """``R`` and one more than the largest number used."""
    numbers = [int(r.id[1:]) for r in risks if r.id[:1] == "R" and r.id[1:].isdigit()]
    return f"R{max(numbers, default=0) + 1}"


def coerce_risk_field(risk_id: str, name: str, value: object) -> object:
    """A typed value for a risk field from what a person typed (text) or a program gave.

    Raises
    ------
    PlanError
        For an unknown field or a value that cannot be read as that field's type.
    """
    if name not in RISK_FIELDS or name == "id":
        raise PlanError(
            f"Risk {risk_id}: there is no risk field '{name}'.",
            task=risk_id,
            field=name,
            value=value,
        )
    text = value.strip() if isinstance(value, str) else value
    if name in LEVEL_FIELDS or name in RESIDUAL_FIELDS:
        if text in ("", None) and name in RESIDUAL_FIELDS:
            return None
        if text in ("", None) and name != "probability":
            return 0
        return _level(risk_id, name, text)
    if name in ("schedule_impact_days", "cost_impact"):
        return _number(risk_id, name, text)
    if name in ("review_date", "raised"):
        return _day(risk_id, name, text)
    if name == "tasks":
        if isinstance(text, str):
            return tuple(part.strip() for part in text.replace(";", ",").split(",") if part.strip())
        return tuple(str(task) for task in (text or ()))
    if name == "kind":
        try:
            return RiskKind(str(text).lower())
        except ValueError:
            raise PlanError(
                f"Risk {risk_id}: kind {text!r} must be threat or opportunity.",
                task=risk_id,
                field=name,
                value=text,
            ) from None
    if name in ("strategy", "status"):
        return str(text or "").lower()
    if name == "actions":
        if isinstance(text, str):
            return parse_actions(risk_id, text.split(ACTION_SEPARATOR))
        return tuple(text or ())
    return "" if text is None else str(text)


def _level(risk_id: str, name: str, value: object) -> int:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = float("nan")
    if not number.is_integer():
        raise PlanError(
            f"Risk {risk_id}: {name.replace('_', ' ')} {value!r} is not a level; type a whole "
            f"number from 1 to {LEVELS}.",
            task=risk_id,
            field=name,
            value=value,
        )
    return int(number)


def _number(risk_id: str, name: str, value: object) -> float:
    if value in ("", None):
        return 0.0
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        raise PlanError(
            f"Risk {risk_id}: {name.replace('_', ' ')} {value!r} is not a number.",
            task=risk_id,
            field=name,
            value=value,
        ) from None


def _day(risk_id: str, name: str, value: object) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        moment = parse_date(value, field=name)
    except PlanError as error:
        raise PlanError(
            f"Risk {risk_id}: {name.replace('_', ' ')} {value!r} is not a date; type it like "
            "2025-03-31.",
            task=risk_id,
            field=name,
            value=value,
        ) from error
    return moment.date() if moment else None


ACTION_FORM = "description | owner | due (YYYY-MM-DD) | done (yes/no)"
#: Between actions typed in one line (a table cell); files put one action a line.
ACTION_SEPARATOR = ";"
_DONE, _NOT_DONE = ("yes", "y", "true", "1", "done"), ("no", "n", "false", "0", "")


def format_action(action: RiskAction) -> str:
    """An action as people type it: ``description | owner | due | done``."""
    due = action.due.isoformat() if action.due else ""
    return f"{action.description} | {action.owner} | {due} | {'yes' if action.done else 'no'}"


def parse_actions(risk_id: str, lines: Iterable[str]) -> tuple[RiskAction, ...]:
    """Actions from lines like ``description | owner | due | done`` (blank lines skipped)."""
    return tuple(parse_action(risk_id, line.strip()) for line in lines if line.strip())


def parse_action(risk_id: str, line: str) -> RiskAction:
    """An action from ``description | owner | due | done``; the last parts may be left off.
    Split from the right, so a description may hold ``|``."""
    parts = [part.strip() for part in line.rsplit("|", 3)]
    description, owner, due, done = (*parts, "", "", "")[:4]
    if not description or done.lower() not in _DONE + _NOT_DONE:
        raise PlanError(
            f"Risk {risk_id}: action '{line}' is not like '{ACTION_FORM}'.",
            task=risk_id,
            field="actions",
            value=line,
        )
    try:
        moment = parse_date(due)
    except PlanError:
        raise PlanError(
            f"Risk {risk_id}: action '{description}' is due '{due}', which is not a date; type "
            "it like 2025-03-31.",
            task=risk_id,
            field="actions",
            value=line,
        ) from None
    return RiskAction(description, owner, moment.date() if moment else None, done.lower() in _DONE)


def add_risk(state: PlanState, risk: Risk) -> PlanState:
    """Add a risk to the register (its id must be new)."""
    if any(r.id == risk.id for r in state.risks):
        raise PlanError(
            f"Risk id '{risk.id}' is already used; every risk needs its own id.",
            task=risk.id,
            field="id",
            value=risk.id,
        )
    risk = _known_category(risk, state.risk_scale)
    check_risk(risk, state.risk_scale, {t.id for t in state.tasks})
    return state.changed(structural=False, risks=(*state.risks, risk))


def update_risk(state: PlanState, risk_id: str, changes: dict[str, object]) -> PlanState:
    """Set fields of a risk from typed or text values; all are accepted or none."""
    position = risk_position(state, risk_id)
    typed = {name: coerce_risk_field(risk_id, name, value) for name, value in changes.items()}
    risk = _known_category(state.risks[position].with_changes(**typed), state.risk_scale)
    check_risk(risk, state.risk_scale, {t.id for t in state.tasks})
    risks = state.risks[:position] + (risk,) + state.risks[position + 1 :]
    return state.changed(structural=False, risks=risks)


def delete_risk(state: PlanState, risk_id: str) -> PlanState:
    position = risk_position(state, risk_id)
    return state.changed(
        structural=False, risks=state.risks[:position] + state.risks[position + 1 :]
    )


def set_risk_scale(state: PlanState, scale: RiskScale) -> PlanState:
    """Use another scale; refused if a risk's category is not in it."""
    task_ids = {t.id for t in state.tasks}
    for risk in state.risks:
        check_risk(risk, scale, task_ids)
    return state.changed(structural=False, risk_scale=scale)


def risk_position(state: PlanState, risk_id: str) -> int:
    for position, risk in enumerate(state.risks):
        if risk.id == risk_id:
            return position
    raise PlanError(
        f"There is no risk '{risk_id}' in the register.", task=risk_id, field="id", value=risk_id
    )


def _known_category(risk: Risk, scale: RiskScale) -> Risk:
    """The risk with its category spelt as the scale spells it ("External" is "external")."""
    for category in scale.categories:
        if category != risk.category and category.casefold() == risk.category.casefold():
            return risk.with_changes(category=category)
    return risk
