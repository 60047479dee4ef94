"""SIF's metric aggregation (§9.9) as pure functions over frames: day values per group from pipeline sums,
input metrics and the group tree, then week, month, quarter and year roll-ups of stored day values.

What belongs here: the arithmetic and the calendar (which periods a month touches, which days they need).
What does not: fetching inputs or writing `MetricSlice`s (the stores and assets), metric ordering
(`sif_resources.pipelines.definition`).

Every sum is exact (`Decimal` with unlimited precision); frames arriving with text or `Decimal` values are
both accepted, floats are refused. Results carry exact decimal text without trailing zeros (`310.97`, `0`),
like the activity slice's daily sums.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any, Literal

import pandas as pd

from calculator.values import EXACT
from sif_resources.activities.compute import decimal_text
from sif_resources.activities.model import METRIC_COLUMNS, empty_frame
from sif_resources.domain.groups import ROOT_GROUP_ID, ancestors_of

TimeUnit = Literal["day", "week", "month", "quarter", "year"]
#: The coarser units a month's day values roll up into, in SIF's order (§9.9 step 2).
ROLLUP_UNITS: tuple[TimeUnit, ...] = ("week", "month", "quarter", "year")
_ZERO = Decimal(0)


# --- the calendar -------------------------------------------------------------------------------------------
def month_days(month: str) -> tuple[date, date]:
    """The first and last day of `month` (`YYYY-MM`)."""
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError as exc:
        raise ValueError(f"month must be YYYY-MM, got {month!r}") from exc
    if len(month) != 7:
        raise ValueError(f"month must be YYYY-MM, got {month!r}")
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def period_start(day: date, unit: TimeUnit) -> date:
    """The first day of the `unit` period holding `day`; weeks start on Monday (ISO, as Postgres)."""
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if unit == "year":
        return date(day.year, 1, 1)
    raise ValueError(f"unknown time unit {unit!r}")


def rollup_window(month: str) -> tuple[date, date]:
    """The days (inclusive) whose stored day values `rollups(…, month)` needs: every day of every week,
    the month, the quarter and the year that `month` touches. That is from the earlier of 1 January and the
    Monday of the week holding the month's first day, to the later of 31 December and the Sunday of the week
    holding its last day — so January and December windows reach into the neighbouring years."""
    first, last = month_days(month)
    start = min(period_start(first, "week"), date(first.year, 1, 1))
    end = max(period_start(last, "week") + timedelta(days=6), date(first.year, 12, 31))
    return start, end


def _periods(month: str) -> dict[TimeUnit, set[date]]:
    """Start dates of the periods of each roll-up unit that overlap `month`."""
    first, last = month_days(month)
    monday, last_monday = period_start(first, "week"), period_start(last, "week")
    weeks = {monday + timedelta(weeks=i) for i in range((last_monday - monday).days // 7 + 1)}
    return {
        "week": weeks,
        "month": {first},
        "quarter": {period_start(first, "quarter")},
        "year": {period_start(first, "year")},
    }


# --- day values ---------------------------------------------------------------------------------------------
def daily_metric_values(
    *,
    groups: Sequence[str],
    own_daily: pd.DataFrame,
    input_metric_days: pd.DataFrame,
    days: tuple[date | str, date | str],
) -> pd.DataFrame:
    """One metric's day values (METRIC_COLUMNS, `time_unit` = `day`) for the days of `days` (inclusive).

    `own_daily` (group_id, day, value) holds the sums of the metric's linked pipeline outputs per group and
    day; `input_metric_days` (group_id, day, group_value) the day `groupValue`s of its input metrics (only
    their own part counts: their sub-group part reaches this metric through the hierarchy). Then
    `groupValue(G, d)` = own + input metrics at G, and `subGroupsValue(G, d)` = Σ over G's immediate children
    C of `groupValue(C, d) + subGroupsValue(C, d)` — which unfolds to Σ of `groupValue` over every group
    below G. A row is produced for each group with values and each of its ancestors up to `/`, on each day
    any of them has values. `groups` are the tenant's groups: values for another group are an error (it
    catches group ids spelt differently by the activity store and the catalog)."""
    first, last = (_day(d) for d in days)
    known = {*groups, ROOT_GROUP_ID}
    group_values: dict[tuple[str, date], Decimal] = {}
    with localcontext(EXACT):
        for frame, column in ((own_daily, "value"), (input_metric_days, "group_value")):
            for group, day, value in _entries(frame, "day", column):
                if not first <= day <= last:
                    continue
                if group not in known:
                    raise ValueError(f"metric values for {group!r}, which is not a group of the tenant")
                group_values[group, day] = group_values.get((group, day), _ZERO) + value
        below: dict[tuple[str, date], Decimal] = {}
        for (group, day), value in group_values.items():
            for ancestor in ancestors_of(group):
                below[ancestor, day] = below.get((ancestor, day), _ZERO) + value
    keys = sorted({*group_values, *below})
    if not keys:
        return empty_frame(METRIC_COLUMNS)
    return pd.DataFrame(
        {
            "group_id": [g for g, _ in keys],
            "time_unit": "day",
            "date": [d.isoformat() for _, d in keys],
            "group_value": [decimal_text(group_values.get(k, _ZERO)) for k in keys],
            "sub_groups_value": [decimal_text(below.get(k, _ZERO)) for k in keys],
        },
        columns=list(METRIC_COLUMNS),
        dtype=object,
    )


# --- roll-ups -----------------------------------------------------------------------------------------------
def rollups(day_values: pd.DataFrame, month: str, *, groups: Iterable[str] = ()) -> pd.DataFrame:
    """Week, month, quarter and year values (METRIC_COLUMNS) of the periods that overlap `month`, each the
    exact sum of its day values (`group_value` and `sub_groups_value` separately); `date` is the period's
    first day (a week's Monday, possibly in the previous month or year).

    `day_values` (group_id, date, group_value, sub_groups_value; rows of another `time_unit` are ignored)
    must hold every stored day value of `rollup_window(month)` — including the month's freshly computed
    ones — or the periods reaching outside the month are summed short; days outside the window are ignored.
    A group gets rows for the periods it has day values in; `groups` also get rows (zeros) for the others,
    so that a group whose values were all deleted overwrites its stale period values."""
    periods = _periods(month)
    window_start, window_end = rollup_window(month)
    if "time_unit" in day_values.columns:
        day_values = day_values[day_values["time_unit"] == "day"]
    sums: dict[tuple[str, TimeUnit, date], tuple[Decimal, Decimal]] = {}
    with localcontext(EXACT):
        for group, day, group_value, sub_groups_value in _day_rows(day_values):
            if not window_start <= day <= window_end:
                continue
            for unit in ROLLUP_UNITS:
                start = period_start(day, unit)
                if start in periods[unit]:
                    old_group, old_sub = sums.get((group, unit, start), (_ZERO, _ZERO))
                    sums[group, unit, start] = (old_group + group_value, old_sub + sub_groups_value)
    for group in groups:
        for unit in ROLLUP_UNITS:
            for start in periods[unit]:
                sums.setdefault((group, unit, start), (_ZERO, _ZERO))
    if not sums:
        return empty_frame(METRIC_COLUMNS)
    order = {unit: i for i, unit in enumerate(ROLLUP_UNITS)}
    keys = sorted(sums, key=lambda k: (k[0], order[k[1]], k[2]))
    return pd.DataFrame(
        {
            "group_id": [k[0] for k in keys],
            "time_unit": [k[1] for k in keys],
            "date": [k[2].isoformat() for k in keys],
            "group_value": [decimal_text(sums[k][0]) for k in keys],
            "sub_groups_value": [decimal_text(sums[k][1]) for k in keys],
        },
        columns=list(METRIC_COLUMNS),
        dtype=object,
    )


# --- reading frames -----------------------------------------------------------------------------------------
def _entries(frame: pd.DataFrame, day_column: str, value_column: str) -> Iterator[tuple[str, date, Decimal]]:
    """(group, day, value) of each row holding a value; null values are skipped (SIF ignores nulls)."""
    if frame.empty:
        return
    for group, day, value in frame[["group_id", day_column, value_column]].itertuples(index=False):
        exact = _decimal(value)
        if exact is not None:
            yield str(group), _day(day), exact


def _day_rows(frame: pd.DataFrame) -> Iterator[tuple[str, date, Decimal, Decimal]]:
    if frame.empty:
        return
    columns = ["group_id", "date", "group_value", "sub_groups_value"]
    for group, day, group_value, sub_groups_value in frame[columns].itertuples(index=False):
        yield str(group), _day(day), _decimal(group_value) or _ZERO, _decimal(sub_groups_value) or _ZERO


def _decimal(value: Any) -> Decimal | None:
    """An exact value from `Decimal`, int or text; None for a missing one. Floats are refused: they have
    already lost digits."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool | float):
        raise TypeError(f"metric values must be exact (Decimal, int or text), got {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    try:
        exact = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"{value!r} is not a decimal number") from exc
    if not exact.is_finite():
        raise ValueError(f"{value!r} is not a finite decimal number")
    return exact


def _day(value: Any) -> date:
    """A day from a `date`, a datetime or text starting `YYYY-MM-DD`."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
