"""Status reports: the figures, ratings and news of a project as text and as one HTML file."""

from pmwidgets.report.html import render_html
from pmwidgets.report.summary import StatusSummary, summarize_status
from pmwidgets.report.text import format_status

__all__ = ["StatusSummary", "format_status", "render_html", "summarize_status"]
