"""The formula's expression tree: immutable nodes built once per formula by `syntax.parse`.

Every node keeps `text`, its source as SIF sees it (ANTLR `getText()`: skipped blanks removed, single
spaces and the blanks inside commas kept). Audit keys and error messages embed that text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Node:
    """Base of every expression node."""

    text: str = field(compare=False)


@dataclass(frozen=True)
class NumberLiteral(Node):
    value: Decimal


@dataclass(frozen=True)
class StringLiteral(Node):
    value: str


@dataclass(frozen=True)
class BooleanLiteral(Node):
    value: bool


@dataclass(frozen=True)
class NullLiteral(Node):
    """`null`: yields no value at all (Java null), unlike a null *value* from a lookup miss."""


@dataclass(frozen=True)
class Token(Node):
    """`:name`: a pipeline parameter, else a variable set earlier in the same evaluation."""

    name: str


@dataclass(frozen=True)
class SetVariable(Node):
    name: str
    value: Node


@dataclass(frozen=True)
class Negate(Node):
    operand: Node


@dataclass(frozen=True)
class Arithmetic(Node):
    """`+ - * / ^` over numbers."""

    operator: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Comparison(Node):
    """`> >= < <= == !=`."""

    operator: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Call(Node):
    """A built-in function call. `name` is upper case; `options` keep source order, lower-case names."""

    name: str
    args: tuple[Node, ...]
    options: tuple[tuple[str, Node], ...] = ()
    index: Node | None = None


@dataclass(frozen=True)
class CustomCall(Node):
    """`#calculation(args..., group=, tenant=, version=, versionAsAt=)`."""

    function: str
    args: tuple[Node, ...]
    options: tuple[tuple[str, Node], ...] = ()


@dataclass(frozen=True)
class Program(Node):
    """One or more lines; the value is the last line's, or no value when the formula ends in a newline."""

    lines: tuple[Node, ...]
    ends_with_newline: bool


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, parents before children."""
    yield node
    if isinstance(node, Program):
        for line in node.lines:
            yield from walk(line)
    elif isinstance(node, SetVariable):
        yield from walk(node.value)
    elif isinstance(node, Negate):
        yield from walk(node.operand)
    elif isinstance(node, Arithmetic | Comparison):
        yield from walk(node.left)
        yield from walk(node.right)
    elif isinstance(node, Call | CustomCall):
        for arg in node.args:
            yield from walk(arg)
        for _, option in node.options:
            yield from walk(option)
        if isinstance(node, Call) and node.index is not None:
            yield from walk(node.index)
