"""BokehJS is embedded in the page, never fetched from the internet."""

from bokeh.resources import INLINE

from pmwidgets.widgets.bokeh_setup import bokeh_resources


def test_bokehjs_is_embedded_inline() -> None:
    resources = bokeh_resources()
    assert resources is INLINE
    assert resources.mode == "inline"
