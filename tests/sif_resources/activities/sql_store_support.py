"""Support for the SQL activity store tests: the store on each SQL backend and small hand-built slices.

`STORE_BACKENDS` parametrises a test over SQLite (a file database) and PostgreSQL (a fresh schema, marked
`postgres`), reusing the catalog's migrated-engine fixtures. `activity_slice` and `metric_slice` build slices
from a few readable rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy.engine import Engine

from sif_resources.activities.model import (
    ACTIVITY_COLUMNS,
    DAILY_COLUMNS,
    ERROR_COLUMNS,
    METRIC_COLUMNS,
    ActivitySlice,
    MetricSlice,
    empty_frame,
)
from sif_resources.activities.sql_store import SqlActivityStore
from tests.sif_resources.catalog.conftest import postgres_engine, sqlite_engine

TENANT = "acme"
PIPELINE = "household_gas"
MONTH = "2024-01"
T1 = datetime(2024, 2, 1, 9, 0, tzinfo=UTC)
T2 = datetime(2024, 2, 2, 9, 0, tzinfo=UTC)

EngineFactory = Callable[[Path], AbstractContextManager[Engine]]

ENGINES: list[Any] = [
    pytest.param(sqlite_engine, id="sqlite"),
    pytest.param(postgres_engine, id="postgres", marks=pytest.mark.postgres),
]


@contextmanager
def open_store(factory: EngineFactory, tmp_path: Path) -> Iterator[SqlActivityStore]:
    with factory(tmp_path) as engine:
        yield SqlActivityStore(engine)


def row(
    activity: str,
    day: int = 5,
    *,
    group: str = "/acme/site1",
    keys: Sequence[str] = ("m1",),
    execution: str = "exec-1",
    number: int = 1,
    action: str = "create",
    latest: bool = True,
    month: str = MONTH,
    **values: str | None,
) -> dict[str, Any]:
    """One activity row; `values` are the outputs (SIF text)."""
    return {
        "activity_id": activity,
        "group_id": group,
        "date": f"{month}-{day:02d}T00:00:00.000Z",
        "unique_keys": json.dumps(list(keys)),
        "execution_id": execution,
        "row_number": number,
        "action": action,
        "is_latest": latest,
        "values": json.dumps(values),
    }


def activity_slice(
    rows: Sequence[Mapping[str, Any]],
    *,
    run_id: str = "run-1",
    daily: Sequence[tuple[str, str, str, Any]] = (),
    errors: Sequence[tuple[str | None, int | None, str | None, str]] = (),
    tenant: str = TENANT,
    pipeline_key: str = PIPELINE,
    month: str = MONTH,
    computed_at: datetime = T1,
    factor_versions: Mapping[str, Any] | None = None,
    input_rows: int | None = None,
) -> ActivitySlice:
    """A slice of `rows` with `daily` (group, day, output, value) and `errors` (execution, row, column,
    message)."""
    frame = (
        pd.DataFrame(list(rows), columns=list(ACTIVITY_COLUMNS)) if rows else empty_frame(ACTIVITY_COLUMNS)
    )
    return ActivitySlice(
        tenant=tenant,
        pipeline_key=pipeline_key,
        month=month,
        run_id=run_id,
        computed_at=computed_at,
        rows=frame,
        daily=pd.DataFrame(list(daily), columns=list(DAILY_COLUMNS), dtype=object),
        errors=pd.DataFrame(list(errors), columns=list(ERROR_COLUMNS), dtype=object),
        input_rows=len(rows) + len(errors) if input_rows is None else input_rows,
        factor_versions=factor_versions or {},
    )


def metric_slice(
    values: Sequence[tuple[str, str, str, Any, Any]],
    *,
    metric: str = "ghg:scope1",
    month: str = MONTH,
    run_id: str = "run-1",
    tenant: str = TENANT,
    computed_at: datetime = T1,
) -> MetricSlice:
    """A metric slice of (group, time unit, date, group value, sub-groups value) rows."""
    frame = pd.DataFrame(list(values), columns=list(METRIC_COLUMNS), dtype=object)
    return MetricSlice(tenant, metric, month, run_id, computed_at, frame)
