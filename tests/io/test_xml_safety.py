"""Hostile XML is refused quickly, with a clear message, before anything is expanded."""

import time
from pathlib import Path

import pytest

from pmwidgets.core.errors import FileFormatError
from pmwidgets.io import read_plan

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<Project xmlns="http://schemas.microsoft.com/project"><Name>&lol4;</Name></Project>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="http://schemas.microsoft.com/project"><Name>&secret;</Name></Project>"""


@pytest.mark.parametrize("content", [BOMB, EXTERNAL], ids=["entity-bomb", "external-entity"])
def test_entities_are_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "hostile.xml"
    path.write_text(content)
    began = time.perf_counter()
    with pytest.raises(FileFormatError, match="refused for safety"):
        read_plan(path)
    assert time.perf_counter() - began < 1


def test_oversized_files_are_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pmwidgets.io.xmlsafe as xmlsafe

    path = tmp_path / "big.xml"
    path.write_text("<Project/>" * 20)
    monkeypatch.setattr(xmlsafe, "MAX_IMPORT_BYTES", 100)
    monkeypatch.setattr(xmlsafe.check_size, "__defaults__", (100,))
    with pytest.raises(FileFormatError, match="above 0 MB are refused"):
        read_plan(path)
