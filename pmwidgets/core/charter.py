"""The project charter: why the project exists, what it delivers and who it answers to.

A :class:`Charter` travels with the plan (``plan.charter``, changed by ``plan.set_charter``) and
is versioned with it in the store. Lists (objectives, success criteria, constraints,
assumptions, stakeholders) are typed one item a line, the way a manager writes them in a
document; a stakeholder line is ``name | role | interest``. A charter is checked when it is
made, so a refused value never reaches the plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from pmwidgets.core.errors import PlanError

if TYPE_CHECKING:
    from pmwidgets.core.model import ProjectSettings

#: Separates a stakeholder's name, role and interest on one line.
STAKEHOLDER_SEPARATOR = "|"
#: Bullets people paste in front of list items; they are dropped.
_BULLETS = ("- ", "* ", "\u2022 ")


@dataclass(frozen=True)
class Stakeholder:
    """Someone the project affects or who affects it.

    Parameters
    ----------
    name : str
        A person, team or organisation ("Facilities team").
    role : str
        Their part in the project ("Sponsor", "Approves the budget", "Moves with the team").
    interest : str
        What they need from the project, so it can be planned for ("No downtime at month end").
    """

    name: str
    role: str = ""
    interest: str = ""


@dataclass(frozen=True)
class Charter:
    """What the project is for and what it promises, as agreed with its sponsor.

    Parameters
    ----------
    purpose : str
        Why the project exists: the problem or opportunity, in a paragraph.
    scope : str
        What the project will deliver.
    out_of_scope : str
        What it will not deliver, so nobody expects it.
    objectives : tuple of str
        Measurable results, one each ("All 40 staff working from the new office by 1 June").
    stakeholders : tuple of Stakeholder
        Who the project affects or answers to.
    success_criteria : tuple of str
        How the sponsor will judge the project a success.
    constraints : tuple of str
        Limits the project must work within (budget, dates, rules).
    assumptions : tuple of str
        What is taken as true without proof; each is a risk if it turns out false.
    sponsor : str
        Who owns the business case and approves the charter.
    manager : str
        Who runs the project day to day.
    approved_on : date, optional
        When the sponsor approved the charter; needs a sponsor.

    Raises
    ------
    PlanError
        Naming the field and the value, for a blank list item, an item on several lines, a
        stakeholder without a name, or an approval date without a sponsor.
    """

    purpose: str = ""
    scope: str = ""
    out_of_scope: str = ""
    objectives: tuple[str, ...] = ()
    stakeholders: tuple[Stakeholder, ...] = ()
    success_criteria: tuple[str, ...] = ()
    constraints: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    sponsor: str = ""
    manager: str = ""
    approved_on: date | None = None

    def __post_init__(self) -> None:
        for name in TEXT_FIELDS:
            _check_text(name, getattr(self, name), single_line=name in LINE_FIELDS)
        for name in LIST_FIELDS:
            _check_items(name, getattr(self, name))
        _check_stakeholders(self.stakeholders)
        _check_approval(self.approved_on, self.sponsor)

    @property
    def is_empty(self) -> bool:
        """Whether nothing has been written yet."""
        return self == Charter()


CHARTER_FIELDS = tuple(f.name for f in fields(Charter))
#: Free text; the one-line ones are names.
TEXT_FIELDS = ("purpose", "scope", "out_of_scope", "sponsor", "manager")
LINE_FIELDS = ("sponsor", "manager")
#: Lists of one-line items, typed one a line.
LIST_FIELDS = ("objectives", "success_criteria", "constraints", "assumptions")
#: What each field is called on a form and in messages.
CHARTER_LABELS = {
    "purpose": "Purpose",
    "scope": "Scope",
    "out_of_scope": "Out of scope",
    "objectives": "Objectives",
    "stakeholders": "Stakeholders",
    "success_criteria": "Success criteria",
    "constraints": "Constraints",
    "assumptions": "Assumptions",
    "sponsor": "Sponsor",
    "manager": "Project manager",
    "approved_on": "Approved on",
}


def charter_with(
    charter: Charter, changes: Mapping[str, object], settings: ProjectSettings | None = None
) -> Charter:
    """``charter`` with the fields in ``changes`` typed in (text or typed values); all are
    accepted or none.

    Raises
    ------
    PlanError
        For an unknown field or a value refused, naming the field and the value.
    """
    typed = {name: coerce_charter_field(name, value, settings) for name, value in changes.items()}
    return replace(charter, **typed)  # type: ignore[arg-type]


def coerce_charter_field(
    name: str, value: object, settings: ProjectSettings | None = None
) -> object:
    """A typed value for a charter field from what a form or a program gives.

    Lists take text (one item a line; blank lines and leading bullets dropped) or an iterable
    of items; stakeholders take ``name | role | interest`` lines, tuples or
    :class:`Stakeholder` records; ``approved_on`` takes a date, ISO text or the project's date
    format (``settings``), empty for none.
    """
    if name not in CHARTER_FIELDS:
        raise PlanError(
            f"The charter has no field '{name}' (given {value!r}); its fields are "
            f"{', '.join(CHARTER_FIELDS)}.",
            field=name,
            value=value,
        )
    if value is None:
        return getattr(Charter(), name)
    if name in TEXT_FIELDS:
        return _text(name, value)
    if name in LIST_FIELDS:
        return tuple(_item(name, item) for item in _items(name, value))
    if name == "stakeholders":
        return tuple(_stakeholder(item) for item in _items(name, value))
    return _day(value, settings)


def charter_field_text(charter: Charter, name: str, date_format: str = "%Y-%m-%d") -> str:
    """A field as a form shows it: lists one item a line, the date in ``date_format``."""
    value = getattr(charter, name)
    if name in LIST_FIELDS:
        return "\n".join(value)
    if name == "stakeholders":
        return "\n".join(stakeholder_line(s) for s in value)
    if name == "approved_on":
        return "" if value is None else f"{value:{date_format}}"
    return value


def stakeholder_line(stakeholder: Stakeholder) -> str:
    """``name | role | interest``, trailing empty parts left out."""
    parts = [stakeholder.name, stakeholder.role, stakeholder.interest]
    while parts and not parts[-1]:
        parts.pop()
    return f" {STAKEHOLDER_SEPARATOR} ".join(parts)


def _text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise _refuse(name, value, "must be text.")
    return value.strip()


def _items(name: str, value: object) -> list[object]:
    """The items of a list field: the non-blank lines of text, or the items of an iterable."""
    if isinstance(value, str):
        lines = (_unbullet(line.strip()) for line in value.splitlines())
        return [line for line in lines if line]
    if isinstance(value, Iterable):
        return list(value)
    raise _refuse(name, value, "must be text, one item a line, or a list.")


def _unbullet(line: str) -> str:
    for bullet in _BULLETS:
        if line.startswith(bullet):
            return line[len(bullet) :].strip()
    return line


def _item(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise _refuse(name, value, "must be text.")
    return value.strip()


def _stakeholder(value: object) -> Stakeholder:
    if isinstance(value, Stakeholder):
        return value
    if isinstance(value, str):
        parts: list[object] = value.split(STAKEHOLDER_SEPARATOR)
    elif isinstance(value, tuple | list):
        parts = list(value)
    else:
        raise _refuse("stakeholders", value, "must be a line 'name | role | interest'.")
    if not 1 <= len(parts) <= 3 or not all(isinstance(part, str) for part in parts):
        raise _refuse(
            "stakeholders",
            value,
            "must be a name, a role and an interest separated by '|', e.g. "
            "'Facilities team | Runs the building | Keep the move out of hours'.",
        )
    return Stakeholder(*(str(part).strip() for part in parts))


def _day(value: object, settings: ProjectSettings | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    # Imported here: the notation module imports the model, which holds a Charter.
    from pmwidgets.core.notation import parse_date

    moment = parse_date(value, settings, field="approved_on")
    return None if moment is None else moment.date()


def _check_text(name: str, value: object, *, single_line: bool) -> None:
    if not isinstance(value, str):
        raise _refuse(name, value, "must be text.")
    if single_line and "\n" in value:
        raise _refuse(name, value, "must be on one line.")


def _check_items(name: str, items: object) -> None:
    if not isinstance(items, tuple):
        raise _refuse(name, items, "must be a tuple of one-line items.")
    for number, item in enumerate(items, start=1):
        if not isinstance(item, str):
            raise _refuse(name, item, f"(item {number}) must be text.")
        if not item.strip():
            raise _refuse(name, item, f"(item {number}) is blank; write it or delete the line.")
        if "\n" in item:
            raise _refuse(name, item, f"(item {number}) must fit on one line.")


def _check_stakeholders(stakeholders: object) -> None:
    if not isinstance(stakeholders, tuple) or not all(
        isinstance(s, Stakeholder) for s in stakeholders
    ):
        raise _refuse("stakeholders", stakeholders, "must be a tuple of Stakeholder records.")
    for number, stakeholder in enumerate(stakeholders, start=1):
        line = stakeholder_line(stakeholder)
        if not stakeholder.name.strip():
            raise _refuse(
                "stakeholders", line, f"(line {number}) has no name; start the line with who."
            )
        for part in (stakeholder.name, stakeholder.role, stakeholder.interest):
            if STAKEHOLDER_SEPARATOR in part or "\n" in part:
                raise _refuse(
                    "stakeholders",
                    part,
                    f"(line {number}) cannot hold '{STAKEHOLDER_SEPARATOR}' or a line break: "
                    "they separate the parts and the stakeholders.",
                )


def _check_approval(approved_on: object, sponsor: str) -> None:
    if approved_on is not None and (
        not isinstance(approved_on, date) or isinstance(approved_on, datetime)
    ):
        raise _refuse("approved_on", approved_on, "must be a date (without a time).")
    if approved_on is not None and not sponsor.strip():
        raise _refuse(
            "approved_on",
            f"{approved_on:%Y-%m-%d}",
            "needs a sponsor: say who approved the charter.",
        )


def _refuse(name: str, value: object, why: str) -> PlanError:
    return PlanError(
        f"Charter, {CHARTER_LABELS[name].lower()}: {value!r} {why}", field=name, value=value
    )
