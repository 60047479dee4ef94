"""GET_VALUE: Jayway JsonPath (default configuration) over json-smart's permissive parser, as SIF runs it.

Spec: spec/calculator.md §10 (GET_VALUE) and §14. Three Java behaviours are reproduced here because the
results and messages depend on them:

* **json-smart** (`JSONParser.MODE_PERMISSIVE`, ordered maps): accepts single quotes, unquoted keys and
  values, `NaN`, useless commas and trailing data; numbers become Integer/Long/BigInteger, Double (19+
  characters: BigDecimal); its ParseException messages are kept verbatim.
* **Jayway JsonPath**: the path compiler (dot and bracket notation, indexes, slices, unions, `*`, `..`,
  `[?(...)]` filters, tail functions) and its evaluation rules: a definite path without a result raises
  `No results for path: <normalized path>`, an indefinite one yields a (possibly empty) array.
* **Java text**: SIF re-types each result from `String.valueOf(value)`: maps print as `{k=v, ...}`, arrays
  as json-smart's compact JSON, doubles as `Double.toString`.

Every JsonPath failure (PathNotFoundException, InvalidPathException, ...) is an evaluation error carrying
the JsonPath message; an empty json or query text is Jayway's IllegalArgumentException.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from calculator.errors import EvaluationError, UnhandledError
from calculator.functions.split import java_pattern
from calculator.values import Kind, retype_text

# ---------------------------------------------------------------------------------------------------------
# Java values: what json-smart builds, and how Java prints it
# ---------------------------------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------------------------------
# json-smart's permissive parser
# ---------------------------------------------------------------------------------------------------------

_EOI = "\x1a"
_MAX_DEPTH = 400
_STOP_KEY = frozenset(":" + _EOI)
_STOP_VALUE = frozenset(",}" + _EOI)
_STOP_ARRAY = frozenset(",]" + _EOI)
_STOP_END = frozenset(_EOI)
_JAVA_SPACE_SEPARATORS = frozenset(
    "\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u2028\u2029\u205f\u3000"
)


class JsonSmartError(Exception):
    """json-smart's ParseException; `str()` is its message."""


def _unexpected(kind: str, position: int, what: object) -> JsonSmartError:
    shown = "null" if what is None else what
    messages = {
        "char": f"Unexpected character ({shown}) at position {position}.",
        "token": f"Unexpected token {shown} at position {position}.",
        "eof": f"Unexpected End Of File position {position}: {shown}",
        "unicode": f"Unexpected unicode escape sequence {shown} at position {position}.",
        "depth": "Malicious payload, having non natural depths, parsing stoped on "
        f"{shown} at position {position}.",
    }
    return JsonSmartError(messages[kind])


def _is_java_whitespace(ch: str) -> bool:
    return ch in "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f " or ch in _JAVA_SPACE_SEPARATORS


class _SmartParser:
    """A port of json-smart's JSONParserString in permissive mode (same positions, same messages)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.length = len(text)
        self.pos = -1
        self.c = _EOI
        self.xs = ""
        self.depth = 0

    def parse(self) -> Any:
        self.read()
        return self.read_value(_STOP_END, first=True)

    def read(self) -> None:
        self.pos += 1
        self.c = self.text[self.pos] if self.pos < self.length else _EOI

    def read_no_end(self) -> None:
        self.read()
        if self.pos >= self.length:
            raise _unexpected("eof", self.pos - 1, "EOF")

    def skip_space(self) -> None:
        while not (self.c > " " or self.c == _EOI):
            self.read()

    def skip_digits(self) -> None:
        while "0" <= self.c <= "9":
            self.read()

    def skip_unquoted(self, stop: frozenset[str]) -> None:
        while not (self.c == _EOI or (ord(self.c) < 126 and self.c in stop)):
            self.read()

    def extract_trimmed(self, start: int, stop: int) -> None:
        while start < stop - 1 and _is_java_whitespace(self.text[start]):
            start += 1
        while stop - 1 > start and _is_java_whitespace(self.text[stop - 1]):
            stop -= 1
        self.xs = self.text[start:stop]

    def read_unquoted(self, stop: frozenset[str]) -> str:
        start = self.pos
        self.skip_unquoted(stop)
        self.extract_trimmed(start, self.pos)
        return self.xs

    def read_value(self, stop: frozenset[str], first: bool = False) -> Any:
        while True:
            c = self.c
            if c in " \r\n\t":
                self.read()
                continue
            if c in ":}]":
                raise _unexpected("char", self.pos, c)
            if c == "{":
                return self.read_object()
            if c == "[":
                return self.read_array()
            if c in "\"'":
                return self.read_string()
            if c == _EOI and not first:
                raise _unexpected("eof", self.pos - 1, "EOF")
            if c in "0123456789-":
                return self.read_number(stop)
            word = self.read_unquoted(stop)
            keywords: dict[str, Any] = {"n": ("null", None), "f": ("false", False), "t": ("true", True)}
            if c in keywords and word == keywords[c][0]:
                return keywords[c][1]
            if c == "N" and word == "NaN":
                return JavaNumber("Float", math.nan)
            return word

    def read_object(self) -> dict[str, Any]:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise _unexpected("depth", self.pos, self.c)
        current: dict[str, Any] = {}
        accept_data = True
        while True:
            self.read()
            c = self.c
            if c in " \r\t\n":
                continue
            if c in ":][{":
                raise _unexpected("char", self.pos, c)
            if c == "}":
                self.depth -= 1
                self.read()
                return current
            if c == ",":
                accept_data = True
                continue
            key = self.read_string() if c in "\"'" else self.read_unquoted(_STOP_KEY)
            if not accept_data:
                raise _unexpected("token", self.pos, key)
            self.skip_space()
            if self.c != ":":
                if self.c == _EOI:
                    raise _unexpected("eof", self.pos - 1, None)
                raise _unexpected("char", self.pos - 1, self.c)
            self.read_no_end()
            current[key] = self.read_value(_STOP_VALUE)
            self.skip_space()
            if self.c == "}":
                self.depth -= 1
                self.read()
                return current
            if self.c == _EOI:
                raise _unexpected("eof", self.pos - 1, None)
            if self.c != ",":
                raise _unexpected("token", self.pos - 1, self.c)

    def read_array(self) -> list[Any]:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise _unexpected("depth", self.pos, self.c)
        current: list[Any] = []
        self.read()
        while True:
            c = self.c
            if c in " \r\n\t,":
                self.read()
            elif c == "]":
                self.depth -= 1
                self.read()
                return current
            elif c in ":}":
                raise _unexpected("char", self.pos, c)
            elif c == _EOI:
                raise _unexpected("eof", self.pos - 1, "EOF")
            else:
                current.append(self.read_value(_STOP_ARRAY))

    def read_string(self) -> str:
        quote = self.c
        closing = self.text.find(quote, self.pos + 1)
        if closing == -1:
            raise _unexpected("eof", self.length, None)
        content = self.text[self.pos + 1 : closing]
        if "\\" not in content:
            self.pos = closing
            self.read()
            self.xs = content
            return content
        return self.read_escaped_string(quote)

    def read_escaped_string(self, quote: str) -> str:
        escapes = {
            "t": "\t",
            "n": "\n",
            "r": "\r",
            "f": "\f",
            "b": "\b",
            "\\": "\\",
            "/": "/",
            "'": "'",
            '"': '"',
        }
        chars: list[str] = []
        while True:
            self.read()
            c = self.c
            if c == _EOI:
                raise _unexpected("eof", self.pos - 1, None)
            if c == quote:
                self.read()
                self.xs = _join_surrogates("".join(chars))
                return self.xs
            if c == "\\":
                self.read()
                if self.c in escapes:
                    chars.append(escapes[self.c])
                elif self.c in "ux":
                    chars.append(self.read_hex(4 if self.c == "u" else 2))
            elif c < " " or c == "\x7f":
                continue  # IGNORE_CONTROL_CHAR drops them on this path
            else:
                chars.append(c)

    def read_hex(self, count: int) -> str:
        value = 0
        for _ in range(count):
            self.read()
            if self.c == _EOI:
                raise _unexpected("eof", self.pos, "EOF")
            if self.c not in "0123456789abcdefABCDEF":
                raise _unexpected("unicode", self.pos, self.c)
            value = value * 16 + int(self.c, 16)
        return chr(value)

    def read_number(self, stop: frozenset[str]) -> Any:
        start = self.pos
        self.read()
        self.skip_digits()
        is_float = self.c in ".eE"
        if self.c == ".":
            self.read()
            self.skip_digits()
        if self.c in "eE":
            self.read()
            if not (self.c in "+-" or "0" <= self.c <= "9"):
                return self.read_rest_as_text(start, stop)
            self.read()
            self.skip_digits()
        self.skip_space()
        if ord(self.c) < 126 and self.c not in stop:
            return self.read_rest_as_text(start, stop)
        self.extract_trimmed(start, self.pos)
        return self.float_value(self.xs) if is_float else _integer_value(self.xs)

    def read_rest_as_text(self, start: int, stop: frozenset[str]) -> str:
        self.skip_unquoted(stop)
        self.extract_trimmed(start, self.pos)
        return self.xs

    def float_value(self, text: str) -> JavaNumber:
        try:
            if len(text) > 18:
                return JavaNumber("BigDecimal", Decimal(text))
            return JavaNumber("Double", float(text))
        except (ValueError, InvalidOperation):
            raise _unexpected("token", self.pos, text) from None


def _integer_value(text: str) -> JavaNumber:
    """json-smart's parseNumber: by length first (19 digits, 20 with a sign), then by range."""
    if text == "-":
        return JavaNumber("Integer", 0)
    if len(text) > (20 if text.startswith("-") else 19):
        return JavaNumber("BigInteger", int(text))
    value = int(text)
    if value in _INT_RANGE:
        return JavaNumber("Integer", value)
    return JavaNumber("Long" if value in _LONG_RANGE else "BigInteger", value)


def _join_surrogates(text: str) -> str:
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def parse_json(text: str) -> Any:
    """Parse like json-smart's permissive mode; raises JsonSmartError with its message."""
    return _SmartParser(text).parse()


# ---------------------------------------------------------------------------------------------------------
# Evaluation context and path tokens
# ---------------------------------------------------------------------------------------------------------


class PathNotFound(Exception):
    """Jayway's PathNotFoundException."""


class InvalidPath(Exception):
    """Jayway's InvalidPathException (also raised for filters applied to primitives)."""


@dataclass
class _Context:
    path: CompiledPath
    root: Any
    require_properties: bool = False
    results: list[Any] = field(default_factory=list)


class _Token:
    """One step of a compiled path; `index` is its place in `path.tokens`."""

    definite = True

    def fragment(self) -> str:
        raise NotImplementedError

    def evaluate(self, path: CompiledPath, index: int, current: str, model: Any, ctx: _Context) -> None:
        raise NotImplementedError


def _is_leaf(path: CompiledPath, index: int) -> bool:
    return index == len(path.tokens) - 1


def _upstream_definite(path: CompiledPath, index: int) -> bool:
    return all(token.definite for token in path.tokens[:index])


def _next(path: CompiledPath, index: int, current: str, model: Any, ctx: _Context) -> None:
    """Hand `model` to the following token, or record it as a result at the leaf."""
    if _is_leaf(path, index):
        ctx.results.append(model)
    else:
        path.tokens[index + 1].evaluate(path, index + 1, current, model, ctx)


def _rest_text(path: CompiledPath, index: int) -> str:
    return "".join(token.fragment() for token in path.tokens[index:])


class _RootToken(_Token):
    def __init__(self, symbol: str) -> None:
        self.symbol = symbol

    def fragment(self) -> str:
        return self.symbol

    def evaluate(self, path: CompiledPath, index: int, current: str, model: Any, ctx: _Context) -> None:
        _next(path, index, self.symbol, model, ctx)


def _handle_property(
    path: CompiledPath, index: int, current: str, model: dict[str, Any], ctx: _Context, name: str
) -> None:
    eval_path = f"{current}['{name}']"
    if name not in model:
        if _is_leaf(path, index):
            if ctx.require_properties:
                raise PathNotFound(f"No results for path: {eval_path}")
            return
        if (_upstream_definite(path, index) and path.tokens[index].definite) or ctx.require_properties:
            raise PathNotFound(f"Missing property in path {eval_path}")
        return
    _next(path, index, eval_path, model[name], ctx)


def _handle_index(
    path: CompiledPath, index: int, current: str, model: list[Any], ctx: _Context, position: int
) -> None:
    effective = position + len(model) if position < 0 else position
    if 0 <= effective < len(model):
        _next(path, index, f"{current}[{position}]", model[effective], ctx)


class _PropertyToken(_Token):
    def __init__(self, names: list[str], delimiter: str) -> None:
        self.names = names
        self.delimiter = delimiter
        self.definite = len(names) == 1  # a leaf merges several names into one map: also definite

    def fragment(self) -> str:
        escaped = [name.replace("\\", "\\\\").replace("'", "\\'") for name in self.names]
        return "[" + ",".join(f"{self.delimiter}{name}{self.delimiter}" for name in escaped) + "]"

    def evaluate(self, path: CompiledPath, index: int, current: str, model: Any, ctx: _Context) -> None:
        if not isinstance(model, dict):
            if not _upstream_definite(path, index):
                return
            raise PathNotFound(
                f"Expected to find an object with property {self.fragment()} in path {current} but found "
                f"'{_java_class_name(model)}'. This is not a json object according to the JsonProvider: "
                "'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'."
            )
        if len(self.names) == 1 or not _is_leaf(path, index):
            for name in self.names:
                _handle_property(path, index, current, model, ctx, name)
            return
        merged = {}
        for name in self.names:
            if name in model:
                merged[name] = model[name]
            elif ctx.require_properties:
                joined = ", ".join(f"'{n}'" for n in self.names)
                raise PathNotFound(f"Missing property in path {current}[{joined}]")
        ctx.results.append(merged)


class _WildcardToken(_Token):
    definite = False

    def fragment(self) -> str:
        return "[*]"

    def evaluate(self, path: CompiledPath, index: int, current: str, model: Any, ctx: _Context) -> None:
        if isinstance(model, dict):
            for name in list(model):
                _handle_property(path, index, current, model, ctx, name)
        elif isinstance(model, list):
            for position in range(len(model)):
                try:
                    _handle_index(path, index, current, model, ctx, position)
                except PathNotFound:
                    if ctx.require_properties:
                        raise


def _check_array(path: CompiledPath, index: int, current: str, model: Any) -> bool:
    if model is None:
        if not _upstream_definite(path, index):
            return False
        raise PathNotFound(f"The path {current} is null")
    if not isinstance(model, list):
        if not _upstream_definite(path, index):
            return False
        raise PathNotFound(
            f"Filter: {_rest_text(path, index)} can only be applied to arrays. "
            f"Current context is: {java_text(model)}"
        )
    return True


class _IndexToken(_Token):
    def __init__(self, positions: list[int]) -> None:
        self.positions = positions
        self.definite = len(positions) == 1

    def fragment(self) -> str:
        return "[" + ",".join(map(str, self.positions)) + "]"

    def evaluate(self, path: CompiledPath, index: int, current: str, model: Any, ctx: _Context) -> None:
        if _check_array(path, index, current, model):
            for position in self.positions:
                _handle_index(path, index, current, model, ctx, position)


class _SliceToken(_Token):
    definite = False

    def __init__(self, start: int | None, stop: int | None) -> None:
        self.start = start
        self.stop = stop

    def fragment(self) -> str:
        return f"[{'' if self.start is None else self.start}:{'' if self.stop is None else self.stop}]"

    def evaluate(self, path: CompiledPath, index: int, current: str, model: Any, ctx: _Context) -> None:
        if not _check_array(path, index, current, model):
            return
        length = len(model)
        if self.stop is None:  # [from:]
            start = max(
                0, self.start + length if self.start is not None and self.start < 0 else self.start or 0
            )
            positions = range(start, length)
        elif self.start is None:  # [:to]
            stop = self.stop + length if self.stop < 0 else self.stop
            positions = range(0, min(length, stop)) if length else range(0)
        else:  # [from:to], Jayway does not adjust a negative `from` here
            stop = min(length, self.stop)
            positions = range(self.start, stop) if self.start < stop and length else range(0)
        for position in positions:
            _handle_index(path, index, current, model, ctx, position)


class _ScanToken(_Token):
    definite = False

    def fragment(self) -> str:
        return ".."

    def evaluate(self, path: CompiledPath, index: int, current: str, model: Any, ctx: _Context) -> None:
        target = path.tokens[index + 1]
        self._walk(path, index + 1, target, current, model, ctx, self._predicate(target, ctx))

    def _predicate(self, target: _Token, ctx: _Context) -> Callable[[Any], bool]:
        if isinstance(target, _PropertyToken):
            if ctx.require_properties or not target.definite:
                return lambda model: isinstance(model, dict)
            return lambda model: isinstance(model, dict) and all(name in model for name in target.names)
        if isinstance(target, (_IndexToken, _SliceToken)):
            return lambda model: isinstance(model, list)
        if isinstance(target, _WildcardToken):
            return lambda model: True
        if isinstance(target, _FilterToken):
            return lambda model: target.accept(model, ctx)
        return lambda model: False

    def _walk(
        self,
        path: CompiledPath,
        at: int,
        target: _Token,
        current: str,
        model: Any,
        ctx: _Context,
        matches: Callable[[Any], bool],
    ) -> None:
        if isinstance(model, dict):
            if matches(model):
                target.evaluate(path, at, current, model, ctx)
            for name, item in list(model.items()):
                self._walk(path, at, target, f"{current}['{name}']", item, ctx, matches)
        elif isinstance(model, list):
            if matches(model):
                if _is_leaf(path, at):
                    target.evaluate(path, at, current, model, ctx)
                else:
                    for position, item in enumerate(model):
                        path.tokens[at + 1].evaluate(path, at + 1, f"{current}[{position}]", item, ctx)
            for position, item in enumerate(model):
                self._walk(path, at, target, f"{current}[{position}]", item, ctx, matches)


class _FilterToken(_Token):
    definite = False

    def __init__(self, expression: _Expression) -> None:
        self.expression = expression

    def fragment(self) -> str:
        return "[?]"

    def accept(self, item: Any, ctx: _Context) -> bool:
        return self.expression.apply(item, ctx.root)

    def evaluate(self, path: CompiledPath, index: int, current: str, model: Any, ctx: _Context) -> None:
        if isinstance(model, dict):
            if self.accept(model, ctx):
                _next(path, index, current, model, ctx)
        elif isinstance(model, list):
            for position, item in enumerate(model):
                if self.accept(item, ctx):
                    _handle_index(path, index, current, model, ctx, position)
        elif _upstream_definite(path, index):
            raise InvalidPath(
                f"Filter: {_rest_text(path, index)} can not be applied to primitives. "
                f"Current context is: {java_text(model)}"
            )


class _FunctionToken(_Token):
    def __init__(self, name: str) -> None:
        if name not in _FUNCTIONS:
            raise InvalidPath(f"Function with name: {name} does not exist.")
        self.name = name

    def fragment(self) -> str:
        return f".{self.name}"

    def evaluate(self, path: CompiledPath, index: int, current: str, model: Any, ctx: _Context) -> None:
        _next(path, index, f"{current}.{self.name}", _FUNCTIONS[self.name](model), ctx)


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


@dataclass(frozen=True)
class CompiledPath:
    """A compiled JsonPath: its tokens, whether it is definite, and its normalized text."""

    tokens: tuple[_Token, ...]

    @property
    def definite(self) -> bool:
        return all(token.definite for token in self.tokens)

    def __str__(self) -> str:
        return "".join(token.fragment() for token in self.tokens)

    def evaluate(self, document: Any, root: Any, require_properties: bool = False) -> _Context:
        ctx = _Context(self, root, require_properties)
        self.tokens[0].evaluate(self, 0, "", document, ctx)
        return ctx

    def value(self, document: Any, root: Any) -> Any:
        """EvaluationContext.getValue(): the last result of a definite path, else the result array."""
        results = self.evaluate(document, root).results
        if self.definite:
            if not results:
                raise PathNotFound(f"No results for path: {self}")
            return results[-1]
        return results


# ---------------------------------------------------------------------------------------------------------
# The path compiler (PathCompiler)
# ---------------------------------------------------------------------------------------------------------


class _Cursor:
    """Jayway's CharacterIndex: a position and an inclusive end over the path text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.end = len(text) - 1

    def trim(self) -> None:
        while self.in_bounds(self.pos) and self.pos < self.end and self.text[self.pos] == " ":
            self.pos += 1
        while self.end > 0 and self.pos < self.end and self.text[self.end] == " ":
            self.end -= 1

    def in_bounds(self, index: int) -> bool:
        return 0 <= index <= self.end

    def char(self, index: int | None = None) -> str:
        index = self.pos if index is None else index
        if not 0 <= index < len(self.text):
            raise InvalidPath(
                f"java.lang.StringIndexOutOfBoundsException: index {index}, length {len(self.text)}"
            )
        return self.text[index]

    def is_tail(self) -> bool:
        return self.pos >= self.end

    def next_significant(self, start: int | None = None) -> tuple[int, str]:
        index = (self.pos if start is None else start) + 1
        while self.in_bounds(index) and self.text[index] == " ":
            index += 1
        return index, (self.text[index] if self.in_bounds(index) else " ")

    def index_of_significant(self, start: int, ch: str) -> int:
        index, found = self.next_significant(start)
        return index if self.in_bounds(index) and found == ch else -1

    def next_index_of(self, start: int, ch: str) -> int:
        index = self.text.find(ch, start, self.end + 1)
        return index

    def closing_parenthesis(self, start: int) -> int:
        opened = 1
        index = start + 1
        while self.in_bounds(index):
            ch = self.text[index]
            if ch in "'\"/":
                closing = _unescaped_index(self.text, index + 1, ch, self.end)
                if closing == -1:
                    raise InvalidPath(
                        f"Could not find matching close quote for {ch} when parsing : {self.text}"
                    )
                index = closing + 1
                continue
            if ch == "(":
                opened += 1
            elif ch == ")":
                opened -= 1
                if opened == 0:
                    return index
            index += 1
        return -1


def _unescaped_index(text: str, start: int, ch: str, end: int) -> int:
    index = start
    escaped = False
    while index <= end:
        if escaped:
            escaped = False
        elif text[index] == "\\":
            escaped = True
        elif text[index] == ch:
            return index
        index += 1
    return -1


_UNESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _unescape(text: str) -> str:
    """Jayway's Utils.unescape: backslash escapes, including \\uXXXX."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            following = text[i + 1]
            if following == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", text[i + 2 : i + 6]):
                out.append(chr(int(text[i + 2 : i + 6], 16)))
                i += 6
                continue
            out.append(_UNESCAPES.get(following, following))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


@lru_cache(maxsize=1024)
def compile_path(query: str) -> CompiledPath:
    """PathCompiler.compile: a query not starting with `$` or `@` is read as `$.` + query."""
    cursor = _Cursor(query)
    cursor.trim()
    if not query or query[0] not in "$@":  # Jayway looks at the untrimmed first character
        cursor = _Cursor("$." + query)
        cursor.trim()
    if cursor.char(cursor.end) == ".":
        raise InvalidPath("Path must not end with a '.' or '..'")
    return _PathReader(cursor).read()


class _PathReader:
    def __init__(self, cursor: _Cursor) -> None:
        self.at = cursor
        self.tokens: list[_Token] = []

    def read(self) -> CompiledPath:
        at = self.at
        while at.in_bounds(at.pos) and at.char() in " \t\r\n":
            at.pos += 1
        if at.char() not in "$@":
            raise InvalidPath("Path must start with '$' or '@'")
        self.tokens.append(_RootToken(at.char()))
        if not at.is_tail():
            at.pos += 1
            if at.char() not in ".[":
                raise InvalidPath(f"Illegal character at position {at.pos} expected '.' or '['")
            self.read_next()
        if isinstance(self.tokens[-1], _PropertyToken):
            self.tokens[-1].definite = True
        return CompiledPath(tuple(self.tokens))

    def continue_or_stop(self) -> None:
        if not self.at.is_tail():
            self.read_next()

    def read_next(self) -> None:
        at = self.at
        ch = at.char()
        if ch == "[":
            readers = (self.read_bracket_property, self.read_array, self.read_wildcard, self.read_filter)
            if not any(reader() for reader in readers):
                raise InvalidPath(
                    f"Could not parse token starting at position {at.pos}. Expected ?, ', 0-9, * "
                )
        elif ch == ".":
            self.read_dot()
        elif ch == "*":
            if not self.read_wildcard():
                raise InvalidPath(f"Could not parse token starting at position {at.pos}")
        elif not self.read_property_or_function():
            raise InvalidPath(f"Could not parse token starting at position {at.pos}")

    def read_dot(self) -> None:
        at = self.at
        if at.in_bounds(at.pos + 1) and at.char(at.pos + 1) == ".":
            self.tokens.append(_ScanToken())
            at.pos += 2
        elif not at.in_bounds(at.pos + 1):
            raise InvalidPath("Path must not end with a '.")
        else:
            at.pos += 1
        if at.char() == ".":
            raise InvalidPath(f"Character '.' on position {at.pos} is not valid.")
        self.read_next()

    def read_property_or_function(self) -> bool:
        at = self.at
        if at.char() in "[*. ":
            return False
        start = at.pos
        index = start
        end = at.end + 1
        is_function = False
        while at.in_bounds(index):
            ch = at.text[index]
            if ch == " ":
                raise InvalidPath(
                    "Use bracket notion ['my prop'] if your property contains blank characters. "
                    f"position: {at.pos}"
                )
            if ch in ".[(":
                end = index
                is_function = ch == "("
                break
            index += 1
        name = at.text[start:end]
        if is_function:
            if not at.in_bounds(end + 1) or at.text[end + 1] != ")":
                raise InvalidPath(f"Arguments to function: '{name}' are not supported.")
            at.pos = end + 1
            self.tokens.append(_FunctionToken(name))
        else:
            at.pos = end
            self.tokens.append(_PropertyToken([name], "'"))
        self.continue_or_stop()
        return True

    def read_bracket_property(self) -> bool:
        at = self.at
        _, delimiter = at.next_significant()
        if delimiter not in "'\"":
            return False
        names: list[str] = []
        start = at.pos + 1
        index = start
        end = 0
        in_property = in_escape = last_was_comma = False
        while at.in_bounds(index):
            ch = at.text[index]
            if in_escape:
                in_escape = False
            elif ch == "\\":
                in_escape = True
            elif ch == "]" and not in_property:
                if last_was_comma:
                    raise InvalidPath(f"Found empty property at index {index}")
                break
            elif ch == delimiter:
                if in_property:
                    if at.next_significant(index)[1] not in "],":
                        raise InvalidPath(
                            "Property must be separated by comma or Property must be terminated close square "
                            f"bracket at index {index}"
                        )
                    end = index
                    names.append(_unescape(at.text[start:end]))
                    in_property = False
                else:
                    start = index + 1
                    in_property = True
                    last_was_comma = False
            elif ch == "," and not in_property:
                if last_was_comma:
                    raise InvalidPath(f"Found empty property at index {index}")
                last_was_comma = True
            index += 1
        if in_property:
            raise InvalidPath(f"Property has not been closed - missing closing {delimiter}")
        closing = at.index_of_significant(end, "]")
        if closing == -1:
            raise InvalidPath("Property has not been closed - missing closing ]")
        at.pos = closing + 1
        if not names:
            raise InvalidPath("Empty properties")
        self.tokens.append(_PropertyToken(names, delimiter))
        self.continue_or_stop()
        return True

    def read_array(self) -> bool:
        at = self.at
        _, first = at.next_significant()
        if not (first.isdigit() or first in "-:"):
            return False
        start = at.pos + 1
        closing = at.next_index_of(start, "]")
        if closing == -1:
            return False
        expression = at.text[start:closing].strip("".join(map(chr, range(33))))
        if expression == "*" or any(not (c.isdigit() or c in ",-: ") for c in expression):
            return False
        if ":" in expression:
            self.tokens.append(_parse_slice(expression))
        else:
            self.tokens.append(_parse_indexes(expression))
        at.pos = closing + 1
        self.continue_or_stop()
        return True

    def read_wildcard(self) -> bool:
        at = self.at
        in_bracket = at.char() == "["
        if in_bracket and at.next_significant()[1] != "*":
            return False
        if at.char() != "*" and not at.in_bounds(at.pos + 1):
            return False
        if in_bracket:
            star = at.index_of_significant(at.pos, "*")
            if at.next_significant(star)[1] != "]" or not at.in_bounds(at.next_significant(star)[0]):
                raise InvalidPath(f"Expected wildcard token to end with ']' on position {star + 1}")
            at.pos = at.index_of_significant(star, "]") + 1
        else:
            at.pos += 1
        self.tokens.append(_WildcardToken())
        self.continue_or_stop()
        return True

    def read_filter(self) -> bool:
        at = self.at
        question = at.index_of_significant(at.pos, "?")
        if question == -1:
            return False
        opening = at.index_of_significant(question, "(")
        if opening == -1:
            return False
        closing = at.closing_parenthesis(opening)
        if (
            closing == -1
            or at.next_significant(closing)[1] != "]"
            or not at.in_bounds(at.next_significant(closing)[0])
        ):
            return False
        end = at.index_of_significant(closing, "]")
        self.tokens.append(_FilterToken(_FilterReader(at.text[opening : closing + 1]).read()))
        at.pos = end + 1
        self.continue_or_stop()
        return True


def _java_int(text: str, failure: str) -> int:
    if not re.fullmatch(r"[+-]?\d+", text) or int(text) not in _INT_RANGE:
        raise InvalidPath(failure)
    return int(text)


def _parse_indexes(expression: str) -> _IndexToken:
    tokens = re.split(r"\s*,\s*", expression)
    positions = [_java_int(t, f"Failed to parse token in ArrayIndexOperation: {t}") for t in tokens]
    return _IndexToken(positions)


def _parse_slice(expression: str) -> _SliceToken:
    if any(not (c.isdigit() or c in "-:") for c in expression):
        raise InvalidPath(f"Failed to parse SliceOperation: {expression}")
    parts = expression.split(":")
    while parts and parts[-1] == "":
        parts.pop()  # Java's String.split drops trailing empty strings

    def read(position: int) -> int | None:
        if position >= len(parts) or parts[position] == "":
            return None
        failure = f'java.lang.NumberFormatException: For input string: "{parts[position]}"'
        return _java_int(parts[position], failure)

    start, stop = read(0), read(1)
    if start is None and stop is None:
        raise InvalidPath(f"Failed to parse SliceOperation: {expression}")
    return _SliceToken(start, stop)


# ---------------------------------------------------------------------------------------------------------
# Filters ([?(...)]): FilterCompiler and the relational evaluators
# ---------------------------------------------------------------------------------------------------------

# A filter operand after evaluation: (kind, value) with kind one of
# undefined, null, string, number, boolean, json, pattern.
_Node = tuple[str, Any]
_UNDEFINED_NODE: _Node = ("undefined", None)


class _Expression:
    def apply(self, item: Any, root: Any) -> bool:
        raise NotImplementedError


@dataclass
class _Logical(_Expression):
    operator: str  # "&&", "||" or "!"
    operands: list[_Expression]

    def apply(self, item: Any, root: Any) -> bool:
        if self.operator == "!":
            return not self.operands[0].apply(item, root)
        if self.operator == "&&":
            return all(operand.apply(item, root) for operand in self.operands)
        return any(operand.apply(item, root) for operand in self.operands)


@dataclass
class _PathOperand:
    path: CompiledPath
    exists_check: bool = False
    should_exist: bool = True

    def evaluate(self, item: Any, root: Any) -> _Node:
        if self.exists_check:  # Jayway evaluates existence checks on the item, even for `$` paths
            try:
                ctx = self.path.evaluate(item, root, require_properties=True)
                if self.path.definite and not ctx.results:
                    return ("boolean", False)
                return ("boolean", True)
            except PathNotFound:
                return ("boolean", False)
        document = root if str(self.path).startswith("$") else item
        try:
            result = self.path.value(document, root)
        except PathNotFound:
            return _UNDEFINED_NODE
        return _value_node(result, from_path=True)


def _value_node(value: Any, from_path: bool = False) -> _Node:
    if value is None:
        return ("null", None)
    if isinstance(value, bool):
        return ("boolean", value)
    if isinstance(value, str):
        return ("string", value)
    if isinstance(value, JavaNumber):
        return ("number", _decimal(value.text()))
    return ("json", value)


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text) if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text) else None
    except InvalidOperation:
        return None


@dataclass
class _Relational(_Expression):
    left: Any  # a _PathOperand or a literal _Node
    operator: str
    right: Any

    def apply(self, item: Any, root: Any) -> bool:
        left = self.left.evaluate(item, root) if isinstance(self.left, _PathOperand) else self.left
        right = self.right.evaluate(item, root) if isinstance(self.right, _PathOperand) else self.right
        return _RELATIONS[self.operator](left, right)


def _number_text(number: Decimal | None) -> str:
    return "NaN" if number is None else str(number)


def _as_string(node: _Node) -> str | None:
    if node[0] == "string":
        return str(node[1])
    if node[0] == "number":
        return _number_text(node[1])
    return None


def _nodes_equal(left: _Node, right: _Node) -> bool:
    """ValueNode.equals (left.equals(right)), with JSON nodes compared by structure."""
    kind = left[0]
    if kind == "json" and right[0] == "json":
        return bool(left[1] == right[1])
    if kind == "string" and right[0] in ("string", "number"):
        return left[1] == _as_string(right)
    if kind == "number" and right[0] in ("string", "number"):
        other = right[1] if right[0] == "number" else _decimal(right[1])
        return left[1] is not None and other is not None and left[1] == other
    if kind in ("boolean", "null"):
        return right[0] == kind and left[1] == right[1]
    if kind == "pattern":
        return right[0] == "pattern" and left[1].pattern == right[1].pattern
    return False


def _compare(left: _Node, right: _Node, test: Callable[[int], bool]) -> bool:
    if left[0] == "number" and right[0] == "number":
        if left[1] is None or right[1] is None:
            return False
        return test((left[1] > right[1]) - (left[1] < right[1]))
    a, b = _as_string(left), _as_string(right)
    if a is None or b is None:
        return False
    return test((a > b) - (a < b))


def _value_list(node: _Node) -> list[_Node] | None:
    if node[0] == "json" and isinstance(node[1], list):
        return [_value_node(item) for item in node[1]]
    return None


def _contains(nodes: list[_Node], node: _Node) -> bool:
    return any(_nodes_equal(node, candidate) for candidate in nodes)


def _in(left: _Node, right: _Node) -> bool:
    values = _value_list(right)
    return values is not None and _contains(values, left)


def _size(left: _Node, right: _Node) -> bool:
    if right[0] != "number" or right[1] is None:
        return False
    expected = int(right[1])
    if left[0] == "string":
        return len(left[1]) == expected
    if left[0] == "json":
        return len(left[1]) == expected
    return False


def _empty(left: _Node, right: _Node) -> bool:
    if right[0] != "boolean":
        raise InvalidPath("Expected boolean node")
    if left[0] in ("string", "json"):
        return (len(left[1]) == 0) == right[1]
    return False


def _contains_operator(left: _Node, right: _Node) -> bool:
    if left[0] == "string" and right[0] == "string":
        return right[1] in left[1]
    values = _value_list(left)
    return values is not None and _contains(values, right)


def _all(left: _Node, right: _Node) -> bool:
    required = _value_list(right) or []
    if left[0] != "json":
        return False
    values = _value_list(left)
    return values is None or all(_contains(values, node) for node in required)


def _set_relation(test: Callable[[list[_Node], list[_Node]], bool]) -> Callable[[_Node, _Node], bool]:
    def relation(left: _Node, right: _Node) -> bool:
        left_values, right_values = _value_list(left), _value_list(right)
        if left_values is None or right_values is None:
            return False
        return test(left_values, right_values)

    return relation


def _regex(left: _Node, right: _Node) -> bool:
    if (left[0] == "pattern") == (right[0] == "pattern"):
        return False
    pattern, subject = (left[1], right) if left[0] == "pattern" else (right[1], left)
    inputs = _value_list(subject)
    if inputs is not None:
        return any(pattern.fullmatch(_regex_input(node)) for node in inputs)
    return pattern.fullmatch(_regex_input(subject)) is not None


def _regex_input(node: _Node) -> str:
    if node[0] == "boolean":
        return "true" if node[1] else "false"
    return _as_string(node) or ""


_RELATIONS: dict[str, Callable[[_Node, _Node], bool]] = {
    "==": _nodes_equal,
    "!=": lambda left, right: not _nodes_equal(left, right),
    "===": lambda left, right: left[0] == right[0] and _nodes_equal(left, right),
    "!==": lambda left, right: not (left[0] == right[0] and _nodes_equal(left, right)),
    "<": lambda left, right: _compare(left, right, lambda c: c < 0),
    "<=": lambda left, right: _compare(left, right, lambda c: c <= 0),
    ">": lambda left, right: _compare(left, right, lambda c: c > 0),
    ">=": lambda left, right: _compare(left, right, lambda c: c >= 0),
    "=~": _regex,
    "IN": _in,
    "NIN": lambda left, right: not _in(left, right),
    "ALL": _all,
    "SIZE": _size,
    "EMPTY": _empty,
    "CONTAINS": _contains_operator,
    "SUBSETOF": _set_relation(lambda lv, rv: all(_contains(rv, node) for node in lv)),
    "ANYOF": _set_relation(lambda lv, rv: any(_nodes_equal(a, b) for a in lv for b in rv)),
    "NONEOF": _set_relation(lambda lv, rv: not any(_nodes_equal(a, b) for a in lv for b in rv)),
    "EXISTS": lambda left, right: left[1] == right[1],
}

_PATTERN_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}


class _FilterSyntaxError(Exception):
    """A failure FilterCompiler does not catch locally (it aborts the whole filter)."""


class _FilterReader:
    """FilterCompiler: `(expression)` with || && ! ( ), relational operators and existence checks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, message: str) -> InvalidPath:
        return InvalidPath(message)

    def skip_blanks(self) -> str:
        while self.pos < len(self.text) and self.text[self.pos] == " ":
            self.pos += 1
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def read(self) -> _Expression:
        try:
            expression = self.read_or()
        except _FilterSyntaxError as error:
            raise InvalidPath(str(error)) from None
        if self.skip_blanks():
            raise self.fail(f"Expected end of filter expression instead of: {self.text[self.pos :]}")
        return expression

    def take(self, symbol: str) -> bool:
        self.skip_blanks()
        if self.text.startswith(symbol, self.pos):
            self.pos += len(symbol)
            return True
        return False

    def read_or(self) -> _Expression:
        operands = [self.read_and()]
        while self.take("||"):
            operands.append(self.read_and())
        return operands[0] if len(operands) == 1 else _Logical("||", operands)

    def read_and(self) -> _Expression:
        operands = [self.read_operand()]
        while self.take("&&"):
            operands.append(self.read_operand())
        return operands[0] if len(operands) == 1 else _Logical("&&", operands)

    def read_operand(self) -> _Expression:
        saved = self.pos
        if self.skip_blanks() == "!":
            self.pos += 1
            if self.skip_blanks() not in ("$", "@"):
                return _Logical("!", [self.read_operand()])
            self.pos = saved
        if self.take("("):
            expression = self.read_or()
            if not self.take(")"):
                raise self.fail("Expected character: )")
            return expression
        return self.read_relation()

    def read_relation(self) -> _Expression:
        left = self.read_value()
        saved = self.pos
        try:
            operator = self.read_operator()
            right = self.read_value()
            return _Relational(left, operator, right)
        except InvalidPath:
            self.pos = saved
        if not isinstance(left, _PathOperand):
            raise self.fail("Expected path node")
        check = _PathOperand(left.path, exists_check=True, should_exist=left.should_exist)
        return _Relational(check, "EXISTS", ("boolean", left.should_exist))

    def read_operator(self) -> str:
        self.skip_blanks()
        start = self.pos
        if self.pos < len(self.text) and self.text[self.pos] in "<>=~!":
            while self.pos < len(self.text) and self.text[self.pos] in "<>=~!":
                self.pos += 1
        else:
            while self.pos < len(self.text) and self.text[self.pos] != " ":
                self.pos += 1
        operator = self.text[start : self.pos]
        if operator.upper() in _RELATIONS and operator.upper() not in ("EXISTS",):
            return operator.upper()
        raise self.fail(f"Filter operator {operator} is not supported!")

    def read_value(self) -> Any:
        ch = self.skip_blanks()
        if ch in ("$", "@"):
            return self.read_path(should_exist=True)
        if ch == "!":
            self.pos += 1
            if self.skip_blanks() in ("$", "@"):
                return self.read_path(should_exist=False)
            raise self.fail("Unexpected character: !")
        return self.read_literal()

    def read_path(self, should_exist: bool) -> _PathOperand:
        start = self.pos
        self.pos += 1
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == "[":
                closing = self.matching_close(self.pos, "[", "]")
                if closing == -1:
                    raise self.fail(f"Square brackets does not match in filter {self.text}")
                self.pos = closing + 1
                if self.pos >= len(self.text):
                    break
                ch = self.text[self.pos]  # like Jayway, the character after `]` is only checked for a stop
            if ch in "<>=~! " or (ch == ")" and not self.closes_function(start)):
                break
            self.pos += 1
        return _PathOperand(compile_path(self.text[start : self.pos]), should_exist=should_exist)

    def closes_function(self, start: int) -> bool:
        opening = self.text.rfind("(", start, self.pos)
        if opening <= start or self.text[opening + 1 : self.pos].strip(" ") != "":
            return False
        return "." in self.text[start + 1 : opening]

    def matching_close(self, start: int, opening: str, closing: str) -> int:
        depth = 0
        index = start
        while index < len(self.text):
            ch = self.text[index]
            if ch in "'\"":
                end = _unescaped_index(self.text, index + 1, ch, len(self.text) - 1)
                if end == -1:
                    return -1
                index = end
            elif ch == opening:
                depth += 1
            elif ch == closing:
                depth -= 1
                if depth == 0:
                    return index
            index += 1
        return -1

    def read_literal(self) -> _Node:
        ch = self.skip_blanks()
        if ch in ("'", '"'):
            closing = _unescaped_index(self.text, self.pos + 1, ch, len(self.text) - 1)
            if closing == -1:
                raise self.fail(f"String literal does not have matching quotes. Expected {ch} in {self.text}")
            literal = self.text[self.pos + 1 : closing]
            self.pos = closing + 1
            return ("string", _unescape(literal))
        for word, node in (
            ("true", ("boolean", True)),
            ("false", ("boolean", False)),
            ("null", ("null", None)),
        ):
            if ch == word[0]:
                if not self.text.startswith(word, self.pos):
                    raise self.fail(f"Expected {'boolean' if word != 'null' else 'null'} literal")
                self.pos += len(word)
                return node
        if ch in ("[", "{"):
            closing = self.matching_close(self.pos, ch, "]" if ch == "[" else "}")
            if closing == -1:
                raise self.fail(f"String not closed. Expected ' in {self.text}")
            literal = self.text[self.pos : closing + 1]
            self.pos = closing + 1
            try:
                return ("json", parse_json(literal))
            except JsonSmartError as error:
                raise self.fail(str(error)) from None
        if ch == "/":
            return self.read_pattern()
        start = self.pos
        while self.pos < len(self.text) and (self.text[self.pos].isdigit() or self.text[self.pos] in "-.Ee"):
            self.pos += 1
        number = self.text[start : self.pos]
        value = _decimal(number)
        if value is None:
            shown = self.text[self.pos] if self.pos < len(self.text) else ""
            raise _FilterSyntaxError(
                f"Failed to parse filter: {self.text}, error on position: {self.pos}, char: {shown}"
            )
        return ("number", value)

    def read_pattern(self) -> _Node:
        closing = _unescaped_index(self.text, self.pos + 1, "/", len(self.text) - 1)
        if closing == -1:
            raise self.fail(f"Pattern not closed. Expected / in {self.text}")
        regex = self.text[self.pos + 1 : closing]
        self.pos = closing + 1
        flags = 0
        while self.pos < len(self.text) and self.text[self.pos].isalpha():
            flags |= _PATTERN_FLAGS.get(self.text[self.pos], 0)
            self.pos += 1
        return ("pattern", java_pattern(regex, flags))


# ---------------------------------------------------------------------------------------------------------
# GET_VALUE
# ---------------------------------------------------------------------------------------------------------


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
