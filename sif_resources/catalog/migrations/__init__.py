"""Alembic migrations of the SQL catalog, run by `sif_resources.catalog.migrate.upgrade_database`."""
