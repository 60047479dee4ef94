"""Vectorised checks on text columns, done on byte matrices instead of one string at a time.

The hot paths meet millions of short ASCII strings (row numbers, amounts, keys). Viewing them as a
fixed-width byte matrix lets numpy classify them in C; anything the fast check does not accept goes to
the exact per-value path, so these checks only ever make code faster, never different.
"""

from __future__ import annotations

import re

import numpy as np

_ZERO, _NINE, _DOT, _MINUS = ord("0"), ord("9"), ord("."), ord("-")


_recent: dict[int, tuple[np.ndarray, np.ndarray | None]] = {}


def byte_matrix(texts: np.ndarray) -> np.ndarray | None:
    """Rows of ASCII bytes, zero-padded; None when some text is not ASCII or the column is empty.

    The last few conversions are remembered by array identity (the array is held, so its id stays
    valid): one key column is typically checked several times in a row.
    """
    remembered = _recent.get(id(texts))
    if remembered is not None and remembered[0] is texts:
        return remembered[1]
    matrix = _to_matrix(texts)
    _remember(texts, matrix)
    return matrix


def forget() -> None:
    """Drop remembered conversions (an evaluation calls this when it ends, to free their memory)."""
    _recent.clear()


def _remember(texts: np.ndarray, matrix: np.ndarray | None) -> None:
    if len(_recent) >= 8:
        _recent.pop(next(iter(_recent)))
    _recent[id(texts)] = (texts, matrix)


def _to_matrix(texts: np.ndarray) -> np.ndarray | None:
    if not len(texts):
        return None
    try:
        if "\x00" in "".join(texts):  # numpy's bytes type would silently drop trailing NULs
            return None
        fixed = np.asarray(texts, dtype=object).astype("S")
    except (UnicodeEncodeError, TypeError):
        return None
    if fixed.dtype.itemsize == 0:
        return None
    return fixed.view(np.uint8).reshape(len(fixed), fixed.dtype.itemsize)


def rows_with_any_char(texts: np.ndarray, characters: set[str]) -> np.ndarray:
    """Indexes of rows that may contain one of the characters (all rows when texts are not ASCII)."""
    matrix = byte_matrix(texts)
    if matrix is None or any(ord(c) > 127 for c in characters):
        return np.arange(len(texts))
    hit = np.zeros(len(texts), dtype=bool)
    for character in characters:
        hit |= (matrix == ord(character)).any(axis=1)
    return np.flatnonzero(hit)


def text_lengths(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's length, and whether its padding only trails (a text may itself hold NUL bytes)."""
    padding = matrix == 0
    width = matrix.shape[1]
    lengths = width - padding.sum(axis=1)
    first_padding = np.where(padding.any(axis=1), padding.argmax(axis=1), width)
    return lengths, lengths == first_padding


_CANONICAL_INTEGER = re.compile(r"0|[1-9][0-9]*")
_SIMPLE_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def canonical_integers(texts: np.ndarray, max_digits: int = 18) -> np.ndarray:
    """Rows that are plain non-negative integers as Java prints them: digits, no leading zero but "0"."""
    matrix = byte_matrix(texts)
    if matrix is None:  # not all ASCII (or holds NULs): the same test, one text at a time
        return np.array(
            [
                isinstance(t, str) and len(t) <= max_digits and bool(_CANONICAL_INTEGER.fullmatch(t))
                for t in texts
            ],
            dtype=bool,
        )
    lengths, trailing_padding = text_lengths(matrix)
    digits = ((matrix >= _ZERO) & (matrix <= _NINE)).sum(axis=1)
    leading_zero = (matrix[:, 0] == _ZERO) & (lengths > 1)
    return trailing_padding & (digits == lengths) & (lengths > 0) & (lengths <= max_digits) & ~leading_zero


def lower_case_words(texts: np.ndarray) -> np.ndarray:
    """Rows made only of ASCII lower-case letters and digits: already in LOOKUP's one-word key form."""
    matrix = byte_matrix(texts)
    if matrix is None:
        return np.array(
            [isinstance(t, str) and t.isascii() and t.isalnum() and t == t.lower() for t in texts]
        )
    lengths, trailing_padding = text_lengths(matrix)
    word = ((matrix >= _ZERO) & (matrix <= _NINE)) | ((matrix >= ord("a")) & (matrix <= ord("z")))
    return trailing_padding & (lengths > 0) & (word.sum(axis=1) == lengths)


def simple_decimals(texts: np.ndarray, max_length: int = 16, signed: bool = False) -> np.ndarray:
    """Rows of the form `digits[.digits]` (with `signed`, optionally a leading `-`), at most
    `max_length` characters besides the sign (so at most 16 digits)."""
    matrix = byte_matrix(texts)
    if matrix is None:  # not all ASCII (or holds NULs): the same test, one text at a time
        return np.array([_is_simple_decimal(t, max_length, signed) for t in texts], dtype=bool)
    if signed:
        negative = matrix[:, 0] == _MINUS
        if negative.any():
            matrix = matrix.copy()
            matrix[negative] = np.roll(matrix[negative], -1, axis=1)
            matrix[negative, -1] = 0
    lengths, trailing_padding = text_lengths(matrix)
    digit = (matrix >= _ZERO) & (matrix <= _NINE)
    dots = (matrix == _DOT).sum(axis=1)
    last = matrix[np.arange(len(matrix)), np.maximum(lengths - 1, 0)]
    return (
        trailing_padding
        & (digit.sum(axis=1) + dots == lengths)
        & (dots <= 1)
        & (lengths > 0)
        & (lengths <= max_length)
        & digit[:, 0]
        & (last >= _ZERO)
        & (last <= _NINE)
    )


def _is_simple_decimal(text: object, max_length: int, signed: bool) -> bool:
    if not isinstance(text, str):
        return False
    body = text[1:] if signed and text[:1] == "-" else text
    return len(body) <= max_length and bool(_SIMPLE_DECIMAL.fullmatch(body))


def integer_values(texts: np.ndarray) -> np.ndarray:
    """int64 values of texts already known to be `canonical_integers` (Horner's rule on the bytes)."""
    matrix = byte_matrix(texts)
    if matrix is None:
        return np.array([int(t) for t in texts], dtype=np.int64)
    values = np.zeros(len(matrix), dtype=np.int64)
    for j in range(matrix.shape[1]):
        column = matrix[:, j]
        values = np.where(column != 0, values * 10 + (column.astype(np.int64) - _ZERO), values)
    return values
