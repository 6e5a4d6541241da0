"""The plain bar-chart figure the load, capacity and trend charts share: no logo, no vertical
grid, the theme's font, a labelled y axis, the toolbar on the right."""

from __future__ import annotations

from typing import Any

from bokeh.plotting import figure

from pmwidgets.plotting import theme


def bar_figure(*, width: int, height: int, y_label: str, **options: Any) -> figure:
    """A figure for bars over time or months; ``options`` go to ``bokeh.plotting.figure``
    (``x_axis_type``, ``x_range``, ``tools``)."""
    options.setdefault("tools", [])
    fig = figure(
        width=width,
        height=height,
        toolbar_location="right",
        output_backend="canvas",
        **options,
    )
    fig.toolbar.logo = None
    fig.xgrid.visible = False
    fig.yaxis.axis_label = y_label
    for axis in (*fig.xaxis, *fig.yaxis):
        axis.major_label_text_font = theme.FONT
        axis.axis_label_text_font = theme.FONT
    return fig
