"""Column batches of formula values: a kind per row plus the Python value, and their string forms.

A `Column` is what every kernel takes and returns. Values are exact (`Decimal` numbers); the kinds array
lets kernels select rows of one kind with a numpy mask instead of testing values one by one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from calculator.values import Kind, as_string, number_text


@dataclass
class Column:
    """Values of one expression for a set of rows: `kinds` (int8 `Kind`) and `values` (object)."""

    kinds: np.ndarray
    values: np.ndarray
    #: String forms, once computed (see `strings`); kept by `take`, dropped by `put`.
    texts: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.kinds)

    @staticmethod
    def constant(kind: Kind, value: Any, length: int) -> Column:
        values = np.empty(length, dtype=object)
        values[:] = [value] * length if isinstance(value, list | tuple) else value
        return Column(np.full(length, kind, dtype=np.int8), values)

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
        texts = None if self.texts is None else self.texts[selector]
        return Column(self.kinds[selector], self.values[selector], texts)

    def put(self, selector: np.ndarray, other: Column) -> None:
        self.kinds[selector] = other.kinds
        self.values[selector] = other.values
        self.texts = None

    def is_kind(self, kind: Kind) -> np.ndarray:
        return self.kinds == kind

    def is_null(self) -> np.ndarray:
        """Null of either flavour: the `null` literal (no value) or a null value."""
        return self.kinds <= Kind.NULL

    def item(self, row: int) -> tuple[Kind, Any]:
        return Kind(int(self.kinds[row])), self.values[row]


def strings(column: Column) -> np.ndarray:
    """The string form of every row (spec §5 `asString`), as an object array of str.

    Computed once per column and cached on it; treat the result as read-only.
    """
    if column.texts is not None:
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
        if "E" in text or text[-1] == "0" and "." in text or text[0] == "-" and text.strip("-0.") == "":
            out[i] = number_text(numbers[i])
    return out
