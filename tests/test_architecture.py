"""The core, readers and command line import no widget or plotting library."""

import subprocess
import sys


def test_core_and_io_import_without_jupyter() -> None:
    code = (
        "import sys, pmwidgets, pmwidgets.core, pmwidgets.io, pmwidgets.io.mspdi, "
        "pmwidgets.io.psplib, pmwidgets.cli\n"
        "heavy = [m for m in ('ipywidgets', 'bokeh', 'anywidget', 'jupyter_bokeh', 'IPython') "
        "if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
