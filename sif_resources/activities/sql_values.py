"""Values as the SQL activity and metric tables hold them, and the bulk load that writes many of them.

What belongs here: months (`YYYY-MM`), period and activity-date bounds as stored text, instants as naive UTC,
frame columns as plain Python values (text, JSON text, integers), exact decimal sums, the per-slice writer
lock, and `load_columns` (COPY of text rendered a column at a time on PostgreSQL, the catalog's chunked
`bulk_insert` on SQLite). What does not: statements on particular tables (`sql_writes.py`, `sql_reads.py`,
`sql_metrics.py`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import MAX_PREC, localcontext
from itertools import repeat
from typing import Any, TypeAlias

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sif_resources.catalog.sql_datasets import bulk_insert, copy_field, copy_text

#: Rows rendered to COPY text at a time, while the server loads the rows sent before them.
RENDER_ROWS = 20_000
#: A date range spanning more months than this is filtered on dates alone.
MAX_MONTHS_FILTER = 240

DateBound = str | date | datetime
#: A column of values to load: a list, or a series converted a piece at a time.
Column: TypeAlias = Sequence[Any] | pd.Series

_MONTH = re.compile(r"(\d{4})-(\d{2})(?:-\d{2})?")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


# ------------------------------------------------------------------------------------------ months and dates


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


def day_bound(value: DateBound) -> str:
    """A period-start bound as stored text (`YYYY-MM-DD`). Text is taken as written, so `2024-02-31` bounds
    February."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if _DAY.fullmatch(value.strip()[:10]) is None:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)")
    return value.strip()[:10]


def period_start(value: Any) -> str:
    """A period's start date (text, `date` or `datetime`) as stored, `YYYY-MM-DD`."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise ValueError(f"{value!r} is not a period start date (YYYY-MM-DD)") from None


def stored_time(value: datetime) -> str:
    """An instant as its columns hold it (naive UTC, the catalog's `UtcDateTime`), in text both COPY and
    SQLite read."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


@contextmanager
def exact_sums() -> Iterator[None]:
    """Decimal arithmetic that never rounds (a sum of finite decimals needs no more digits than they have)."""
    with localcontext() as context:
        context.prec = MAX_PREC
        yield


# -------------------------------------------------------------------------------------------- frame columns


def require_columns(frame: pd.DataFrame, columns: Sequence[str], what: str) -> pd.DataFrame:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lack the columns {missing}")
    return frame


def texts(series: pd.Series, *, required: bool = True) -> list[Any]:
    """A column as Python strings, missing cells as None (ValueError where a value is required)."""
    values: list[Any] = series.tolist()
    if series.hasnans:
        if required:
            raise ValueError(f"column {series.name!r} has missing values")
        values = [None if _missing(value) else value for value in values]
    if not _all_text(series):
        values = [None if value is None else str(value) for value in values]
    return values


def text_column(series: pd.Series, *, json: bool = False) -> Column:
    """A required text column for `load_columns`: the series itself when it holds only text (converted a
    piece at a time while earlier pieces load), else a list; `json` encodes structures as JSON text."""
    if series.hasnans:
        raise ValueError(f"column {series.name!r} has missing values")
    if _all_text(series):
        return series
    if json:
        return [value if isinstance(value, str) else _encode_json(value) for value in series.tolist()]
    return [str(value) for value in series.tolist()]


def integers(series: pd.Series) -> list[int | None]:
    if pd.api.types.is_integer_dtype(series.dtype) and not series.hasnans:
        return series.tolist()
    return [None if _missing(value) else int(value) for value in series.tolist()]


def _all_text(series: pd.Series) -> bool:
    return pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty")


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


# ---------------------------------------------------------------------------------------------- bulk loads


def lock(connection: Connection, *key: str) -> None:
    """Serialise writers of one slice on PostgreSQL until commit (SQLite writers already queue on BEGIN
    IMMEDIATE), so that two runs of one partition replace it one after the other instead of colliding."""
    if connection.dialect.name == "postgresql":
        text = "|".join(key)
        connection.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(text, 0))))


def load_columns(
    connection: Connection,
    table_name: str,
    constants: dict[str, str],
    names: Sequence[str],
    columns: Sequence[Column],
) -> None:
    """Insert rows given as `columns` (one per name in `names`) after `constants` (the same value in every
    row). On PostgreSQL one streamed COPY, rendered a piece of each column at a time (constants once per
    line), so that converting and rendering overlap with the server's loading."""
    count = len(columns[0]) if columns else 0
    if not count:
        return
    all_names = (*constants, *names)
    if connection.dialect.name != "postgresql":
        constant_columns = [repeat(value, count) for value in constants.values()]
        lists = [_piece(column, 0, count) for column in columns]
        bulk_insert(connection, table_name, all_names, zip(*constant_columns, *lists, strict=False))
        return
    prefix = "".join(copy_field(value) + "\t" for value in constants.values())

    def pieces() -> Iterable[str]:
        for start in range(0, count, RENDER_ROWS):
            rendered = [_copy_column(_piece(column, start, start + RENDER_ROWS)) for column in columns]
            lines = map("\t".join, zip(*rendered, strict=True))
            yield prefix + ("\n" + prefix).join(lines) + "\n"

    copy_text(connection, table_name, all_names, pieces())


def _piece(column: Column, start: int, stop: int) -> list[Any]:
    return column.iloc[start:stop].tolist() if isinstance(column, pd.Series) else list(column[start:stop])


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
