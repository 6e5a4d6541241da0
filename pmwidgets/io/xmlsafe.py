"""XML parsing with external entities, DTDs and entity expansion refused (defusedxml)."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeTree
from defusedxml import DefusedXmlException

from pmwidgets.core.errors import FileFormatError

MAX_IMPORT_BYTES = 200 * 1024 * 1024


def check_size(path: Path, limit: int = MAX_IMPORT_BYTES) -> None:
    """Refuse a file larger than ``limit`` bytes before reading it."""
    size = path.stat().st_size
    if size > limit:
        raise FileFormatError(
            f"{path.name} is {size / 1e6:.0f} MB; files above {limit / 1e6:.0f} MB are refused.",
            field="file",
            value=str(path),
        )


def parse_xml(path: Path) -> Element:
    """The root element of an XML file, refusing entities, DTDs and oversized files."""
    check_size(path)
    try:
        return SafeTree.parse(str(path), forbid_dtd=True).getroot()
    except DefusedXmlException as error:
        raise FileFormatError(
            f"{path.name} declares XML entities or a DTD, which are refused for safety "
            f"({type(error).__name__}).",
            field="file",
            value=str(path),
        ) from None
    except ParseError as error:
        raise FileFormatError(
            f"{path.name} is not well-formed XML: {error}.", field="file", value=str(path)
        ) from None
