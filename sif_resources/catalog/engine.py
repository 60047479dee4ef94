"""SQLAlchemy engines for the catalog database, tuned per dialect.

What belongs here: turning a database URL into an engine — SQLite's folder created on first use, its pragmas
(write-ahead log, a busy timeout so writers queue) — with nothing else to know about the database. What does
not: the schema (`migrate.py`) or queries (`sql.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

#: How long an SQLite writer waits for the database lock before failing.
SQLITE_BUSY_TIMEOUT_S = 30


def create_catalog_engine(url: str, **options: Any) -> Engine:
    """An engine for `url`; a file-based SQLite database gets its folder and the pragmas the store needs."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(url, **options)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    connect_args = {
        "timeout": SQLITE_BUSY_TIMEOUT_S,
        "check_same_thread": False,
        **options.pop("connect_args", {}),
    }
    engine = sa.create_engine(url, connect_args=connect_args, **options)
    sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run while one writer commits; NORMAL sync is durable across application crashes.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
