"""The generator scripts of ``sample_data/`` as modules, for the tests that seed from them
(the scripts live beside their data, not in a package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SAMPLE_DATA = Path(__file__).resolve().parents[1] / "sample_data"


def load_sample_script(name: str) -> ModuleType:
    """``sample_data/<name>.py`` imported as the module ``name``."""
    spec = importlib.util.spec_from_file_location(name, SAMPLE_DATA / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


make_portfolio = load_sample_script("make_portfolio")
