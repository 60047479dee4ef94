"""The month of each landed row's time: the vectorised path over AS_TIMESTAMP's scaled integers agrees with
the exact `Decimal` path, floors fractions of milliseconds, and names times outside the years 1 to 9999."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from calculator.columns import Column
from calculator.fixedpoint import Fixed
from calculator.values import Kind
from sif_resources.executions.landing import _MAX_MILLIS, _MIN_MILLIS, _months_of_times

MANTISSAS = [
    0,
    1_704_067_200_000_0,  # 2024-01-01T00:00:00.0
    1_706_745_599_999_9,  # 2024-01-31T23:59:59.9999
    -1,  # -0.1 ms floors to -1 ms: 1969-12
    _MIN_MILLIS * 10,
    _MIN_MILLIS * 10 - 1,  # floors below year 1
    _MAX_MILLIS * 10 + 9,
    (_MAX_MILLIS + 1) * 10,
]


def _columns() -> tuple[Column, Column]:
    mantissa = np.array(MANTISSAS, dtype=np.int64)
    fixed = Column.numbers(Fixed(mantissa, 1, int(np.abs(mantissa).max())))
    decimals = np.empty(len(MANTISSAS), dtype=object)
    decimals[:] = [Decimal(m).scaleb(-1) for m in MANTISSAS]
    exact = Column(np.full(len(MANTISSAS), Kind.NUMBER, dtype=np.int8), decimals)
    return fixed, exact


def test_scaled_integer_times_give_the_months_of_the_exact_path() -> None:
    fixed, exact = _columns()
    evaluated = np.ones(len(MANTISSAS), dtype=bool)
    evaluated[0] = False  # not evaluated: no month, no problem

    fast_months, fast_problems = _months_of_times(fixed, evaluated)
    exact_months, exact_problems = _months_of_times(exact, evaluated)

    assert list(fast_months) == list(exact_months)
    assert fast_problems == exact_problems
    assert list(fast_months) == [None, "2024-01", "2024-01", "1969-12", "0001-01", None, "9999-12", None]
    assert fast_problems == {
        5: f"the time {Decimal(_MIN_MILLIS * 10 - 1).scaleb(-1)} is outside the years 1 to 9999",
        7: f"the time {Decimal((_MAX_MILLIS + 1) * 10).scaleb(-1)} is outside the years 1 to 9999",
    }
