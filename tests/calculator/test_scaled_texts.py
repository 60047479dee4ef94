"""Number texts of scaled integers (`calculator.columns.scaled_texts`, Arrow's decimal formatting) are exactly
`number_text` of the same decimals: trailing zeros stripped, zero as `0`, E-notation below 1E-6."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator.columns import fixed_arrow_texts, fixed_strings, scaled_texts
from calculator.fixedpoint import Fixed
from calculator.values import number_text

LIMIT = (1 << 62) - 1
EDGES = [0, 1, -1, 10, -10, 100, 1000, 999_999, 1_000_000, -1_000_000, 10**18, -(10**18), LIMIT, -LIMIT]


def _expected(mantissas: np.ndarray, scale: int) -> list[str]:
    return [number_text(Decimal(int(m)).scaleb(-scale)) for m in mantissas]


def test_edges_at_every_scale() -> None:
    rng = np.random.default_rng(7)
    for scale in range(1, 19):
        powers = [sign * factor * 10**k for k in range(19) for sign in (1, -1) for factor in (1, 5)]
        randoms = rng.integers(-LIMIT, LIMIT, 500).tolist()
        rounded = (rng.integers(-(10**8), 10**8, 500) * 10 ** rng.integers(0, 6, 500)).tolist()
        values = [v for v in (*EDGES, *powers, *randoms, *rounded) if abs(v) <= LIMIT]
        mantissas = np.array(values, dtype=np.int64)
        assert scaled_texts(mantissas, scale).tolist() == _expected(mantissas, scale), scale


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=-LIMIT, max_value=LIMIT), min_size=1, max_size=50),
    st.integers(min_value=1, max_value=18),
)
def test_any_mantissas(values: list[int], scale: int) -> None:
    mantissas = np.array(values, dtype=np.int64)
    assert scaled_texts(mantissas, scale).tolist() == _expected(mantissas, scale)


def test_arrow_texts_of_a_fixed_column_are_its_strings() -> None:
    rng = np.random.default_rng(3)
    for scale in range(19):
        mantissas = np.array([*EDGES, *rng.integers(-LIMIT, LIMIT, 300).tolist()], dtype=np.int64)
        fixed = Fixed(mantissas, scale, int(np.abs(mantissas).max()))
        assert fixed_arrow_texts(fixed).to_pylist() == fixed_strings(fixed).tolist(), scale
        assert fixed_strings(fixed).tolist() == _expected(mantissas, scale)
