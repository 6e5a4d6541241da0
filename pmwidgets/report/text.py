"""A project's status as plain text, for the command line."""

from __future__ import annotations

from pmwidgets.core.rag import RagReport
from pmwidgets.core.status import FIGURE_KEYS, ProjectStatus
from pmwidgets.report.labels import FIGURES, RAG_MARKS, format_figure


def format_status(status: ProjectStatus, report: RagReport) -> str:
    """The figures with their names and the ratings with their reasons."""
    lines = [
        f"{status.project}: status as of {status.status_date:%Y-%m-%d} against baseline "
        f"{status.baseline} ({status.method} complete)",
        f"Overall: {report.overall.upper()} [{RAG_MARKS[report.overall]}]",
        "",
    ]
    width = max(len(FIGURES[key].short) for key in FIGURE_KEYS)
    for key in FIGURE_KEYS:
        figure = FIGURES[key]
        value = format_figure(key, getattr(status.value, key), status.currency)
        lines.append(f"{figure.short.ljust(width)}  {value.rjust(18)}  {figure.meaning}")
    lines.append(
        f"{'EAC (bottom-up)'.ljust(width)}  "
        f"{format_figure('ac', status.eac_bottom_up, status.currency).rjust(18)}  "
        "AC + each task's remaining cost"
    )
    lines.append("")
    for rating in report.ratings:
        lines.append(
            f"{rating.dimension.capitalize()}: {rating.level.upper()} [{RAG_MARKS[rating.level]}]"
        )
        lines.extend(f"  - {reason}" for reason in rating.reasons)
    return "\n".join(lines) + "\n"
