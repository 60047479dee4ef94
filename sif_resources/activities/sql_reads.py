"""Reading the SQL activity tables into plain pandas frames, each query on a connection the store opens.

What belongs here: the queries behind `SqlActivityStore`'s activity reads — the latest view, an activity's
history with the factor versions of each run, exact daily sums, runs, errors, counts — and turning rows back
into frames (output columns from the values JSON, `Decimal`s, UTC times). What does not: writing
(`sql_writes.py`), metric values (`sql_metrics.py`) or the tables (`sql_schema.py`).

Sums are exact: PostgreSQL adds NUMERICs; SQLite's values are decimal text, added here as `Decimal`s with
unbounded precision (SQLite's own SUM would add floats).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC
from decimal import Decimal
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.json as pa_json
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sif_resources.activities.model import ERROR_COLUMNS
from sif_resources.activities.sql_schema import (
    activity_daily,
    activity_errors,
    activity_latest,
    activity_runs,
)
from sif_resources.activities.sql_schema import activity_history as history_table
from sif_resources.activities.sql_values import DateBound, date_bound, exact_sums, month_key, months_between
from sif_resources.pipelines.definition import MetricInput

#: Columns of `latest_activities` before the output columns.
LATEST_COLUMNS: tuple[str, ...] = (
    "activity_id",
    "group_id",
    "date",
    "unique_keys",
    "execution_id",
    "row_number",
    "run_id",
    "computed_at",
)
#: Columns of `activity_history` before the output columns.
HISTORY_COLUMNS: tuple[str, ...] = (
    "activity_id",
    "group_id",
    "date",
    "unique_keys",
    "execution_id",
    "row_number",
    "action",
    "is_latest",
    "run_id",
    "computed_at",
    "pipeline_version",
    "factor_versions",
)
RUN_COLUMNS: tuple[str, ...] = (
    "run_id",
    "month",
    "pipeline_version",
    "computed_at",
    "input_rows",
    "rows",
    "latest_rows",
    "errors",
    "is_current",
    "factor_versions",
)


def latest_activities(
    connection: Connection,
    tenant: str,
    pipeline_key: str,
    *,
    months: Sequence[str] | None = None,
    date_from: DateBound | None = None,
    date_to: DateBound | None = None,
    group: str | Sequence[str] | None = None,
    unique_keys: Sequence[str | None] | None = None,
) -> pd.DataFrame:
    t = activity_latest
    query = sa.select(*(t.c[name] for name in LATEST_COLUMNS), t.c["values"]).where(
        t.c.tenant_id == tenant, t.c.pipeline_key == pipeline_key
    )
    lower = None if date_from is None else date_bound(date_from, upper=False)
    upper = None if date_to is None else date_bound(date_to, upper=True)
    if months is not None:
        query = query.where(t.c.month.in_(sorted({month_key(m) for m in months})))
    elif lower is not None and upper is not None:
        covered = months_between(lower[:7], upper[:7])
        if covered is not None:  # the key's month column turns a date range into index range scans
            query = query.where(t.c.month.in_(covered))
    if lower is not None:
        query = query.where(t.c.date >= lower)
    if upper is not None:
        query = query.where(t.c.date < upper)
    if group is not None:
        query = query.where(t.c.group_id.in_([group] if isinstance(group, str) else list(group)))
    frame = _frame(connection.execute(query.order_by(t.c.date, t.c.activity_id)), [*LATEST_COLUMNS, "values"])
    if unique_keys is not None and len(frame):
        wanted = list(unique_keys)
        keep = [_keys_match(json.loads(text), wanted) for text in frame["unique_keys"]]
        frame = frame[keep].reset_index(drop=True)
    return _with_outputs(frame, LATEST_COLUMNS)


def activity_history(
    connection: Connection, tenant: str, pipeline_key: str, activity_id: str
) -> pd.DataFrame:
    h, r = history_table, activity_runs
    own = [h.c[name] for name in ("activity_id", "group_id", "date", "unique_keys", "execution_id")]
    own += [h.c.row_number, h.c.action, h.c.is_latest]
    query = (
        sa.select(
            *own,
            r.c.run_id,
            r.c.computed_at,
            r.c.pipeline_version,
            r.c.factor_versions,
            h.c["values"],
        )
        .select_from(h.join(r, r.c.id == h.c.run_ref))
        .where(h.c.activity_id == activity_id, h.c.tenant_id == tenant, r.c.pipeline_key == pipeline_key)
        .order_by(h.c.id)
    )
    frame = _frame(connection.execute(query), [*HISTORY_COLUMNS, "values"])
    frame["factor_versions"] = [json.loads(text) for text in frame["factor_versions"]]
    return _with_outputs(frame, HISTORY_COLUMNS)


def daily_sums(
    connection: Connection, tenant: str, inputs: Sequence[MetricInput], month: str
) -> pd.DataFrame:
    t = activity_daily
    pairs = sorted({(i.pipeline_key, i.output) for i in inputs})
    if not pairs:
        return pd.DataFrame({"group_id": [], "day": [], "value": []}, dtype=object)
    where = (
        t.c.tenant_id == tenant,
        t.c.month == month_key(month),
        sa.or_(*(sa.and_(t.c.pipeline_key == p, t.c.output == o) for p, o in pairs)),
    )
    if connection.dialect.name == "postgresql":
        query = sa.select(t.c.group_id, t.c.day, sa.func.sum(t.c.value)).where(*where)
        found = connection.execute(
            query.group_by(t.c.group_id, t.c.day).order_by(t.c.group_id, t.c.day)
        ).all()
        return pd.DataFrame(found, columns=["group_id", "day", "value"], dtype=object)
    sums: dict[tuple[str, str], Decimal] = {}
    with exact_sums():
        for group_id, day, value in connection.execute(
            sa.select(t.c.group_id, t.c.day, t.c.value).where(*where)
        ):
            key = (group_id, day)
            sums[key] = sums[key] + value if key in sums else value
    rows = [(group_id, day, value) for (group_id, day), value in sorted(sums.items())]
    return pd.DataFrame(rows, columns=["group_id", "day", "value"], dtype=object)


def slice_counts(connection: Connection, tenant: str, pipeline_key: str, month: str) -> dict[str, Any]:
    month = month_key(month)
    r, e = activity_runs, activity_errors
    current = connection.execute(
        sa.select(r.c.run_id, r.c.input_rows, r.c.rows, r.c.latest_rows).where(
            r.c.tenant_id == tenant, r.c.pipeline_key == pipeline_key, r.c.month == month, r.c.is_current
        )
    ).first()
    errors = sa.select(sa.func.count()).where(
        e.c.tenant_id == tenant, e.c.pipeline_key == pipeline_key, e.c.month == month
    )
    h = history_table
    in_run = sa.and_(h.c.id > r.c.history_after, h.c.id <= r.c.history_last, h.c.run_ref == r.c.id)
    history = (
        sa.select(sa.func.count())
        .select_from(r.join(h, in_run))
        .where(r.c.tenant_id == tenant, r.c.pipeline_key == pipeline_key, r.c.month == month)
    )
    return {
        "latest_rows": current.latest_rows if current else 0,
        "history_rows": connection.execute(history).scalar_one(),
        "errors": connection.execute(errors).scalar_one(),
        "input_rows": current.input_rows if current else 0,
        "rows": current.rows if current else 0,
        "run_id": current.run_id if current else None,
    }


def runs(connection: Connection, tenant: str, pipeline_key: str, month: str | None = None) -> pd.DataFrame:
    r = activity_runs
    query = sa.select(*(r.c[name] for name in RUN_COLUMNS)).where(
        r.c.tenant_id == tenant, r.c.pipeline_key == pipeline_key
    )
    if month is not None:
        query = query.where(r.c.month == month_key(month))
    frame = pd.DataFrame(connection.execute(query.order_by(r.c.id)).all(), columns=list(RUN_COLUMNS))
    frame["factor_versions"] = [json.loads(text) for text in frame["factor_versions"]]
    return frame


def last_factor_versions(connection: Connection, tenant: str, pipeline_key: str) -> dict[str, dict[str, Any]]:
    r = activity_runs
    query = (
        sa.select(r.c.month, r.c.factor_versions)
        .where(r.c.tenant_id == tenant, r.c.pipeline_key == pipeline_key, r.c.is_current)
        .order_by(r.c.month)
    )
    return {month: json.loads(text) for month, text in connection.execute(query)}


def errors(connection: Connection, tenant: str, pipeline_key: str, month: str) -> pd.DataFrame:
    t = activity_errors
    columns = [*ERROR_COLUMNS, "run_id"]
    query = (
        sa.select(*(t.c[name] for name in columns))
        .where(t.c.tenant_id == tenant, t.c.pipeline_key == pipeline_key, t.c.month == month_key(month))
        .order_by(t.c.id)
    )
    return pd.DataFrame(connection.execute(query).all(), columns=columns)


def _frame(result: sa.CursorResult[Any], columns: Sequence[str]) -> pd.DataFrame:
    """A query's rows as a frame of object columns, read from the driver's cursor and built column by column:
    a million rows in a fraction of the time SQLAlchemy's rows and pandas' type inference take. Columns are
    as the driver returns them, so `computed_at` (naive UTC, or its text on SQLite) is converted here."""
    try:
        rows = result.cursor.fetchall() if result.cursor is not None else []
    finally:
        result.close()
    data = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    frame = pd.DataFrame(
        {name: pd.Series(values, dtype=object) for name, values in zip(columns, data, strict=True)},
        columns=columns,
    )
    if "computed_at" in frame:
        frame["computed_at"] = pd.to_datetime(frame["computed_at"]).dt.tz_localize(UTC)
    if "is_latest" in frame:
        frame["is_latest"] = frame["is_latest"].astype(bool)
    return frame


def _with_outputs(frame: pd.DataFrame, leading: Sequence[str]) -> pd.DataFrame:
    """`frame` with its `values` JSON spread into one column per output (the union over rows; absent -> None).
    An output named like a leading column comes back as `<key>__output`."""
    outputs = _outputs(frame["values"].tolist())
    outputs.index = frame.index
    outputs.columns = [f"{key}__output" if key in leading else key for key in outputs.columns]
    return pd.concat([frame[list(leading)], outputs], axis=1)


def _outputs(texts: list[str]) -> pd.DataFrame:
    """The JSON objects as columns (None where absent or null): Arrow's JSON reader when every value is text
    or null, as the computation writes them; `json` otherwise, with numbers kept as their text."""
    if not texts:
        return pd.DataFrame(index=range(0))
    try:
        table = pa_json.read_json(pa.BufferReader("\n".join(texts).encode()))
    except pa.ArrowInvalid:
        table = None
    textual = (pa.types.is_string, pa.types.is_large_string, pa.types.is_null)
    if (
        table is None
        or table.num_rows != len(texts)
        or not all(any(t(f.type) for t in textual) for f in table.schema)
    ):
        parsed = pd.DataFrame.from_records(
            [json.loads(text, parse_float=str, parse_int=str) for text in texts]
        )
        return parsed.astype(object).where(parsed.notna(), None)
    return pd.DataFrame(
        {name: table.column(name).to_numpy(zero_copy_only=False) for name in table.column_names}, dtype=object
    )


def _keys_match(stored: list[Any], wanted: list[str | None]) -> bool:
    if len(stored) < len(wanted):
        stored = stored + [None] * (len(wanted) - len(stored))
    return all(want is None or str(have) == want for have, want in zip(stored, wanted, strict=False))
