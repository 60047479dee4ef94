"""Deployment-test fixtures: `dagster_database` yields the URL of a fresh, empty PostgreSQL database for
Dagster's own storage (runs, event logs, schedules), created for one test and dropped after it.

PostgreSQL is the server at 127.0.0.1:5432 (user `postgres`, trust authentication, database `test`;
`SIF_TEST_POSTGRES_URL` overrides), as in `tests/sif_resources/catalog/conftest.py`: when it is unreachable
the test skips, or fails when `CI=true`. Dagster's tables live in a database of their own, not a schema,
because dagster-postgres creates them in the connection's default schema.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError

POSTGRES_URL = os.environ.get("SIF_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")


def _admin_engine() -> sa.Engine:
    """An AUTOCOMMIT engine on the server's `test` database (CREATE/DROP DATABASE refuse a transaction)."""
    engine = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except OperationalError as error:
        engine.dispose()
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is unreachable at {POSTGRES_URL}: {error}")
        pytest.skip(f"PostgreSQL is unreachable at {POSTGRES_URL}")
    return engine


@pytest.fixture
def dagster_database() -> Iterator[URL]:
    """A new database `sif_dagster_<hex>`; dropped afterwards, its remaining connections terminated."""
    admin = _admin_engine()
    name = f"sif_dagster_{uuid.uuid4().hex}"
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(POSTGRES_URL).set(database=name)
        finally:
            with admin.connect() as connection:
                connection.execute(
                    sa.text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": name},
                )
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
    finally:
        admin.dispose()
