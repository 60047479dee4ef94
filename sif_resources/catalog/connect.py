"""Open the catalog store the settings point at: the embedded SQLite file by default, PostgreSQL if set,
DynamoDB when `SIF_CATALOG_BACKEND=dynamodb`.

What belongs here: `open_catalog_store`, the one call the platform makes to get its SQL catalog, which
migrates the database to head first so that a fresh `$SIF_HOME` just works, and `open_configured_store`,
which picks the backend. What does not: choosing the URL (`settings.py`).
"""

from __future__ import annotations

from collections.abc import Mapping

from sif_resources.catalog.dynamodb import DynamoCatalogStore
from sif_resources.catalog.engine import create_catalog_engine
from sif_resources.catalog.migrate import upgrade_database
from sif_resources.catalog.sql import SqlCatalogStore
from sif_resources.catalog.store import CatalogStore, StoreError
from sif_resources.settings import Settings

BACKENDS = ("sql", "dynamodb")


def open_catalog_store(settings: Settings) -> SqlCatalogStore:
    """The catalog store at `settings.database_url`, its schema migrated to head."""
    engine = create_catalog_engine(settings.database_url)
    upgrade_database(engine)
    return SqlCatalogStore(engine)


def open_configured_store(settings: Settings, environ: Mapping[str, str] | None = None) -> CatalogStore:
    """The store `settings.catalog_backend` names (`environ` configures DynamoDB; default `os.environ`)."""
    if settings.catalog_backend == "dynamodb":
        return DynamoCatalogStore.from_settings(environ)
    if settings.catalog_backend == "sql":
        return open_catalog_store(settings)
    raise StoreError(
        f"SIF_CATALOG_BACKEND is {settings.catalog_backend!r}: it must be one of {', '.join(BACKENDS)}."
    )
