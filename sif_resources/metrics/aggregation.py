"""SIF's aggregations as pure functions over frames: metric values (§9.9) — day values per group from
pipeline sums, input metrics and the group tree, then week, month, quarter and year roll-ups of stored day
values — and pipeline aggregates (§9.8), the `aggregate` settings of a pipeline's outputs applied to its
latest activities.

What belongs here: the arithmetic and the calendar (which periods a month touches, which days they need).
What does not: fetching inputs or writing `MetricSlice`s and aggregated activities (the stores and assets),
metric ordering (`sif_resources.pipelines.definition`).

Every sum is exact (`Decimal` with unlimited precision); frames arriving with text or `Decimal` values are
both accepted, floats are refused. Results carry exact decimal text without trailing zeros (`310.97`, `0`),
like the activity slice's daily sums.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_UP,
    Context,
    Decimal,
    InvalidOperation,
    localcontext,
)
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pa_json

from calculator.values import EXACT
from sif_resources.activities.compute import decimal_text
from sif_resources.activities.model import METRIC_COLUMNS, empty_frame
from sif_resources.domain.groups import ROOT_GROUP_ID, ancestors_of
from sif_resources.pipelines.definition import PipelineDefinition

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


# --- pipeline aggregates (§9.8) ---------------------------------------------------------------------------
#: Aggregated activities: activity_id (BLAKE2b like raw activities, over tenant, pipeline, `aggregated`,
#: group, date and keys); group_id; date: the groupBy timestamp's UTC day (`2024-03-01T00:00:00.000Z`);
#: unique_keys: JSON list of the string groupBy values (transform order; null where absent);
#: values: JSON object output key -> aggregate as text (null when no row had a value).
AGGREGATE_COLUMNS: tuple[str, ...] = ("activity_id", "group_id", "date", "unique_keys", "values")
AggregateFunction = Literal["sum", "mean", "min", "max", "count"]
_NUMERIC_FUNCTIONS = ("sum", "mean", "min", "max")
_MS_PER_DAY = 86_400_000


@dataclass(frozen=True)
class AggregateSpec:
    """A pipeline's `aggregate` settings: the timestamp groupBy (the aggregate's date), the other groupBy
    outputs (its keys) and the aggregated outputs with their function, in transform order."""

    time_key: str
    group_keys: tuple[str, ...]
    measures: tuple[tuple[str, AggregateFunction], ...]

    @staticmethod
    def of(pipeline: PipelineDefinition) -> AggregateSpec | None:
        """Read from the transformer JSON (the calculator's `Output` does not carry `aggregate`); None when
        no output is aggregated. ValueError unless exactly one timestamp output is a groupBy (§8.2)."""
        outputs = [
            o
            for t in sorted(pipeline.transformer_json.get("transforms", []), key=lambda t: t.get("index", 0))
            for o in (t.get("outputs") or [])[:1]
            if o.get("aggregate")
        ]
        if not outputs:
            return None
        times = [o["key"] for o in outputs if o["aggregate"] == "groupBy" and o.get("type") == "timestamp"]
        if len(times) != 1:
            raise ValueError(
                f"pipeline {pipeline.key}: aggregation needs exactly one timestamp groupBy output"
            )
        keys = tuple(o["key"] for o in outputs if o["aggregate"] == "groupBy" and o["key"] != times[0])
        measures = tuple((o["key"], o["aggregate"]) for o in outputs if o["aggregate"] != "groupBy")
        for key, function in measures:
            if function not in (*_NUMERIC_FUNCTIONS, "count"):
                raise ValueError(
                    f"pipeline {pipeline.key}: output {key!r} has unknown aggregate {function!r}"
                )
        return AggregateSpec(times[0], keys, measures)


def pipeline_aggregates(
    pipeline: PipelineDefinition, activities: pd.DataFrame, *, tenant: str
) -> pd.DataFrame:
    """The aggregated activities (AGGREGATE_COLUMNS) of `activities` (ACTIVITY_COLUMNS; only latest,
    non-delete rows count), one per group, groupBy day and groupBy values.

    `sum`/`min`/`max`/`mean` read number values, `count` counts values of any type; each skips nulls (and
    text that is not a number), as SQL aggregates do, and a row whose numeric aggregated values are all null
    is skipped. `mean` is divided as Postgres' `avg(numeric)` does (at least 16 significant digits).

    SIF recomputes aggregates over the activities dated within the days an execution touched, in the groups
    it touched; pass every activity of the groupBy periods wanted (e.g. whole months for a `roundDownTo=
    'month'` groupBy) so that no aggregate covers only part of its period."""
    spec = AggregateSpec.of(pipeline)
    if spec is None or activities.empty:
        return empty_frame(AGGREGATE_COLUMNS)
    rows = activities
    if "is_latest" in rows.columns:
        rows = rows[rows["is_latest"].astype(bool)]
    if "action" in rows.columns:
        rows = rows[rows["action"] != "delete"]
    if rows.empty:
        return empty_frame(AGGREGATE_COLUMNS)
    values = _output_texts(pipeline, rows, [spec.time_key, *spec.group_keys, *(k for k, _ in spec.measures)])

    frame = pd.DataFrame({"group_id": rows["group_id"].to_numpy(dtype=object)})
    frame["day"] = (
        _iso_days(values[spec.time_key])
        if spec.time_key == pipeline.time_key
        else _days(values[spec.time_key])
    )
    for i, key in enumerate(spec.group_keys):
        frame[f"k{i}"] = values[key]
    numbers: dict[str, np.ndarray] = {}
    for j, (key, function) in enumerate(spec.measures):
        if function == "count":
            frame[f"m{j}"] = values[key]
        else:
            if key not in numbers:
                numbers[key] = _numbers(values[key])
            frame[f"m{j}"] = numbers[key]
    has_number = np.zeros(len(frame), dtype=bool)
    for column in numbers.values():
        has_number |= pd.notna(column)
    keep = pd.notna(frame["day"]).to_numpy() & (has_number if numbers else True)
    frame = frame[keep]
    if frame.empty:
        return empty_frame(AGGREGATE_COLUMNS)

    by = ["group_id", "day", *(f"k{i}" for i in range(len(spec.group_keys)))]
    out: list[tuple[str, str, str, str]] = []
    with localcontext(EXACT):
        for group_values, group in frame.groupby(by, dropna=False, sort=True):
            group_id, day, *keys = group_values
            results = {
                key: _aggregate(function, group[f"m{j}"].to_numpy())
                for j, (key, function) in enumerate(spec.measures)
            }
            out.append(
                (
                    str(group_id),
                    _day_iso(int(day)),
                    json.dumps([None if pd.isna(k) else k for k in keys], ensure_ascii=False),
                    json.dumps(results, ensure_ascii=False),
                )
            )
    prefix = f"{tenant}\x1f{pipeline.key}\x1faggregated\x1f"
    return pd.DataFrame(
        {
            "activity_id": [
                hashlib.blake2b((prefix + "\x1f".join(r[:3])).encode(), digest_size=8).hexdigest()
                for r in out
            ],
            "group_id": [r[0] for r in out],
            "date": [r[1] for r in out],
            "unique_keys": [r[2] for r in out],
            "values": [r[3] for r in out],
        },
        columns=list(AGGREGATE_COLUMNS),
        dtype=object,
    )


def _output_texts(pipeline: PipelineDefinition, rows: pd.DataFrame, keys: list[str]) -> dict[str, np.ndarray]:
    """Each wanted output's text per activity row (None where null): the time output is the row's `date`,
    unique keys sit in `unique_keys`, every other output in `values`. Both JSON columns are parsed in one
    pass each by Arrow."""
    wanted = list(dict.fromkeys(keys))
    out: dict[str, np.ndarray] = {}
    if pipeline.time_key in wanted:
        out[pipeline.time_key] = rows["date"].to_numpy(dtype=object)
    slots = {key: i for i, key in enumerate(pipeline.unique_keys) if key in wanted}
    if slots:
        lists = _json_lines(
            ('{"k":' + rows["unique_keys"].astype(str) + "}").tolist(), {"k": pa.list_(pa.string())}
        )
        for key, slot in slots.items():
            out[key] = pc.list_element(lists["k"], slot).to_numpy(zero_copy_only=False)
    others = [key for key in wanted if key not in out]
    if others:
        table = _json_lines(rows["values"].astype(str).tolist(), {key: pa.string() for key in others})
        out.update({key: table[key].to_numpy(zero_copy_only=False) for key in others})
    return out


def _json_lines(lines: list[str], fields: dict[str, pa.DataType]) -> pa.Table:
    """JSON objects (one per row, no raw newlines: JSON escapes them) read by Arrow with a fixed schema."""
    options = pa_json.ParseOptions(
        explicit_schema=pa.schema(list(fields.items())), unexpected_field_behavior="ignore"
    )
    return pa_json.read_json(io.BytesIO("\n".join(lines).encode()), parse_options=options)


def _iso_days(texts: np.ndarray) -> np.ndarray:
    """UTC day numbers (object) of ISO date texts (`2024-03-02T06:00:00.000Z`)."""
    instants = pd.to_datetime(pd.Series(texts), utc=True, format="ISO8601")
    days = (instants.dt.floor("D") - pd.Timestamp(0, tz="UTC")).dt.days
    return np.asarray(days.astype(object).where(days.notna(), None), dtype=object)


def _days(texts: np.ndarray) -> np.ndarray:
    """UTC day numbers (object: int, or None where null or not a timestamp) of epoch-millisecond texts,
    each distinct text converted once."""
    codes, uniques = pd.factorize(texts)
    days: list[int | None] = []
    for text in uniques:
        try:
            days.append(int(Decimal(str(text)).to_integral_value(rounding=ROUND_FLOOR)) // _MS_PER_DAY)
        except (InvalidOperation, ValueError, OverflowError):
            days.append(None)  # not a timestamp: the row has no aggregate date
    return np.array([*days, None], dtype=object)[codes]  # code -1 (null) picks the trailing None


def _numbers(texts: np.ndarray) -> np.ndarray:
    """Decimals (None where null or not a number), each distinct text parsed once."""
    codes, uniques = pd.factorize(texts)
    parsed: list[Decimal | None] = []
    for text in uniques:
        try:
            value = Decimal(str(text))
        except InvalidOperation:
            parsed.append(None)
            continue
        parsed.append(value if value.is_finite() else None)
    return np.array([*parsed, None], dtype=object)[codes]  # code -1 (null) picks the trailing None


def _aggregate(function: AggregateFunction, values: np.ndarray) -> str | None:
    present = [v for v in values if v is not None and not (isinstance(v, float) and v != v)]
    if function == "count":
        return str(len(present))
    if not present:
        return None
    if function == "sum":
        return decimal_text(sum(present, _ZERO))
    if function == "min":
        return decimal_text(min(present))
    if function == "max":
        return decimal_text(max(present))
    return decimal_text(postgres_avg(sum(present, _ZERO), len(present)))


def postgres_avg(total: Decimal, count: int) -> Decimal:
    """`total / count` as Postgres' `avg(numeric)` rounds it (`select_div_scale`): at least 16 significant
    digits and no fewer decimals than `total`, half away from zero."""
    divisor = Decimal(count)

    def weight_and_first_digit(value: Decimal) -> tuple[int, int]:
        # Postgres keeps base-10000 digits: the weight of the first non-zero one and its value
        if not value:
            return 0, 0
        weight = value.copy_abs().adjusted() // 4
        return weight, int(value.copy_abs().scaleb(-4 * weight).to_integral_value(rounding=ROUND_FLOOR))

    weight1, first1 = weight_and_first_digit(total)
    weight2, first2 = weight_and_first_digit(divisor)
    quotient_weight = weight1 - weight2 - (1 if first1 <= first2 else 0)
    scale = max(16 - 4 * quotient_weight, max(-total.as_tuple().exponent, 0), 0)  # type: ignore[operator]
    scale = min(scale, 1000)
    # truncate with guard digits, then round once: truncation never crosses a half-up boundary
    digits = max(total.adjusted() - divisor.adjusted(), 0) + scale + 10
    truncated = Context(prec=digits, rounding=ROUND_DOWN, Emax=MAX_EMAX, Emin=MIN_EMIN).divide(total, divisor)
    return truncated.quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_UP, context=EXACT)


def _day_iso(day: int) -> str:
    return (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(days=day)).strftime("%Y-%m-%dT00:00:00.000Z")


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
