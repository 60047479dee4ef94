"""json-smart's permissive parser (`JSONParser.MODE_PERMISSIVE`, ordered maps), as SIF's JsonPath uses it.

What belongs here: a port of JSONParserString in permissive mode: single quotes, unquoted keys and values,
`NaN`, useless commas and trailing data; numbers become Integer/Long/BigInteger, Double (19+ characters:
BigDecimal); its ParseException messages and positions are kept verbatim.
What does not: printing values back (`java_values`), JsonPath (`compiler`, `tokens`, `filters`).
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Any

from calculator.functions.jsonpath.java_values import _INT_RANGE, _LONG_RANGE, JavaNumber

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
