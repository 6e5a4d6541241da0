"""A read-only HTML table of a schedule, with critical tasks labelled."""

from __future__ import annotations

import datetime as dt
import math
from html import escape

import ipywidgets
import pandas as pd

#: The columns shown, in order, with the header a project manager reads.
COLUMNS: dict[str, str] = {
    "id": "ID",
    "name": "Task",
    "start": "Start",
    "finish": "Finish",
    "duration_days": "Duration (working days)",
    "total_float_days": "Total float (working days)",
    "free_float_days": "Free float (working days)",
    "critical": "Critical path",
}

#: Okabe-Ito vermillion (safe for the common colour-vision deficiencies) and a light tint of it
#: for the row; the word "Critical" carries the meaning, the colour only helps scanning.
CRITICAL_ACCENT = "#D55E00"
CRITICAL_TINT = "#FBE3D3"
CSS_CLASS = "pmw-schedule-table"
CRITICAL_LABEL = "Critical"

_STYLE = f"""<style>
.{CSS_CLASS} table {{ border-collapse: collapse; font-size: 13px; }}
.{CSS_CLASS} th, .{CSS_CLASS} td {{ padding: 4px 8px; border-bottom: 1px solid #ddd; }}
.{CSS_CLASS} th {{ text-align: left; background: #f3f3f3; }}
.{CSS_CLASS} td.pmw-num {{ text-align: right; font-variant-numeric: tabular-nums; }}
.{CSS_CLASS} tr.pmw-critical {{ background: {CRITICAL_TINT};
  box-shadow: inset 4px 0 0 {CRITICAL_ACCENT}; }}
.{CSS_CLASS} .pmw-critical-label {{ font-weight: bold; color: #8A3100; }}
.{CSS_CLASS} tr.pmw-summary td {{ font-weight: bold; }}
</style>"""


def _cell_text(value: object) -> str:
    """One value as the text a project manager reads (dates as YYYY-MM-DD, numbers short)."""
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def schedule_table(frame: pd.DataFrame) -> ipywidgets.HTML:
    """Render a schedule as a read-only HTML table widget.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per task with the columns id, name, start, finish, duration_days,
        total_float_days, free_float_days (working days) and critical (bool), as returned by
        ``Schedule.to_frame()``. Optional: outline_level (1 for top-level tasks) indents task
        names, summary (bool) sets summary tasks in bold. Other columns are ignored.

    Returns
    -------
    ipywidgets.HTML
        The table, with CSS class ``pmw-schedule-table``. Rows of critical tasks carry the
        text label "Critical" and a colour-blind-safe tint. Every value is HTML-escaped.

    Raises
    ------
    ValueError
        If a required column is missing.
    """
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"The schedule table needs the column(s): {', '.join(missing)}.")
    header = "".join(f"<th>{escape(title)}</th>" for title in COLUMNS.values())
    rows = []
    levels = frame["outline_level"] if "outline_level" in frame.columns else [1] * len(frame)
    summaries = frame["summary"] if "summary" in frame.columns else [False] * len(frame)
    records = frame[list(COLUMNS)].itertuples(index=False)
    for record, level, summary in zip(records, levels, summaries, strict=True):
        values = record._asdict()
        critical = bool(values.pop("critical"))
        cells = []
        for column, value in values.items():
            if column == "name" and int(level) > 1:
                indent = f' style="padding-left: {int(level) - 1 + 0.5:g}em"'
            else:
                indent = ""
            css = ' class="pmw-num"' if column.endswith("_days") else indent
            cells.append(f"<td{css}>{escape(_cell_text(value))}</td>")
        label = f'<span class="pmw-critical-label">{CRITICAL_LABEL}</span>' if critical else ""
        cells.append(f"<td>{label}</td>")
        classes = " ".join(
            name for name, on in (("pmw-critical", critical), ("pmw-summary", summary)) if on
        )
        row_css = f' class="{classes}"' if classes else ""
        rows.append(f"<tr{row_css}>{''.join(cells)}</tr>")
    html = f"{_STYLE}<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    widget = ipywidgets.HTML(value=html)
    widget.add_class(CSS_CLASS)
    return widget
