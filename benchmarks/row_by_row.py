"""A straightforward row-by-row evaluator, the baseline the vectorised calculator is measured against.

It walks the same expression tree once per row with scalar `Decimal` values, the way SIF's Java visitor
does: custom calculations are pasted as text and re-parsed (cached by text), LOOKUP and IMPACT are plain
dictionary reads (kinder to the baseline than SIF's per-row index queries). It covers the node types of
the SIF load test only; it exists to be timed, not to replace the engine.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, localcontext
from typing import Any

from calculator import ast, syntax
from calculator.values import EXACT, divide, number_text, retype_text


class RowByRow:
    """Scalar evaluation over in-memory lookups: `impacts[(activity, impact, component)]`, `datasets[...]`."""

    def __init__(
        self,
        impacts: dict[tuple[str, str, str], Decimal],
        datasets: dict[tuple[str, str, str], dict[str, str]],
        calculations: dict[str, tuple[str, list[tuple[int, str, str]]]],
    ) -> None:
        self.impacts = impacts
        self.datasets = datasets
        self.calculations = calculations

    def evaluate(self, formula: str, row: dict[str, Any]) -> Any:
        program = syntax.parse(formula)
        value = None
        for line in program.lines:
            value = self.eval(line, row)
        return value

    def eval(self, node: ast.Node, row: dict[str, Any]) -> Any:
        if isinstance(node, ast.NumberLiteral | ast.StringLiteral):
            return node.value
        if isinstance(node, ast.Token):
            return row[node.name]
        if isinstance(node, ast.Arithmetic):
            left, right = self.eval(node.left, row), self.eval(node.right, row)
            with localcontext(EXACT):
                if node.operator == "+":
                    return left + right
                if node.operator == "-":
                    return left - right
                if node.operator == "*":
                    return left * right
                return divide(left, right)
        if isinstance(node, ast.CustomCall):
            formula, parameters = self.calculations[node.function]
            args = [self.eval(a, row) for a in node.args]
            for index, key, kind in parameters:
                text = number_text(args[index]) if isinstance(args[index], Decimal) else str(args[index])
                formula = formula.replace(":" + key, f"'{text}'" if kind == "string" else text)
            return self.evaluate(formula, row)
        if isinstance(node, ast.Call):
            args = [self.eval(a, row) for a in node.args]
            texts = [number_text(a) if isinstance(a, Decimal) else str(a) for a in args]
            if node.name == "CONCAT":
                return "".join(texts)
            if node.name == "LOOKUP":
                value, name, key_column, output_column = texts
                return retype_text(self.datasets[(name, key_column, output_column)][value])[1]
            if node.name == "IMPACT":
                return self.impacts[(texts[0], texts[1], texts[2])]
            if node.name == "AS_TIMESTAMP":
                stamp = datetime.strptime(texts[0], "%m/%d/%Y %H:%M:%S").replace(tzinfo=UTC)
                return Decimal(int(stamp.timestamp()) * 1000)
        raise NotImplementedError(type(node).__name__)
