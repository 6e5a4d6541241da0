"""Opening the database: which URL, and the settings that keep concurrent saves safe.

SQLite runs in WAL mode with a busy timeout, and every transaction begins ``IMMEDIATE`` so that
two writers queue instead of failing on a lock upgrade (Python's default deferred transactions
lose edits under load). PostgreSQL needs nothing special: saves lock the project row.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

DB_ENV = "PMWIDGETS_DB"
BUSY_TIMEOUT_S = 30


def default_url() -> str:
    """``PMWIDGETS_DB`` when set, else an SQLite file in the user's data folder."""
    configured = os.environ.get(DB_ENV)
    if configured:
        return configured
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local/share")
    return f"sqlite:///{data_home / 'pmwidgets' / 'pmwidgets.db'}"


def open_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for ``url``; read-only engines cannot write, whatever the caller does."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, read_only)
    engine = create_engine(url, pool_pre_ping=True)
    if read_only:

        @event.listens_for(engine, "connect")
        def _read_only(dbapi_connection, _record) -> None:  # noqa: ANN001
            cursor = dbapi_connection.cursor()
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            cursor.close()
            dbapi_connection.commit()

    return engine


def _sqlite_engine(url: str, read_only: bool) -> Engine:
    parsed = make_url(url)
    database = parsed.database
    if database and database != ":memory:" and not read_only:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    if read_only and database and database != ":memory:":
        target = Path(database).expanduser().resolve().as_uri()
        engine = create_engine(
            "sqlite://",
            creator=lambda: _connect_read_only(target),
        )
    else:
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:  # noqa: ANN001
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:  # noqa: ANN001
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def _connect_read_only(uri: str):  # noqa: ANN202
    import sqlite3

    return sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
