"""Metric slices in the SQL tables: writing one (in the caller's transaction) and reading metric values back
as plain frames of exact `Decimal`s.

What belongs here: the statements behind `SqlActivityStore.write_metric_slice` — history appended, the
month's day values replaced, week/month/quarter/year values upserted — and behind `metric_values`,
`metric_days` and `metric_history`. What does not: transactions (`sql_store.py`), computing metric values
(`sif_resources.metrics`), value conversions and bulk loads (`sql_values.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sif_resources.activities.model import METRIC_COLUMNS, TIME_UNITS, MetricSlice
from sif_resources.activities.sql_schema import decimal_text, metric_history, metric_latest
from sif_resources.activities.sql_values import (
    DateBound,
    day_bound,
    exact_sums,
    lock,
    month_bounds,
    month_key,
    period_start,
    require_columns,
    stored_time,
    texts,
)
from sif_resources.catalog.sql_datasets import bulk_insert

#: Roll-up keys deleted per statement (three bound parameters each, far below SQLite's limit).
DELETE_KEYS_CHUNK = 500
VALUE_COLUMNS: tuple[str, ...] = ("group_value", "sub_groups_value", "run_id", "computed_at")


def write_metric_slice(connection: Connection, piece: MetricSlice) -> None:
    """Append the slice to history; replace the month's day values; upsert its coarser periods."""
    month = month_key(piece.month)
    values = require_columns(piece.values, METRIC_COLUMNS, "metric values")
    units = texts(values["time_unit"])
    unknown = sorted(set(units) - set(TIME_UNITS))
    if unknown:
        raise ValueError(f"unknown time units {unknown}; expected one of {TIME_UNITS}")
    dates = [period_start(value) for value in values["date"].tolist()]
    groups = texts(values["group_id"])
    first, after = month_bounds(month)
    outside = sorted({d for d, u in zip(dates, units, strict=True) if u == "day" and not first <= d < after})
    if outside:
        raise ValueError(f"day values {outside[:3]} fall outside the slice's month {month}")
    group_values = [decimal_text(v) for v in values["group_value"].tolist()]
    sub_values = [decimal_text(v) for v in values["sub_groups_value"].tolist()]
    when = stored_time(piece.computed_at)

    # Two months' slices upsert the same quarter and year: one writer per metric at a time.
    lock(connection, "metric", piece.tenant, piece.metric)
    history = zip(
        repeat(piece.tenant), repeat(piece.metric), repeat(month), groups, units, dates,
        group_values, sub_values, repeat(piece.run_id), repeat(when), strict=False,
    )  # fmt: skip
    names = ("tenant_id", "metric", "month", "group_id", "time_unit", "date")
    bulk_insert(connection, metric_history.name, (*names, *VALUE_COLUMNS), history)

    table = metric_latest
    mine = (table.c.tenant_id == piece.tenant, table.c.metric == piece.metric)
    connection.execute(
        sa.delete(table).where(*mine, table.c.time_unit == "day", table.c.date >= first, table.c.date < after)
    )
    keys = sorted({(u, d, g) for u, d, g in zip(units, dates, groups, strict=True) if u != "day"})
    for start in range(0, len(keys), DELETE_KEYS_CHUNK):
        chunk = keys[start : start + DELETE_KEYS_CHUNK]
        period = sa.tuple_(table.c.time_unit, table.c.date, table.c.group_id)
        connection.execute(sa.delete(table).where(*mine, period.in_(chunk)))
    latest = zip(
        repeat(piece.tenant), repeat(piece.metric), units, dates, groups,
        group_values, sub_values, repeat(piece.run_id), repeat(when), strict=False,
    )  # fmt: skip
    latest_names = ("tenant_id", "metric", "time_unit", "date", "group_id")
    bulk_insert(connection, table.name, (*latest_names, *VALUE_COLUMNS), latest)


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
        query = query.where(t.c.date >= day_bound(date_from))
    if date_to is not None:
        query = query.where(t.c.date <= day_bound(date_to))
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


def metric_value_history(connection: Connection, tenant: str, metric: str) -> pd.DataFrame:
    t = metric_history
    columns = [*METRIC_COLUMNS, "month", "run_id", "computed_at"]
    query = sa.select(*(t.c[name] for name in columns)).where(t.c.tenant_id == tenant, t.c.metric == metric)
    return pd.DataFrame(connection.execute(query.order_by(t.c.id)).all(), columns=columns, dtype=object)
