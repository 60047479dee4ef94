"""Evaluation of an expression tree over a whole batch of rows at once.

`Evaluation` walks the tree once per batch, not once per row: each node is evaluated for the set of rows
that reach it, as numpy arrays. A row that fails is recorded in `errors` and drops out of every later
step, which reproduces SIF's first-error-wins order (the left operand is checked before the right one is
evaluated; IF, COALESCE and SWITCH evaluate only what each row needs). Control flow, variables, arithmetic
and comparison live here; the other functions are kernels registered in `calculator.functions`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import localcontext
from typing import TYPE_CHECKING, Any

import numpy as np

from calculator import ast, fixedpoint
from calculator.audit import AuditLog
from calculator.columns import Column, assemble, strings
from calculator.errors import ErrorKind, EvaluationError, FormulaError, RowError, UnhandledError
from calculator.hints import token_hint
from calculator.values import EXACT, Kind, divide, from_double

if TYPE_CHECKING:
    from calculator.resolver import Resolver

_OPERATION_NAMES = {"+": "add/subtract", "-": "add/subtract", "*": "multiple/divide", "/": "multiple/divide"}


@dataclass(frozen=True)
class EvaluationContext:
    """Where an evaluation runs: the execution's group and tenant and the catalog resolver."""

    group: str = "/"
    tenant: str | None = None
    resolver: Resolver | None = None


@dataclass
class Substitution:
    """A custom calculation's parameters bound as values instead of pasted into its text.

    SIF pastes each argument's string form into the formula text; where that paste is a single literal
    token (checked per row by `functions.custom`), binding the literal's value is equivalent and
    lets one parse serve every row. `pasted(key)` gives the text SIF would have pasted, so audit keys and
    messages still match SIF; it is only computed when one is needed.
    """

    values: dict[str, Column]
    order: tuple[str, ...]
    paste: Callable[[str], np.ndarray]
    _pasted: dict[str, np.ndarray] = field(default_factory=dict)

    def pasted(self, key: str) -> np.ndarray:
        if key not in self._pasted:
            self._pasted[key] = self.paste(key)
        return self._pasted[key]


class Evaluation:
    """The state of one formula evaluated over `count` rows."""

    def __init__(
        self,
        count: int,
        parameters: dict[str, Column],
        context: EvaluationContext,
        refs: dict[str, Column] | None = None,
        audit: bool = False,
        substitution: Substitution | None = None,
    ) -> None:
        self.count = count
        self.parameters = parameters
        self.context = context
        self.refs = refs or {}
        self.substitution = substitution
        self.failed = np.zeros(count, dtype=bool)
        self.failures = 0  # rows failed so far; lets `eval` notice new failures cheaply
        self.errors = np.empty(count, dtype=object)
        self.assigned_group = np.empty(count, dtype=object)
        self.variables: dict[str, Column] = {}
        self.variable_set: dict[str, np.ndarray] = {}
        self.audit: AuditLog | None = AuditLog() if audit else None

    # --- row bookkeeping --------------------------------------------------------------------------------
    def fail(self, rows: np.ndarray, error: RowError | FormulaError | np.ndarray) -> None:
        """Record an error for rows that have none yet (the first error of a row wins)."""
        if not len(rows):
            return
        if isinstance(error, FormulaError):
            error = error.to_row_error()
        fresh = ~self.failed[rows]
        self.failures += int(np.count_nonzero(fresh))
        if isinstance(error, np.ndarray):
            chosen = error[fresh]
            self.errors[rows[fresh]] = [
                e.to_row_error() if isinstance(e, FormulaError) else e for e in chosen
            ]
        else:
            targets = rows[fresh]
            self.errors[targets] = [error] * len(targets)
        self.failed[rows] = True

    def whole(self, rows: np.ndarray) -> bool:
        """Whether `rows` is every row. Rows handed to `eval` are always sorted distinct row numbers."""
        return len(rows) == self.count

    def alive(self, rows: np.ndarray) -> np.ndarray:
        """Positions (into `rows`) of the rows that have not failed."""
        return np.flatnonzero(~self.failed[rows])

    def text(self, node: ast.Node, rows: np.ndarray) -> str | np.ndarray:
        """The node's source text as SIF sees it: per row inside a calculation whose arguments were pasted."""
        substitution = self.substitution
        if substitution is None or ":" not in node.text:
            return node.text
        used = [key for key in substitution.order if f":{key}" in node.text]
        if not used:
            return node.text
        out = np.empty(len(rows), dtype=object)
        out[:] = node.text
        for key in used:
            pasted = substitution.pasted(key)[rows]
            out = np.array([t.replace(f":{key}", p) for t, p in zip(out, pasted, strict=True)], dtype=object)
        return out

    def message(self, rows: np.ndarray, node: ast.Node, template: str) -> RowError | np.ndarray:
        """An evaluation error whose message embeds the node text (`{}` in the template)."""
        text = self.text(node, rows)
        if isinstance(text, str):
            return RowError(ErrorKind.EVALUATION, template.format(text))
        return np.array([RowError(ErrorKind.EVALUATION, template.format(t)) for t in text], dtype=object)

    def record(self, node: ast.Node, rows: np.ndarray, result: Column) -> None:
        """Audit `node text -> string form` for the rows that produced a value."""
        if self.audit is None:
            return
        keep = self.alive(rows)
        if len(keep):
            rows = rows[keep]
            self.audit.evaluated(rows, self.text(node, rows), strings(result.take(keep)))

    # --- entry point -----------------------------------------------------------------------------------
    def run(self, program: ast.Program) -> Column:
        """Evaluate every line for every row; the value is the last line's (no value after a newline)."""
        rows = np.arange(self.count)
        result = Column.empty(self.count)
        for line in program.lines:
            live = rows[self.alive(rows)]
            result = assemble(self.count, live, self.eval(line, live))
        if program.ends_with_newline:
            return Column.empty(self.count)
        return result

    def eval(self, node: ast.Node, rows: np.ndarray) -> Column:
        """The node's value for `rows`; rows that fail on the way are marked in `failed`."""
        before = self.failures
        evaluate = _DISPATCH.get(type(node)) or _evaluate_call()
        try:
            result: Column = evaluate(self, node, rows)
        except FormulaError as error:  # the whole call failed (e.g. no resolver): so does every row
            self.fail(rows, error)
            result = Column.empty(len(rows))
        if self.failures != before:
            self._locate(node, rows)
        return result

    def _locate(self, node: ast.Node, rows: np.ndarray) -> None:
        """Name the innermost failing expression on errors that do not say where they happened yet."""
        failed = rows[self.failed[rows]]
        unplaced = [row for row in failed.tolist() if self.errors[row].at is None]
        if not unplaced:
            return
        texts = self.text(node, np.asarray(unplaced))
        for i, row in enumerate(unplaced):
            at = texts if isinstance(texts, str) else texts[i]
            self.errors[row] = replace(self.errors[row], at=at)

    def eval_alive(
        self, node: ast.Node, rows: np.ndarray, positions: np.ndarray
    ) -> tuple[np.ndarray, Column]:
        """Evaluate for `rows[positions]`; return the positions that survived and their values."""
        column = self.eval(node, rows[positions])
        keep = self.alive(rows[positions])
        if len(keep) == len(positions):
            return positions, column
        return positions[keep], column.take(keep)

    # --- literals, tokens and variables --------------------------------------------------------------
    def _number(self, node: ast.NumberLiteral, rows: np.ndarray) -> Column:
        return Column.constant(Kind.NUMBER, node.value, len(rows))

    def _string(self, node: ast.StringLiteral, rows: np.ndarray) -> Column:
        return Column.constant(Kind.STRING, node.value, len(rows))

    def _boolean(self, node: ast.BooleanLiteral, rows: np.ndarray) -> Column:
        return Column.constant(Kind.BOOLEAN, node.value, len(rows))

    def _null(self, node: ast.NullLiteral, rows: np.ndarray) -> Column:
        return Column.constant(Kind.NOVALUE, None, len(rows))

    def _token(self, node: ast.Token, rows: np.ndarray) -> Column:
        name = node.name
        if self.substitution is not None and name in self.substitution.values:
            # A pasted literal: not a token any more, so not audited.
            bound = self.substitution.values[name]
            return bound if self.whole(rows) else bound.take(rows)
        if name in self.parameters:
            column = self.parameters[name] if self.whole(rows) else self.parameters[name].take(rows)
        else:
            column = Column.empty(len(rows))
            is_set = self.variable_set.get(name)
            missing = np.ones(len(rows), dtype=bool) if is_set is None else ~is_set[rows]
            if missing.any():
                self.fail(
                    rows[missing],
                    RowError(
                        ErrorKind.EVALUATION,
                        f"Provided token '{name}' not found as a pipeline parameter or variable.",
                        hint=token_hint(name, [*self.parameters, *self.variables]),
                    ),
                )
            if is_set is not None:
                found = ~missing
                column.put(found, self.variables[name].take(rows[found]))
        self.record(node, rows, column)
        return column

    def _set(self, node: ast.SetVariable, rows: np.ndarray) -> Column:
        if node.name in self.parameters:
            self.fail(
                rows,
                EvaluationError(
                    f"Provided token '{node.name}' is already being used as a pipeline parameter."
                ),
            )
            return Column.empty(len(rows))
        value = self.eval(node.value, rows)
        keep = self.alive(rows)
        if node.name not in self.variables:
            self.variables[node.name] = Column.empty(self.count)
            self.variable_set[node.name] = np.zeros(self.count, dtype=bool)
        self.variables[node.name].put(rows[keep], value.take(keep))
        self.variable_set[node.name][rows[keep]] = True
        self.record(node, rows, value)
        return value

    # --- operators -------------------------------------------------------------------------------------
    def _negate(self, node: ast.Negate, rows: np.ndarray) -> Column:
        operand = self.eval(node.operand, rows)
        keep = self.alive(rows)
        if len(keep) == len(rows) and (operand.kinds == Kind.NUMBER).all() and operand.fixed is not None:
            return Column.numbers(fixedpoint.negate(operand.fixed))
        out = Column.empty(len(rows))
        numbers = keep[operand.kinds[keep] == Kind.NUMBER]
        self.fail(rows[np.setdiff1d(keep, numbers)], EvaluationError("Signed expressions must be numeric."))
        with localcontext(EXACT):
            out.put(numbers, Column.constant(Kind.NUMBER, None, len(numbers)))
            out.values[numbers] = -operand.values[numbers]
        return out

    def _arithmetic(self, node: ast.Arithmetic, rows: np.ndarray) -> Column:
        name = _OPERATION_NAMES.get(node.operator, "power")
        out = Column.empty(len(rows))
        positions, left = self.eval_alive(node.left, rows, np.arange(len(rows)))
        numbers = left.kinds == Kind.NUMBER
        if not numbers.all():
            bad = positions[~numbers]
            self.fail(
                rows[bad],
                self.message(rows[bad], node, f"Left side of '{{}}' {name} operation must be a number."),
            )
            positions, left = positions[numbers], left.take(numbers)
        right_positions, right = self.eval_alive(node.right, rows, positions)
        if len(right_positions) != len(positions):
            left = left.take(np.isin(positions, right_positions))
            positions = right_positions
        numbers = right.kinds == Kind.NUMBER
        if not numbers.all():
            bad = positions[~numbers]
            self.fail(
                rows[bad],
                self.message(rows[bad], node, f"Right side of '{{}}' {name} operation must be a number."),
            )
            positions, left, right = positions[numbers], left.take(numbers), right.take(numbers)
        fast = _FIXED_KERNELS.get(node.operator)
        if fast is not None and left.fixed is not None and right.fixed is not None:
            result = fast(left.fixed, right.fixed)
            if result is not None:
                return assemble(len(rows), positions, Column.numbers(result))
        values, ok = _ARITHMETIC_KERNELS[node.operator](self, rows[positions], left.values, right.values)
        if ok is not None:
            positions, values = positions[ok], values[ok]
        out.kinds[positions] = Kind.NUMBER
        out.values[positions] = values
        return out

    def _compare(self, node: ast.Comparison, rows: np.ndarray) -> Column:
        out = Column.empty(len(rows))
        positions, left = self.eval_alive(node.left, rows, np.arange(len(rows)))
        right_positions, right = self.eval_alive(node.right, rows, positions)
        if len(right_positions) != len(positions):
            left = left.take(np.isin(positions, right_positions))
            positions = right_positions
        result = np.zeros(len(positions), dtype=bool)
        valid = np.ones(len(positions), dtype=bool)
        left_null, right_null = left.is_null(), right.is_null()
        any_null = left_null | right_null
        if node.operator == "==":
            result[any_null] = left_null[any_null] & right_null[any_null]
        elif any_null.any():
            bad = positions[any_null]
            self.fail(
                rows[bad],
                self.message(
                    rows[bad],
                    node,
                    "Logical expression '{}' cannot be compared only equal operation can be compared "
                    "with null value.",
                ),
            )
            valid &= ~any_null
        mixed = ~any_null & (left.kinds != right.kinds)
        if mixed.any():
            bad = positions[mixed]
            self.fail(
                rows[bad],
                self.message(
                    rows[bad],
                    node,
                    "Logical expression '{}' cannot be compared as each side if the expression has "
                    "different types.",
                ),
            )
            valid &= ~mixed
        comparable = valid & ~any_null
        numbers = comparable & (left.kinds == Kind.NUMBER)
        fast = None
        if numbers.all() and left.fixed is not None and right.fixed is not None:
            fast = fixedpoint.compare(left.fixed, right.fixed, node.operator)
        if fast is not None:
            result[:] = fast
        elif numbers.any():
            result[numbers] = fixedpoint.COMPARATORS[node.operator](
                left.values[numbers], right.values[numbers]
            ).astype(bool)
        texts = comparable & ~numbers
        if texts.any():
            a = [_utf16(x) for x in strings(left.take(texts))]
            b = [_utf16(x) for x in strings(right.take(texts))]
            compare = fixedpoint.COMPARATORS[node.operator]
            result[texts] = [bool(compare(x, y)) for x, y in zip(a, b, strict=True)]
        keep = positions[valid]
        out.kinds[keep] = Kind.BOOLEAN
        out.values[keep] = result[valid]
        return out


def _evaluate_call() -> Any:
    # Function kernels import the evaluator; importing them lazily breaks the cycle.
    from calculator.functions import evaluate_call

    return evaluate_call


def _utf16(text: str) -> Any:
    """Sort key comparing like Java's String.compareTo (UTF-16 code units)."""
    return text.encode("utf-16-be") if any(ord(c) > 0xFFFF for c in text) else text


def _exact(operation: Any) -> Any:
    def kernel(
        ev: Evaluation, rows: np.ndarray, left: np.ndarray, right: np.ndarray
    ) -> tuple[np.ndarray, None]:
        with localcontext(EXACT):
            return operation(left, right), None

    return kernel


def _divide(
    ev: Evaluation, rows: np.ndarray, left: np.ndarray, right: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    zero = right == 0
    ev.fail(rows[zero], EvaluationError("/ by zero"))
    ok = ~zero
    out = np.empty(len(left), dtype=object)
    out[ok] = [divide(a, b) for a, b in zip(left[ok], right[ok], strict=True)]
    return out, ok


def _power(
    ev: Evaluation, rows: np.ndarray, left: np.ndarray, right: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    out = np.empty(len(left), dtype=object)
    ok = np.ones(len(left), dtype=bool)
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        try:
            value = math.pow(float(a), float(b))
        except (OverflowError, ValueError):
            value = math.nan
        if math.isnan(value) or math.isinf(value):
            ok[i] = False
        else:
            out[i] = from_double(value)
    ev.fail(rows[~ok], UnhandledError("NumberFormatException", "Infinite or NaN"))
    return out, ok


_ARITHMETIC_KERNELS = {
    "+": _exact(np.add),
    "-": _exact(np.subtract),
    "*": _exact(np.multiply),
    "/": _divide,
    "^": _power,
}

_FIXED_KERNELS = {"+": fixedpoint.add, "-": fixedpoint.subtract, "*": fixedpoint.multiply}

_DISPATCH: dict[type, Any] = {
    ast.NumberLiteral: Evaluation._number,
    ast.StringLiteral: Evaluation._string,
    ast.BooleanLiteral: Evaluation._boolean,
    ast.NullLiteral: Evaluation._null,
    ast.Token: Evaluation._token,
    ast.SetVariable: Evaluation._set,
    ast.Negate: Evaluation._negate,
    ast.Arithmetic: Evaluation._arithmetic,
    ast.Comparison: Evaluation._compare,
}
