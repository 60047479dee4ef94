"""Pipeline input text -> typed columns, as SIF's calculator service types each declared parameter.

Empty or missing text is null; `number` keeps 16 significant digits (a row that is not a number is a
row error); `boolean` is true only for "true" in any case; anything else is a string without
surrounding double quotes. Inputs may be Arrow arrays (what CSV readers produce), pandas Series or
plain sequences; Arrow input is typed without creating a Python object per row where it can be.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeAlias

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from calculator import fixedpoint
from calculator.columns import Column, present
from calculator.texts import simple_decimals
from calculator.values import Kind, java_decimal_error, parse_java_decimal

RawColumn: TypeAlias = Sequence[str | None] | np.ndarray | pd.Series | pa.Array | pa.ChunkedArray


def arrow_strings(raw: RawColumn) -> pa.Array:
    """The column as one Arrow string array (zero-copy for Arrow-backed input)."""
    if isinstance(raw, pa.ChunkedArray):
        array = raw.combine_chunks()
    elif isinstance(raw, pa.Array):
        array = raw
    elif isinstance(raw, pd.Series) and not pd.api.types.is_object_dtype(raw.dtype):
        array = pa.array(raw)
        array = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
    else:
        values = [None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v) for v in raw]
        array = pa.array(values, type=pa.string())
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        array = pc.cast(array, pa.string())
    return array


def typed_column(raw: RawColumn, declared_type: str) -> tuple[Column, np.ndarray]:
    """A typed column and, per row, the reason a number does not parse (Java's message; None elsewhere)."""
    array = arrow_strings(raw)
    count = len(array)
    errors = np.full(count, None, dtype=object)
    missing = np.asarray(pc.fill_null(pc.equal(array, ""), True), dtype=bool)
    if declared_type == "number":
        return _numbers(array, missing, errors), errors
    if declared_type == "boolean":
        column = Column.empty(count)
        column.kinds[~missing] = Kind.BOOLEAN
        column.kinds[missing] = Kind.NULL
        lowered = pc.fill_null(pc.equal(pc.utf8_lower(array), "true"), False)
        column.values[:] = np.asarray(lowered, dtype=bool)
        column.values[missing] = None
        return column, errors
    if pc.any(pc.match_substring(array, '"')).as_py():
        array = pc.replace_substring_regex(array, pattern='^"', replacement="", max_replacements=1)
        array = pc.replace_substring_regex(array, pattern='"$', replacement="", max_replacements=1)
    if not missing.any():
        return Column.strings_from_arrow(array), errors
    column = Column.empty(count)
    column.kinds[:] = Kind.STRING
    column.kinds[missing] = Kind.NULL
    values = array.to_numpy(zero_copy_only=False)
    values[missing] = None
    column.values[:] = values
    return column, errors


def _numbers(array: pa.Array, missing: np.ndarray, errors: np.ndarray) -> Column:
    if not missing.any():
        texts = array.to_numpy(zero_copy_only=False)
        fixed = fixedpoint.parse(texts) if simple_decimals(texts, signed=True).all() else None
        if fixed is not None:  # at most 16 characters, so at most 16 digits: no rounding to do
            return Column.numbers(fixed)
    column = Column.empty(len(array))
    column.kinds[:] = Kind.NULL
    filled = np.flatnonzero(~missing)
    texts = array.to_numpy(zero_copy_only=False)[filled]
    codes, uniques = pd.factorize(pd.Series(texts, dtype=object))
    parsed: list[Any] = [parse_java_decimal(t) for t in uniques]
    numbers = np.empty(len(parsed), dtype=object)
    numbers[:] = parsed
    per_row = numbers[codes]
    bad = ~present(per_row)
    column.kinds[filled[~bad]] = Kind.NUMBER
    column.values[filled[~bad]] = per_row[~bad]
    errors[filled[bad]] = [java_decimal_error(t) for t in texts[bad]]
    return column
