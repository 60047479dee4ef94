"""Alembic's entry point: migrate through the connection `migrate.upgrade_database` hands over."""

from __future__ import annotations

from alembic import context

from sif_resources.activities import sql_schema as _activity_tables  # noqa: F401 (same metadata)
from sif_resources.catalog.sql_schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run catalog migrations through sif_resources.catalog.migrate.upgrade_database.")
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
