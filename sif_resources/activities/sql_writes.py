"""Writing an activity slice to the SQL tables, each statement on a connection whose transaction
`SqlActivityStore` owns (one transaction per slice).

What belongs here: the statements in the order a slice is written — its run record, its rows appended to
history (one streamed COPY on PostgreSQL), the switch that makes them the slice's latest view, its daily sums
and errors — and the checks on its rows. What does not: transactions and reads (`sql_store.py`,
`sql_reads.py`), metric slices (`sql_metrics.py`), value conversions and bulk loads (`sql_values.py`).
"""

from __future__ import annotations

import json
from itertools import repeat
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sif_resources.activities.model import ACTIVITY_COLUMNS, DAILY_COLUMNS, ERROR_COLUMNS, ActivitySlice
from sif_resources.activities.sql_schema import (
    activity_daily,
    activity_errors,
    activity_history,
    activity_runs,
    decimal_text,
)
from sif_resources.activities.sql_values import (
    Column,
    integers,
    load_columns,
    lock,
    month_key,
    require_columns,
    text_column,
    texts,
)
from sif_resources.catalog.sql_datasets import bulk_insert


class ActivityRows:
    """One slice's rows as columns of plain Python values, checked once; `latest` indexes the rows of the
    latest view (winning versions that are not deletions), of which there is one per activity."""

    def __init__(self, rows: pd.DataFrame) -> None:
        require_columns(rows, ACTIVITY_COLUMNS, "activity rows")
        self.count = len(rows)
        ids = texts(rows["activity_id"])
        self.columns: dict[str, Column] = {
            "activity_id": ids,
            **{name: text_column(rows[name]) for name in ("group_id", "date", "action")},
            "execution_id": texts(rows["execution_id"], required=False),
            "unique_keys": text_column(rows["unique_keys"], json=True),
            "values": text_column(rows["values"], json=True),
            "row_number": integers(rows["row_number"]),
        }
        is_latest = rows["is_latest"].fillna(False).astype(bool).to_numpy()
        self.columns["is_latest"] = is_latest.tolist()
        self.latest = np.flatnonzero(is_latest & (rows["action"] != "delete").to_numpy(dtype=bool))
        latest_ids = ids if len(self.latest) == self.count else [ids[i] for i in self.latest.tolist()]
        if len(set(latest_ids)) != len(latest_ids):
            counts = pd.Series(latest_ids).value_counts()
            raise ValueError(f"activity {counts.index[0]!r} has more than one latest version in the slice")


def append_history(connection: Connection, piece: ActivitySlice, rows: ActivityRows, run_ref: int) -> range:
    """Append the slice's rows to history; the id range they took (which may hold other slices' rows written
    at the same moment on PostgreSQL, never this slice's)."""
    after = _history_mark(connection, before=True)
    names = ("activity_id", "group_id", "date", "unique_keys", "execution_id", "row_number", "action")
    columns = [rows.columns[name] for name in (*names, "is_latest", "values")]
    constants = {"run_ref": str(run_ref), "tenant_id": piece.tenant}
    load_columns(connection, activity_history.name, constants, (*names, "is_latest", "values"), columns)
    return range(after + 1, _history_mark(connection, before=False) + 1)


def insert_run(connection: Connection, piece: ActivitySlice, month: str, rows: ActivityRows) -> int:
    """Record the run, not yet current; its id (`run_ref` of its history rows)."""
    return int(
        connection.execute(
            sa.insert(activity_runs)
            .values(
                tenant_id=piece.tenant,
                pipeline_key=piece.pipeline_key,
                month=month,
                run_id=piece.run_id,
                pipeline_version=piece.pipeline_version,
                computed_at=piece.computed_at,
                input_rows=piece.input_rows,
                rows=rows.count,
                latest_rows=len(rows.latest),
                errors=len(piece.errors),
                factor_versions=json.dumps(dict(piece.factor_versions), sort_keys=True, default=str),
                is_current=False,
                history_after=0,
                history_last=0,
            )
            .returning(activity_runs.c.id)
        ).scalar_one()
    )


def make_current(
    connection: Connection, piece: ActivitySlice, month: str, run_ref: int, history: range
) -> None:
    """Make the run the slice's current one, which switches its latest view to the rows just appended."""
    table = activity_runs
    where = _slice_where(table, piece.tenant, piece.pipeline_key, month)
    connection.execute(sa.update(table).where(*where, table.c.is_current).values(is_current=False))
    connection.execute(
        sa.update(table)
        .where(table.c.id == run_ref)
        .values(is_current=True, history_after=history.start - 1, history_last=history.stop - 1)
    )


def _history_mark(connection: Connection, *, before: bool) -> int:
    """Before a load: an id below every id it will take; after it: the last id it took. PostgreSQL's sequence
    values are this session's own (`currval`), so concurrent writers of other slices cannot shift them;
    SQLite has one writer at a time, whose rowids follow the largest."""
    if connection.dialect.name == "postgresql":
        sequence = sa.func.pg_get_serial_sequence(activity_history.name, "id")
        function = sa.func.nextval if before else sa.func.currval
        return int(connection.execute(sa.select(function(sequence))).scalar_one())
    last = connection.execute(sa.select(sa.func.max(activity_history.c.id))).scalar_one()
    return int(last or 0)


def replace_daily(connection: Connection, piece: ActivitySlice, month: str) -> None:
    table = activity_daily
    connection.execute(sa.delete(table).where(*_slice_where(table, piece.tenant, piece.pipeline_key, month)))
    daily = require_columns(piece.daily, DAILY_COLUMNS, "daily sums")
    values = [decimal_text(value) for value in daily["value"].tolist()]
    rows = zip(
        repeat(piece.tenant),
        repeat(piece.pipeline_key),
        repeat(month),
        texts(daily["group_id"]),
        texts(daily["day"]),
        texts(daily["output"]),
        values,
        strict=False,
    )
    names = ("tenant_id", "pipeline_key", "month", "group_id", "day", "output", "value")
    bulk_insert(connection, table.name, names, rows)


def replace_errors(connection: Connection, piece: ActivitySlice, month: str) -> None:
    table = activity_errors
    connection.execute(sa.delete(table).where(*_slice_where(table, piece.tenant, piece.pipeline_key, month)))
    errors = require_columns(piece.errors, ERROR_COLUMNS, "errors")
    rows = zip(
        repeat(piece.tenant),
        repeat(piece.pipeline_key),
        repeat(month),
        repeat(piece.run_id),
        texts(errors["execution_id"], required=False),
        integers(errors["row_number"]),
        texts(errors["column"], required=False),
        texts(errors["message"]),
        strict=False,
    )
    names = (
        "tenant_id",
        "pipeline_key",
        "month",
        "run_id",
        "execution_id",
        "row_number",
        "column",
        "message",
    )
    bulk_insert(connection, table.name, names, rows)


def write_activity_slice(connection: Connection, piece: ActivitySlice) -> None:
    """Every statement of one activity slice, in the caller's transaction."""
    month = month_key(piece.month)
    rows = ActivityRows(piece.rows)
    lock(connection, "activity", piece.tenant, piece.pipeline_key, month)
    run_ref = insert_run(connection, piece, month, rows)
    history = append_history(connection, piece, rows, run_ref)
    make_current(connection, piece, month, run_ref, history)
    replace_daily(connection, piece, month)
    replace_errors(connection, piece, month)


def _slice_where(table: sa.Table, tenant: str, pipeline_key: str, month: str) -> tuple[Any, ...]:
    return (table.c.tenant_id == tenant, table.c.pipeline_key == pipeline_key, table.c.month == month)
