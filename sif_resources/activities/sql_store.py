"""The SQL activity and metric store: computed activity slices and metric slices in the catalog's database
(SQLite embedded, PostgreSQL in production), with their history.

What belongs here: `SqlActivityStore`, its transactions and its public reads. Each slice is written in one
transaction, so a failure — or a crash of the writing process — leaves the slice as it was before: the
previous latest view, daily sums and errors intact, nothing of the new run visible. What does not: the
statements (`sql_writes.py`, `sql_reads.py`, `sql_metrics.py`), value conversions and bulk loads
(`sql_values.py`), the tables (`sql_schema.py`, created by the catalog migrations through
`sif_resources.catalog.migrate.upgrade_database`) or computing slices.

Tables (all keyed by tenant): `activity_runs` (one record per written slice, with its factor versions),
`activity_history` (append-only, every row of every slice), `activity_latest` (the slice's winning,
non-deleted versions), `activity_daily` (exact sums per group, day and output), `activity_errors`,
`metric_history` (append-only) and `metric_latest`. Months are stored as `YYYY-MM`; `YYYY-MM-DD` partition
keys are accepted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection, Engine

from sif_resources.activities import sql_metrics, sql_reads, sql_writes
from sif_resources.activities.model import ActivitySlice, MetricSlice
from sif_resources.activities.sql_values import DateBound
from sif_resources.pipelines.definition import MetricInput


class SqlActivityStore:
    """Activity and metric slices on a migrated catalog database (`create_catalog_engine`,
    `upgrade_database`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # ------------------------------------------------------------------------------------------- writes

    def write_activity_slice(self, piece: ActivitySlice) -> None:
        """Record the run, append `rows` to history and replace the slice's latest view, daily sums and
        errors, all in one transaction."""
        with self._writing() as connection:
            sql_writes.write_activity_slice(connection, piece)

    def write_activity_slices(self, slices: Iterable[ActivitySlice]) -> None:
        """Write each slice in a transaction of its own: a failure keeps the slices written before it."""
        for piece in slices:
            self.write_activity_slice(piece)

    def write_metric_slice(self, piece: MetricSlice) -> None:
        """Append the values to history, replace the month's day values and upsert the coarser periods, in one
        transaction."""
        with self._writing() as connection:
            sql_metrics.write_metric_slice(connection, piece)

    # -------------------------------------------------------------------------------------------- reads

    def latest_activities(
        self,
        tenant: str,
        pipeline_key: str,
        *,
        months: Sequence[str] | None = None,
        date_from: DateBound | None = None,
        date_to: DateBound | None = None,
        group: str | Sequence[str] | None = None,
        unique_keys: Sequence[str | None] | None = None,
    ) -> pd.DataFrame:
        """The latest version of each activity, by date: activity_id, group_id, date, unique_keys,
        execution_id, row_number, run_id, computed_at, then one column per output (SIF text, None when
        absent).

        `date_from`/`date_to` are inclusive (a date covers its day); `group` is the exact group (or groups);
        `unique_keys` lists the wanted key values in slot order, None for any value in a slot."""
        with self.engine.connect() as connection:
            return sql_reads.latest_activities(
                connection,
                tenant,
                pipeline_key,
                months=months,
                date_from=date_from,
                date_to=date_to,
                group=group,
                unique_keys=unique_keys,
            )

    def activity_history(self, tenant: str, pipeline_key: str, activity_id: str) -> pd.DataFrame:
        """Every stored version of one activity, oldest first, with the run that wrote it, its pipeline
        version and the factor versions that run read (`factor_versions`, a dict), then the output columns."""
        with self.engine.connect() as connection:
            return sql_reads.activity_history(connection, tenant, pipeline_key, activity_id)

    def daily_sums(self, tenant: str, inputs: Sequence[MetricInput], month: str) -> pd.DataFrame:
        """group_id, day, value (`Decimal`): the month's latest-value sums over all the given pipeline
        outputs, one number per group and day."""
        with self.engine.connect() as connection:
            return sql_reads.daily_sums(connection, tenant, inputs, month)

    def metric_values(
        self,
        tenant: str,
        metric: str,
        time_unit: str,
        *,
        date_from: DateBound | None = None,
        date_to: DateBound | None = None,
        groups: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """group_id, date, group_value, sub_groups_value, hierarchy_value (`Decimal`s) of the current values,
        periods starting from `date_from` to `date_to` inclusive, by date then group."""
        with self.engine.connect() as connection:
            return sql_metrics.metric_values(
                connection, tenant, metric, time_unit, date_from=date_from, date_to=date_to, groups=groups
            )

    def metric_days(self, tenant: str, metric: str, date_from: DateBound, date_to: DateBound) -> pd.DataFrame:
        """group_id, date, group_value, sub_groups_value of the current day values in a range (inclusive):
        what roll-ups to weeks, months, quarters and years are computed from."""
        with self.engine.connect() as connection:
            return sql_metrics.metric_days(connection, tenant, metric, date_from, date_to)

    def metric_history(self, tenant: str, metric: str) -> pd.DataFrame:
        """Every value ever written for the metric, in write order: the metric columns, month, run_id,
        computed_at."""
        with self.engine.connect() as connection:
            return sql_metrics.metric_value_history(connection, tenant, metric)

    def slice_counts(self, tenant: str, pipeline_key: str, month: str) -> dict[str, Any]:
        """latest_rows, history_rows (every run) and errors stored for the slice; input_rows, rows and run_id
        of its current run (0, 0 and None before any)."""
        with self.engine.connect() as connection:
            return sql_reads.slice_counts(connection, tenant, pipeline_key, month)

    def runs(self, tenant: str, pipeline_key: str, month: str | None = None) -> pd.DataFrame:
        """Run records in write order: run_id, month, pipeline_version, computed_at, input_rows, rows, errors,
        factor_versions (a dict)."""
        with self.engine.connect() as connection:
            return sql_reads.runs(connection, tenant, pipeline_key, month)

    def last_factor_versions(self, tenant: str, pipeline_key: str) -> dict[str, dict[str, Any]]:
        """Month (`YYYY-MM`) -> the factor versions (resource -> version read) of the slice's last run."""
        with self.engine.connect() as connection:
            return sql_reads.last_factor_versions(connection, tenant, pipeline_key)

    def errors(self, tenant: str, pipeline_key: str, month: str) -> pd.DataFrame:
        """The slice's row and cell errors: execution_id, row_number, column, message, run_id."""
        with self.engine.connect() as connection:
            return sql_reads.errors(connection, tenant, pipeline_key, month)

    # ---------------------------------------------------------------------------------------- internals

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        driver_error = self.engine.dialect.loaded_dbapi.Error
        try:
            with self.engine.begin() as connection:
                if connection.dialect.name == "sqlite":
                    connection.exec_driver_sql("BEGIN IMMEDIATE")  # writers queue for the lock, not fail
                yield connection
        except driver_error as error:
            # Bulk loads run on the driver's cursor: give callers SQLAlchemy's errors (IntegrityError, ...).
            raise sa_exc.DBAPIError.instance(None, None, error, driver_error) from error
