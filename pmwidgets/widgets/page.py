"""What a workbook page needs from its surroundings: the parameters in its address, and the
project it opens.

Voila hands each page's query string to the kernel as ``QUERY_STRING``, so
``.../project_status.ipynb?project=Office%20move`` opens that project. In JupyterLab, or under
nbclient, there is no query string and the workbook's parameters cell decides. An address can
open any project the store has, but never creates one (:func:`open_project`).

A dashboard served from Voila's pool of warmed-up kernels runs before anyone asks for it; it
calls :func:`wait_for_visitor` before reading data, so the data and the query string are the
visitor's, never the warm-up's.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from urllib.parse import parse_qs

import ipywidgets
from IPython.display import display

from pmwidgets.core.plan import Plan
from pmwidgets.store.store import Store

QUERY_ENV = "QUERY_STRING"
#: The class of a page's sentences in place of content (what is missing, and why).
MESSAGE_CLASS = "pmw-friendly-message"


def query_parameter(name: str, default: str) -> str:
    """The value of ``name`` in the page's address, or ``default`` when it is not there."""
    values = parse_qs(os.environ.get(QUERY_ENV, ""), keep_blank_values=False).get(name)
    return values[0] if values else default


def wait_for_visitor() -> None:
    """Block a warmed-up Voila kernel until a visitor opens the page (their query string is
    then in the environment); return at once anywhere else."""
    from voila.utils import wait_for_request

    wait_for_request()


def open_project(
    store: Store, project: str, seed_file: str | Path, read_only: bool = False
) -> tuple[str, Plan, bool]:
    """The project a template page edits: ``(name, plan, read_only)``.

    The project the page's address names (``?project=...``) when the store has it; otherwise
    the workbook's own ``project``, imported from ``seed_file`` the first time. A name in the
    address that the store does not have (a typo, an old link) creates nothing: the page says
    so above its content and shows the workbook's own project read-only, so that nobody edits
    one project believing it is another.
    """
    asked = query_parameter("project", project)
    if asked == project or asked in {info.name for info in store.projects()}:
        return asked, store.load_or_import(asked, seed_file), read_only
    known = ", ".join(sorted(info.name for info in store.projects()))
    display(
        message_widget(
            f"There is no project '{asked}' in the project store (it has: {known}). New "
            f"projects are made on the PMO's new-project page. Shown instead, read-only: "
            f"'{project}'."
        )
    )
    return project, store.load_or_import(project, seed_file), True


def message_widget(text: str) -> ipywidgets.HTML:
    """A sentence for a page (escaped), styled as the pages' messages."""
    widget = ipywidgets.HTML(f"<p>{escape(text)}</p>")
    widget.add_class(MESSAGE_CLASS)
    return widget
