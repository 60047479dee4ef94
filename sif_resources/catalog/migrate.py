"""Bring a catalog database to the current schema with the Alembic revisions shipped in `migrations/`.

What belongs here: running the migrations programmatically (no `alembic.ini`), serialised so that two
processes opening a fresh database at once do not both create it, and a migrated throw-away PostgreSQL schema
for tests and benchmarks. What does not: the revisions themselves
(`migrations/versions/`) or the tables they converge on (`sql_schema.py`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: Any constant: the key of the PostgreSQL advisory lock held while migrating.
_MIGRATION_LOCK = 7_215_004_301


def alembic_config(connection: Connection) -> Config:
    """An Alembic configuration that migrates through `connection` (for `alembic.command.*`)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade_database(engine_or_url: Engine | str) -> None:
    """Run every migration not yet applied, up to head; a database already at head is left untouched."""
    engine = sa.create_engine(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            elif connection.dialect.name == "postgresql":
                connection.execute(sa.select(sa.func.pg_advisory_xact_lock(_MIGRATION_LOCK)))
            command.upgrade(alembic_config(connection), "head")
    finally:
        if engine is not engine_or_url:
            engine.dispose()


@contextmanager
def fresh_postgres_schema(url: str, prefix: str = "t") -> Iterator[Engine]:
    """A migrated engine on a new schema of the PostgreSQL database at `url`, dropped on exit."""
    from sif_resources.catalog.engine import create_catalog_engine

    admin = sa.create_engine(url)
    schema = f"{prefix}_{uuid.uuid4().hex[:16]}"
    try:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
        engine = create_catalog_engine(url, connect_args={"options": f"-csearch_path={schema}"})
        try:
            upgrade_database(engine)
            yield engine
        finally:
            engine.dispose()
            with admin.begin() as connection:
                connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    finally:
        admin.dispose()
