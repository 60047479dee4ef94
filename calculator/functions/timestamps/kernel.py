"""The AS_TIMESTAMP column kernel: the fast path for what it settles, the exact path for the rest.

What belongs here: `as_timestamp` (zone, locale and pattern set up once per call, a bad zone or pattern
failing every row, an unknown rounding unit failing every row that parses) and the dispatch of the rows the
fast path leaves, one distinct value at a time, to the exact path.
What does not: the interpreter's stages (`patterns`, `parsing`, `resolving`, `zones`, `exact`) or the
vectorised computation (`fast`).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pyarrow as pa

from calculator.errors import UnhandledError
from calculator.functions.timestamps.exact import _exact
from calculator.functions.timestamps.fast import _fast, _fast_plan
from calculator.functions.timestamps.java_errors import RowFailure, _JavaError
from calculator.functions.timestamps.locales import locale_for_tag
from calculator.functions.timestamps.patterns import _compile
from calculator.functions.timestamps.request import ROUND_DOWN_UNITS, _mode, _Request
from calculator.functions.timestamps.zones import _Zone, zone_of


def _every_row(size: int, failure: RowFailure) -> tuple[np.ndarray, np.ndarray]:
    errors = np.empty(size, dtype=object)
    errors[:] = [failure] * size
    return np.full(size, None, dtype=object), errors


def as_timestamp(
    values: np.ndarray,
    pattern: str,
    timezone: str | None = None,
    locale: str | None = None,
    round_down_to: str | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """AS_TIMESTAMP over a column: `(millis, errors)`, object arrays as long as `values`.

    `values` holds the string forms of the value argument. `millis[i]` is epoch milliseconds as an int
    (epoch seconds x 1000, fractions truncated) or None; `errors[i]` is None or the row's failure. A bad
    zone or pattern fails every row; nothing is raised for row-level problems. `timezone=None` is the JVM
    zone (UTC) and `locale=None` the JVM locale (en-US).
    """
    millis, parsed, errors = as_timestamp_millis(values, pattern, timezone, locale, round_down_to)
    out = np.full(len(values), None, dtype=object)
    out[parsed] = millis[parsed].astype(object)
    return out, errors


def as_timestamp_millis(
    values: np.ndarray | pa.Array,
    pattern: str,
    timezone: str | None = None,
    locale: str | None = None,
    round_down_to: str | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`as_timestamp` for the evaluator: `(millis as int64, parsed mask, errors)`, no per-row objects."""
    size = len(values)
    millis = np.zeros(size, dtype=np.int64)
    parsed = np.zeros(size, dtype=bool)
    java_locale = locale_for_tag(locale)
    try:
        zone = zone_of(timezone) if timezone is not None else _Zone("UTC", offset=0)
        elements = _compile(pattern, java_locale)
    except _JavaError as error:
        return millis, parsed, _every_row(size, error.to_failure())[1]
    request = _Request(
        elements, _mode(pattern, timezone is not None), zone, java_locale.first_day_of_week(), round_down_to
    )
    errors = np.full(size, None, dtype=object)
    pending = np.ones(size, dtype=bool)
    plan = _fast_plan(elements, request.mode)
    if plan is not None and size:
        if round_down_to is None or round_down_to in ROUND_DOWN_UNITS:
            handled, fast_millis = _fast(plan, request, values)
            millis[handled] = fast_millis[handled]
            parsed |= handled
        else:  # rows that parse fail on the rounding unit
            handled, _ = _fast(plan, replace(request, round_down_to=None), values)
            errors[handled] = UnhandledError("IllegalStateException", f"Unexpected value: {round_down_to}")
        pending = ~handled
    if pending.any():
        rows = np.flatnonzero(pending)
        remaining = (
            values.take(pa.array(rows)).to_numpy(zero_copy_only=False)
            if isinstance(values, pa.Array)
            else values[rows]
        )
        codes, uniques = pd.factorize(pd.Series(remaining, dtype=object), use_na_sentinel=False)
        results = [_exact(request, text) for text in uniques]
        exact_millis = np.array([result[0] for result in results] + [None], dtype=object)[codes]
        errors[rows] = np.array([result[1] for result in results] + [None], dtype=object)[codes]
        ok = np.array([m is not None for m in exact_millis], dtype=bool)
        millis[rows[ok]] = exact_millis[ok].astype(np.int64)
        parsed[rows[ok]] = True
    return millis, parsed, errors
