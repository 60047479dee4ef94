"""The filter compiler (Jayway's FilterCompiler): the text inside `[?(...)]` to a filter expression.

What belongs here: `||`, `&&`, `!` and parentheses, relational operators, existence checks, and literals
(strings, numbers, booleans, null, JSON, `/regex/flags`) with Jayway's messages. Paths inside a filter are
compiled by the path compiler handed in by `compiler`, which in turn uses this class for `[?(...)]`.
What does not: evaluating expressions (`filters`), path syntax outside filters (`compiler`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from calculator.functions.jsonpath.cursor import _unescape, _unescaped_index
from calculator.functions.jsonpath.filters import (
    _RELATIONS,
    _decimal,
    _Expression,
    _Logical,
    _Node,
    _PathOperand,
    _Relational,
)
from calculator.functions.jsonpath.json_smart import JsonSmartError, parse_json
from calculator.functions.jsonpath.paths import CompiledPath, InvalidPath
from calculator.functions.split import java_pattern

_PATTERN_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}


class _FilterSyntaxError(Exception):
    """A failure FilterCompiler does not catch locally (it aborts the whole filter)."""


class _FilterReader:
    """FilterCompiler: `(expression)` with || && ! ( ), relational operators and existence checks."""

    def __init__(self, text: str, compile_path: Callable[[str], CompiledPath]) -> None:
        self.text = text
        self.pos = 0
        self.compile_path = compile_path  # the path compiler, which itself reads filters with this class

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
        return _PathOperand(self.compile_path(self.text[start : self.pos]), should_exist=should_exist)

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
