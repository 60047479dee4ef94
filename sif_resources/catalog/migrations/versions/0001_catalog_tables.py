"""The catalog tables: tenants, groups, users and grants, resource versions with their name and tag indexes,
reference-dataset rows with their key indexes.

Revision ID: 0001
Revises:
Create Date: 2026-05-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tenants",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "tenant_groups",
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.String, nullable=False),
        sa.Column("id", sa.String, nullable=False),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("description", sa.String),
        sa.Column("state", sa.String, nullable=False),
        sa.Column("configuration", sa.JSON, nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("created_by", sa.String, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.String),
        sa.Column("updated_at", sa.DateTime),
        sa.UniqueConstraint("tenant_id", "id", name="uq_tenant_groups_tenant_id_id"),
    )
    op.create_table(
        "tenant_users",
        sa.Column("tenant_id", sa.String, primary_key=True),
        sa.Column("email", sa.String, primary_key=True),
        sa.Column("state", sa.String, nullable=False),
        sa.Column("default_group", sa.String, nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("created_by", sa.String, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.String),
        sa.Column("updated_at", sa.DateTime),
    )
    op.create_table(
        "user_grants",
        sa.Column("tenant_id", sa.String, primary_key=True),
        sa.Column("email", sa.String, primary_key=True),
        sa.Column("group_id", sa.String, primary_key=True),
        sa.Column("role", sa.String, nullable=False),
    )
    op.create_index("ix_user_grants_group", "user_grants", ["tenant_id", "group_id"])
    op.create_table(
        "resources",
        sa.Column("tenant_id", sa.String, primary_key=True),
        sa.Column("resource_type", sa.String, primary_key=True),
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("latest_version", sa.Integer, nullable=False),
    )
    op.create_table(
        "resource_versions",
        sa.Column("tenant_id", sa.String, primary_key=True),
        sa.Column("resource_type", sa.String, primary_key=True),
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("name_key", sa.String, nullable=False),
        sa.Column("group_ids", sa.JSON, nullable=False),
        sa.Column("state", sa.String, nullable=False),
        sa.Column("activation_time", sa.DateTime, nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
    )
    op.create_index(
        "ix_resource_versions_activation",
        "resource_versions",
        ["tenant_id", "resource_type", "id", "activation_time"],
    )
    op.create_table(
        "name_reservations",
        sa.Column("tenant_id", sa.String, primary_key=True),
        sa.Column("resource_type", sa.String, primary_key=True),
        sa.Column("group_id", sa.String, primary_key=True),
        sa.Column("name_key", sa.String, primary_key=True),
        sa.Column("resource_id", sa.String, nullable=False),
    )
    op.create_index(
        "ix_name_reservations_resource", "name_reservations", ["tenant_id", "resource_type", "resource_id"]
    )
    op.create_table(
        "resource_tags",
        sa.Column("tenant_id", sa.String, primary_key=True),
        sa.Column("resource_type", sa.String, primary_key=True),
        sa.Column("resource_id", sa.String, primary_key=True),
        sa.Column("tag_key", sa.String, primary_key=True),
        sa.Column("value_key", sa.String, primary_key=True),
    )
    op.create_index(
        "ix_resource_tags_value", "resource_tags", ["tenant_id", "resource_type", "tag_key", "value_key"]
    )
    op.create_table(
        "dataset_tables",
        sa.Column("table_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.String, nullable=False),
        sa.Column("dataset_id", sa.String, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("headers", sa.JSON, nullable=False),
        sa.UniqueConstraint("tenant_id", "dataset_id", "version", name="uq_dataset_tables_version"),
    )
    op.create_table(
        "dataset_rows",
        sa.Column("table_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("row_number", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("cells", sa.JSON, nullable=False),
    )
    op.create_table(
        "dataset_key_columns",
        sa.Column("table_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("column_index", sa.Integer, primary_key=True, autoincrement=False),
    )
    op.create_table(
        "dataset_keys",
        sa.Column("table_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("column_index", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("key_form", sa.String, primary_key=True),
        sa.Column("row_number", sa.Integer, nullable=False),
        sa.Column("cells", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "dataset_keys",
        "dataset_key_columns",
        "dataset_rows",
        "dataset_tables",
        "resource_tags",
        "name_reservations",
        "resource_versions",
        "resources",
        "user_grants",
        "tenant_users",
        "tenant_groups",
        "tenants",
    ):
        op.drop_table(table)
