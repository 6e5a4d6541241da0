"""Change requests: proposed changes to scope, schedule or cost, and who decided them.

A request is raised as ``proposed`` with its expected schedule impact (working days) and cost
impact (project currency) and the tasks it touches; the sponsor or change board approves or
rejects it, and the decision records who and when. Decided requests stay in the register for
the record. Functions here take a plan state and return a new one, or raise
:class:`~pmwidgets.core.errors.PlanError` and change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime

from pmwidgets.core.errors import PlanError
from pmwidgets.core.model import PlanState
from pmwidgets.core.notation import parse_date

CHANGE_STATUSES = ("proposed", "approved", "rejected")


@dataclass(frozen=True)
class ChangeRequest:
    """One request to change the project.

    Parameters
    ----------
    id : str
        ``CR1``, ``CR2``, ... unless given.
    title : str
        What is asked, in a line.
    description : str
        Why, and what it involves.
    schedule_impact_days : float
        Working days the project finish would move (negative: earlier).
    cost_impact : float
        Change of the budget at completion, in the project's currency.
    tasks : tuple of str
        Ids of the tasks it touches.
    status : str
        ``proposed``, ``approved`` or ``rejected``.
    raised_by : str
        Who asked.
    raised : date, optional
        When it was raised.
    decided_by : str
        Who approved or rejected it (empty while proposed).
    decided : date, optional
        When it was decided.
    decision_note : str
        The reason given with the decision.
    """

    id: str
    title: str
    description: str = ""
    schedule_impact_days: float = 0.0
    cost_impact: float = 0.0
    tasks: tuple[str, ...] = ()
    status: str = "proposed"
    raised_by: str = ""
    raised: date | None = None
    decided_by: str = ""
    decided: date | None = None
    decision_note: str = ""

    def with_changes(self, **changes: object) -> ChangeRequest:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


CHANGE_FIELDS = tuple(f.name for f in fields(ChangeRequest))
#: Fields a person may type into; the decision fields are set by :func:`decide`.
EDITABLE_CHANGE_FIELDS = (
    "title",
    "description",
    "schedule_impact_days",
    "cost_impact",
    "tasks",
    "raised_by",
    "raised",
)


def next_change_id(requests: tuple[ChangeRequest, ...]) -> str:
    """``CR`` and one more than the largest number used."""
    numbers = [int(r.id[2:]) for r in requests if r.id[:2] == "CR" and r.id[2:].isdigit()]
    return f"CR{max(numbers, default=0) + 1}"


def coerce_change_field(request_id: str, name: str, value: object) -> object:
    """A typed value for a change-request field from text or a program's value.

    Raises
    ------
    PlanError
        For a field that cannot be typed into, or a value that is not of its type.
    """
    if name not in EDITABLE_CHANGE_FIELDS:
        raise PlanError(
            f"Change request {request_id}: '{name}' cannot be typed; use one of "
            f"{', '.join(EDITABLE_CHANGE_FIELDS)} (decisions go through approve or reject).",
            task=request_id,
            field=name,
            value=value,
        )
    text = value.strip() if isinstance(value, str) else value
    if name in ("schedule_impact_days", "cost_impact"):
        return _number(request_id, name, text)
    if name == "raised":
        return _day(request_id, name, text)
    if name == "tasks":
        if isinstance(text, str):
            return tuple(part.strip() for part in text.replace(";", ",").split(",") if part.strip())
        return tuple(str(task) for task in (text or ()))
    return "" if text is None else str(text)


def add_change_request(state: PlanState, request: ChangeRequest) -> PlanState:
    """The state with ``request`` added at the end of the register."""
    if any(r.id == request.id for r in state.change_requests):
        raise PlanError(
            f"There is already a change request {request.id}.",
            task=request.id,
            field="id",
            value=request.id,
        )
    _check(state, request)
    return state.changed(structural=False, change_requests=(*state.change_requests, request))


def update_change_request(
    state: PlanState, request_id: str, changes: dict[str, object]
) -> PlanState:
    """The state with some fields of a request typed in; all are accepted or none.

    A decided request is part of the record: its fields no longer change.
    """
    position = change_position(state, request_id)
    current = state.change_requests[position]
    if current.status != "proposed":
        raise PlanError(
            f"Change request {request_id} was {current.status}; raise a new request instead.",
            task=request_id,
            field="status",
            value=current.status,
        )
    typed = {name: coerce_change_field(request_id, name, value) for name, value in changes.items()}
    updated = current.with_changes(**typed)
    _check(state, updated)
    requests = list(state.change_requests)
    requests[position] = updated
    return state.changed(structural=False, change_requests=tuple(requests))


def decide(
    state: PlanState,
    request_id: str,
    *,
    approved: bool,
    by: str,
    on: date | datetime | str | None = None,
    note: str = "",
) -> PlanState:
    """The state with a proposed request approved or rejected by ``by`` on ``on`` (today)."""
    position = change_position(state, request_id)
    current = state.change_requests[position]
    if current.status != "proposed":
        raise PlanError(
            f"Change request {request_id} was already {current.status}.",
            task=request_id,
            field="status",
            value=current.status,
        )
    if not by.strip():
        raise PlanError(
            f"Change request {request_id}: say who decided it.",
            task=request_id,
            field="decided_by",
            value=by,
        )
    when = date.today() if on is None else _day(request_id, "decided", on)
    requests = list(state.change_requests)
    requests[position] = current.with_changes(
        status="approved" if approved else "rejected",
        decided_by=by.strip(),
        decided=when,
        decision_note=note,
    )
    return state.changed(structural=False, change_requests=tuple(requests))


def delete_change_request(state: PlanState, request_id: str) -> PlanState:
    """The state without a proposed request raised by mistake (decided ones stay)."""
    position = change_position(state, request_id)
    current = state.change_requests[position]
    if current.status != "proposed":
        raise PlanError(
            f"Change request {request_id} was {current.status} and stays on record.",
            task=request_id,
            field="status",
            value=current.status,
        )
    requests = state.change_requests[:position] + state.change_requests[position + 1 :]
    return state.changed(structural=False, change_requests=requests)


def change_position(state: PlanState, request_id: str) -> int:
    """The position of a request in the register; refuses an unknown id."""
    for position, request in enumerate(state.change_requests):
        if request.id == request_id:
            return position
    raise PlanError(
        f"There is no change request {request_id}.", task=request_id, field="id", value=request_id
    )


def _check(state: PlanState, request: ChangeRequest) -> None:
    if not request.title.strip():
        raise PlanError(
            f"Change request {request.id} needs a title.",
            task=request.id,
            field="title",
            value=request.title,
        )
    if request.status not in CHANGE_STATUSES:
        raise PlanError(
            f"Change request {request.id}: status {request.status!r} must be one of "
            f"{', '.join(CHANGE_STATUSES)}.",
            task=request.id,
            field="status",
            value=request.status,
        )
    known = {task.id for task in state.tasks}
    unknown = [task for task in request.tasks if task not in known]
    if unknown:
        raise PlanError(
            f"Change request {request.id}: there is no task {', '.join(unknown)}.",
            task=request.id,
            field="tasks",
            value=", ".join(unknown),
        )


def _number(request_id: str, name: str, value: object) -> float:
    if value in ("", None):
        return 0.0
    try:
        number = float(str(value).replace(",", "")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if number != number or number in (float("inf"), float("-inf")):
        raise PlanError(
            f"Change request {request_id}: {name.replace('_', ' ')} must be a number, "
            f"not {value!r}.",
            task=request_id,
            field=name,
            value=value,
        )
    return number


def _day(request_id: str, name: str, value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    moment = parse_date(value, field=name, task=request_id)
    return None if moment is None else moment.date()
