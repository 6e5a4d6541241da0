"""Make BokehJS available to a workbook page without fetching it from the internet.

``jupyter_bokeh.BokehModel`` needs ``window.Bokeh`` in the page. Bokeh's default loads it from
a public content server, which many networks cannot reach. Call :func:`load_bokeh` once, near
the top of a workbook, before the first chart is displayed.
"""

from bokeh.io import output_notebook
from bokeh.resources import Resources

#: The BokehJS parts our charts use: the core only. The widget, table, WebGL and MathJax
#: bundles (about 2.7 MB more, embedded twice by ``output_notebook``) would only slow pages.
COMPONENTS = ["bokeh"]


def bokeh_resources() -> Resources:
    """Where the page gets BokehJS: its core, embedded in the notebook output.

    Embedding costs about 2.5 MB a page but runs before any later output, so a chart never asks
    for ``window.Bokeh`` before it exists. Loading bokeh's files from the Voila server instead
    (separate ``<script>`` tags) raced the first chart on a busy machine: the chart's view was
    created before BokehJS had loaded, and did not appear.
    """
    return Resources(mode="inline", components=COMPONENTS)


def load_bokeh() -> None:
    """Load BokehJS into the page, quietly (no banner)."""
    output_notebook(bokeh_resources(), hide_banner=True)
