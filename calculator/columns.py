"""Column batches of formula values: a kind per row plus the Python value, and their string forms.

A `Column` is what every kernel takes and returns. Values are exact (`Decimal` numbers); the kinds array
lets kernels select rows of one kind with a numpy mask instead of testing values one by one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from calculator import fixedpoint
from calculator.fixedpoint import Fixed
from calculator.values import Kind, as_string, number_text


class Column:
    """Values of one expression for a set of rows: `kinds` (int8 `Kind`) and `values` (object).

    A column of numbers may carry a faster form and build its `Decimal` values only when asked:
    `fixed` (scaled int64, see `fixedpoint`) or `source` (exact literal texts, e.g. LOOKUP keys that
    only ever need their text).
    """

    __slots__ = ("_arrow", "_fixed", "_source", "_values", "kinds", "texts")

    def __init__(
        self,
        kinds: np.ndarray,
        values: np.ndarray | None,
        texts: np.ndarray | None = None,
        source: np.ndarray | None = None,
        fixed: Fixed | None = None,
    ) -> None:
        self.kinds = kinds
        self._values = values
        #: String forms, once computed (see `strings`); kept by `take`, dropped by `put`.
        self.texts = texts
        self._source = source
        self._fixed = fixed
        self._arrow: pa.Array | None = None

    @staticmethod
    def numbers_from_text(source: np.ndarray, canonical: bool) -> Column:
        """Numbers whose exact decimal texts are known; `canonical` texts double as their string forms."""
        kinds = np.full(len(source), Kind.NUMBER, dtype=np.int8)
        return Column(kinds, None, source if canonical else None, source)

    @staticmethod
    def strings_from_arrow(array: pa.Array) -> Column:
        """Strings (no nulls) kept as Arrow until a kernel needs Python objects."""
        column = Column(np.full(len(array), Kind.STRING, dtype=np.int8), None)
        column._arrow = array
        return column

    @property
    def arrow(self) -> pa.Array | None:
        """The Arrow form of an all-string column read from Arrow input, else None."""
        return self._arrow

    @staticmethod
    def numbers(fixed: Fixed) -> Column:
        return Column(np.full(len(fixed), Kind.NUMBER, dtype=np.int8), None, fixed=fixed)

    @property
    def values(self) -> np.ndarray:
        if self._values is None:
            if self._arrow is not None:
                self._values = self._arrow.to_numpy(zero_copy_only=False)
            elif self._fixed is not None:
                self._values = self._fixed.decimals()
            else:
                codes, uniques = pd.factorize(pd.Series(self._source, dtype=object), use_na_sentinel=False)
                decimals = np.empty(len(uniques), dtype=object)
                decimals[:] = [Decimal(t) for t in uniques]
                self._values = decimals[codes]
        return self._values

    @property
    def fixed(self) -> Fixed | None:
        """The scaled-integer form when every row is a number that fits one, else None."""
        if self._fixed is None and len(self.kinds):
            if self._source is not None:
                self._fixed = fixedpoint.parse(self._source)
            elif self._values is not None and self._values.strides == (0,) and self.kinds[0] == Kind.NUMBER:
                self._fixed = fixedpoint.constant(self._values[0], len(self.kinds))
        return self._fixed

    def __len__(self) -> int:
        return len(self.kinds)

    @staticmethod
    def constant(kind: Kind, value: Any, length: int) -> Column:
        """The same value on every row, without copying it: `values` is a read-only broadcast view."""
        single = np.empty(1, dtype=object)
        single[0] = value
        return Column(np.full(length, kind, dtype=np.int8), np.broadcast_to(single, (length,)))

    @staticmethod
    def empty(length: int) -> Column:
        return Column(np.zeros(length, dtype=np.int8), np.empty(length, dtype=object))

    @staticmethod
    def of(pairs: list[tuple[Kind, Any]]) -> Column:
        column = Column.empty(len(pairs))
        for i, (kind, value) in enumerate(pairs):
            column.kinds[i] = kind
            column.values[i] = value
        return column

    def take(self, selector: np.ndarray) -> Column:
        kinds = self.kinds[selector]
        texts = None if self.texts is None else self.texts[selector]
        source = None if self._source is None else self._source[selector]
        fixed = None if self._fixed is None else self._fixed.take(selector)
        values = self._values
        if values is None and self._arrow is not None:
            picked = (
                self._arrow.filter(pa.array(selector))
                if selector.dtype == bool
                else self._arrow.take(selector)
            )
            return Column.strings_from_arrow(picked)
        if values is not None:
            # a broadcast constant stays one
            values = (
                np.broadcast_to(values[:1], (len(kinds),)) if values.strides == (0,) else values[selector]
            )
        return Column(kinds, values, texts, source, fixed)

    def put(self, selector: np.ndarray, other: Column) -> None:
        self.kinds[selector] = other.kinds
        self.values[selector] = other.values
        self.texts = None
        self._fixed = None
        self._source = None
        self._arrow = None

    def is_kind(self, kind: Kind) -> np.ndarray:
        return self.kinds == kind

    def is_null(self) -> np.ndarray:
        """Null of either flavour: the `null` literal (no value) or a null value."""
        return self.kinds <= Kind.NULL

    def item(self, row: int) -> tuple[Kind, Any]:
        return Kind(int(self.kinds[row])), self.values[row]


def present(values: np.ndarray) -> np.ndarray:
    """Rows whose entry is not None (errors, assigned groups, optional results)."""
    return np.not_equal(values, None)  # type: ignore[call-overload]


def assemble(length: int, positions: np.ndarray, column: Column) -> Column:
    """A column of `length` rows holding `column` at `positions` (empty elsewhere); no copy when complete."""
    if len(positions) == length:
        return column
    out = Column.empty(length)
    out.put(positions, column)
    return out


def strings(column: Column) -> np.ndarray:
    """The string form of every row (spec §5 `asString`), as an object array of str.

    Computed once per column and cached on it; treat the result as read-only.
    """
    if column.texts is not None:
        return column.texts
    if column._fixed is not None and column._values is None:
        column.texts = fixed_strings(column._fixed)
        return column.texts
    kinds = column.kinds
    if len(kinds) and (kinds == Kind.STRING).all():
        out = column.values
    else:
        out = np.empty(len(kinds), dtype=object)
        numbers = kinds == Kind.NUMBER
        if numbers.all():
            out[:] = number_strings(column.values)
        else:
            if numbers.any():
                out[numbers] = number_strings(column.values[numbers])
            other = ~numbers
            out[other] = [as_string(k, v) for k, v in zip(kinds[other], column.values[other], strict=True)]
    column.texts = out
    return out


def number_strings(numbers: np.ndarray) -> list[str]:
    """Canonical text of many decimals (trailing zeros stripped; E-notation as Java prints it).

    `str(Decimal)` is already Java's form except for trailing fraction zeros, positive exponents and
    negative zero; only those take the slow path.
    """
    out = [str(n) for n in numbers]
    for i, text in enumerate(out):
        if "E" in text or (text[-1] == "0" and "." in text) or (text[0] == "-" and text.strip("-0.") == ""):
            out[i] = number_text(numbers[i])
    return out


def fixed_strings(fixed: Fixed) -> np.ndarray:
    """Canonical text of scaled integers, formatted once per distinct mantissa."""
    out = np.empty(len(fixed), dtype=object)
    if not len(out):
        return out
    if fixed.scale == 0:  # integers: numpy formats them in C
        out[:] = fixed.mantissa.astype(str)
        return out
    uniques, codes = np.unique(fixed.mantissa, return_inverse=True)
    out[:] = scaled_texts(uniques, fixed.scale)[codes.reshape(-1)]
    return out


def scaled_texts(mantissas: np.ndarray, scale: int) -> np.ndarray:
    """`number_text` of each `mantissa / 10**scale` (|mantissa| < 2**62, 0 < scale <= 18), as an object
    array (see `scaled_arrow_texts`)."""
    return np.asarray(scaled_arrow_texts(mantissas, scale).to_numpy(zero_copy_only=False))


def fixed_arrow_texts(fixed: Fixed) -> pa.Array:
    """`number_text` of every row of a scaled-integer column, as an Arrow string array (no Python text)."""
    return scaled_arrow_texts(fixed.mantissa, fixed.scale)


def scaled_arrow_texts(mantissas: np.ndarray, scale: int) -> pa.Array:
    """`number_text` of each `mantissa / 10**scale` (|mantissa| < 2**62, 0 <= scale <= 18) as Arrow strings:
    Arrow formats the decimals and strips trailing zeros in C; zero, and the rare values that print in
    E-notation (below 1E-6), are set apart."""
    mantissas = mantissas.astype(np.int64, copy=False)
    if scale == 0:
        return pa.array(mantissas).cast(pa.string())
    words = np.empty((len(mantissas), 2), dtype=np.int64)  # 128-bit two's complement, little-endian
    words[:, 0] = mantissas
    words[:, 1] = mantissas >> 63
    decimals = pa.Array.from_buffers(pa.decimal128(38, scale), len(mantissas), [None, pa.py_buffer(words)])
    texts = pc.replace_substring_regex(decimals.cast(pa.string()), r"(\.[0-9]*[1-9])0+$", r"\1")
    texts = pc.replace_substring_regex(texts, r"\.0+$", "")
    zero = mantissas == 0
    if zero.any():
        texts = pc.if_else(pa.array(zero), "0", texts)
    tiny = (~zero & (np.abs(mantissas) < 10 ** (scale - 6))) if scale > 6 else np.zeros(len(mantissas), bool)
    if tiny.any():
        exact = [number_text(Decimal(int(m)).scaleb(-scale)) for m in mantissas[tiny].tolist()]
        texts = pc.replace_with_mask(texts, pa.array(tiny), pa.array(exact, type=pa.string()))
    return texts
