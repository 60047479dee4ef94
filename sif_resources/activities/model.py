"""The units of writing: one tenant x pipeline x month of computed activities, one tenant x metric x month
of metric values. Computation builds them, the SQL activity store and the DynamoDB serving store write them,
each slice atomically.

What belongs here: the slice dataclasses and the column names of their frames. What does not: computing them
(`sif_resources.activities.compute`, `sif_resources.metrics`) or storing them (the stores).

Numbers travel as exact decimal text (`"12.3400"`), never floats, so sums stay exact in every store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

#: One row per evaluated input row (every version is history).
#: activity_id: stable identity hash (tenant, pipeline, group, date, unique keys — SIF §9.6);
#: group_id; date: ISO 8601 UTC text of the time output (`2024-01-05T00:00:00.000Z`);
#: unique_keys: JSON list of the includeAsUnique values (text) in slot order;
#: execution_id; row_number: 1-based data row of the execution's input file; action: `create` | `delete`;
#: is_latest: this row is the identity's winning version in the slice (last execution, then last row);
#: values: JSON object output key -> SIF text of the value (null when absent or failed).
ACTIVITY_COLUMNS: tuple[str, ...] = (
    "activity_id",
    "group_id",
    "date",
    "unique_keys",
    "execution_id",
    "row_number",
    "action",
    "is_latest",
    "values",
)
#: Latest-value sums per group, day and numeric value output (what metrics read).
DAILY_COLUMNS: tuple[str, ...] = ("group_id", "day", "output", "value")
#: Row and cell errors: execution_id, row_number (1-based), column (None for a whole-row error), message.
ERROR_COLUMNS: tuple[str, ...] = ("execution_id", "row_number", "column", "message")
#: Metric values: period start `date` (`YYYY-MM-DD`) per group and time unit.
METRIC_COLUMNS: tuple[str, ...] = ("group_id", "time_unit", "date", "group_value", "sub_groups_value")
TIME_UNITS: tuple[str, ...] = ("day", "week", "month", "quarter", "year")


def empty_frame(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


@dataclass
class ActivitySlice:
    """Everything one materialisation computed for one tenant, pipeline and month.

    Writing it replaces the slice's latest view, daily sums and errors, and appends `rows` to history, in one
    transaction; `factor_versions` (resource -> version read) is recorded against `run_id` so history shows
    which factor version produced each value.
    """

    tenant: str
    pipeline_key: str
    month: str
    run_id: str
    computed_at: datetime
    rows: pd.DataFrame
    daily: pd.DataFrame
    errors: pd.DataFrame
    input_rows: int
    pipeline_version: int = 1
    factor_versions: Mapping[str, Any] = field(default_factory=dict)

    @property
    def latest(self) -> pd.DataFrame:
        """The slice's latest view: winning versions that are not deletions."""
        rows = self.rows
        return rows[rows["is_latest"].astype(bool) & (rows["action"] != "delete")]


@dataclass
class MetricSlice:
    """Metric values computed for one tenant, metric and month: the month's day values (which replace
    the stored ones) and the week, month, quarter and year periods they touch (which are upserted)."""

    tenant: str
    metric: str
    month: str
    run_id: str
    computed_at: datetime
    values: pd.DataFrame
