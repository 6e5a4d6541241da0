"""Packaging: the conda environment names every dependency that pyproject.toml names, and the
package carries its non-Python files."""

from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path

from pmwidgets.widgets import cell_grid

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    """The normalised project name of a requirement ("pandas>=2.2,<4" -> "pandas")."""
    return re.sub(r"[-_.]+", "-", re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0]).lower()


def test_environment_yml_is_in_step_with_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    wanted |= {_name(r) for r in project["optional-dependencies"]["dev"]}
    listed = set()
    for line in (ROOT / "environment.yml").read_text().splitlines():
        item = re.match(r"\s*-\s+([A-Za-z0-9][^#\s]*)", line)
        if item:
            listed.add(_name(item.group(1)))
    assert wanted - listed == set(), "add these to environment.yml"
    pinned = [r for r in project["dependencies"] if _name(r) != r.strip()]
    assert pinned, "the runtime pins (e.g. pandas>=2.2) are checked here"
    text = (ROOT / "environment.yml").read_text()
    assert [r for r in pinned if f"- {r}\n" not in text] == [], "pin these alike in both"


def test_the_browser_side_of_the_tables_is_installed_with_the_package() -> None:
    """CellGrid loads its JS and CSS from files beside it: a wheel must carry them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    patterns = config["package-data"]["pmwidgets.widgets"]
    for name in ("cell_grid.js", "cell_grid.css"):
        assert (Path(cell_grid.__file__).parent / name).is_file()
        assert any(fnmatch(name, pattern) for pattern in patterns), name
