"""The status report in a page, with a link that downloads it as one HTML file for e-mail."""

from __future__ import annotations

import base64
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets
import traitlets

from pmwidgets.core.errors import PlanError
from pmwidgets.core.plan import Plan
from pmwidgets.core.rag import RagRules
from pmwidgets.report import render_html, summarize_status
from pmwidgets.store import Store

CSS_CLASS = "pmw-status-report"
FRAME_HEIGHT_PX = 900


class StatusReport(ipywidgets.VBox):
    """A project's status report (ratings with reasons, milestones done, due and late, top
    risks, changes since the last report, key figures), shown as it will be sent.

    The report is drawn in a sandboxed frame, so its styles stay out of the page and nothing
    in it can run; "Download" saves the same self-contained file.

    Parameters
    ----------
    plan : Plan
        The project, with its baseline and recorded progress.
    store : Store, optional
        Where the plan was loaded from: gives the changes since the last report.
    status_date : date, optional
        The date reported as of; the plan's status date by default.
    baseline, method, rules
        As for :func:`pmwidgets.core.status.project_status` and
        :func:`pmwidgets.core.rag.rate`.
    """

    plan = traitlets.Instance(Plan, help="The project reported on.")
    status_date = traitlets.Instance(date, allow_none=True, help="The date reported as of.")

    def __init__(
        self,
        plan: Plan,
        *,
        store: Store | None = None,
        status_date: date | None = None,
        baseline: int = 0,
        method: str = "percent",
        rules: RagRules | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(plan=plan, status_date=status_date, **kwargs)
        self._store, self._baseline, self._method, self._rules = store, baseline, method, rules
        self.document = ""
        self.download = ipywidgets.HTML()
        self.frame = ipywidgets.HTML()
        self.children = [self.download, self.frame]
        self.add_class(CSS_CLASS)
        self.observe(lambda _change: self.refresh(), names=["plan", "status_date"])
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the report from the plan as it is now."""
        try:
            summary = summarize_status(
                self.plan,
                self.status_date,
                store=self._store,
                baseline=self._baseline,
                method=self._method,
                rules=self._rules,
            )
        except PlanError as error:
            self.document = ""
            self.download.value = ""
            self.frame.value = f"<p class='pmw-message'>{escape(error.message)}</p>"
            return
        self.document = render_html(summary)
        name = f"status-{summary.status.project}-{summary.status.status_date:%Y-%m-%d}.html"
        encoded = base64.b64encode(self.document.encode("utf-8")).decode("ascii")
        self.download.value = (
            f"<a download='{escape(_file_name(name))}' href='data:text/html;base64,{encoded}' "
            "class='pmw-download' title='Save the report as one HTML file, ready to e-mail'>"
            "&#x2B07; Download the report (HTML)</a>"
        )
        self.frame.value = (
            f"<iframe sandbox='' title='Status report' srcdoc='{escape(self.document)}' "
            f"style='width: 100%; height: {FRAME_HEIGHT_PX}px; border: 1px solid #ccc'></iframe>"
        )

    def export(self, path: str | Path) -> Path:
        """Write the report to ``path`` (one self-contained HTML file) and return the path.

        Raises
        ------
        PlanError
            When there is no report to write (no baseline or status date yet).
        """
        if not self.document:
            raise PlanError(
                "There is no report to write yet: set a baseline and a status date first.",
                field="report",
            )
        target = Path(path)
        target.write_text(self.document, encoding="utf-8")
        return target


def _file_name(text: str) -> str:
    """``text`` with characters that file systems refuse replaced by dashes."""
    return "".join("-" if c in "<>:\"/\\|?*'" or ord(c) < 32 else c for c in text)
