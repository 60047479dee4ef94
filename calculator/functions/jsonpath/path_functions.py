"""JsonPath tail functions (`.length()`, `.sum()`, `.first()`, ...) as Jayway computes them.

What belongs here: the table of function names and what each computes from the value it is applied to,
including Jayway's starting values for min/max and its empty-array error.
What does not: reading `name()` in a path (`compiler`), applying a function token (`tokens`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from calculator.functions.jsonpath.java_values import JavaNumber
from calculator.functions.jsonpath.paths import InvalidPath


def _numbers(model: Any) -> list[float]:
    values = (
        [float(item.value) for item in model if isinstance(item, JavaNumber)]
        if isinstance(model, list)
        else []
    )
    if not values:
        raise InvalidPath("Aggregation function attempted to calculate value using empty array")
    return values


def _length(model: Any) -> Any:
    return JavaNumber("Integer", len(model)) if isinstance(model, (list, dict)) else None


def _stddev(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return math.sqrt(sum(v * v for v in values) / len(values) - mean * mean)


def _double(compute: Callable[[list[float]], float]) -> Callable[[Any], JavaNumber]:
    return lambda model: JavaNumber("Double", compute(_numbers(model)))


_FUNCTIONS: dict[str, Callable[[Any], Any]] = {
    "length": _length,
    "size": _length,
    "sum": _double(lambda values: math.fsum(values)),
    "avg": _double(lambda values: sum(values) / len(values)),
    "min": _double(lambda values: min([*values, 1.7976931348623157e308])),
    "max": _double(lambda values: max([*values, 5e-324])),  # Jayway starts from Double.MIN_VALUE
    "stddev": _double(_stddev),
    "first": lambda model: model[0] if isinstance(model, list) and model else None,
    "last": lambda model: model[-1] if isinstance(model, list) and model else None,
}
