"""A pipeline transformer over a batch of input rows (SIF §7.2): type the inputs, evaluate the transforms in
order (each sees earlier outputs through REF), and collect values, column errors, row errors and audits.

This is the calculator's whole job inside a pipeline run; the platform decides where rows come from and
where results go.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from calculator.audit import RowAudit
from calculator.batch import evaluate_batch
from calculator.columns import Column, assemble, present, strings
from calculator.errors import RowError
from calculator.evaluator import EvaluationContext
from calculator.inputs import RawColumn, typed_column
from calculator.values import Kind


@dataclass(frozen=True)
class Parameter:
    """An input column: `key` as formulas see it, its declared type, and the CSV header (`label`)."""

    key: str
    type: str = "string"
    label: str | None = None


@dataclass(frozen=True)
class Output:
    key: str
    type: str = "number"
    include_as_unique: bool = False
    metrics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Transform:
    index: int
    formula: str
    output: Output


@dataclass(frozen=True)
class Transformer:
    parameters: tuple[Parameter, ...]
    transforms: tuple[Transform, ...]

    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> Transformer:
        """From SIF's transformer JSON shape (§8.2)."""
        parameters = tuple(
            Parameter(p["key"], p.get("type", "string"), p.get("label")) for p in data.get("parameters", [])
        )
        transforms: list[Transform] = []
        for t in sorted(data.get("transforms", []), key=lambda t: t.get("index", 0)):
            outputs = t.get("outputs") or []
            if len(outputs) != 1:
                raise ValueError(
                    f"transform {t.get('index')}: exactly one output is required, got {len(outputs)}"
                )
            o = outputs[0]
            output = Output(
                o["key"], o.get("type", "number"), bool(o.get("includeAsUnique")), tuple(o.get("metrics", []))
            )
            transforms.append(Transform(int(t.get("index", len(transforms))), t["formula"], output))
        return Transformer(parameters, tuple(transforms))


@dataclass(frozen=True)
class CellError:
    """A transform that failed for one row: the row still produces its other outputs.

    `message` is SIF's error-list line; `error` keeps the details (where it failed, a hint).
    """

    row: int
    column: str
    message: str
    error: RowError

    def describe(self) -> str:
        """For people: row, column and the full reason with its location and hint."""
        return f"row {self.row + 1}, column {self.column}: {self.error.describe()}"


@dataclass
class TransformResult:
    """Outputs of every transform, row-aligned with the input, plus what went wrong."""

    outputs: dict[str, Column]
    failed_cells: dict[str, np.ndarray]
    cell_errors: list[CellError]
    #: SIF's `Failed processing row {...}, err: <reason>` per input row that could not be evaluated
    row_errors: dict[int, str]
    assigned_groups: np.ndarray
    audits: list[list[dict[str, Any]]] | None = field(default=None)

    @property
    def processed(self) -> np.ndarray:
        """Rows that were evaluated (no row-level error)."""
        mask = np.ones(len(self.assigned_groups), dtype=bool)
        mask[list(self.row_errors)] = False
        return mask

    def frame(self) -> pd.DataFrame:
        """Output values as text (SIF's string forms), errors as None, one column per output."""
        data = {}
        for key, column in self.outputs.items():
            texts = strings(column).copy()  # strings() may return a cached, read-only array
            texts[self.failed_cells[key]] = None
            texts[column.kinds == Kind.NOVALUE] = None
            data[key] = texts
        return pd.DataFrame(data, dtype=object)


def run_transformer(
    transformer: Transformer,
    rows: pd.DataFrame,
    *,
    context: EvaluationContext | None = None,
    audit: bool = False,
    row_ids: Sequence[str] | None = None,
) -> TransformResult:
    """Evaluate a transformer over input rows given as text columns named by parameter key (or label)."""
    count = len(rows)
    parameters, reasons = typed_parameters(transformer.parameters, rows, count)
    row_errors = {i: row_error_message(rows.iloc[i], reason) for i, reason in reasons.items()}
    live = np.ones(count, dtype=bool)
    live[list(row_errors)] = False
    live_rows = np.flatnonzero(live)
    outputs: dict[str, Column] = {}
    failed_cells: dict[str, np.ndarray] = {}
    cell_errors: list[CellError] = []
    assigned = np.full(count, None, dtype=object)
    audits: list[list[dict[str, Any]]] | None = [[] for _ in range(count)] if audit else None
    everyone = len(live_rows) == count
    live_parameters = parameters if everyone else {key: c.take(live_rows) for key, c in parameters.items()}
    for transform in transformer.transforms:
        key = transform.output.key
        refs = {k: _without_errors(v, failed_cells[k]) for k, v in outputs.items()}
        if not everyone:
            refs = {k: v.take(live_rows) for k, v in refs.items()}
        batch = evaluate_batch(
            transform.formula, live_parameters, rows=len(live_rows), context=context, refs=refs, audit=audit
        )
        column = assemble(count, live_rows, batch.column())
        failed = np.zeros(count, dtype=bool)
        failed[live_rows] = batch.failed
        for position in np.flatnonzero(batch.failed):
            row = int(live_rows[position])
            error = batch.errors[position]
            cell_errors.append(
                CellError(
                    row,
                    key,
                    cell_error_message(
                        row_ids[row] if row_ids is not None else row + 1, key, transform.formula, error.reason
                    ),
                    error,
                )
            )
        outputs[key] = column
        failed_cells[key] = failed
        groups = batch.assigned_groups
        has_group = present(groups)
        assigned[live_rows[has_group]] = groups[has_group]
        if audits is not None:
            _append_audits(audits, live_rows, transform, batch.audits(), batch.texts(), batch.errors)
    return TransformResult(outputs, failed_cells, cell_errors, row_errors, assigned, audits)


def typed_parameters(
    parameters: Sequence[Parameter], rows: pd.DataFrame | Mapping[str, RawColumn], count: int
) -> tuple[dict[str, Column], dict[int, str]]:
    """SIF §7.2 step 2 over a batch: each declared parameter's column typed from the text column named by its
    key (else its label), and per row the first reason it cannot be marshalled (a missing column, a number
    that does not parse). `rows` is a frame or a mapping of column name -> text (Arrow arrays welcome)."""
    names = rows.columns if isinstance(rows, pd.DataFrame) else rows.keys()
    reasons: dict[int, str] = {}
    columns: dict[str, Column] = {}
    for parameter in parameters:
        name = parameter.key if parameter.key in names else parameter.label
        if name is None or name not in names:
            for i in range(count):
                reasons.setdefault(i, f"row does not contain value for parameter: {parameter.key}")
            columns[parameter.key] = Column.constant(Kind.NULL, None, count)
            continue
        column, errors = typed_column(rows[name], parameter.type)
        for i in np.flatnonzero(present(errors)).tolist():
            reasons.setdefault(int(i), str(errors[i]))
        columns[parameter.key] = column
    return columns, reasons


def row_error_message(row: Mapping[str, Any] | pd.Series, reason: str) -> str:
    """SIF's line for a row that could not be evaluated; `row` is the input row (name -> text) in column
    order."""
    return f"Failed processing row {_java_map(row)}, err: {reason}"


def cell_error_message(row_id: object, key: str, formula: str, reason: str) -> str:
    """SIF's line for a transform that failed for one row (the row still produces its other outputs)."""
    return f"Row '{row_id}' column '{key}' encountered error evaluating formula `{formula}` - {reason}"


def _java_map(row: Mapping[str, Any] | pd.Series) -> str:
    """An input row as Java prints a map: `{key=value, ...}` in column order."""
    return "{" + ", ".join(f"{k}={'' if pd.isna(v) else v}" for k, v in row.items()) + "}"


def _without_errors(column: Column, failed: np.ndarray) -> Column:
    """What REF sees of an earlier output: a failed cell reads as a null value."""
    if not failed.any():
        return column
    clean = Column(column.kinds.copy(), column.values.copy())
    clean.kinds[failed] = Kind.NULL
    clean.values[failed] = None
    return clean


def _append_audits(
    audits: list[list[dict[str, Any]]],
    rows: np.ndarray,
    transform: Transform,
    row_audits: list[RowAudit],
    results: np.ndarray,
    errors: np.ndarray,
) -> None:
    for position, row in enumerate(rows):
        record = {
            "index": transform.index,
            "name": transform.output.key,
            "formula": transform.formula,
            **row_audits[position].as_dict(),
            "result": None if errors[position] is not None else results[position],
        }
        if errors[position] is not None:
            record["errorMessage"] = errors[position].reason
        audits[row].append(record)
