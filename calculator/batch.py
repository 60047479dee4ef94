"""The calculator's entry points: evaluate a formula over a batch of rows, or over one row.

`evaluate_batch` never raises for a row-level problem: a bad formula fails every row with its syntax
error, and each row's failure is an error value beside the results. Inputs can be Python values or the
raw text of pipeline input files typed by declared parameter types (`typed_column`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from calculator import syntax
from calculator.audit import RowAudit
from calculator.columns import Column, present, strings
from calculator.errors import FormulaSyntaxError, RowError
from calculator.evaluator import Evaluation, EvaluationContext
from calculator.texts import forget as forget_remembered_texts
from calculator.values import Kind

ColumnLike: TypeAlias = Column | Sequence[Any] | np.ndarray | pd.Series


@dataclass
class Outcome:
    """The result of one row: a value of some kind, or an error; plus its audit."""

    kind: Kind
    value: Any
    error: RowError | None
    audit: RowAudit | None
    assigned_group: str | None

    @property
    def text(self) -> str:
        """The value's string form, as CONCAT and the audit would print it."""
        return str(strings(Column.of([(self.kind, self.value)]))[0])


@dataclass
class BatchResult:
    """Results of a formula over a batch, row-aligned with its inputs."""

    result: Column
    errors: np.ndarray
    assigned_groups: np.ndarray
    _audits: list[RowAudit] | None

    def __len__(self) -> int:
        return len(self.result)

    @property
    def kinds(self) -> np.ndarray:
        return self.result.kinds

    @property
    def values(self) -> np.ndarray:
        """Python values per row (`Decimal` numbers), built on first use."""
        return self.result.values

    @property
    def failed(self) -> np.ndarray:
        return present(self.errors)

    def column(self) -> Column:
        return self.result

    def texts(self) -> np.ndarray:
        """String forms of the results (empty for failed rows)."""
        return strings(self.column())

    def audits(self) -> list[RowAudit]:
        if self._audits is None:
            raise ValueError("the batch was evaluated without audit=True")
        return self._audits

    def outcome(self, row: int) -> Outcome:
        audit = self._audits[row] if self._audits is not None else None
        return Outcome(
            Kind(int(self.kinds[row])), self.values[row], self.errors[row], audit, self.assigned_groups[row]
        )


def to_column(values: ColumnLike) -> Column:
    """A column from Python values: str, bool, numbers (exact), None (a null value), or a Column."""
    if isinstance(values, Column):
        return values
    items = list(values)
    column = Column.empty(len(items))
    for i, value in enumerate(items):
        column.kinds[i], column.values[i] = _kind_of(value)
    return column


def _kind_of(value: Any) -> tuple[Kind, Any]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return Kind.NULL, None
    if isinstance(value, bool | np.bool_):
        return Kind.BOOLEAN, bool(value)
    if isinstance(value, Decimal):
        return Kind.NUMBER, value
    if isinstance(value, int | float | np.integer | np.floating):
        return Kind.NUMBER, Decimal(str(value))
    return Kind.STRING, str(value)


def evaluate_batch(
    formula: str,
    parameters: Mapping[str, ColumnLike] | None = None,
    *,
    rows: int | None = None,
    context: EvaluationContext | None = None,
    refs: Mapping[str, ColumnLike] | None = None,
    audit: bool = False,
) -> BatchResult:
    """Evaluate `formula` for every row of `parameters` (columns of equal length) at once."""
    columns = {name: to_column(values) for name, values in (parameters or {}).items()}
    ref_columns = {name: to_column(values) for name, values in (refs or {}).items()}
    count = rows if rows is not None else _common_length(columns, ref_columns)
    evaluation = Evaluation(count, columns, context or EvaluationContext(), ref_columns, audit=audit)
    try:
        program = syntax.parse(formula)
    except FormulaSyntaxError as error:
        evaluation.fail(np.arange(count), error)
        result = Column.empty(count)
    else:
        try:
            result = evaluation.run(program)
        finally:
            forget_remembered_texts()
    audits = evaluation.audit.rows(count) if evaluation.audit is not None else None
    return BatchResult(result, evaluation.errors, evaluation.assigned_group, audits)


def evaluate(
    formula: str,
    parameters: Mapping[str, Any] | None = None,
    *,
    context: EvaluationContext | None = None,
    refs: Mapping[str, Any] | None = None,
    audit: bool = True,
) -> Outcome:
    """Evaluate `formula` once, for one row of parameter values."""
    batch = evaluate_batch(
        formula,
        {name: [value] for name, value in (parameters or {}).items()},
        rows=1,
        context=context,
        refs={name: [value] for name, value in (refs or {}).items()},
        audit=audit,
    )
    return batch.outcome(0)


def _common_length(*groups: dict[str, Column]) -> int:
    lengths = {len(c) for group in groups for c in group.values()}
    if len(lengths) > 1:
        raise ValueError(f"parameter columns differ in length: {sorted(lengths)}")
    return lengths.pop() if lengths else 1
