"""Shared pieces of the function kernels: kind checks, option casts and per-distinct-value mapping."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from calculator import ast
from calculator.columns import Column, present, strings
from calculator.errors import FormulaError, UnhandledError
from calculator.evaluator import Evaluation
from calculator.values import Kind

_JAVA_CLASSES = {
    Kind.NUMBER: "NumberTypeValue",
    Kind.STRING: "StringTypeValue",
    Kind.BOOLEAN: "BooleanTypeValue",
    Kind.LIST: "ListTypeValue",
    Kind.JSON: "StringTypeValue",
}


def reject(ev: Evaluation, rows: np.ndarray, bad: np.ndarray, error: FormulaError) -> np.ndarray:
    """Fail the rows where `bad` is set; return the mask of rows still good."""
    if bad.any():
        ev.fail(rows[bad], error)
    return ~bad


def no_null_literal(ev: Evaluation, rows: np.ndarray, columns: list[Column]) -> np.ndarray:
    """SIF passes a `null` literal on as Java null where a string is needed: a NullPointerException."""
    bad = np.zeros(len(rows), dtype=bool)
    for column in columns:
        bad |= column.kinds == Kind.NOVALUE
    return reject(ev, rows, bad, UnhandledError("NullPointerException"))


def cast_option(
    ev: Evaluation, rows: np.ndarray, options: dict[str, Column], name: str, kind: Kind
) -> np.ndarray:
    """An option must hold one kind; anything else is the ClassCastException SIF lets escape."""
    column = options.get(name)
    if column is None:
        return np.ones(len(rows), dtype=bool)
    wrong = column.kinds != kind
    if not wrong.any():
        return ~wrong
    found = Kind(int(column.kinds[wrong][0]))
    source = _JAVA_CLASSES.get(found, "NullValue")
    message = f"class {source} cannot be cast to class {_JAVA_CLASSES[kind]}"
    return reject(ev, rows, wrong, UnhandledError("ClassCastException", message))


def option_strings(options: dict[str, Column], name: str, length: int, default: Any = None) -> np.ndarray:
    """The string form of an option per row, or `default` on every row when the option is absent.

    The result is read-only: an absent option costs a broadcast view, not an array.
    """
    column = options.get(name)
    if column is None:
        return repeated(default, length)
    return strings(column)


def repeated(value: Any, length: int) -> np.ndarray:
    """A read-only object array holding `value` on every row, without allocating the rows."""
    single = np.empty(1, dtype=object)
    single[0] = value
    return np.broadcast_to(single, (length,))


def factorize_rows(*arrays: np.ndarray) -> tuple[np.ndarray, list[tuple[Any, ...]]]:
    """Codes per row and the distinct tuples of several aligned object arrays (None is a value).

    Each array is factorised on its own (a broadcast literal costs nothing), then the codes are combined
    as one mixed-radix integer, so even a million rows of several columns stay in C.
    """
    length = len(arrays[0]) if arrays else 0
    if length == 0:
        return np.zeros(0, dtype=np.int64), []
    per_array: list[tuple[np.ndarray | None, np.ndarray]] = []
    for values in arrays:
        if _constant(values):
            per_array.append((None, values[:1]))
        else:
            codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
            distinct = np.asarray(uniques, dtype=object)
            distinct[pd.isna(distinct)] = None  # factorize turns None into NaN
            per_array.append((codes.astype(np.int64), distinct))
    if all(codes is None for codes, _ in per_array):
        return np.zeros(length, dtype=np.int64), [tuple(u[0] for _, u in per_array)]
    combined = np.zeros(length, dtype=np.int64)
    radix = 1
    for codes, uniques in per_array:
        if codes is not None:
            radix *= len(uniques)
            combined = combined * len(uniques) + codes
    if radix >= 1 << 62:  # cannot happen for fewer than 2**62 rows per column pair, but stay exact
        raise OverflowError("too many distinct combinations to factorise")
    final, distinct = pd.factorize(combined)
    rows: list[tuple[Any, ...]] = []
    for value in distinct.tolist():
        parts: list[Any] = []
        for codes, uniques in reversed(per_array):
            if codes is None:
                parts.append(uniques[0])
            else:
                value, code = divmod(value, len(uniques))
                parts.append(uniques[code])
        rows.append(tuple(reversed(parts)))
    return final.astype(np.int64), rows


def _constant(values: np.ndarray) -> bool:
    if values.strides == (0,):  # a broadcast literal
        return True
    first = values[0]
    if first is None:
        return not present(values).any()
    return bool((values == first).all())


def map_distinct(
    ev: Evaluation,
    rows: np.ndarray,
    function: Callable[..., tuple[Kind, Any]],
    *arguments: np.ndarray,
) -> Column:
    """Apply a scalar function once per distinct argument tuple; its FormulaErrors become row errors."""
    out = Column.empty(len(rows))
    if not len(rows):
        return out
    codes, distinct = factorize_rows(*arguments)
    kinds = np.zeros(len(distinct), dtype=np.int8)
    values = np.empty(len(distinct), dtype=object)
    errors = np.empty(len(distinct), dtype=object)
    for i, key in enumerate(distinct):
        try:
            kind, value = function(*key)
        except FormulaError as error:
            errors[i] = error.to_row_error()
            continue
        kinds[i] = kind
        values[i] = value
    out.kinds[:] = kinds[codes]
    out.values[:] = values[codes]
    failed = np.flatnonzero(present(errors[codes]))
    if len(failed):
        ev.fail(rows[failed], errors[codes][failed])
    return out


INDEX = "[index]"


def evaluate_arguments(
    ev: Evaluation, node: ast.Call | ast.CustomCall, rows: np.ndarray, order: tuple[int, ...] | None = None
) -> tuple[np.ndarray, list[Column], dict[str, Column]]:
    """Evaluate a call's arguments (in `order`), then its options in source order, then a SPLIT index.

    Returns the positions (into `rows`) that survived and the columns aligned with them. A repeated
    option is evaluated each time; the last one wins.
    """
    positions = np.arange(len(rows))
    evaluated: dict[int, Column] = {}
    options: dict[str, Column] = {}
    steps: list[tuple[int | str, ast.Node]] = [(i, node.args[i]) for i in (order or range(len(node.args)))]
    steps += list(node.options)
    if isinstance(node, ast.Call) and node.index is not None:
        steps.append((INDEX, node.index))
    for key, argument in steps:
        column = ev.eval(argument, rows[positions])
        keep = ~ev.failed[rows[positions]]
        if not keep.all():
            positions = positions[keep]
            column = column.take(keep)
            evaluated = {k: v.take(keep) for k, v in evaluated.items()}
            options = {k: v.take(keep) for k, v in options.items()}
        if isinstance(key, int):
            evaluated[key] = column
        else:
            options[key] = column
    return positions, [evaluated[i] for i in range(len(node.args))], options
