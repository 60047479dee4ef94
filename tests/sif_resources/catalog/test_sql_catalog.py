"""The SQL backend beyond the store contract: settings, migrations, the embedded default, query counts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Engine

from sif_resources.activities import sql_schema as activity_tables
from sif_resources.catalog import sql_datasets
from sif_resources.catalog.connect import open_catalog_store
from sif_resources.catalog.migrate import upgrade_database
from sif_resources.catalog.sql import SqlCatalogStore
from sif_resources.catalog.sql_schema import metadata
from sif_resources.catalog.store import TenantRecord
from sif_resources.settings import Settings

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def test_settings_default_to_an_sqlite_file_under_sif_home() -> None:
    assert Settings.from_environment({}) == Settings(Path(".sif"), "sqlite:///.sif/catalog.db")
    assert Settings.from_environment({"SIF_HOME": "/srv/sif"}) == Settings(
        Path("/srv/sif"), "sqlite:////srv/sif/catalog.db"
    )


def test_settings_take_the_database_url_from_the_environment() -> None:
    url = "postgresql+psycopg2://sif@db.internal:5432/catalog"

    assert Settings.from_environment({"SIF_DATABASE_URL": url}).database_url == url


def test_migrations_create_exactly_these_tables(sql_engine: Engine) -> None:
    assert activity_tables.metadata is metadata  # the activity tables share the catalog's database
    with sql_engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)

    assert differences == []


def test_migrating_a_database_at_head_changes_nothing(sql_engine: Engine) -> None:
    store = SqlCatalogStore(sql_engine)
    store.create_tenant(TenantRecord("acme", "Acme", T0))

    upgrade_database(sql_engine)

    assert [tenant.id for tenant in store.list_tenants()] == ["acme"]


def test_a_fresh_sif_home_opens_a_migrated_embedded_catalog(tmp_path: Path) -> None:
    settings = Settings.from_environment({"SIF_HOME": str(tmp_path / "new" / ".sif")})

    store = open_catalog_store(settings)
    store.create_tenant(TenantRecord("acme", "Acme", T0))
    store.engine.dispose()
    reopened = open_catalog_store(settings)

    assert (tmp_path / "new" / ".sif" / "catalog.db").is_file()
    assert [tenant.id for tenant in reopened.list_tenants()] == ["acme"]
    reopened.engine.dispose()


@pytest.mark.parametrize("batch", [3, sql_datasets.KEYS_IN_CLAUSE_MAX + 1])
def test_a_lookup_reads_the_dataset_with_one_query(sql_engine: Engine, batch: int) -> None:
    store = SqlCatalogStore(sql_engine)
    store.put_dataset_rows("acme", "d1", 1, ["key", "value"], [[f"K{n}", str(n)] for n in range(1000)])
    store.lookup_dataset("acme", "d1", 1, "key", "value", ["k0"])
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    sa.event.listen(sql_engine, "before_cursor_execute", record)
    try:
        answers = store.lookup_dataset("acme", "d1", 1, "key", "value", [f"k{n}" for n in range(batch)])
    finally:
        sa.event.remove(sql_engine, "before_cursor_execute", record)

    assert answers == [str(n) for n in range(batch)]
    assert sum("dataset_keys" in statement for statement in statements) == 1
