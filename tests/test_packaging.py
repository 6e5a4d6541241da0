"""The conda environment names every dependency that pyproject.toml names."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

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
    pins = {r for r in project["dependencies"] if _name(r) == "pandas"}
    assert pins == {"pandas>=2.2,<4"}
    assert "- pandas>=2.2,<4" in (ROOT / "environment.yml").read_text()
