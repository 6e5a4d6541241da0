"""The notations people type: durations (``5d``, ``2w``, ``4h``) and predecessors (``3FS+2d;5SS``).

Parsing is strict and says what it expected; formatting gives back what MS Project would show.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time

from pmwidgets.core.errors import PlanError
from pmwidgets.core.model import Link, LinkType, ProjectSettings

_DURATION = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?|[-+]?[.,]\d+)\s*([a-z%]*)\s*$", re.IGNORECASE)
_UNITS = {
    "": "d",
    "d": "d",
    "day": "d",
    "days": "d",
    "w": "w",
    "wk": "w",
    "week": "w",
    "weeks": "w",
    "h": "h",
    "hr": "h",
    "hrs": "h",
    "hour": "h",
    "hours": "h",
    "m": "min",
    "min": "min",
    "mins": "min",
    "minute": "min",
    "minutes": "min",
    "mo": "mo",
    "mon": "mo",
    "month": "mo",
    "months": "mo",
    "%": "%",
}


@dataclass(frozen=True)
class Quantity:
    """A parsed amount: ``days`` of working time, or a ``percent`` when typed with ``%``."""

    days: float = 0.0
    percent: float | None = None


def parse_quantity(
    text: object,
    hours_per_day: float = 8.0,
    settings: ProjectSettings | None = None,
    *,
    field: str = "duration",
    task: str | None = None,
    allow_percent: bool = False,
) -> Quantity:
    """Read a duration or lag typed by a person: ``5``, ``5d``, ``2w``, ``0.5d``, ``4h``, ``25%``.

    A bare number is working days. Weeks and months use the project's days per week and month;
    hours and minutes the calendar's hours per day.
    """
    settings = settings or ProjectSettings()
    if isinstance(text, bool):
        raise PlanError(
            f"{_who(task)}{field} must be a number of working days, not {text!r}.",
            task=task,
            field=field,
            value=text,
        )
    if isinstance(text, (int, float)):
        if not math.isfinite(text):
            raise PlanError(
                f"{_who(task)}{field} must be a finite number of working days, not {text}.",
                task=task,
                field=field,
                value=text,
            )
        return Quantity(days=float(text))
    match = _DURATION.match(str(text))
    unit = _UNITS.get(match.group(2).lower()) if match else None
    if match is None or unit is None or (unit == "%" and not allow_percent):
        examples = "5, 5d, 2w, 0.5d or 4h" + (
            " (or 50% of the predecessor)" if allow_percent else ""
        )
        raise PlanError(
            f"{_who(task)}{field} '{text}' is not a duration; type it like {examples}.",
            task=task,
            field=field,
            value=text,
        )
    amount = float(match.group(1).replace(",", "."))
    if unit == "%":
        return Quantity(percent=amount)
    per_day = {
        "d": 1.0,
        "w": settings.days_per_week,
        "mo": settings.days_per_month,
        "h": 1.0 / hours_per_day,
        "min": 1.0 / (hours_per_day * 60),
    }[unit]
    return Quantity(days=amount * per_day)


def parse_duration(
    text: object,
    hours_per_day: float = 8.0,
    settings: ProjectSettings | None = None,
    *,
    task: str | None = None,
) -> float:
    """A task duration in working days; refuses negative values."""
    days = parse_quantity(text, hours_per_day, settings, task=task).days
    if days < 0:
        raise PlanError(
            f"{_who(task)}duration cannot be negative ({text}).",
            task=task,
            field="duration",
            value=text,
        )
    return days


def format_days(days: float) -> str:
    """A duration in working days as people write it: ``5d``, ``0.5d``, ``-2d``."""
    rounded = round(days, 4)
    return f"{rounded:g}d"


def format_task_list(task_ids: list[str]) -> str:
    """``task 3`` or ``tasks 3, 4, 5``, as messages and edit descriptions name tasks."""
    return f"task {task_ids[0]}" if len(task_ids) == 1 else f"tasks {', '.join(task_ids)}"


def format_lag(link: Link) -> str:
    """The lag part of MS Project's predecessor notation: ``+2d``, ``-1d``, ``+50%`` or empty."""
    if link.lag == 0:
        return ""
    sign = "+" if link.lag > 0 else "-"
    amount = abs(round(link.lag, 4))
    return f"{sign}{amount:g}%" if link.lag_percent else f"{sign}{amount:g}d"


def format_predecessors(links: list[Link] | tuple[Link, ...]) -> str:
    """The predecessors of one task in MS Project's notation, e.g. ``3, 5SS+2d``."""
    parts = []
    for link in links:
        kind = "" if link.type is LinkType.FS and link.lag == 0 else link.type.value
        parts.append(f"{link.predecessor}{kind}{format_lag(link)}")
    return ", ".join(parts)


_PREDECESSOR = re.compile(
    r"^\s*(?P<id>[^\s;,+]+?)\s*(?P<type>FS|SS|FF|SF)?\s*(?:(?P<sign>[+-])\s*(?P<lag>.+?))?\s*$",
    re.IGNORECASE,
)


def parse_predecessors(
    text: str,
    successor: str,
    hours_per_day: float = 8.0,
    settings: ProjectSettings | None = None,
) -> list[Link]:
    """Read MS Project's predecessor notation (``3FS+2d;5SS-1d, 7``) into links to ``successor``.

    Entries are separated by ``;`` or ``,``. The type defaults to FS; the lag is a duration
    (``2d``, ``4h``, ``1w``) or a percentage of the predecessor's duration (``50%``).
    """
    links: list[Link] = []
    for entry in re.split(r"[;,]", text or ""):
        if not entry.strip():
            continue
        match = _PREDECESSOR.match(entry)
        if match is None:
            raise PlanError(
                f"Task {successor}: predecessor '{entry.strip()}' is not in the form 3, 3FS, "
                "3SS+2d or 3FF-1d.",
                task=successor,
                field="predecessors",
                value=entry.strip(),
            )
        lag = Quantity()
        if match.group("lag"):
            lag = parse_quantity(
                match.group("lag"),
                hours_per_day,
                settings,
                field="lag",
                task=successor,
                allow_percent=True,
            )
        sign = -1.0 if match.group("sign") == "-" else 1.0
        percent = lag.percent is not None
        amount = sign * (lag.percent if percent else lag.days)  # type: ignore[operator]
        link_type = LinkType((match.group("type") or "FS").upper())
        links.append(Link(match.group("id"), successor, link_type, amount, percent))
    return links


def _who(task: str | None) -> str:
    return f"Task {task}: " if task is not None else ""


_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%d/%m/%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%d-%b-%Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%a %d %b %Y",
    "%a %d/%m/%Y",
    "%a %d/%m/%y",
)


def parse_date(
    value: object,
    settings: ProjectSettings | None = None,
    *,
    field: str = "date",
    task: str | None = None,
) -> datetime | None:
    """Read a date or datetime typed by a person or found in a file.

    Accepts ``date``/``datetime`` objects, ISO 8601, the project's own date format, and common
    written forms (``31.12.2025``, ``31/12/2025``, ``31 Dec 2025``). Slashes are read day first
    unless the project's format says otherwise. Empty text means no date.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, date):
        return datetime.combine(value, time(0))
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().replace(tzinfo=None)
    text = str(value).strip()
    formats = ((settings.date_format,) if settings else ()) + _DATE_FORMATS
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise PlanError(
        f"{_who(task)}{field} '{text}' is not a date; type it like 2025-03-31"
        + (f" or {datetime(2025, 3, 31):{settings.date_format}}" if settings else "")
        + ".",
        task=task,
        field=field,
        value=text,
    )
