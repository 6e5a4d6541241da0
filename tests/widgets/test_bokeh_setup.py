"""BokehJS is embedded in the page, never fetched from the internet, and only its core."""

from pmwidgets.widgets.bokeh_setup import COMPONENTS, bokeh_resources


def test_bokehjs_core_is_embedded_inline() -> None:
    resources = bokeh_resources()
    assert resources.mode == "inline"
    assert resources.components == COMPONENTS == ["bokeh"]
    scripts = resources.js_raw
    assert scripts and sum(len(script) for script in scripts) > 500_000  # the code itself
    assert not resources.js_files  # nothing to fetch
