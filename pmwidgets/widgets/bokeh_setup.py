"""Make BokehJS available to a workbook page without fetching it from the internet.

``jupyter_bokeh.BokehModel`` needs ``window.Bokeh`` in the page. Bokeh's default loads it from
a public content server, which many networks cannot reach. Call :func:`load_bokeh` once, near
the top of a workbook, before the first chart is displayed.
"""

import os

from bokeh.io import output_notebook
from bokeh.resources import INLINE, Resources

#: Set (to a URL path relative to the server's base URL) by the repository's ``voila.py`` when
#: Voila serves bokeh's static files; kernels inherit it from the Voila process.
SERVED_ENV = "PMWIDGETS_BOKEHJS_SERVED"


def bokeh_resources() -> Resources:
    """Return where the page should load BokehJS from.

    Under a Voila started with the repository's ``voila.py``, the page loads the installed
    bokeh package's own files from the Voila server (five ``<script>`` tags, 3.8 MB, which
    Voila sends with ``Cache-Control: no-cache``). Anywhere else (JupyterLab, nbclient, a Voila
    without that configuration) BokehJS is embedded inline in the notebook output: several MB in
    the notebook, but no server support needed.
    """
    served = os.environ.get(SERVED_ENV)
    if served and os.environ.get("SERVER_SOFTWARE", "").startswith("voila/"):
        base_url = os.environ.get("VOILA_BASE_URL", "/")
        root_url = base_url.rstrip("/") + "/" + served.lstrip("/")
        return Resources(mode="server", root_url=root_url)
    return INLINE


def load_bokeh() -> None:
    """Load BokehJS into the page from local files, quietly (no banner)."""
    output_notebook(bokeh_resources(), hide_banner=True)
