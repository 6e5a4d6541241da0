"""pmwidgets' own plan file: one JSON document holding everything a plan state holds."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from pmwidgets.core.calendar import Calendar, CalendarException
from pmwidgets.core.change_requests import ChangeRequest
from pmwidgets.core.charter import Charter, Stakeholder
from pmwidgets.core.errors import FileFormatError, PlanError
from pmwidgets.core.model import (
    Assignment,
    ConstraintType,
    Link,
    LinkType,
    PlanState,
    ProjectSettings,
    Resource,
    Task,
    TaskBaseline,
)
from pmwidgets.core.risks import Risk, RiskAction, RiskBand, RiskKind, RiskScale
from pmwidgets.io.xmlsafe import check_size

FORMAT = "pmwidgets-plan"
VERSION = 1
_TASK_DATES = ("constraint_date", "deadline", "actual_start", "actual_finish")


def state_to_dict(state: PlanState) -> dict[str, Any]:
    """A plan state as JSON-ready data."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "name": state.name,
        "start": state.start.isoformat(),
        "status_date": state.status_date.isoformat() if state.status_date else None,
        "settings": asdict(state.settings),
        "calendar": _calendar_to_dict(state.calendar),
        "tasks": [_task_to_dict(task) for task in state.tasks],
        "links": [
            {
                "predecessor": link.predecessor,
                "successor": link.successor,
                "type": link.type.value,
                "lag": link.lag,
                "lag_percent": link.lag_percent,
            }
            for link in state.links
        ],
        "resources": [
            {**asdict(r), "calendar": _calendar_to_dict(r.calendar) if r.calendar else None}
            for r in state.resources
        ],
        "assignments": [asdict(a) for a in state.assignments],
        "baselines": [
            {k: v.isoformat() if isinstance(v, datetime) else v for k, v in asdict(b).items()}
            for b in state.baselines
        ],
        "risks": [risk_to_dict(risk) for risk in state.risks],
        "risk_scale": scale_to_dict(state.risk_scale),
        "change_requests": [change_request_to_dict(r) for r in state.change_requests],
        "charter": charter_to_dict(state.charter),
    }


def _calendar_to_dict(calendar: Calendar) -> dict[str, Any]:
    return {
        "name": calendar.name,
        "working_weekdays": list(calendar.working_weekdays),
        "working_times": [[f"{a:%H:%M}", f"{b:%H:%M}"] for a, b in calendar.working_times],
        "exceptions": [
            {
                "start": e.start.isoformat(),
                "end": e.end.isoformat(),
                "name": e.name,
                "working": e.working,
                "yearly": e.yearly,
            }
            for e in calendar.exceptions
        ],
    }


def _task_to_dict(task: Task) -> dict[str, Any]:
    data: dict[str, Any] = {}
    defaults = Task(id=task.id)
    for f in fields(Task):
        value = getattr(task, f.name)
        if f.name != "id" and value == getattr(defaults, f.name):
            continue
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, ConstraintType):
            value = value.value
        data[f.name] = value
    return data


def state_from_dict(data: dict[str, Any], source: str = "plan") -> PlanState:
    """A plan state from data made by :func:`state_to_dict` (or written by hand)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise FileFormatError(
            f'{source} is not a pmwidgets plan (no "format": "{FORMAT}").',
            field="format",
            value=data.get("format") if isinstance(data, dict) else None,
        )
    try:
        tasks = tuple(_task_from_dict(item) for item in data.get("tasks", []))
        links = tuple(
            Link(
                str(item["predecessor"]),
                str(item["successor"]),
                LinkType(item.get("type", "FS")),
                float(item.get("lag", 0)),
                bool(item.get("lag_percent", False)),
            )
            for item in data.get("links", [])
        )
        return PlanState(
            name=str(data.get("name", "Untitled plan")),
            start=datetime.fromisoformat(data["start"]),
            calendar=_calendar_from_dict(data.get("calendar") or {}),
            tasks=tasks,
            links=links,
            status_date=_moment(data.get("status_date")),
            settings=ProjectSettings(**(data.get("settings") or {})),
            resources=tuple(_resource_from_dict(item) for item in data.get("resources", [])),
            assignments=tuple(
                Assignment(**{**item, "task": str(item["task"]), "resource": str(item["resource"])})
                for item in data.get("assignments", [])
            ),
            risks=tuple(risk_from_dict(item) for item in data.get("risks", [])),
            risk_scale=scale_from_dict(data.get("risk_scale")),
            change_requests=tuple(
                change_request_from_dict(item) for item in data.get("change_requests", [])
            ),
            charter=charter_from_dict(data.get("charter")),
            baselines=tuple(
                TaskBaseline(
                    **{
                        **item,
                        "task": str(item["task"]),
                        "start": _moment(item.get("start")),
                        "finish": _moment(item.get("finish")),
                    }
                )
                for item in data.get("baselines", [])
            ),
        )
    except PlanError:
        raise
    except (KeyError, TypeError, ValueError) as error:
        raise FileFormatError(
            f"{source}: a value cannot be read ({type(error).__name__}: {error}).",
            field="file",
            value=str(error),
        ) from None


def _resource_from_dict(item: dict[str, Any]) -> Resource:
    calendar = item.get("calendar")
    return Resource(
        **{
            **item,
            "id": str(item["id"]),
            "calendar": _calendar_from_dict(calendar) if calendar else None,
        }
    )


def _task_from_dict(item: dict[str, Any]) -> Task:
    values = dict(item)
    values["id"] = str(values["id"])
    for name in _TASK_DATES:
        values[name] = _moment(values.get(name))
    if "constraint" in values:
        values["constraint"] = ConstraintType(values["constraint"])
    return Task(**values)


def _calendar_from_dict(data: dict[str, Any]) -> Calendar:
    default = Calendar()
    times = data.get("working_times")
    return Calendar(
        name=data.get("name", default.name),
        working_weekdays=tuple(data.get("working_weekdays", default.working_weekdays)),
        working_times=tuple((time.fromisoformat(a), time.fromisoformat(b)) for a, b in times)
        if times
        else default.working_times,
        exceptions=tuple(
            CalendarException(
                date.fromisoformat(e["start"]),
                date.fromisoformat(e.get("end", e["start"])),
                e.get("name", ""),
                bool(e.get("working", False)),
                bool(e.get("yearly", False)),
            )
            for e in data.get("exceptions", [])
        ),
    )


def _moment(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def read_plan_json(path: str | Path) -> PlanState:
    """Read a pmwidgets plan file."""
    path = Path(path)
    check_size(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FileFormatError(
            f"{path.name} is not valid JSON: {error}.", field="file", value=str(path)
        ) from None
    return state_from_dict(data, path.name)


def write_plan_json(state: PlanState, path: str | Path) -> None:
    """Write a pmwidgets plan file."""
    Path(path).write_text(json.dumps(state_to_dict(state), indent=1) + "\n", encoding="utf-8")


def risk_to_dict(risk: Risk) -> dict[str, Any]:
    """A risk as JSON-ready data (dates as ISO text)."""
    data = asdict(risk)
    data["kind"] = risk.kind.value
    data["tasks"] = list(risk.tasks)
    data["actions"] = [
        {**asdict(action), "due": action.due.isoformat() if action.due else None}
        for action in risk.actions
    ]
    for name in ("review_date", "raised"):
        data[name] = data[name].isoformat() if data[name] else None
    return data


def risk_from_dict(item: dict[str, Any]) -> Risk:
    """A risk from :func:`risk_to_dict`'s data."""
    actions = tuple(
        RiskAction(**{**action, "due": _day(action.get("due"))})
        for action in item.get("actions", [])
    )
    return Risk(
        **{
            **item,
            "id": str(item["id"]),
            "kind": RiskKind(item.get("kind", "threat")),
            "tasks": tuple(str(t) for t in item.get("tasks", [])),
            "actions": actions,
            "review_date": _day(item.get("review_date")),
            "raised": _day(item.get("raised")),
        }
    )


def change_request_to_dict(request: ChangeRequest) -> dict[str, Any]:
    """A change request as JSON-ready data (dates as ISO text)."""
    data = asdict(request)
    data["tasks"] = list(request.tasks)
    for name in ("raised", "decided"):
        data[name] = data[name].isoformat() if data[name] else None
    return data


def change_request_from_dict(item: dict[str, Any]) -> ChangeRequest:
    """A change request from :func:`change_request_to_dict`'s data."""
    return ChangeRequest(
        **{
            **item,
            "id": str(item["id"]),
            "tasks": tuple(str(t) for t in item.get("tasks", [])),
            "raised": _day(item.get("raised")),
            "decided": _day(item.get("decided")),
        }
    )


def charter_to_dict(charter: Charter) -> dict[str, Any]:
    """A charter as JSON-ready data (lists as arrays, the approval date as ISO text)."""
    data = asdict(charter)
    data["approved_on"] = charter.approved_on.isoformat() if charter.approved_on else None
    return data


def charter_from_dict(data: dict[str, Any] | None) -> Charter:
    """A charter from :func:`charter_to_dict`'s data (an empty charter for none: files written
    before charters existed)."""
    if not data:
        return Charter()
    return Charter(
        **{
            **{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()},
            "stakeholders": tuple(Stakeholder(**s) for s in data.get("stakeholders", [])),
            "approved_on": _day(data.get("approved_on")),
        }
    )


def scale_to_dict(scale: RiskScale) -> dict[str, Any]:
    """A risk scale as JSON-ready data."""
    return asdict(scale)


def scale_from_dict(data: dict[str, Any] | None) -> RiskScale:
    """A risk scale from :func:`scale_to_dict`'s data (the default scale for none)."""
    if not data:
        return RiskScale()
    return RiskScale(
        **{
            **{k: tuple(v) for k, v in data.items() if k != "bands"},
            "bands": tuple(RiskBand(**band) for band in data.get("bands", [])),
        }
    )


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
