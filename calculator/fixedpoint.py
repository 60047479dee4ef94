"""Exact decimals as scaled 64-bit integers: the fast form of number columns.

A `Fixed` column holds `mantissa / 10**scale` for every row. Addition, subtraction, multiplication,
negation and comparison are exact integer operations in numpy, so a million rows cost milliseconds and
8 bytes each instead of a `Decimal` object each. Every operation checks its bounds first and returns None
when a result might not fit; callers then use `Decimal` arithmetic, so results never differ, only speed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from calculator.texts import byte_matrix, text_lengths

#: Mantissas stay below 2**62 in magnitude, leaving headroom for one addition without overflow.
_LIMIT = 1 << 62
_MAX_SCALE = 18
_POWERS = [10**k for k in range(_MAX_SCALE + 1)]
_ZERO, _NINE, _DOT, _MINUS = ord("0"), ord("9"), ord("."), ord("-")


@dataclass(frozen=True)
class Fixed:
    """`mantissa[i] / 10**scale` for each row; `bound` is an upper bound of |mantissa|."""

    mantissa: np.ndarray
    scale: int
    bound: int

    def __len__(self) -> int:
        return len(self.mantissa)

    @staticmethod
    def of(mantissa: np.ndarray, scale: int) -> Fixed | None:
        bound = int(np.abs(mantissa).max()) if len(mantissa) else 0
        if bound >= _LIMIT or scale > _MAX_SCALE or scale < 0:
            return None
        return Fixed(mantissa, scale, bound)

    def take(self, selector: np.ndarray) -> Fixed:
        return Fixed(self.mantissa[selector], self.scale, self.bound)

    def decimals(self) -> np.ndarray:
        """The values as `Decimal` objects (exponent `-scale`), formatted once per distinct mantissa."""
        out = np.empty(len(self.mantissa), dtype=object)
        if not len(out):
            return out
        uniques, codes = np.unique(self.mantissa, return_inverse=True)
        exponent = -self.scale
        decimals = np.empty(len(uniques), dtype=object)
        decimals[:] = [Decimal(int(m)).scaleb(exponent) for m in uniques]
        out[:] = decimals[codes.reshape(-1)]
        return out


def constant(value: Decimal, length: int) -> Fixed | None:
    """A repeated decimal, when it fits."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):
        return None
    scale = max(-exponent, 0)
    if scale > _MAX_SCALE:
        return None
    mantissa = int(value.scaleb(scale))
    if abs(mantissa) >= _LIMIT:
        return None
    return Fixed(np.full(length, mantissa, dtype=np.int64), scale, abs(mantissa))


def from_integers(values: np.ndarray) -> Fixed | None:
    """Whole numbers (an int64 array or Python ints)."""
    try:
        mantissa = np.asarray(values, dtype=np.int64)
    except (OverflowError, TypeError, ValueError):
        return None
    return Fixed.of(mantissa, 0)


def parse(texts: np.ndarray) -> Fixed | None:
    """Texts of the form `[-]digits[.digits]` read exactly; None if any row is another form or too long."""
    matrix = byte_matrix(texts)
    if matrix is None:
        return None
    negative = matrix[:, 0] == _MINUS
    if negative.any():
        matrix = matrix.copy()
        matrix[negative] = np.roll(matrix[negative], -1, axis=1)
        matrix[negative, -1] = 0
    digit = (matrix >= _ZERO) & (matrix <= _NINE)
    dot = matrix == _DOT
    lengths, trailing_padding = text_lengths(matrix)
    width = matrix.shape[1]
    valid = (
        trailing_padding
        & (digit.sum(axis=1) + dot.sum(axis=1) == lengths)
        & (dot.sum(axis=1) <= 1)
        & (lengths > 0)
        & digit[:, 0]
        & digit[np.arange(len(matrix)), np.maximum(lengths - 1, 0)]
    )
    if not valid.all():
        return None
    has_dot = dot.any(axis=1)
    dot_at = np.where(has_dot, dot.argmax(axis=1), lengths)
    fraction_digits = np.where(has_dot, lengths - dot_at - 1, 0)
    scale = int(fraction_digits.max())
    if int(dot_at.max()) + scale > 18:
        return None
    # Horner's rule, one character column at a time: skip the dot and the padding.
    mantissa = np.zeros(len(matrix), dtype=np.int64)
    for j in range(width):
        column = matrix[:, j]
        is_digit = digit[:, j]
        mantissa = np.where(is_digit, mantissa * 10 + (column.astype(np.int64) - _ZERO), mantissa)
    mantissa = mantissa * np.asarray(_POWERS, dtype=np.int64)[scale - fraction_digits]
    mantissa = np.where(negative, -mantissa, mantissa)
    return Fixed.of(mantissa, scale)


def _aligned(a: Fixed, b: Fixed) -> tuple[np.ndarray, np.ndarray, int] | None:
    scale = max(a.scale, b.scale)
    fa, fb = _POWERS[scale - a.scale], _POWERS[scale - b.scale]
    if a.bound * fa + b.bound * fb >= _LIMIT:
        return None
    return a.mantissa * fa, b.mantissa * fb, scale


def add(a: Fixed, b: Fixed) -> Fixed | None:
    aligned = _aligned(a, b)
    if aligned is None:
        return None
    x, y, scale = aligned
    fa, fb = _POWERS[scale - a.scale], _POWERS[scale - b.scale]
    return Fixed(x + y, scale, a.bound * fa + b.bound * fb)


def subtract(a: Fixed, b: Fixed) -> Fixed | None:
    aligned = _aligned(a, b)
    if aligned is None:
        return None
    x, y, scale = aligned
    fa, fb = _POWERS[scale - a.scale], _POWERS[scale - b.scale]
    return Fixed(x - y, scale, a.bound * fa + b.bound * fb)


def multiply(a: Fixed, b: Fixed) -> Fixed | None:
    scale = a.scale + b.scale
    if a.bound * b.bound >= _LIMIT or scale > _MAX_SCALE:
        a, b = _trimmed(a), _trimmed(b)
        scale = a.scale + b.scale
        if a.bound * b.bound >= _LIMIT or scale > _MAX_SCALE:
            return None
    return Fixed(a.mantissa * b.mantissa, scale, a.bound * b.bound)


def negate(a: Fixed) -> Fixed:
    return Fixed(-a.mantissa, a.scale, a.bound)


def compare(a: Fixed, b: Fixed, operator: str) -> np.ndarray | None:
    aligned = _aligned(a, b)
    if aligned is None:
        return None
    x, y, _ = aligned
    return COMPARATORS[operator](x, y)


def _trimmed(a: Fixed) -> Fixed:
    """The same values with common trailing zeros of the mantissas dropped (a smaller scale)."""
    scale, mantissa = a.scale, a.mantissa
    while scale > 0 and not (mantissa % 10).any():
        mantissa = mantissa // 10
        scale -= 1
    if scale == a.scale:
        return a
    return Fixed(mantissa, scale, a.bound // _POWERS[a.scale - scale])


#: The comparison operators as numpy ufuncs (also used on `Decimal` object arrays).
COMPARATORS = {
    ">": np.greater,
    ">=": np.greater_equal,
    "<": np.less,
    "<=": np.less_equal,
    "==": np.equal,
    "!=": np.not_equal,
}
