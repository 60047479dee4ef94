"""Java values: what json-smart builds, and how Java prints it.

What belongs here: `JavaNumber` (a number with its Java class), Jayway's UNDEFINED, Java's integer ranges,
`String.valueOf` (`java_text`), json-smart's `toJSONString` (`json_text`), `Double.toString`
(`java_double_text`) and Java class names as they appear in JsonPath messages.
What does not: parsing JSON text (`json_smart`), evaluating paths (`paths`, `tokens`), how SIF types a
result (`results`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

_INT_RANGE = range(-(2**31), 2**31)
_LONG_RANGE = range(-(2**63), 2**63)


@dataclass(frozen=True)
class JavaNumber:
    """A parsed JSON number with its Java class: Integer, Long, BigInteger, Double, BigDecimal or Float."""

    java_class: str
    value: int | float | Decimal

    def text(self) -> str:
        """`Number.toString()`."""
        if isinstance(self.value, float):
            return java_double_text(self.value)
        return str(self.value)


class _Undefined:
    """Jayway's JsonProvider.UNDEFINED: a property that is absent (as opposed to JSON null)."""


UNDEFINED = _Undefined()


def java_double_text(value: float) -> str:
    """`Double.toString(value)` with the shortest round-trip digits (JDK 19+)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    sign = "-" if value < 0 else ""
    digits, exponent = _shortest_digits(abs(value))
    point = len(digits) + exponent  # digits before the decimal point
    if 1e-3 <= abs(value) < 1e7:
        if point <= 0:
            return f"{sign}0.{'0' * -point}{digits}"
        if point >= len(digits):
            return f"{sign}{digits}{'0' * (point - len(digits))}.0"
        return f"{sign}{digits[:point]}.{digits[point:]}"
    return f"{sign}{digits[0]}.{digits[1:] or '0'}E{point - 1}"


def _shortest_digits(value: float) -> tuple[str, int]:
    sign_digits_exponent = Decimal(repr(value)).normalize().as_tuple()
    digits = "".join(map(str, sign_digits_exponent.digits))
    return digits, int(sign_digits_exponent.exponent)


def java_text(value: Any) -> str:
    """`String.valueOf(value)` for a parsed JSON value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, JavaNumber):
        return value.text()
    if isinstance(value, list):
        return json_text(value)
    if isinstance(value, dict):
        parts = []  # a loop, not a generator: nesting depth costs one frame per level
        for key, item in value.items():
            parts.append(f"{key}={java_text(item)}")
        return "{" + ", ".join(parts) + "}"
    return str(value)


def json_text(value: Any) -> str:
    """json-smart's `toJSONString` (JSONStyle.NO_COMPRESS): compact, every string quoted, `/` escaped."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + _escape_for_web(value) + '"'
    if isinstance(value, JavaNumber):
        if isinstance(value.value, float) and math.isinf(value.value):
            return "null"
        return value.text()
    parts = []  # a loop, not a generator: nesting depth costs one frame per level
    if isinstance(value, list):
        for item in value:
            parts.append(json_text(item))
        return "[" + ",".join(parts) + "]"
    if isinstance(value, dict):
        for key, item in value.items():
            parts.append(f'"{_escape_for_web(key)}":{json_text(item)}')
        return "{" + ",".join(parts) + "}"
    return str(value)


_WEB_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_WEB_SPECIAL = re.compile('["\\\\/\\x00-\\x1f\\x7f-\\x9f\\u2000-\\u20ff]')


def _escape_for_web(text: str) -> str:
    def escape(match: re.Match[str]) -> str:
        ch = match.group()
        if ch in _WEB_ESCAPES:
            return _WEB_ESCAPES[ch]
        return "\\/" if ch == "/" else f"\\u{ord(ch):04X}"

    return _WEB_SPECIAL.sub(escape, text)


def _java_class_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "java.lang.Boolean"
    if isinstance(value, str):
        return "java.lang.String"
    if isinstance(value, JavaNumber):
        package = "java.math" if value.java_class.startswith("Big") else "java.lang"
        return f"{package}.{value.java_class}"
    if isinstance(value, list):
        return "net.minidev.json.JSONArray"
    return "java.util.LinkedHashMap"
