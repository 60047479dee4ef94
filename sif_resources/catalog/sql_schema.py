"""The SQL catalog's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

What belongs here: table and index definitions and the column types they need. What does not: queries
(`sql.py`) and schema changes (a new Alembic revision under `migrations/versions/`, which the test
`test_migrations_create_exactly_these_tables` keeps in step with this module).

Besides one table per record kind, three tables exist only to answer queries with an index:
`name_reservations` (a resource's latest name in each of its groups; unique, so two resources cannot take
one name in one group, and doubling as the group-membership index of `list_latest`), `resource_tags` (each
tag of a latest version under every prefix of its hierarchical value, lower-cased) and `dataset_keys` (the
first row of each normalised key form of one key column of one dataset version, built on the first lookup of
that column).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

metadata = sa.MetaData()


class UtcDateTime(sa.TypeDecorator[datetime]):
    """An instant stored as naive UTC (both databases compare it the same way) and read back aware, in UTC."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


tenants = sa.Table(
    "tenants",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

# `position` records creation order, which `list_groups` returns.
tenant_groups = sa.Table(
    "tenant_groups",
    metadata,
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("tenant_id", sa.String, nullable=False),
    sa.Column("id", sa.String, nullable=False),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("description", sa.String),
    sa.Column("state", sa.String, nullable=False),
    sa.Column("configuration", sa.JSON, nullable=False),
    sa.Column("tags", sa.JSON, nullable=False),
    sa.Column("created_by", sa.String, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_by", sa.String),
    sa.Column("updated_at", UtcDateTime),
    sa.UniqueConstraint("tenant_id", "id", name="uq_tenant_groups_tenant_id_id"),
)

tenant_users = sa.Table(
    "tenant_users",
    metadata,
    sa.Column("tenant_id", sa.String, primary_key=True),
    sa.Column("email", sa.String, primary_key=True),
    sa.Column("state", sa.String, nullable=False),
    sa.Column("default_group", sa.String, nullable=False),
    sa.Column("tags", sa.JSON, nullable=False),
    sa.Column("created_by", sa.String, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_by", sa.String),
    sa.Column("updated_at", UtcDateTime),
)

user_grants = sa.Table(
    "user_grants",
    metadata,
    sa.Column("tenant_id", sa.String, primary_key=True),
    sa.Column("email", sa.String, primary_key=True),
    sa.Column("group_id", sa.String, primary_key=True),
    sa.Column("role", sa.String, nullable=False),
    sa.Index("ix_user_grants_group", "tenant_id", "group_id"),
)

# One row per resource: its latest version number, the row `add_version` updates conditionally.
resources = sa.Table(
    "resources",
    metadata,
    sa.Column("tenant_id", sa.String, primary_key=True),
    sa.Column("resource_type", sa.String, primary_key=True),
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("latest_version", sa.Integer, nullable=False),
)

resource_versions = sa.Table(
    "resource_versions",
    metadata,
    sa.Column("tenant_id", sa.String, primary_key=True),
    sa.Column("resource_type", sa.String, primary_key=True),
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("name_key", sa.String, nullable=False),
    sa.Column("group_ids", sa.JSON, nullable=False),
    sa.Column("state", sa.String, nullable=False),
    sa.Column("activation_time", UtcDateTime, nullable=False),
    sa.Column("tags", sa.JSON, nullable=False),
    sa.Column("document", sa.JSON, nullable=False),
    sa.Index("ix_resource_versions_activation", "tenant_id", "resource_type", "id", "activation_time"),
)

name_reservations = sa.Table(
    "name_reservations",
    metadata,
    sa.Column("tenant_id", sa.String, primary_key=True),
    sa.Column("resource_type", sa.String, primary_key=True),
    sa.Column("group_id", sa.String, primary_key=True),
    sa.Column("name_key", sa.String, primary_key=True),
    sa.Column("resource_id", sa.String, nullable=False),
    sa.Index("ix_name_reservations_resource", "tenant_id", "resource_type", "resource_id"),
)

resource_tags = sa.Table(
    "resource_tags",
    metadata,
    sa.Column("tenant_id", sa.String, primary_key=True),
    sa.Column("resource_type", sa.String, primary_key=True),
    sa.Column("resource_id", sa.String, primary_key=True),
    sa.Column("tag_key", sa.String, primary_key=True),
    sa.Column("value_key", sa.String, primary_key=True),
    sa.Index("ix_resource_tags_value", "tenant_id", "resource_type", "tag_key", "value_key"),
)

# A stored dataset version; rows and key indexes hang off its surrogate `table_id`, which a replacement
# renews, so that loading rows never repeats the tenant, dataset and version on each of a million rows.
dataset_tables = sa.Table(
    "dataset_tables",
    metadata,
    sa.Column("table_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("tenant_id", sa.String, nullable=False),
    sa.Column("dataset_id", sa.String, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("headers", sa.JSON, nullable=False),
    sa.UniqueConstraint("tenant_id", "dataset_id", "version", name="uq_dataset_tables_version"),
)

# `cells` is the row as a JSON array of strings and nulls, in header order.
dataset_rows = sa.Table(
    "dataset_rows",
    metadata,
    sa.Column("table_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("row_number", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("cells", sa.JSON, nullable=False),
)

# Which key columns of a dataset version have their `dataset_keys` built.
dataset_key_columns = sa.Table(
    "dataset_key_columns",
    metadata,
    sa.Column("table_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("column_index", sa.Integer, primary_key=True, autoincrement=False),
)

# The row's cells are repeated here so that a lookup joins its batch of keys with this one table: on a
# million-key batch the second join, to `dataset_rows`, would cost as much again.
dataset_keys = sa.Table(
    "dataset_keys",
    metadata,
    sa.Column("table_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("column_index", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("key_form", sa.String, primary_key=True),
    sa.Column("row_number", sa.Integer, nullable=False),
    sa.Column("cells", sa.JSON, nullable=False),
)
