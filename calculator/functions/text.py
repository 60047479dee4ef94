"""Kernels of the text, JSON, date and unit functions: CONCAT, LOWERCASE, UPPERCASE, SEARCH, SPLIT,
GET_VALUE, AS_TIMESTAMP and CONVERT. Each takes evaluated argument columns and returns a result column.

The algorithms that must match Java exactly live in their own modules (`split`, `jsonpath`,
`timestamps`, `units`); these kernels apply them column-wise and turn their failures into row errors.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from calculator import ast, fixedpoint
from calculator.columns import Column, strings
from calculator.errors import EvaluationError, UnhandledError
from calculator.evaluator import Evaluation
from calculator.functions import jsonpath, timestamps, units
from calculator.functions import split as java_split
from calculator.functions.support import (
    INDEX,
    cast_option,
    factorize_rows,
    map_distinct,
    option_strings,
    reject,
)
from calculator.values import Kind


def concat(
    ev: Evaluation, node: ast.Call, rows: np.ndarray, args: list[Column], options: dict[str, Column]
) -> Column:
    texts = [strings(column) for column in args]
    codes, distinct = factorize_rows(*texts)
    if len(distinct) * 2 <= len(rows):
        # few distinct combinations (a prefix and a looked-up code): join each once, share the strings
        joined = np.empty(len(distinct), dtype=object)
        joined[:] = ["".join(parts) for parts in distinct]
        return Column(np.full(len(rows), Kind.STRING, dtype=np.int8), joined[codes])
    out = texts[0]
    for more in texts[1:]:
        out = out + more
    return Column(np.full(len(rows), Kind.STRING, dtype=np.int8), np.asarray(out, dtype=object))


def _case(upper: bool) -> Any:
    def kernel(
        ev: Evaluation, node: ast.Call, rows: np.ndarray, args: list[Column], options: dict[str, Column]
    ) -> Column:
        column = args[0]
        ok = reject(
            ev, rows, column.kinds != Kind.STRING, EvaluationError("Evaluated value is not a string.")
        )
        series = pd.Series(column.values[ok], dtype=object)
        changed = series.str.upper() if upper else series.str.lower()
        out = Column.empty(len(rows))
        out.kinds[ok] = Kind.STRING
        out.values[ok] = changed.to_numpy(dtype=object)
        return out

    return kernel


lowercase = _case(upper=False)
uppercase = _case(upper=True)


def search(
    ev: Evaluation, node: ast.Call, rows: np.ndarray, args: list[Column], options: dict[str, Column]
) -> Column:
    text, match = args
    ok = reject(ev, rows, text.kinds != Kind.STRING, EvaluationError("Evaluated text is not a string."))
    ok &= reject(
        ev, rows, ok & (match.kinds != Kind.STRING), EvaluationError("Evaluated match is not a string.")
    )
    ok &= cast_option(ev, rows, options, "ignorecase", Kind.BOOLEAN)
    fold = options.get("ignorecase")
    folds = np.zeros(len(rows), dtype=bool) if fold is None else fold.values.astype(bool)

    def index_of(haystack: str, needle: str, ignore_case: bool) -> tuple[Kind, Decimal]:
        if ignore_case:
            haystack, needle = haystack.lower(), needle.lower()
        found = haystack.find(needle)
        if found > 0:  # Java counts UTF-16 code units
            found = len(haystack[:found].encode("utf-16-le")) // 2
        return Kind.NUMBER, Decimal(found)

    out = Column.empty(len(rows))
    result = map_distinct(ev, rows[ok], index_of, text.values[ok], match.values[ok], folds[ok])
    out.put(ok, result)
    return out


def split(
    ev: Evaluation, node: ast.Call, rows: np.ndarray, args: list[Column], options: dict[str, Column]
) -> Column:
    text, regex = args
    ok = reject(ev, rows, text.is_null(), EvaluationError("Invalid text to parse."))
    ok &= reject(ev, rows, ok & (regex.kinds == Kind.NOVALUE), UnhandledError("NullPointerException"))
    ok &= cast_option(ev, rows, options, "limit", Kind.NUMBER)
    limit_column = options.get("limit")
    limits = (
        np.full(len(rows), None, dtype=object)
        if limit_column is None
        else np.array([int(v) if v is not None else None for v in limit_column.values], dtype=object)
    )
    index_column = options.get(INDEX)
    indexes = np.full(len(rows), None, dtype=object) if index_column is None else strings(index_column)

    def split_one(value: str, pattern: str, limit: int | None, index: str | None) -> tuple[Kind, Any]:
        pieces = java_split.split(value, pattern, limit)
        if index is None:
            return Kind.JSON, java_split.gson_json(pieces)
        return java_split.split_element(pieces, index)

    out = Column.empty(len(rows))
    texts, patterns = strings(text.take(ok)), strings(regex.take(ok))
    out.put(ok, map_distinct(ev, rows[ok], split_one, texts, patterns, limits[ok], indexes[ok]))
    return out


def get_value(
    ev: Evaluation, node: ast.Call, rows: np.ndarray, args: list[Column], options: dict[str, Column]
) -> Column:
    document, query = args
    ok = reject(ev, rows, document.is_null(), EvaluationError("Invalid json to parse."))
    ok &= reject(ev, rows, ok & query.is_null(), EvaluationError("Invalid query to evaluate."))
    out = Column.empty(len(rows))
    documents, queries = strings(document.take(ok)), strings(query.take(ok))
    out.put(ok, map_distinct(ev, rows[ok], jsonpath.get_value, documents, queries))
    return out


def as_timestamp(
    ev: Evaluation, node: ast.Call, rows: np.ndarray, args: list[Column], options: dict[str, Column]
) -> Column:
    ok = np.ones(len(rows), dtype=bool)
    for name in ("timezone", "locale", "rounddownto"):
        ok &= cast_option(ev, rows, options, name, Kind.STRING)
    live = np.flatnonzero(ok)
    arrow = args[0].arrow
    settings = [strings(args[1])] + [
        option_strings(options, n, len(rows)) for n in ("timezone", "locale", "rounddownto")
    ]
    codes, groups = factorize_rows(*(setting[live] for setting in settings))
    out = Column.empty(len(rows))
    for code, (pattern, zone, locale, round_down) in enumerate(groups):
        positions = live if len(groups) == 1 else live[codes == code]
        if arrow is not None and len(positions) == len(rows):
            group_values: Any = arrow  # Arrow in, no Python string per row
        else:
            group_values = strings(args[0])[positions]
        millis, parsed, errors = timestamps.as_timestamp_millis(
            group_values, pattern, zone, locale, round_down
        )
        if not parsed.all():
            ev.fail(rows[positions[~parsed]], errors[~parsed])
        if parsed.all() and len(positions) == len(rows):
            return Column.numbers(
                fixedpoint.Fixed(millis, 0, int(np.abs(millis).max()) if len(millis) else 0)
            )
        good = positions[parsed]
        out.kinds[good] = Kind.NUMBER
        out.values[good] = [Decimal(int(m)) for m in millis[parsed]]
    return out


def convert(
    ev: Evaluation, node: ast.Call, rows: np.ndarray, args: list[Column], options: dict[str, Column]
) -> Column:
    value, from_unit, to_unit = args
    ok = cast_option(ev, rows, options, "qualitykind", Kind.STRING)
    not_number = ok & (value.kinds != Kind.NUMBER)
    if not_number.any():
        for position in np.flatnonzero(not_number):
            text = strings(value.take(np.array([position])))[0]
            ev.fail(rows[[position]], EvaluationError(f"Provided value '{text}' must be a number."))
        ok &= ~not_number
    kinds = option_strings(options, "qualitykind", len(rows))

    def convert_one(number: Decimal, source: str, target: str, kind: str | None) -> tuple[Kind, Decimal]:
        return Kind.NUMBER, units.convert(number, source, target, kind)

    out = Column.empty(len(rows))
    sources, targets = strings(from_unit.take(ok)), strings(to_unit.take(ok))
    out.put(ok, map_distinct(ev, rows[ok], convert_one, value.values[ok], sources, targets, kinds[ok]))
    return out
