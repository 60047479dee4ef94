"""Open the catalog store the settings point at: the embedded SQLite file by default, PostgreSQL if set.

What belongs here: `open_catalog_store`, the one call the platform makes to get its catalog, which migrates
the database to head first so that a fresh `$SIF_HOME` just works. What does not: choosing the URL
(`settings.py`).
"""

from __future__ import annotations

from sif_resources.catalog.engine import create_catalog_engine
from sif_resources.catalog.migrate import upgrade_database
from sif_resources.catalog.sql import SqlCatalogStore
from sif_resources.settings import Settings


def open_catalog_store(settings: Settings) -> SqlCatalogStore:
    """The catalog store at `settings.database_url`, its schema migrated to head."""
    engine = create_catalog_engine(settings.database_url)
    upgrade_database(engine)
    return SqlCatalogStore(engine)
