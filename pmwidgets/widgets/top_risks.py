"""The top risks of a plan as a short read-only table, for dashboards and status reports."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets
import traitlets

from pmwidgets.core.plan import Plan
from pmwidgets.core.risks import Risk, top_risks

CSS_CLASS = "pmw-top-risks"
_STYLE = f"""<style>
.{CSS_CLASS} table {{ border-collapse: collapse; font-size: 13px; }}
.{CSS_CLASS} th, .{CSS_CLASS} td {{ padding: 4px 8px; border-bottom: 1px solid #ddd;
  text-align: left; }}
.{CSS_CLASS} th {{ background: #f3f3f3; }}
.{CSS_CLASS} .pmw-band {{ display: inline-block; padding: 0 6px; border-radius: 3px;
  border: 1px solid #555; color: #000; }}
</style>"""


class TopRisks(ipywidgets.HTML):
    """The open risks with the highest scores: rank, id, title, owner, score, band, strategy.

    The band is written out beside its colour. Every value is HTML-escaped.
    """

    plan = traitlets.Instance(Plan, help="The plan whose risks are ranked.")
    count = traitlets.Int(5, min=1, help="How many risks are shown.")

    def __init__(self, plan: Plan, *, count: int = 5, **kwargs: Any) -> None:
        super().__init__(plan=plan, count=count, **kwargs)
        self.add_class(CSS_CLASS)
        self.observe(lambda _change: self.refresh(), names=["plan", "count"])
        self.refresh()

    def refresh(self) -> None:
        """Re-rank the plan's open risks."""
        self.value = _STYLE + self._table(top_risks(self.plan.risks, self.count))

    def _table(self, risks: list[Risk]) -> str:
        if not risks:
            return "<p>No open risks.</p>"
        scale = self.plan.risk_scale
        header = "".join(
            f"<th>{title}</th>"
            for title in ("#", "ID", "Risk", "Owner", "Score", "Band", "Response")
        )
        rows = []
        for rank, risk in enumerate(risks, start=1):
            band = scale.band(risk.score)
            cells = (
                str(rank),
                escape(risk.id),
                escape(risk.title),
                escape(risk.owner),
                f"{risk.score} ({risk.probability}x{risk.impact})",
                f'<span class="pmw-band" style="background: {escape(band.colour)}">'
                f"{escape(band.name)}</span>",
                escape(risk.strategy or "none yet"),
            )
            rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
        return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
