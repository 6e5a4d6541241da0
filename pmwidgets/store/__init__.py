"""The versioned project store (SQLite by default, PostgreSQL for teams)."""

from pmwidgets.core.errors import ConflictError
from pmwidgets.store.engine import DB_ENV, default_url
from pmwidgets.store.store import KeptConflict, ProjectInfo, Store, VersionInfo

__all__ = [
    "DB_ENV",
    "ConflictError",
    "KeptConflict",
    "ProjectInfo",
    "Store",
    "VersionInfo",
    "default_url",
]
