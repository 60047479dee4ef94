"""Runtime values of the formula language: kinds, exact decimals, string forms and re-typing of text.

Everything here is scalar and pure; column-wise code in `columns` and the function kernels builds on it.
Decimal semantics follow spec/calculator.md §5 and §7 (Java BigDecimal as SIF uses it).
"""

from __future__ import annotations

import re
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from enum import IntEnum
from typing import Any


class Kind(IntEnum):
    """The runtime kind of a value. NOVALUE is Java's `null` (no value at all), NULL a null *value*."""

    NOVALUE = 0
    NULL = 1
    NUMBER = 2
    STRING = 3
    BOOLEAN = 4
    LIST = 5
    JSON = 6


#: Exact arithmetic: + - * never round (BigDecimal with unlimited precision).
EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, rounding=ROUND_HALF_EVEN, traps=[])
#: Text and doubles turned into numbers keep 16 significant digits (MathContext.DECIMAL64).
DECIMAL64 = Context(prec=16, Emax=MAX_EMAX, Emin=MIN_EMIN, rounding=ROUND_HALF_EVEN, traps=[])
_DIVISION_SCALE = Decimal("1E-10")

# What java.math.BigDecimal(String) accepts.
_JAVA_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def divide(numerator: Decimal, denominator: Decimal) -> Decimal:
    """`numerator / denominator` rounded to 10 decimal places, HALF_UP (BigDecimal.divide(d, 10, HALF_UP)).

    The caller rules out a zero denominator. The quotient is first truncated with enough guard digits;
    truncation never moves a value across a HALF_UP rounding boundary, so the result is exact.
    """
    digits = max(numerator.adjusted() - denominator.adjusted(), 0) + 40
    truncated = Context(prec=digits, Emax=MAX_EMAX, Emin=MIN_EMIN, rounding=ROUND_DOWN).divide(
        numerator, denominator
    )
    return truncated.quantize(_DIVISION_SCALE, rounding=ROUND_HALF_UP, context=EXACT)


def from_double(value: float) -> Decimal:
    """A double as a decimal of 16 significant digits, HALF_EVEN (`new BigDecimal(d, DECIMAL64)`)."""
    return DECIMAL64.plus(Decimal(value))


def parse_java_decimal(text: str) -> Decimal | None:
    """Text that Java's BigDecimal accepts, rounded to 16 significant digits; None for anything else."""
    if not _JAVA_DECIMAL.fullmatch(text):
        return None
    return DECIMAL64.plus(Decimal(text))


def java_decimal_error(text: str) -> str:
    """The message of the NumberFormatException `new BigDecimal(text)` throws for text it rejects."""
    body = text[1:] if text[:1] in "+-" else text
    if not body:
        return "No digits found."
    mantissa, _, exponent = body.partition("e") if "e" in body else body.partition("E")
    for char in mantissa:
        if not (char.isdigit() or char == "."):
            return (
                f'Character {char} is neither a decimal digit number, decimal point, nor "e" notation '
                "exponential mark."
            )
    if mantissa.count(".") > 1:
        return "Character array contains more than one decimal point."
    if not any(c.isdigit() for c in mantissa):
        return "No digits found."
    digits = exponent[1:] if exponent[:1] in "+-" else exponent
    if not digits:
        return "null"  # the JDK throws without a message; SIF prints it as "null"
    if not digits.isdigit():
        return "Not a digit."
    return "Exponent overflow."


def canonical(number: Decimal) -> Decimal:
    """The value with trailing zeros stripped; integers keep a zero exponent so they print plainly."""
    if not number:
        return Decimal(0)
    stripped = number.normalize(EXACT)
    if stripped.as_tuple().exponent > 0:  # type: ignore[operator]
        return stripped.quantize(Decimal(1), context=EXACT)
    return stripped


def number_text(number: Decimal) -> str:
    """BigDecimal.toString() of the stripped value: plain, but E-notation below an exponent of -6."""
    return str(canonical(number))


def retype_text(text: str | None) -> tuple[Kind, Any]:
    """Re-type text from a dataset, JSON or SPLIT element (spec §5): null, number, boolean or string."""
    if text is None:
        return Kind.NULL, None
    number = parse_java_decimal(text)
    if number is not None:
        return Kind.NUMBER, number
    if text == "true":
        return Kind.BOOLEAN, True
    if text == "false":
        return Kind.BOOLEAN, False
    return Kind.STRING, text


def as_string(kind: Kind | int, value: Any) -> str:
    """The string form a function sees when it stringifies an argument (spec §5 `asString`)."""
    if kind == Kind.NUMBER:
        return number_text(value)
    if kind == Kind.STRING or kind == Kind.JSON:
        return str(value)
    if kind == Kind.BOOLEAN:
        return "true" if value else "false"
    if kind == Kind.LIST:
        return list_text(value)
    return ""


def list_text(items: list[tuple[Kind, Any]]) -> str:
    """The string form of a list: `[` items joined by `,` `]`, strings quoted without escaping."""
    parts = []
    for kind, value in items:
        if kind == Kind.STRING:
            parts.append(f'"{value}"')
        elif kind in (Kind.NULL, Kind.NOVALUE):
            parts.append("null")
        else:
            parts.append(as_string(kind, value))
    return "[" + ",".join(parts) + "]"
