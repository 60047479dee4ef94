"""Filter expressions (`[?(...)]`): the expression tree and Jayway's relational evaluators.

What belongs here: logical and relational expressions, path operands (values and existence checks),
evaluated operands as (kind, value) nodes, and the operators (==, ===, <, =~, in, nin, subsetof, anyof,
noneof, size, empty, contains, all) with Jayway's ValueNode comparison rules.
What does not: reading filter text (`filter_compiler`), the filter token that applies an expression to
arrays and objects (`tokens`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from calculator.functions.jsonpath.java_values import JavaNumber
from calculator.functions.jsonpath.paths import CompiledPath, InvalidPath, PathNotFound

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
