"""Reading the SQL activity and metric tables into plain pandas frames, each query on a connection the store
opens.

What belongs here: the queries behind `SqlActivityStore`'s reads, the date bounds they filter on, and turning
stored values back into exact `Decimal`s and output columns. What does not: writing (`sql_writes.py`) or the
tables (`sql_schema.py`).

Sums are exact: PostgreSQL adds NUMERICs; SQLite's values are decimal text, added here as `Decimal`s with
unbounded precision (SQLite's own SUM would add floats).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import MAX_PREC, Decimal, localcontext
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sif_resources.activities.model import ERROR_COLUMNS, METRIC_COLUMNS
from sif_resources.activities.sql_schema import (
    activity_daily,
    activity_errors,
    activity_latest,
    activity_runs,
    metric_latest,
)
from sif_resources.activities.sql_schema import activity_history as history_table
from sif_resources.activities.sql_schema import metric_history as metric_history_table
from sif_resources.activities.sql_writes import month_key
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
#: A date-from/date-to spanning more months than this is filtered on dates alone.
MAX_MONTHS_FILTER = 240

DateBound = str | date | datetime

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@contextmanager
def exact_sums() -> Iterator[None]:
    """Decimal arithmetic that never rounds (a sum of finite decimals needs no more digits than they have)."""
    with localcontext() as context:
        context.prec = MAX_PREC
        yield


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
    found = connection.execute(query.order_by(t.c.date, t.c.activity_id)).all()
    frame = _with_outputs(pd.DataFrame(found, columns=[*LATEST_COLUMNS, "values"]), LATEST_COLUMNS)
    if unique_keys is not None and len(frame):
        wanted = list(unique_keys)
        keep = [_keys_match(json.loads(text), wanted) for text in frame["unique_keys"]]
        frame = frame[keep].reset_index(drop=True)
    return frame


def activity_history(
    connection: Connection, tenant: str, pipeline_key: str, activity_id: str
) -> pd.DataFrame:
    h, r = history_table, activity_runs
    own = [h.c[name] for name in ("activity_id", "group_id", "date", "unique_keys", "execution_id")]
    own += [h.c.row_number, h.c.action, h.c.is_latest]
    query = (
        sa.select(*own, r.c.run_id, r.c.computed_at, r.c.pipeline_version, r.c.factor_versions, h.c["values"])
        .select_from(h.join(r, r.c.id == h.c.run_ref))
        .where(h.c.activity_id == activity_id, h.c.tenant_id == tenant, r.c.pipeline_key == pipeline_key)
        .order_by(h.c.id)
    )
    frame = pd.DataFrame(connection.execute(query).all(), columns=[*HISTORY_COLUMNS, "values"])
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


def metric_values(
    connection: Connection,
    tenant: str,
    metric: str,
    time_unit: str,
    *,
    date_from: DateBound | None = None,
    date_to: DateBound | None = None,
    groups: Sequence[str] | None = None,
) -> pd.DataFrame:
    t = metric_latest
    query = sa.select(t.c.group_id, t.c.date, t.c.group_value, t.c.sub_groups_value).where(
        t.c.tenant_id == tenant, t.c.metric == metric, t.c.time_unit == time_unit
    )
    if date_from is not None:
        query = query.where(t.c.date >= _day(date_from))
    if date_to is not None:
        query = query.where(t.c.date <= _day(date_to))
    if groups is not None:
        query = query.where(t.c.group_id.in_(list(groups)))
    found = connection.execute(query.order_by(t.c.date, t.c.group_id)).all()
    frame = pd.DataFrame(found, columns=["group_id", "date", "group_value", "sub_groups_value"], dtype=object)
    with exact_sums():
        hierarchy = [g + s for g, s in zip(frame["group_value"], frame["sub_groups_value"], strict=True)]
    frame["hierarchy_value"] = pd.Series(hierarchy, index=frame.index, dtype=object)
    return frame


def metric_days(
    connection: Connection, tenant: str, metric: str, date_from: DateBound, date_to: DateBound
) -> pd.DataFrame:
    frame = metric_values(connection, tenant, metric, "day", date_from=date_from, date_to=date_to)
    return frame.drop(columns=["hierarchy_value"]).rename(columns={"date": "day"})


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
        .where(r.c.tenant_id == tenant, r.c.pipeline_key == pipeline_key)
        .order_by(r.c.id)
    )
    return {month: json.loads(text) for month, text in connection.execute(query)}  # the last run wins


def errors(connection: Connection, tenant: str, pipeline_key: str, month: str) -> pd.DataFrame:
    t = activity_errors
    columns = [*ERROR_COLUMNS, "run_id"]
    query = (
        sa.select(*(t.c[name] for name in columns))
        .where(t.c.tenant_id == tenant, t.c.pipeline_key == pipeline_key, t.c.month == month_key(month))
        .order_by(t.c.id)
    )
    return pd.DataFrame(connection.execute(query).all(), columns=columns)


def metric_history(connection: Connection, tenant: str, metric: str) -> pd.DataFrame:
    t = metric_history_table
    columns = [*METRIC_COLUMNS, "month", "run_id", "computed_at"]
    query = sa.select(*(t.c[name] for name in columns)).where(t.c.tenant_id == tenant, t.c.metric == metric)
    return pd.DataFrame(connection.execute(query.order_by(t.c.id)).all(), columns=columns, dtype=object)


def date_bound(value: DateBound, *, upper: bool) -> str:
    """An activity-date bound as stored text (`2024-01-05T00:00:00.000Z`): `date >= bound` for a lower one,
    `date < bound` for an upper one, which is inclusive — a date covers its whole day, an instant itself."""
    if isinstance(value, str):
        text = value.strip()
        value = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    if isinstance(value, datetime):
        instant = value.astimezone(UTC) if value.tzinfo else value
        if upper:
            instant += timedelta(milliseconds=1)  # activity dates carry milliseconds
        return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"
    return (value + timedelta(days=1) if upper else value).isoformat()


def months_between(first: str, last: str) -> list[str] | None:
    """Every `YYYY-MM` from `first` to `last` inclusive; None when there are too many to list."""
    year, month = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    months: list[str] = []
    while (year, month) <= end:
        if len(months) == MAX_MONTHS_FILTER:
            return None
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _day(value: DateBound) -> str:
    """A period-start bound as stored text. Text is taken as written, so `2024-02-31` bounds February."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if _DAY.fullmatch(value.strip()[:10]) is None:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)")
    return value.strip()[:10]


def _with_outputs(frame: pd.DataFrame, leading: Sequence[str]) -> pd.DataFrame:
    """`frame` with its `values` JSON spread into one column per output (the union over rows; absent -> None).
    An output named like a leading column comes back as `<key>__output`."""
    parsed = [json.loads(text) for text in frame["values"]]
    outputs = (
        pd.DataFrame.from_records(parsed, index=frame.index) if parsed else pd.DataFrame(index=frame.index)
    )
    outputs = outputs.astype(object).where(outputs.notna(), None)
    outputs.columns = [f"{key}__output" if key in leading else key for key in outputs.columns]
    return pd.concat([frame[list(leading)], outputs], axis=1)


def _keys_match(stored: list[Any], wanted: list[str | None]) -> bool:
    if len(stored) < len(wanted):
        stored = stored + [None] * (len(wanted) - len(stored))
    return all(want is None or str(have) == want for have, want in zip(stored, wanted, strict=False))
