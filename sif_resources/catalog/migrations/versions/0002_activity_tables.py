"""The activity and metric tables (`sif_resources/activities/sql_schema.py`): run records, activity history
and the latest view over it, daily sums, row errors, metric history and latest values.

Revision ID: 0002
Revises: 0001
Create Date: 2026-05-24
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Exact decimals: NUMERIC on PostgreSQL, the decimal text on SQLite (whose numbers are floats).
EXACT = sa.Numeric().with_variant(sa.Text(), "sqlite")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


# The latest view per slice: the winning, non-deleted history rows of the slice's current run (found by id
# range, then by run).
ACTIVITY_LATEST = """
CREATE VIEW activity_latest AS
SELECT r.tenant_id, r.pipeline_key, r.month, h.activity_id, h.group_id, h.date, h.unique_keys,
       h.execution_id, h.row_number, h."values", r.run_id, r.computed_at
FROM activity_runs AS r
JOIN activity_history AS h
  ON h.id > r.history_after AND h.id <= r.history_last AND h.run_ref = r.id
WHERE r.is_current AND h.is_latest AND h.action <> 'delete'
"""


def _slice_key() -> list[sa.Column[Any]]:
    return [
        sa.Column("tenant_id", sa.String, nullable=False),
        sa.Column("pipeline_key", sa.String, nullable=False),
        sa.Column("month", sa.String, nullable=False),
    ]


def _metric_values() -> list[sa.Column[Any]]:
    return [
        sa.Column("group_value", EXACT, nullable=False),
        sa.Column("sub_groups_value", EXACT, nullable=False),
        sa.Column("run_id", sa.String, nullable=False),
        sa.Column("computed_at", sa.DateTime, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "activity_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        *_slice_key(),
        sa.Column("run_id", sa.String, nullable=False),
        sa.Column("pipeline_version", sa.Integer, nullable=False),
        sa.Column("computed_at", sa.DateTime, nullable=False),
        sa.Column("input_rows", sa.Integer, nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("latest_rows", sa.Integer, nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("factor_versions", sa.Text, nullable=False),
        sa.Column("is_current", sa.Boolean, nullable=False),
        sa.Column("history_after", sa.BigInteger, nullable=False),
        sa.Column("history_last", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_activity_runs_slice", "activity_runs", ["tenant_id", "pipeline_key", "month"])
    op.create_table(
        "activity_history",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("run_ref", sa.Integer, nullable=False),
        sa.Column("tenant_id", sa.String, nullable=False),
        sa.Column("activity_id", sa.String, nullable=False),
        sa.Column("group_id", sa.String, nullable=False),
        sa.Column("date", sa.String, nullable=False),
        sa.Column("unique_keys", sa.Text, nullable=False),
        sa.Column("execution_id", sa.String),
        sa.Column("row_number", sa.Integer),
        sa.Column("action", sa.String, nullable=False),
        sa.Column("is_latest", sa.Boolean, nullable=False),
        sa.Column("values", sa.Text, nullable=False),
    )
    op.create_index(
        "ix_activity_history_activity", "activity_history", ["activity_id"], postgresql_using="hash"
    )
    op.execute(ACTIVITY_LATEST)
    op.create_table(
        "activity_daily",
        sa.Column("tenant_id", sa.String, primary_key=True),
        sa.Column("pipeline_key", sa.String, primary_key=True),
        sa.Column("month", sa.String, primary_key=True),
        sa.Column("output", sa.String, primary_key=True),
        sa.Column("group_id", sa.String, primary_key=True),
        sa.Column("day", sa.String, primary_key=True),
        sa.Column("value", EXACT, nullable=False),
    )
    op.create_table(
        "activity_errors",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        *_slice_key(),
        sa.Column("run_id", sa.String, nullable=False),
        sa.Column("execution_id", sa.String),
        sa.Column("row_number", sa.Integer),
        sa.Column("column", sa.String),
        sa.Column("message", sa.Text, nullable=False),
    )
    op.create_index("ix_activity_errors_slice", "activity_errors", ["tenant_id", "pipeline_key", "month"])
    op.create_table(
        "metric_history",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.String, nullable=False),
        sa.Column("metric", sa.String, nullable=False),
        sa.Column("month", sa.String, nullable=False),
        sa.Column("group_id", sa.String, nullable=False),
        sa.Column("time_unit", sa.String, nullable=False),
        sa.Column("date", sa.String, nullable=False),
        *_metric_values(),
    )
    op.create_index(
        "ix_metric_history_period", "metric_history", ["tenant_id", "metric", "time_unit", "date"]
    )
    op.create_table(
        "metric_latest",
        sa.Column("tenant_id", sa.String, primary_key=True),
        sa.Column("metric", sa.String, primary_key=True),
        sa.Column("time_unit", sa.String, primary_key=True),
        sa.Column("date", sa.String, primary_key=True),
        sa.Column("group_id", sa.String, primary_key=True),
        *_metric_values(),
    )


def downgrade() -> None:
    op.execute("DROP VIEW activity_latest")
    for table in (
        "metric_latest",
        "metric_history",
        "activity_errors",
        "activity_daily",
        "activity_history",
        "activity_runs",
    ):
        op.drop_table(table)
