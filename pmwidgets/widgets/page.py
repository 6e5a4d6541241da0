"""What a workbook page needs from its surroundings: the parameters in its address.

Voila hands each page's query string to the kernel as ``QUERY_STRING``, so
``.../project_status.ipynb?project=Office%20move`` opens that project. In JupyterLab, or under
nbclient, there is no query string and the workbook's parameters cell decides.

A dashboard served from Voila's pool of warmed-up kernels runs before anyone asks for it; it
calls :func:`wait_for_visitor` before reading data, so the data and the query string are the
visitor's, never the warm-up's.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs

QUERY_ENV = "QUERY_STRING"


def query_parameter(name: str, default: str) -> str:
    """The value of ``name`` in the page's address, or ``default`` when it is not there."""
    values = parse_qs(os.environ.get(QUERY_ENV, ""), keep_blank_values=False).get(name)
    return values[0] if values else default


def wait_for_visitor() -> None:
    """Block a warmed-up Voila kernel until a visitor opens the page (their query string is
    then in the environment); return at once anywhere else."""
    from voila.utils import wait_for_request

    wait_for_request()
