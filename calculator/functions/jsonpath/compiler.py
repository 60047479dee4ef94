"""The path compiler (Jayway's PathCompiler): JsonPath text to a `CompiledPath`.

What belongs here: `compile_path` (cached), dot and bracket notation, properties, indexes, slices, unions,
`*`, `..`, `[?(...)]` filters and tail functions, with Jayway's InvalidPathException messages.
What does not: scanning characters (`cursor`), the filter language inside `[?(...)]` (`filter_compiler`),
evaluating the tokens (`tokens`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from calculator.functions.jsonpath.cursor import _Cursor, _unescape
from calculator.functions.jsonpath.filter_compiler import _FilterReader
from calculator.functions.jsonpath.java_values import _INT_RANGE
from calculator.functions.jsonpath.paths import CompiledPath, InvalidPath, _Token
from calculator.functions.jsonpath.tokens import (
    _FilterToken,
    _FunctionToken,
    _IndexToken,
    _PropertyToken,
    _RootToken,
    _ScanToken,
    _SliceToken,
    _WildcardToken,
)


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
        self.tokens.append(_FilterToken(_FilterReader(at.text[opening : closing + 1], compile_path).read()))
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
