"""GET_VALUE: parse the json, evaluate the query, and type the result as SIF does.

What belongs here: `get_value` (null and empty arguments, which Java failures become evaluation errors and
which stay unhandled) and re-typing each result from `String.valueOf(value)`: arrays become lists.
What does not: the parser (`json_smart`), the path compiler and evaluator (`compiler`, `tokens`), Java text
(`java_values`).
"""

from __future__ import annotations

from typing import Any

from calculator.errors import EvaluationError, UnhandledError
from calculator.functions.jsonpath.compiler import compile_path
from calculator.functions.jsonpath.java_values import java_text
from calculator.functions.jsonpath.json_smart import JsonSmartError, parse_json
from calculator.functions.jsonpath.paths import InvalidPath, PathNotFound
from calculator.values import Kind, retype_text


def get_value(json_text: str | None, query: str | None) -> tuple[Kind, Any]:
    """GET_VALUE(json, query): the JsonPath result as a formula value (spec §10)."""
    if json_text is None:
        raise EvaluationError("Invalid json to parse.")
    if query is None:
        raise EvaluationError("Invalid query to evaluate.")
    if json_text == "":
        raise UnhandledError("IllegalArgumentException", "json string can not be null or empty")
    try:
        document = parse_json(json_text)
    except JsonSmartError as error:
        raise EvaluationError(f"Unable to parse json: {error}") from None
    except RecursionError:
        raise UnhandledError("StackOverflowError") from None
    if query == "":
        raise UnhandledError("IllegalArgumentException", "path can not be null or empty")
    try:
        result = compile_path(query).value(document, document)
    except (PathNotFound, InvalidPath) as error:
        raise EvaluationError(str(error)) from None
    return _formula_value(result)


def _formula_value(result: Any) -> tuple[Kind, Any]:
    """How SIF types the JsonPath result: arrays become lists, everything else is re-typed text."""
    if isinstance(result, list):
        return Kind.LIST, [_retyped(item) for item in result]
    return _retyped(result)


def _retyped(value: Any) -> tuple[Kind, Any]:
    if value is None:
        return Kind.NULL, None
    return retype_text(java_text(value))
