"""Writing activity and metric slices to the SQL tables, each statement on a connection whose transaction
`SqlActivityStore` owns (one transaction per slice).

What belongs here: turning a slice's frames into rows (exact decimal text, JSON text, naive-UTC times), the
per-slice lock, and the statements in the order a slice is written: history rows, the run record that makes
them the slice's latest view, daily sums, errors; metric history, day replacement, roll-up upsert. What does
not: transactions and reads (`sql_store.py`, `sql_reads.py`) or the tables (`sql_schema.py`).

Large slices are loaded with one streamed COPY on PostgreSQL, rendered to COPY text a column at a time while
the server loads the rows before; SQLite takes chunked executemany through the catalog's `bulk_insert`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from itertools import repeat
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sif_resources.activities.model import (
    ACTIVITY_COLUMNS,
    DAILY_COLUMNS,
    ERROR_COLUMNS,
    METRIC_COLUMNS,
    TIME_UNITS,
    ActivitySlice,
    MetricSlice,
)
from sif_resources.activities.sql_schema import (
    activity_daily,
    activity_errors,
    activity_history,
    activity_runs,
    decimal_text,
    metric_history,
    metric_latest,
)
from sif_resources.catalog.sql_datasets import bulk_insert, copy_field, copy_text

#: Rows rendered to COPY text at a time, while the server loads the rows before them.
RENDER_ROWS = 20_000
#: Roll-up keys deleted per statement (three bound parameters each, far below SQLite's limit).
DELETE_KEYS_CHUNK = 500
_MONTH = re.compile(r"(\d{4})-(\d{2})(?:-\d{2})?")
_encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def month_key(month: str) -> str:
    """A slice's month as stored, `YYYY-MM`; a Dagster monthly partition key (`2024-01-01`) is accepted."""
    found = _MONTH.fullmatch(month.strip())
    if found is None or not 1 <= int(found.group(2)) <= 12:
        raise ValueError(f"{month!r} is not a month (YYYY-MM or YYYY-MM-DD)")
    return f"{found.group(1)}-{found.group(2)}"


def month_bounds(month: str) -> tuple[str, str]:
    """The first day of `month` and of the month after, as `YYYY-MM-DD`."""
    year, number = map(int, month_key(month).split("-"))
    following = (year + 1, 1) if number == 12 else (year, number + 1)
    return f"{year:04d}-{number:02d}-01", f"{following[0]:04d}-{following[1]:02d}-01"


def stored_time(value: datetime) -> str:
    """An instant as its columns hold it (naive UTC, the catalog's `UtcDateTime`), in text both COPY and
    SQLite read."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def lock(connection: Connection, *key: str) -> None:
    """Serialise writers of one slice on PostgreSQL until commit (SQLite writers already queue on BEGIN
    IMMEDIATE), so that two runs of one partition replace it one after the other instead of colliding."""
    if connection.dialect.name == "postgresql":
        text = "|".join(key)
        connection.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(text, 0))))


# ---------------------------------------------------------------------------------------------- activities


class ActivityRows:
    """One slice's rows as columns of plain Python values, checked once; `latest` indexes the rows of the
    latest view (winning versions that are not deletions), of which there is one per activity."""

    def __init__(self, rows: pd.DataFrame) -> None:
        missing = [c for c in ACTIVITY_COLUMNS if c not in rows.columns]
        if missing:
            raise ValueError(f"activity rows lack the columns {missing}")
        self.count = len(rows)
        self.columns: dict[str, list[Any]] = {
            name: _texts(rows[name], required=name != "execution_id")
            for name in ("activity_id", "group_id", "date", "execution_id", "action")
        }
        self.columns["unique_keys"] = _json_texts(rows["unique_keys"])
        self.columns["values"] = _json_texts(rows["values"])
        self.columns["row_number"] = _integers(rows["row_number"])
        is_latest = rows["is_latest"].fillna(False).astype(bool).to_numpy()
        self.columns["is_latest"] = is_latest.tolist()
        action = np.asarray(self.columns["action"], dtype=object)
        self.latest = np.flatnonzero(is_latest & (action != "delete"))
        ids = self.columns["activity_id"]
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
    _load(connection, activity_history.name, constants, (*names, "is_latest", "values"), columns)
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
    daily = _required(piece.daily, DAILY_COLUMNS, "daily sums")
    values = [decimal_text(value) for value in daily["value"].tolist()]
    rows = zip(
        repeat(piece.tenant),
        repeat(piece.pipeline_key),
        repeat(month),
        _texts(daily["group_id"]),
        _texts(daily["day"]),
        _texts(daily["output"]),
        values,
        strict=False,
    )
    names = ("tenant_id", "pipeline_key", "month", "group_id", "day", "output", "value")
    bulk_insert(connection, table.name, names, rows)


def replace_errors(connection: Connection, piece: ActivitySlice, month: str) -> None:
    table = activity_errors
    connection.execute(sa.delete(table).where(*_slice_where(table, piece.tenant, piece.pipeline_key, month)))
    errors = _required(piece.errors, ERROR_COLUMNS, "errors")
    rows = zip(
        repeat(piece.tenant),
        repeat(piece.pipeline_key),
        repeat(month),
        repeat(piece.run_id),
        _texts(errors["execution_id"], required=False),
        _integers(errors["row_number"]),
        _texts(errors["column"], required=False),
        _texts(errors["message"]),
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


def _load(
    connection: Connection,
    table_name: str,
    constants: dict[str, str],
    names: Sequence[str],
    columns: list[list[Any]],
) -> None:
    """Insert rows given as columns after constant leading columns; on PostgreSQL one COPY per chunk of text
    rendered column by column (the constants once, as a line prefix)."""
    count = len(columns[0]) if columns else 0
    if not count:
        return
    all_names = (*constants, *names)
    if connection.dialect.name != "postgresql":
        constant_columns = [repeat(value, count) for value in constants.values()]
        bulk_insert(connection, table_name, all_names, zip(*constant_columns, *columns, strict=False))
        return
    prefix = "".join(copy_field(value) + "\t" for value in constants.values())

    def texts() -> Iterable[str]:
        for start in range(0, count, RENDER_ROWS):
            rendered = [_copy_column(column[start : start + RENDER_ROWS]) for column in columns]
            lines = map("\t".join, zip(*rendered, strict=True))
            yield prefix + ("\n" + prefix).join(lines) + "\n"

    copy_text(connection, table_name, all_names, texts())


def _copy_column(values: list[Any]) -> list[str]:
    """A column in COPY's text format; plain text passes through untouched when nothing needs escaping."""
    if not values or None in values:
        return list(map(copy_field, values))
    kind = type(values[0])
    if not all(type(value) is kind for value in values):
        return list(map(copy_field, values))
    if kind is bool:
        return ["t" if value else "f" for value in values]
    if kind is int:
        return list(map(str, values))
    if kind is str:
        joined = "".join(values)
        if "\\" not in joined and "\t" not in joined and "\n" not in joined and "\r" not in joined:
            return values
    return list(map(copy_field, values))


# ------------------------------------------------------------------------------------------------- metrics


def write_metric_slice(connection: Connection, piece: MetricSlice) -> None:
    """Append the slice to history; replace the month's day values; upsert its coarser periods."""
    month = month_key(piece.month)
    values = _required(piece.values, METRIC_COLUMNS, "metric values")
    units = _texts(values["time_unit"])
    unknown = sorted(set(units) - set(TIME_UNITS))
    if unknown:
        raise ValueError(f"unknown time units {unknown}; expected one of {TIME_UNITS}")
    dates = [_period_start(value) for value in values["date"].tolist()]
    groups = _texts(values["group_id"])
    first, after = month_bounds(month)
    outside = sorted(
        {d for d, unit in zip(dates, units, strict=True) if unit == "day" and not first <= d < after}
    )
    if outside:
        raise ValueError(f"day values {outside[:3]} fall outside the slice's month {month}")
    group_values = [decimal_text(v) for v in values["group_value"].tolist()]
    sub_values = [decimal_text(v) for v in values["sub_groups_value"].tolist()]
    when = stored_time(piece.computed_at)

    lock(connection, "metric", piece.tenant, piece.metric)
    history = zip(
        repeat(piece.tenant), repeat(piece.metric), repeat(month), groups, units, dates,
        group_values, sub_values, repeat(piece.run_id), repeat(when), strict=False,
    )  # fmt: skip
    names = ("tenant_id", "metric", "month", "group_id", "time_unit", "date")
    value_names = ("group_value", "sub_groups_value", "run_id", "computed_at")
    bulk_insert(connection, metric_history.name, (*names, *value_names), history)

    table = metric_latest
    mine = (table.c.tenant_id == piece.tenant, table.c.metric == piece.metric)
    connection.execute(
        sa.delete(table).where(*mine, table.c.time_unit == "day", table.c.date >= first, table.c.date < after)
    )
    keys = sorted({(u, d, g) for u, d, g in zip(units, dates, groups, strict=True) if u != "day"})
    for start in range(0, len(keys), DELETE_KEYS_CHUNK):
        chunk = keys[start : start + DELETE_KEYS_CHUNK]
        connection.execute(
            sa.delete(table).where(
                *mine, sa.tuple_(table.c.time_unit, table.c.date, table.c.group_id).in_(chunk)
            )
        )
    latest = zip(
        repeat(piece.tenant), repeat(piece.metric), units, dates, groups,
        group_values, sub_values, repeat(piece.run_id), repeat(when), strict=False,
    )  # fmt: skip
    latest_names = ("tenant_id", "metric", "time_unit", "date", "group_id")
    bulk_insert(connection, table.name, (*latest_names, *value_names), latest)


def _period_start(value: Any) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise ValueError(f"{value!r} is not a period start date (YYYY-MM-DD)") from None


# ------------------------------------------------------------------------------------------------- helpers


def _slice_where(table: sa.Table, tenant: str, pipeline_key: str, month: str) -> tuple[Any, ...]:
    return (table.c.tenant_id == tenant, table.c.pipeline_key == pipeline_key, table.c.month == month)


def _required(frame: pd.DataFrame, columns: tuple[str, ...], what: str) -> pd.DataFrame:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lack the columns {missing}")
    return frame


def _texts(series: pd.Series, required: bool = True) -> list[Any]:
    """A column as Python strings, missing cells as None (ValueError where a value is required)."""
    values: list[Any] = series.tolist()
    if series.hasnans:
        values = [None if _missing(value) else value for value in values]
        if required:
            raise ValueError(f"column {series.name!r} has missing values")
    if pd.api.types.infer_dtype(series, skipna=True) not in ("string", "empty"):
        values = [None if value is None else str(value) for value in values]
    return values


def _json_texts(series: pd.Series) -> list[str]:
    """JSON columns as text: text passes through as the computation wrote it, structures are encoded."""
    if pd.api.types.infer_dtype(series, skipna=False) == "string":
        return series.tolist()
    texts: list[str] = []
    for value in series.tolist():
        if isinstance(value, str):
            texts.append(value)
        elif value is None or (not isinstance(value, (dict, list, tuple)) and _missing(value)):
            raise ValueError(f"column {series.name!r} has missing values")
        else:
            texts.append(_encode_json(value))
    return texts


def _integers(series: pd.Series) -> list[int | None]:
    if pd.api.types.is_integer_dtype(series.dtype) and not series.hasnans:
        return series.tolist()
    return [None if _missing(value) else int(value) for value in series.tolist()]


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)
