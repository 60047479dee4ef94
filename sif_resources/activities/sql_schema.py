"""The SQL activity and metric tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

What belongs here: the `activity_*` and `metric_*` table definitions, their indexes and the exact-decimal
column type. They live in the catalog's database and `metadata`, created by the catalog's migration chain
(`sif_resources/catalog/migrations/versions/0002_activity_tables.py`, kept in step with this module by
`test_migrations_create_exactly_these_tables`), and the latest view over history that the migration
creates. What does not: the statements that write and read them (`sql_writes.py`, `sql_reads.py`,
`sql_metrics.py`).

Every table is keyed by `tenant_id` first. Values stay exact: NUMERIC on PostgreSQL, the decimal text itself
on SQLite (whose numbers are floats); activity values are the JSON text the computation produced.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from sif_resources.catalog.sql_schema import UtcDateTime, metadata

#: Autoincrementing 64-bit ids on PostgreSQL; SQLite's rowid alias must be spelled INTEGER.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class ExactDecimal(sa.TypeDecorator[Decimal]):
    """A decimal kept exactly: NUMERIC (arbitrary precision, scale as written) on PostgreSQL, the decimal text
    on SQLite. Binds accept `Decimal`, `int` or decimal text, never `float`; reads return `Decimal`."""

    impl = sa.Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.Text())
        return dialect.type_descriptor(sa.Numeric(asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else decimal_text(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


def decimal_text(value: Any) -> str:
    """The exact decimal text of `value` (`Decimal`, `int` or text); ValueError for a float, NaN, infinity or
    text that is not a number, so no store ever holds a rounded or unreadable value."""
    if isinstance(value, (bool, float)) or not isinstance(value, (str, int, Decimal)):
        raise ValueError(f"{value!r} is not an exact decimal (use Decimal or decimal text)")
    text = str(value)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a decimal number") from None
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite decimal number")
    return text.strip()


def _slice_key() -> list[sa.Column[Any]]:
    return [
        sa.Column("tenant_id", sa.String, nullable=False),
        sa.Column("pipeline_key", sa.String, nullable=False),
        sa.Column("month", sa.String, nullable=False),
    ]


# One row per written ActivitySlice, in write order (`id`). The slice's current run (`is_current`, the last
# one written) defines its latest view; its history rows are the ids in (`history_after`, `history_last`].
activity_runs = sa.Table(
    "activity_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    *_slice_key(),
    sa.Column("run_id", sa.String, nullable=False),
    sa.Column("pipeline_version", sa.Integer, nullable=False),
    sa.Column("computed_at", UtcDateTime, nullable=False),
    sa.Column("input_rows", sa.Integer, nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("latest_rows", sa.Integer, nullable=False),
    sa.Column("errors", sa.Integer, nullable=False),
    sa.Column("factor_versions", sa.Text, nullable=False),
    sa.Column("is_current", sa.Boolean, nullable=False),
    sa.Column("history_after", sa.BigInteger, nullable=False),
    sa.Column("history_last", sa.BigInteger, nullable=False),
    sa.Index("ix_activity_runs_slice", "tenant_id", "pipeline_key", "month"),
)

# Append-only: every row of every slice. A row names its slice and run by `run_ref` (`activity_runs.id`)
# rather than repeating pipeline, month, run id and time: a third less to load per row. `id` orders the
# versions of an activity, and one write's rows form an id range (shared only with rows of other slices
# written at the same moment).
activity_history = sa.Table(
    "activity_history",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
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
    # A hash index on PostgreSQL: a slice's ids are random hashes, which a B-tree takes at several times the
    # cost per row of a bulk load; one activity's versions are all an id lookup needs.
    sa.Index("ix_activity_history_activity", "activity_id", postgresql_using="hash"),
)

#: The view `activity_latest` (created by migration 0002): per slice, the winning non-deleted history rows of
#: its current run, read by id range. Writing a slice replaces its view by switching `is_current`, so rows are
#: stored once and a restatement deletes nothing: a second copy of a million rows would double the load time.
activity_latest = sa.table(
    "activity_latest",
    sa.column("tenant_id", sa.String),
    sa.column("pipeline_key", sa.String),
    sa.column("month", sa.String),
    sa.column("activity_id", sa.String),
    sa.column("group_id", sa.String),
    sa.column("date", sa.String),
    sa.column("unique_keys", sa.Text),
    sa.column("execution_id", sa.String),
    sa.column("row_number", sa.Integer),
    sa.column("values", sa.Text),
    sa.column("run_id", sa.String),
    sa.column("computed_at", UtcDateTime),
)

# Latest-value sums per group, day and output: what metrics read.
activity_daily = sa.Table(
    "activity_daily",
    metadata,
    sa.Column("tenant_id", sa.String, primary_key=True),
    sa.Column("pipeline_key", sa.String, primary_key=True),
    sa.Column("month", sa.String, primary_key=True),
    sa.Column("output", sa.String, primary_key=True),
    sa.Column("group_id", sa.String, primary_key=True),
    sa.Column("day", sa.String, primary_key=True),
    sa.Column("value", ExactDecimal, nullable=False),
)

activity_errors = sa.Table(
    "activity_errors",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    *_slice_key(),
    sa.Column("run_id", sa.String, nullable=False),
    sa.Column("execution_id", sa.String),
    sa.Column("row_number", sa.Integer),
    sa.Column("column", sa.String),
    sa.Column("message", sa.Text, nullable=False),
    sa.Index("ix_activity_errors_slice", "tenant_id", "pipeline_key", "month"),
)


def _metric_value_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("group_value", ExactDecimal, nullable=False),
        sa.Column("sub_groups_value", ExactDecimal, nullable=False),
        sa.Column("run_id", sa.String, nullable=False),
        sa.Column("computed_at", UtcDateTime, nullable=False),
    ]


# Append-only: every value of every metric slice.
metric_history = sa.Table(
    "metric_history",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("tenant_id", sa.String, nullable=False),
    sa.Column("metric", sa.String, nullable=False),
    sa.Column("month", sa.String, nullable=False),
    sa.Column("group_id", sa.String, nullable=False),
    sa.Column("time_unit", sa.String, nullable=False),
    sa.Column("date", sa.String, nullable=False),
    *_metric_value_columns(),
    sa.Index("ix_metric_history_period", "tenant_id", "metric", "time_unit", "date"),
)

# The current value per metric, time unit, period start and group; the key orders periods by date so that
# range reads and a month's day replacement are index range scans.
metric_latest = sa.Table(
    "metric_latest",
    metadata,
    sa.Column("tenant_id", sa.String, primary_key=True),
    sa.Column("metric", sa.String, primary_key=True),
    sa.Column("time_unit", sa.String, primary_key=True),
    sa.Column("date", sa.String, primary_key=True),
    sa.Column("group_id", sa.String, primary_key=True),
    *_metric_value_columns(),
)
