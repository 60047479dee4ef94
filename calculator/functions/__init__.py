"""The function registry: one entry per built-in function, mapping its name to a column kernel.

Adding a function is one entry here plus its kernel and tests (the grammar fixes arity and options).
Lazy functions (IF, COALESCE, SWITCH) evaluate only what each row needs and live in the evaluator;
eager ones get their arguments evaluated here, in SIF's order, and their results audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from calculator import ast
from calculator.columns import Column, assemble
from calculator.evaluator import Evaluation
from calculator.functions import control, custom, references, text
from calculator.functions.support import evaluate_arguments

Kernel = Callable[[Evaluation, ast.Call, np.ndarray, list[Column], dict[str, Column]], Column]


@dataclass(frozen=True)
class FunctionSpec:
    """How to call one built-in: its kernel, the order its arguments are evaluated in, and auditing."""

    kernel: Kernel
    argument_order: tuple[int, ...] | None = None
    audited: bool = True


FUNCTIONS: dict[str, FunctionSpec] = {
    "CONCAT": FunctionSpec(text.concat),
    "LOWERCASE": FunctionSpec(text.lowercase),
    "UPPERCASE": FunctionSpec(text.uppercase),
    "SEARCH": FunctionSpec(text.search),
    "SPLIT": FunctionSpec(text.split),
    "GET_VALUE": FunctionSpec(text.get_value),
    "AS_TIMESTAMP": FunctionSpec(text.as_timestamp),
    "CONVERT": FunctionSpec(text.convert),
    "REF": FunctionSpec(references.ref),
    "LOOKUP": FunctionSpec(references.lookup, argument_order=(0, 1, 3, 2)),
    "IMPACT": FunctionSpec(references.impact),
    "ASSIGN_TO_GROUP": FunctionSpec(references.assign_to_group),
    "CAML": FunctionSpec(references.caml),
}

_LAZY = {"IF": control.evaluate_if, "COALESCE": control.evaluate_coalesce, "SWITCH": control.evaluate_switch}


def evaluate_call(ev: Evaluation, node: ast.Node, rows: np.ndarray) -> Column:
    """Evaluate a function call node for `rows`."""
    if isinstance(node, ast.CustomCall):
        return custom.evaluate(ev, node, rows)
    assert isinstance(node, ast.Call)
    lazy = _LAZY.get(node.name)
    if lazy is not None:
        return lazy(ev, node, rows)
    spec = FUNCTIONS[node.name]
    positions, args, options = evaluate_arguments(ev, node, rows, spec.argument_order)
    result = spec.kernel(ev, node, rows[positions], args, options)
    if spec.audited:
        ev.record(node, rows[positions], result)
    return assemble(len(rows), positions, result)
