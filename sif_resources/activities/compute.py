"""Computing one activity slice (tenant x pipeline x month) from the input rows of its executions: SIF §9.5
(activities result handling) and §9.6 (identity, restatement, deletion) as column operations.

What belongs here: `InputPart` (one execution's rows for the month) and `compute_activity_slice`, which runs
the pipeline's transformer over every part and turns its columns into the slice's activity rows, errors and
daily sums; `batch_parts` and `RowIds`, which the other pipeline types' results
(`sif_resources.executions.results`) evaluate with too. Pure and vectorised: numpy, pandas and pyarrow over
whole columns; Python loops only over distinct values (dates, identities, errors). What does not: reading
inputs, Dagster, storage (the stores write an `ActivitySlice`), metric roll-ups (`sif_resources.metrics`).

Choices worth knowing:

* **Identity** (§9.6) is `(tenant, pipeline, group, date, unique keys)`. `activity_id` is the first 16 hex
  digits of BLAKE2b over those five texts joined by U+001F (date as ISO UTC text, keys as their JSON list).
  BLAKE2b is fixed by RFC 7693, so ids are stable across runs, processes and library versions (pandas'
  `hash_pandas_object` is not promised to be); only distinct identities are hashed.
* **Dates** are whole UTC seconds (SIF stores epoch seconds; AS_TIMESTAMP already drops fractions), so two
  rows within one second are the same activity.
* **Latest** is the last version of an identity ordered by execution (first appearance among the parts,
  which arrive oldest first), then file row number (§9.5 step 4: the last execution processed wins).
* **Delete parts** (§9.6) identify rows exactly as create parts do but store null values, and their cell
  errors are not reported; row errors (unreadable input, null key, no date) still are.
* **A row yields no activity** when it has a row error, its time output failed or is not a number (epoch
  milliseconds), a unique key failed or is null/empty (SIF: `uniqueKey value cannot be null`), or its date
  lies outside the slice's month (a safety net: upstream splits files by month). Each case is an error row;
  a failed output is reported once, as its cell error.
* **Daily sums** add the latest values of numeric outputs per group and UTC day exactly, in Arrow decimals
  sized from the digits actually present (falling back to Python `Decimal` when 76 digits cannot hold them).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal, localcontext
from typing import Any, Literal, overload

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from calculator.columns import Column, fixed_arrow_texts, present, strings
from calculator.evaluator import EvaluationContext
from calculator.resolver import Resolver
from calculator.transformer import TransformResult, run_transformer
from calculator.values import EXACT, Kind
from sif_resources.activities.model import (
    ACTIVITY_COLUMNS,
    DAILY_COLUMNS,
    ERROR_COLUMNS,
    ActivitySlice,
    empty_frame,
)
from sif_resources.pipelines.definition import PipelineDefinition

Action = Literal["create", "delete"]
ACTIONS: tuple[str, ...] = ("create", "delete")

_SEPARATOR = "\x1f"  # joins identity parts; cannot occur in group ids, ISO dates or JSON text unescaped
_NEEDS_ESCAPE = r'[\x00-\x1f"\\]'
_NUMBER_PARTS = r"^[+-]?(?P<i>\d*)(?:\.(?P<f>\d*))?(?:[eE](?P<e>[+-]?\d+))?$"
_SECONDS_PER_DAY = 86_400
_MS_LIMIT = 2**62  # epoch milliseconds beyond this are not dates (and would overflow int64 arithmetic)
#: Rows the transformer evaluates at once: large enough to amortise the calculator's per-call costs, small
#: enough that its intermediate columns of a month of ten million rows stay within a few hundred MB.
MAX_BATCH_ROWS = 200_000
#: Identity texts hashed, or dates formatted, at a time.
_HASH_ROWS = 65_536


@dataclass(frozen=True, eq=False)
class InputPart:
    """One execution's input rows that fall in the slice's month.

    `rows` holds the raw text columns (named by parameter key or CSV label); `row_numbers` the 1-based data
    row of each in the execution's file; `group` the execution's group context (rows default to it).
    """

    execution_id: str
    group: str
    action: Action
    rows: pd.DataFrame
    row_numbers: np.ndarray

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"action must be one of {ACTIONS}, got {self.action!r}")
        if len(self.rows) != len(self.row_numbers):
            rows, numbers = len(self.rows), len(self.row_numbers)
            raise ValueError(f"execution {self.execution_id}: {rows} rows but {numbers} row numbers")


def compute_activity_slice(
    pipeline: PipelineDefinition,
    parts: Sequence[InputPart],
    *,
    tenant: str,
    month: str,
    run_id: str,
    computed_at: datetime,
    resolver: Resolver | None,
    default_group: str,
) -> ActivitySlice:
    """Evaluate `pipeline` over the parts (oldest execution first) and build the slice for `month`
    (`YYYY-MM`): every row version, which versions are latest, errors, and exact daily sums of the latest
    numeric values. `default_group` stands in for a part without a group."""
    month_start, month_end = _month_bounds(month)
    parts = list(parts)
    count = sum(len(p.rows) for p in parts)
    part_of = np.repeat(np.arange(len(parts), dtype=np.int64), [len(p.rows) for p in parts])
    row_numbers = (
        np.concatenate([np.asarray(p.row_numbers, dtype=np.int64) for p in parts])
        if parts
        else np.empty(0, dtype=np.int64)
    )
    if not count:
        return ActivitySlice(
            tenant=tenant,
            pipeline_key=pipeline.key,
            month=month,
            run_id=run_id,
            computed_at=computed_at,
            rows=empty_frame(ACTIVITY_COLUMNS),
            daily=empty_frame(DAILY_COLUMNS),
            errors=empty_frame(ERROR_COLUMNS),
            input_rows=0,
            pipeline_version=pipeline.version,
            factor_versions=factor_versions(resolver),
        )
    part_groups = [p.group or default_group for p in parts]
    deleting = np.array([p.action == "delete" for p in parts], dtype=bool)[part_of]

    evaluated = _evaluate(pipeline, parts, part_groups, tenant, resolver, count)
    issues = _Issues()
    for position, column, message in evaluated.errors:
        # §9.6: evaluation (cell) errors are not reported for delete runs; row errors are
        if column is None or not deleting[position]:
            issues.add(position, column, message)

    # --- which rows become activities ----------------------------------------------------------------
    usable = evaluated.processed.copy()
    time_ok, seconds = evaluated.seconds, evaluated.seconds_values
    for reason, mask in evaluated.time_problems.items():
        for row in np.flatnonzero(mask & usable).tolist():
            issues.add(row, None, evaluated.row_error(row, pipeline.time_key, reason))
    usable &= time_ok
    for key, (ok, empty) in evaluated.key_checks.items():
        for row in np.flatnonzero(empty & usable).tolist():
            issues.add(row, None, evaluated.row_error(row, key, "uniqueKey value cannot be null"))
        usable &= ok
    outside = usable & ((seconds < month_start) | (seconds >= month_end))
    if outside.any():
        positions = np.flatnonzero(outside)
        texts = _iso_texts(seconds[positions])
        for position, text in zip(positions.tolist(), texts, strict=True):
            issues.add(position, None, f"date {text} is outside partition month {month}")
        usable &= ~outside

    keep = np.flatnonzero(usable)
    rows, daily = _activities(pipeline, parts, evaluated, keep, part_of, row_numbers, deleting, tenant)
    errors = issues.frame([p.execution_id for p in parts], part_of, row_numbers)
    return ActivitySlice(
        tenant=tenant,
        pipeline_key=pipeline.key,
        month=month,
        run_id=run_id,
        computed_at=computed_at,
        rows=rows,
        daily=daily,
        errors=errors,
        input_rows=count,
        pipeline_version=pipeline.version,
        factor_versions=factor_versions(resolver),
    )


def factor_versions(resolver: object) -> dict[str, Any]:
    """`"<type>:<tenant>:<id>" -> {"name", "version"}` of every catalog resource the resolver read, when it
    keeps that record (`CatalogResolver.versions_read()`); duck-typed so this module needs nothing from the
    catalog. The key names the resource exactly (names repeat across groups and tenants), so a later reader
    can ask the catalog for its current version (restatement)."""
    versions_read = getattr(resolver, "versions_read", None)
    if not callable(versions_read):
        return {}
    out: dict[str, Any] = {}
    for record in versions_read():
        kind, tenant, ident, name, version = (
            getattr(record, a, None) for a in ("resource_type", "tenant_id", "id", "name", "version")
        )
        if kind is not None and ident is not None:
            out[f"{kind}:{tenant}:{ident}"] = {"name": name, "version": version}
    return out


# --- evaluation ---------------------------------------------------------------------------------------------
@dataclass
class _Evaluated:
    """The transformer's results for every row of the slice, in part order (row-aligned arrays)."""

    processed: np.ndarray  # no row error
    groups: np.ndarray  # ASSIGN_TO_GROUP result, else the execution group (object)
    seconds: np.ndarray  # the time output is a usable date (bool)
    seconds_values: np.ndarray  # the date as epoch seconds (int64; 0 where unusable)
    time_problems: dict[str, np.ndarray]  # reason -> rows whose time is null / not a number (not failed)
    key_checks: dict[str, tuple[np.ndarray, np.ndarray]]  # key -> (usable, null or empty but not failed)
    key_texts: dict[str, np.ndarray]
    value_texts: dict[str, pa.Array]  # null where failed, null or absent
    value_numbers: dict[str, np.ndarray]  # numeric outputs: rows holding a number
    errors: list[tuple[int, str | None, str]]  # (position, column or None for a row error, message)
    row_error: Callable[[int, str, str], str]


def _evaluate(
    pipeline: PipelineDefinition,
    parts: list[InputPart],
    part_groups: list[str],
    tenant: str,
    resolver: Resolver | None,
    count: int,
) -> _Evaluated:
    """Run the transformer once per batch of parts sharing an execution group and input columns (usually
    one batch), then put the batches' columns back in part order."""
    results = [
        (batch.positions, _Batch.run(pipeline, batch.frame, batch.group, tenant, resolver))
        for batch in batch_parts(pipeline, parts, part_groups)
    ]
    all_positions = np.concatenate([p for p, _ in results])
    in_order = bool((all_positions == np.arange(count)).all())  # batches of one group come in order
    order = None if in_order else np.argsort(all_positions, kind="stable")

    def gather(field: str, key: str | None = None) -> np.ndarray:
        def pick(batch: _Batch) -> np.ndarray:
            value = getattr(batch, field)
            return value if key is None else value[key]

        joined = pick(results[0][1]) if len(results) == 1 else np.concatenate([pick(b) for _, b in results])
        return joined if order is None else joined[order]

    def gather_arrow(field: str, key: str) -> pa.Array:
        arrays = [getattr(batch, field)[key] for _, batch in results]
        joined = arrays[0] if len(arrays) == 1 else pa.concat_arrays(arrays)
        return joined if order is None else joined.take(pa.array(order))

    batch_of = np.concatenate([np.full(len(p), i, dtype=np.int64) for i, (p, _) in enumerate(results)])
    local = np.concatenate([np.arange(len(p)) for p, _ in results])
    if order is not None:
        batch_of, local = batch_of[order], local[order]
    errors = [
        (int(positions[row]), column, message)
        for positions, batch in results
        for row, column, message in batch.errors()
    ]

    def row_error(position: int, column: str, reason: str) -> str:
        batch = results[int(batch_of[position])][1]
        return batch.row_error(int(local[position]), column, reason)

    first = results[0][1]
    return _Evaluated(
        processed=gather("processed"),
        groups=gather("groups"),
        seconds=gather("time_ok"),
        seconds_values=gather("seconds"),
        time_problems={r: gather("time_problems", r) for r in first.time_problems},
        key_checks={k: (gather("key_usable", k), gather("key_empty", k)) for k in first.key_usable},
        key_texts={k: gather("key_texts", k) for k in first.key_texts},
        value_texts={k: gather_arrow("value_texts", k) for k in first.value_texts},
        value_numbers={k: gather("value_numbers", k) for k in first.value_numbers},
        errors=errors,
        row_error=row_error,
    )


@dataclass(frozen=True, eq=False)
class PartBatch:
    """Parts the transformer evaluates together: one execution group, one set of input columns."""

    group: str
    #: the batch's rows as positions in the concatenation of all parts (in part order)
    positions: np.ndarray
    #: the batch's rows, input columns named by parameter key
    frame: pd.DataFrame


def batch_parts(
    pipeline: PipelineDefinition,
    parts: Sequence[InputPart],
    part_groups: Sequence[str],
    max_rows: int | None = None,
) -> list[PartBatch]:
    """The parts grouped for evaluation, one batch per (execution group, input columns) in order of first
    appearance — usually one — cut into batches of at most `max_rows` rows (default `MAX_BATCH_ROWS`), in
    row order: every function is evaluated row by row, so the cut changes no value, and it bounds what the
    calculator holds at once. Parts without rows make no batch. `part_groups[i]` is part i's group (its
    own, or the default)."""
    limit = MAX_BATCH_ROWS if max_rows is None else max_rows
    if limit < 1:
        raise ValueError(f"max_rows must be at least 1, not {limit}")
    members_of: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    frames: list[pd.DataFrame] = []
    for index, part in enumerate(parts):
        frame = _keyed(part.rows, pipeline)
        frames.append(frame)
        members_of.setdefault((part_groups[index], tuple(frame.columns)), []).append(index)
    offsets = np.concatenate([[0], np.cumsum([len(p.rows) for p in parts], dtype=np.int64)])
    batches: list[PartBatch] = []
    for (group, _), members in members_of.items():
        pieces: list[tuple[int, int, int]] = []  # (part, first row, row after) within the part
        size = 0
        for index in members:
            start, count = 0, len(frames[index])
            while start < count:
                stop = min(count, start + limit - size)
                pieces.append((index, start, stop))
                size += stop - start
                start = stop
                if size == limit:
                    batches.append(_part_batch(group, pieces, frames, offsets))
                    pieces, size = [], 0
        if pieces:
            batches.append(_part_batch(group, pieces, frames, offsets))
    return batches


def _part_batch(
    group: str, pieces: list[tuple[int, int, int]], frames: list[pd.DataFrame], offsets: np.ndarray
) -> PartBatch:
    positions = np.concatenate(
        [np.arange(offsets[i] + start, offsets[i] + stop) for i, start, stop in pieces]
    )
    whole = [
        frames[i] if (start, stop) == (0, len(frames[i])) else frames[i].iloc[start:stop]
        for i, start, stop in pieces
    ]
    frame = (
        whole[0]
        if len(whole) == 1 and whole[0] is frames[pieces[0][0]]
        else pd.concat(whole, ignore_index=True)
    )
    return PartBatch(group, positions, frame)


def _keyed(rows: pd.DataFrame, pipeline: PipelineDefinition) -> pd.DataFrame:
    """Input columns named by parameter key (a CSV label is renamed when the key itself is absent), so
    parts with labelled and keyed headers evaluate together."""
    renames = {
        p.label: p.key
        for p in pipeline.transformer.parameters
        if p.label and p.label in rows.columns and p.key not in rows.columns
    }
    frame = rows.rename(columns=renames) if renames else rows
    return frame.reset_index(drop=True)


class RowIds(Sequence[str]):
    """SIF's row identifier (every input value joined with `-`) and Java map text of input rows, made only
    for the rows named in error messages: one by one for the first few, then for every row at once (a
    formula failing on every row must not cost a pandas row lookup each). Pass as `run_transformer`'s
    `row_ids`."""

    _ONE_BY_ONE = 256

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame
        self._asked = 0
        self._ids: np.ndarray | None = None
        self._maps: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self._frame)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if self._ids is None and self._busy():
            self._ids = self._joined([self._texts(c) for c in self._frame.columns], "-")
        if self._ids is not None:
            return str(self._ids[index])
        return "-".join(self._text(v) for v in self._frame.iloc[index])

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))

    def java_map(self, index: int) -> str:
        """The input row as Java prints a map: `{key=value, ...}` in column order."""
        if self._maps is None and self._busy():
            pieces: list[Any] = []
            for i, name in enumerate(self._frame.columns):
                pieces += [f"{', ' if i else ''}{name}=", self._texts(name)]
            self._maps = self._joined(["{", *pieces, "}"], "")
        if self._maps is not None:
            return str(self._maps[index])
        return "{" + ", ".join(f"{k}={self._text(v)}" for k, v in self._frame.iloc[index].items()) + "}"

    def _busy(self) -> bool:
        self._asked += 1
        return self._asked > self._ONE_BY_ONE

    def _texts(self, name: Any) -> pa.Array:
        column = self._frame[name]
        texts = column.astype(object).where(column.notna(), "").astype(str)
        return pa.array(texts.to_numpy(dtype=object), type=pa.string())

    def _joined(self, pieces: list[Any], separator: str) -> np.ndarray:
        if not len(self._frame):
            return np.empty(0, dtype=object)
        return np.asarray(pc.binary_join_element_wise(*pieces, separator).to_numpy(zero_copy_only=False))

    @staticmethod
    def _text(value: object) -> str:
        missing = value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
        return "" if missing else str(value)


@dataclass
class _Batch:
    """One transformer run and the per-row facts the slice needs from it."""

    frame: pd.DataFrame
    row_ids: RowIds
    result: TransformResult
    processed: np.ndarray
    groups: np.ndarray
    time_ok: np.ndarray
    seconds: np.ndarray
    time_problems: dict[str, np.ndarray]
    key_usable: dict[str, np.ndarray]
    key_empty: dict[str, np.ndarray]
    key_texts: dict[str, np.ndarray]
    value_texts: dict[str, pa.Array]
    value_numbers: dict[str, np.ndarray]

    @staticmethod
    def run(
        pipeline: PipelineDefinition,
        frame: pd.DataFrame,
        group: str,
        tenant: str,
        resolver: Resolver | None,
    ) -> _Batch:
        row_ids = RowIds(frame)
        context = EvaluationContext(group=group, tenant=tenant, resolver=resolver)
        result = run_transformer(pipeline.transformer, frame, context=context, row_ids=row_ids)
        count = len(frame)
        assigned = result.assigned_groups
        has_group = present(assigned)
        groups = np.empty(count, dtype=object)
        groups[:] = group  # one text object for every row (np.full would make a copy per row)
        groups[has_group] = assigned[has_group]

        time_key = pipeline.time_key
        time_column = result.outputs[time_key]
        time_failed = result.failed_cells[time_key]
        milliseconds, is_number = _epoch_milliseconds(time_column, ~time_failed)
        null_time = ~time_failed & (time_column.kinds <= Kind.NULL)
        not_number = ~time_failed & ~null_time & ~is_number
        seconds = np.where(is_number, milliseconds // 1000, 0)

        key_usable: dict[str, np.ndarray] = {}
        key_empty: dict[str, np.ndarray] = {}
        key_texts: dict[str, np.ndarray] = {}
        for key in pipeline.unique_keys:
            column = result.outputs[key]
            failed = result.failed_cells[key]
            texts = _texts(column, failed | (column.kinds <= Kind.NULL))
            empty = ~failed & ((column.kinds <= Kind.NULL) | (texts == ""))
            key_usable[key] = ~failed & ~empty
            key_empty[key] = empty
            key_texts[key] = texts
        value_texts: dict[str, pa.Array] = {}
        value_numbers: dict[str, np.ndarray] = {}
        for output in pipeline.value_outputs:
            column = result.outputs[output.key]
            absent = result.failed_cells[output.key] | (column.kinds <= Kind.NULL)
            value_texts[output.key] = _arrow_value_texts(column, absent)
            if output.type == "number":
                value_numbers[output.key] = ~absent & (column.kinds == Kind.NUMBER)
        return _Batch(
            frame,
            row_ids,
            result,
            result.processed,
            groups,
            is_number,
            seconds,
            {"timestamp value cannot be null": null_time, "timestamp value must be a number": not_number},
            key_usable,
            key_empty,
            key_texts,
            value_texts,
            value_numbers,
        )

    def errors(self) -> Iterator[tuple[int, str | None, str]]:
        """Row errors (column None) and cell errors, with their batch row."""
        for row, message in self.result.row_errors.items():
            yield row, None, message
        for cell in self.result.cell_errors:
            yield cell.row, cell.column, cell.message

    def row_error(self, row: int, column: str, reason: str) -> str:
        """SIF's line for a row the activity writer rejects after evaluation (§7.2 steps 4 and 6)."""
        java_map, row_id = self.row_ids.java_map(row), self.row_ids[row]
        reason = f"Row '{row_id}' column '{column}' encountered error {reason}"
        return f"Failed processing row {java_map}, err: {reason}"


def _arrow_value_texts(column: Column, absent: np.ndarray) -> pa.Array:
    """SIF text of each value as Arrow strings, null where `absent`: a column of scaled integers is
    formatted straight into Arrow, anything else through `_texts`."""
    if not absent.any() and (column.kinds == Kind.NUMBER).all() and column.texts is None:
        fixed = column.fixed
        if fixed is not None:
            return fixed_arrow_texts(fixed)
    return _arrow_texts(_texts(column, absent))


def _texts(column: Column, absent: np.ndarray) -> np.ndarray:
    """SIF text of each value, None where `absent` (failed or null). Only present rows are stringified:
    a column mixing nulls with strings would otherwise take `strings()`' per-row path for every row."""
    if not absent.any():
        return strings(column)  # cached on the column: callers treat it as read-only
    out = np.full(len(column), None, dtype=object)
    present_rows = np.flatnonzero(~absent)
    if len(present_rows):
        out[present_rows] = strings(column.take(present_rows))
    return out


def _epoch_milliseconds(column: Column, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The time output as integer epoch milliseconds (fractions floored) and which rows hold one."""
    count = len(column)
    numbers = candidates & (column.kinds == Kind.NUMBER)
    fixed = column.fixed if numbers.all() else None
    if fixed is not None:  # the usual case: AS_TIMESTAMP gives scaled integers
        milliseconds = fixed.mantissa // (10**fixed.scale)
        return milliseconds, numbers & (np.abs(milliseconds) < _MS_LIMIT)
    milliseconds = np.zeros(count, dtype=np.int64)
    positions = np.flatnonzero(numbers)
    texts = strings(column.take(positions))
    integral = pc.match_substring_regex(pa.array(texts, type=pa.string()), r"^-?\d{1,18}$")
    integral_mask = np.asarray(integral.to_numpy(zero_copy_only=False), dtype=bool)
    milliseconds[positions[integral_mask]] = texts[integral_mask].astype(np.int64)
    for position in positions[~integral_mask]:  # fractions or huge values: rare, exact via Decimal
        value = column.values[position]
        floored = int(value.to_integral_value(rounding=ROUND_FLOOR)) if isinstance(value, Decimal) else None
        if floored is None or abs(floored) >= _MS_LIMIT:
            numbers[position] = False
        else:
            milliseconds[position] = floored
    return milliseconds, numbers & (np.abs(milliseconds) < _MS_LIMIT)


# --- building the slice -------------------------------------------------------------------------------------
def _activities(
    pipeline: PipelineDefinition,
    parts: list[InputPart],
    evaluated: _Evaluated,
    keep: np.ndarray,
    part_of: np.ndarray,
    row_numbers: np.ndarray,
    deleting: np.ndarray,
    tenant: str,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The activity rows (in part and row order) and the daily sums of their latest versions."""
    if not len(keep):
        return empty_frame(ACTIVITY_COLUMNS), empty_frame(DAILY_COLUMNS)
    everything = len(keep) == len(part_of)

    def kept(array: np.ndarray) -> np.ndarray:
        return array if everything else array[keep]

    seconds = kept(evaluated.seconds_values)
    parts_kept = pa.array(kept(part_of))
    dates = _iso_column(seconds)
    groups = _dictionary_texts(kept(evaluated.groups))
    key_texts = [kept(evaluated.key_texts[k]) for k in pipeline.unique_keys]
    unique_keys = _json_list([_arrow_texts(t) for t in key_texts], len(keep))
    activity_ids, codes = _identities(
        f"{tenant}{_SEPARATOR}{pipeline.key}", groups, dates, unique_keys, len(keep)
    )
    is_latest = _latest(codes, kept(part_of), kept(row_numbers), [p.execution_id for p in parts])

    deleted = kept(deleting)
    keep_arrow = None if everything else pa.array(keep)
    value_arrays = {
        o.key: evaluated.value_texts[o.key]
        if keep_arrow is None
        else evaluated.value_texts[o.key].take(keep_arrow)
        for o in pipeline.value_outputs
    }
    values = _json_object(value_arrays, deleted)
    rows = pd.DataFrame(
        {
            "activity_id": _text(activity_ids),
            "group_id": _text(groups),
            "date": _text(dates),
            "unique_keys": _text(unique_keys),
            "execution_id": _text(pa.array([p.execution_id for p in parts], pa.string()).take(parts_kept)),
            "row_number": kept(row_numbers),
            "action": _text(pa.array([p.action for p in parts], pa.string()).take(parts_kept)),
            "is_latest": is_latest,
            "values": _text(values),
        },
        columns=list(ACTIVITY_COLUMNS),
    )
    counted = is_latest & ~deleted
    days = seconds // _SECONDS_PER_DAY
    daily = [
        _daily_sums(output, groups, days, value_arrays[output], counted & kept(numbers))
        for output, numbers in evaluated.value_numbers.items()
    ]
    daily = [d for d in daily if len(d)]
    if not daily:
        return rows, empty_frame(DAILY_COLUMNS)
    daily_frame = pd.concat(daily, ignore_index=True)
    return rows, daily_frame.sort_values(["group_id", "day", "output"], ignore_index=True)


def _identities(
    prefix: str, groups: pa.Array, dates: pa.Array, unique_keys: pa.Array, count: int
) -> tuple[pa.Array, np.ndarray]:
    """Each row's activity id (16 hex digits of BLAKE2b over the identity text) and a code per distinct
    identity. Hashing every row and grouping the 64-bit digests is cheaper than grouping the texts first."""
    blake2b = hashlib.blake2b
    pieces = []
    for start in range(0, count, _HASH_ROWS):  # a piece at a time: the texts as Python bytes stay few
        stop = min(count, start + _HASH_ROWS)
        identity = pc.binary_join_element_wise(
            prefix, groups[start:stop], dates[start:stop], unique_keys[start:stop], _SEPARATOR
        )
        texts = identity.cast(pa.binary()).to_pylist()
        pieces.append(b"".join([blake2b(text, digest_size=8).digest() for text in texts]))
    digests = b"".join(pieces)
    hexadecimal = digests.hex().encode()
    offsets = np.arange(0, 16 * (count + 1), 16, dtype=np.int32)
    ids = pa.StringArray.from_buffers(count, pa.py_buffer(offsets), pa.py_buffer(hexadecimal))
    codes, _ = pd.factorize(np.frombuffer(digests, dtype=np.uint64))
    return ids, codes


def _latest(
    codes: np.ndarray, part_of: np.ndarray, row_numbers: np.ndarray, executions: list[str]
) -> np.ndarray:
    """Whether each row is the last version of its identity: later execution first, then later row."""
    rank_of = {execution: rank for rank, execution in enumerate(dict.fromkeys(executions))}
    execution_rank = np.array([rank_of[e] for e in executions], dtype=np.int64)[part_of]
    rank_steps = np.diff(execution_rank)
    in_order = bool((rank_steps >= 0).all() and ((np.diff(row_numbers) >= 0) | (rank_steps > 0)).all())
    if in_order:
        return ~pd.Series(codes).duplicated(keep="last").to_numpy()
    order = np.lexsort((np.arange(len(codes)), row_numbers, execution_rank))
    latest = np.empty(len(codes), dtype=bool)
    latest[order] = ~pd.Series(codes[order]).duplicated(keep="last").to_numpy()
    return latest


def _text(array: pa.Array | pa.ChunkedArray) -> pd.Series:
    """An Arrow string column as pandas' default `str` dtype, without copying."""
    return pd.Series(array, dtype=pd.StringDtype("pyarrow", na_value=np.nan))


def _arrow_texts(texts: np.ndarray) -> pa.Array:
    """Texts (None for null) as an Arrow string array."""
    return pa.array(texts, type=pa.string(), from_pandas=True)


def _dictionary_texts(texts: np.ndarray) -> pa.Array:
    """Texts with few distinct values (groups) as Arrow, converting each distinct text once."""
    codes, uniques = pd.factorize(texts)
    return pa.array(np.asarray(uniques, dtype=object), type=pa.string()).take(pa.array(codes))


def _quoted(array: pa.Array) -> pa.Array:
    """Each text as a JSON string (`null` for null); only texts with quotes, backslashes or control
    characters go through `json.dumps`, the rest are wrapped in quotes by Arrow."""
    quoted = pc.binary_join_element_wise('"', array, '"', "")
    needs = pc.fill_null(pc.match_substring_regex(array, _NEEDS_ESCAPE), False)
    if pc.any(needs).as_py():
        texts = array.filter(needs).to_pylist()
        escaped = pa.array([json.dumps(t, ensure_ascii=False) for t in texts], type=pa.string())
        quoted = pc.replace_with_mask(quoted, needs, escaped)
    return pc.fill_null(quoted, "null")


def _json_list(arrays: list[pa.Array], count: int) -> pa.Array:
    """Row-wise JSON lists of texts: `["a","b"]`."""
    if not arrays:
        return pa.array(np.full(count, "[]", dtype=object), type=pa.string())
    pieces: list[Any] = ["["]
    for i, array in enumerate(arrays):
        pieces += [",", _quoted(array)] if i else [_quoted(array)]
    return pc.binary_join_element_wise(*pieces, "]", "")


def _json_object(arrays: Mapping[str, pa.Array], blank: np.ndarray) -> pa.Array:
    """Row-wise JSON objects key -> text (null where absent); `blank` rows get every value null."""
    keys = list(arrays)
    if not keys:
        return pa.array(np.full(len(blank), "{}", dtype=object), type=pa.string())
    pieces: list[Any] = []
    for i, key in enumerate(keys):
        pieces += [
            ("," if i else "{") + json.dumps(key, ensure_ascii=False) + ":",
            _quoted(arrays[key]),
        ]
    joined = pc.binary_join_element_wise(*pieces, "}", "")
    if blank.any():
        all_null = "{" + ",".join(f"{json.dumps(k, ensure_ascii=False)}:null" for k in keys) + "}"
        joined = pc.if_else(pa.array(blank), all_null, joined)
    return joined


# --- dates --------------------------------------------------------------------------------------------------
def _month_bounds(month: str) -> tuple[int, int]:
    """Epoch seconds of the first instant of `month` (`YYYY-MM`) and of the next month."""
    try:
        start = np.datetime64(month, "M")
    except ValueError as exc:
        raise ValueError(f"month must be YYYY-MM, got {month!r}") from exc
    if len(month) != 7:
        raise ValueError(f"month must be YYYY-MM, got {month!r}")
    return int(start.astype("datetime64[s]").astype(np.int64)), int(
        (start + 1).astype("datetime64[s]").astype(np.int64)
    )


def _iso_texts(seconds: np.ndarray) -> list[str]:
    """`YYYY-MM-DDTHH:MM:SS.sssZ` of epoch seconds."""
    return [t + "Z" for t in np.datetime_as_string(seconds.astype("datetime64[s]"), unit="ms").tolist()]


def _iso_column(seconds: np.ndarray) -> pa.Array:
    """ISO texts of many dates, formatted once per distinct second, a piece at a time and straight into
    Arrow (no Python string per date)."""
    codes, uniques = pd.factorize(seconds)
    distinct = np.asarray(uniques, dtype=np.int64)
    pieces = [pa.array([], type=pa.string())]
    for start in range(0, len(distinct), _HASH_ROWS):
        stamps = np.datetime_as_string(
            distinct[start : start + _HASH_ROWS].astype("datetime64[s]"), unit="ms"
        )
        pieces.append(pc.binary_join_element_wise(pa.array(stamps, type=pa.string()), "Z", ""))
    return pa.concat_arrays(pieces).take(pa.array(codes))


def _day_texts(days: np.ndarray) -> list[str]:
    return np.datetime_as_string(days.astype("datetime64[D]"), unit="D").tolist()


# --- daily sums ---------------------------------------------------------------------------------------------
def _daily_sums(
    output: str, groups: pa.Array, days: np.ndarray, texts: pa.Array, counted: np.ndarray
) -> pd.DataFrame:
    """Exact sums of one numeric output's counted values per group and UTC day."""
    if not counted.any():
        return empty_frame(DAILY_COLUMNS)
    mask = pa.array(counted)
    values = texts.filter(mask)
    table = pa.table({"g": groups.filter(mask), "d": pa.array(days).filter(mask), "v": values})
    decimal_type = _decimal_type(values)
    if decimal_type is not None:
        try:
            table = table.set_column(2, "v", pc.cast(values, decimal_type))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            decimal_type = None  # a value the type cannot hold exactly: sum in Python instead
    if decimal_type is not None:
        summed = table.group_by(["g", "d"]).aggregate([("v", "sum")])
        group_ids = summed["g"].to_pylist()
        day_numbers = summed["d"].to_numpy()
        sums = [decimal_text(value) for value in summed["v_sum"].to_pylist()]
    else:
        group_ids, day_list, sums = _python_sums(table)
        day_numbers = np.asarray(day_list, dtype=np.int64)
    return pd.DataFrame(
        {"group_id": group_ids, "day": _day_texts(day_numbers), "output": output, "value": sums},
        columns=list(DAILY_COLUMNS),
    )


def _decimal_type(texts: pa.Array) -> pa.DataType | None:
    """A decimal type that holds every value and any sum of them exactly, or None when 76 digits do not.

    Digits are counted from the texts: plain `-12.345` directly, E-notation (`1E-7`) through a regex."""
    length = pc.utf8_length(texts).cast(pa.int64())
    dot = pc.find_substring(texts, ".").cast(pa.int64())
    has_dot = pc.greater_equal(dot, 0)
    sign = pc.starts_with(texts, "-").cast(pa.int64())
    whole = pc.subtract(pc.if_else(has_dot, dot, length), sign)
    fraction = pc.if_else(has_dot, pc.subtract(pc.subtract(length, dot), 1), 0)
    exponent_form = pc.match_substring(texts, "e", ignore_case=True)
    if pc.any(exponent_form).as_py():
        scientific = texts.filter(exponent_form)
        parts = pc.extract_regex(scientific, _NUMBER_PARTS)
        if parts.null_count:
            return None
        exponents = pc.cast(parts.field("e"), pa.int64())
        whole = pc.max_element_wise(
            pc.max(whole.filter(pc.invert(exponent_form))),
            pc.max(pc.add(pc.utf8_length(parts.field("i")).cast(pa.int64()), exponents)),
        )
        fraction = pc.max_element_wise(
            pc.max(fraction.filter(pc.invert(exponent_form))),
            pc.max(pc.subtract(pc.utf8_length(parts.field("f")).cast(pa.int64()), exponents)),
        )
    scale = max(int(pc.max(fraction).as_py() or 0), 0)
    digits = max(int(pc.max(whole).as_py() or 0), 1) + scale + len(str(len(texts)))  # headroom for the sum
    if digits <= 38:
        return pa.decimal128(38, scale)
    if digits <= 76:
        return pa.decimal256(76, scale)
    return None


def _python_sums(table: pa.Table) -> tuple[list[str], list[int], list[str]]:
    """The exact fallback: `Decimal` sums with unlimited precision."""
    sums: dict[tuple[str, int], Decimal] = {}
    with localcontext(EXACT):
        for group, day, text in zip(
            table["g"].to_pylist(), table["d"].to_pylist(), table["v"].to_pylist(), strict=True
        ):
            key = (group, day)
            sums[key] = sums.get(key, Decimal(0)) + Decimal(text)
    keys = list(sums)
    return [k[0] for k in keys], [k[1] for k in keys], [decimal_text(sums[k]) for k in keys]


def decimal_text(value: Decimal) -> str:
    """Plain exact text without trailing zeros (`12`, `2.8`, `0.00000035`): the same sum reads the same
    whatever scale the other values of its column needed."""
    if not value:
        return "0"
    return format(value.normalize(EXACT), "f")


# --- errors -------------------------------------------------------------------------------------------------
class _Issues:
    """Errors collected by row position, turned into the slice's error frame in row order."""

    def __init__(self) -> None:
        self.items: list[tuple[int, str | None, str]] = []

    def add(self, position: int, column: str | None, message: str) -> None:
        self.items.append((position, column, message))

    def frame(self, executions: list[str], part_of: np.ndarray, row_numbers: np.ndarray) -> pd.DataFrame:
        if not self.items:
            return empty_frame(ERROR_COLUMNS)
        ordered = sorted(enumerate(self.items), key=lambda item: (item[1][0], item[0]))
        positions = np.array([item[0] for _, item in ordered], dtype=np.int64)
        executions_at = np.array(executions, dtype=object)[part_of[positions]]
        # object columns keep None (a whole-row error has no column) as None, not NaN
        return pd.DataFrame(
            {
                "execution_id": pd.Series(executions_at, dtype=object),
                "row_number": row_numbers[positions],
                "column": pd.Series([item[1] for _, item in ordered], dtype=object),
                "message": pd.Series([item[2] for _, item in ordered], dtype=object),
            },
            columns=list(ERROR_COLUMNS),
        )
