"""Result handling of `data` and `impacts` pipelines (SIF §9.7): no activities, no metrics, a result file.

What belongs here: `compute_results` (the transformer over one month's input parts of each execution, giving
each execution's output rows and errors), `write_data_results` (each execution's rows as its
`output/result.csv`, its errors as error part `month-YYYY-MM`, and the execution closed `success`/`failed`
once every month it touched is written, through `progress.record_month`), and the impacts step:
`impact_activities_from_outputs` (SIF's reading of `activity:*` / `impact:*` output keys into impact-activity
create bodies), `create_impacts` (creating them in batches, a failing row not stopping the others) and
`create_impact_activities`, which does both for a whole `ResultsSlice`. What does not: `activities`
pipelines (`sif_resources.activities.compute`), `referenceDatasets` pipelines
(`sif_resources.executions.reference_datasets`), reading landed parts and Dagster (the assets call these).

How an asset uses it, per tenant x pipeline x month:

    results = compute_results(pipeline, parts, tenant=t, resolver=r, default_group="/")
    if pipeline.type == "impacts":
        results = create_impact_activities(catalog, executions, results)
    write_data_results(executions, results, month)

Executions that are already finished are left alone by both writers: SIF's executions run once, so a
re-run of a month neither rewrites a closed execution's files nor creates its impact activities twice.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from calculator.columns import Column, strings
from calculator.evaluator import EvaluationContext
from calculator.resolver import Resolver
from calculator.transformer import run_transformer
from calculator.values import Kind
from sif_resources.activities.compute import InputPart, RowIds, batch_parts
from sif_resources.activities.model import ERROR_COLUMNS, empty_frame
from sif_resources.catalog.service import Catalog
from sif_resources.catalog.store import atomically
from sif_resources.domain.catalog_errors import CatalogError
from sif_resources.domain.resources import ResourceType
from sif_resources.executions.model import Execution
from sif_resources.executions.progress import record_month
from sif_resources.executions.store import ExecutionStore
from sif_resources.pipelines.definition import PipelineDefinition

RESULT_TYPES: tuple[str, ...] = ("data", "impacts")
#: SIF reads an impacts pipeline's result file 10 rows at a time, one bulk create task per batch (§9.7)
IMPACT_BATCH_SIZE = 10
_COMPONENT_FIELDS = frozenset({"key", "type", "value"})


@dataclass(frozen=True, eq=False)
class ExecutionResult:
    """One execution's results for the month.

    `frame`: the output values as SIF text (None where the value failed or is null), one column per output
    key in transform order, one row per evaluated input row (a row with a row error emits nothing, §7.2),
    indexed by the row's 1-based number in the execution's file (index name `row_number`). `errors`: row
    and cell errors with `ERROR_COLUMNS` (execution_id, row_number, column — None for a whole row —,
    message), in row order.
    """

    execution_id: str
    group: str
    frame: pd.DataFrame
    errors: pd.DataFrame
    input_rows: int


@dataclass(frozen=True, eq=False)
class ResultsSlice:
    """The results of one tenant x pipeline x month: every execution with rows in it, oldest first."""

    tenant: str
    pipeline_key: str
    pipeline_type: str
    executions: Mapping[str, ExecutionResult]

    @property
    def errors(self) -> pd.DataFrame:
        """Every execution's errors, in execution then row order."""
        frames = [r.errors for r in self.executions.values() if len(r.errors)]
        if not frames:
            return empty_frame(ERROR_COLUMNS)
        return pd.concat(frames, ignore_index=True)


def compute_results(
    pipeline: PipelineDefinition,
    parts: Sequence[InputPart],
    *,
    tenant: str,
    resolver: Resolver | None,
    default_group: str,
) -> ResultsSlice:
    """Evaluate a `data` or `impacts` pipeline over the month's parts (oldest execution first) and split the
    outputs and errors by execution. `default_group` stands in for a part without a group. SIF defines
    deletion for activities only, so a part's `action` changes nothing here."""
    if pipeline.type not in RESULT_TYPES:
        raise ValueError(f"compute_results handles data and impacts pipelines, not {pipeline.type!r}")
    parts = list(parts)
    count = sum(len(p.rows) for p in parts)
    part_of = np.repeat(np.arange(len(parts), dtype=np.int64), [len(p.rows) for p in parts])
    row_numbers = (
        np.concatenate([np.asarray(p.row_numbers, dtype=np.int64) for p in parts])
        if parts
        else np.empty(0, dtype=np.int64)
    )
    part_groups = [p.group or default_group for p in parts]
    keys = [t.output.key for t in pipeline.transformer.transforms]
    texts = {key: np.full(count, None, dtype=object) for key in keys}
    emitted = np.zeros(count, dtype=bool)
    issues: list[tuple[int, str | None, str]] = []  # (position, column or None, message)
    for batch in batch_parts(pipeline, parts, part_groups):
        context = EvaluationContext(group=batch.group, tenant=tenant, resolver=resolver)
        result = run_transformer(
            pipeline.transformer, batch.frame, context=context, row_ids=RowIds(batch.frame)
        )
        emitted[batch.positions] = result.processed
        for key, column in result.outputs.items():
            texts[key][batch.positions] = output_texts(column, result.failed_cells[key])
        issues.extend((int(batch.positions[r]), None, message) for r, message in result.row_errors.items())
        issues.extend((int(batch.positions[c.row]), c.column, c.message) for c in result.cell_errors)
    # rows in part order; a row has one row error or its cell errors (transform order: the sort is stable)
    issues.sort(key=lambda issue: issue[0])
    issue_positions = np.array([i[0] for i in issues], dtype=np.int64)

    by_execution: dict[str, list[int]] = {}
    for index, part in enumerate(parts):
        by_execution.setdefault(part.execution_id, []).append(index)
    results: dict[str, ExecutionResult] = {}
    for execution_id, members in by_execution.items():
        mine = np.isin(part_of, members)
        rows = mine & emitted
        frame = pd.DataFrame(
            {key: texts[key][rows] for key in keys},
            index=pd.Index(row_numbers[rows], name="row_number"),
            columns=keys,
            dtype=object,
        )
        chosen = np.flatnonzero(mine[issue_positions]) if len(issues) else np.empty(0, dtype=np.int64)
        errors = _error_frame(execution_id, [issues[i] for i in chosen], row_numbers)
        results[execution_id] = ExecutionResult(
            execution_id, part_groups[members[0]], frame, errors, int(mine.sum())
        )
    return ResultsSlice(tenant, pipeline.key, pipeline.type, results)


def write_data_results(
    executions: ExecutionStore, results: ResultsSlice, month: str, *, run_id: str | None = None
) -> list[Execution]:
    """Store the month's results of every unfinished execution of the slice: its rows as output part
    `<month>` (so `output/result.csv` is every month's rows, header once) and its errors as error part
    `month-<month>`; an execution whose every month is now written ends `success`, or `failed` with SIF's
    message when any row or value failed (§9.3; never `calculating_metrics`). Returns the executions as
    updated, in the slice's order (finished ones as they were)."""
    current: dict[str, Execution] = {}
    for result in results.executions.values():
        execution = executions.get(results.tenant, results.pipeline_key, result.execution_id)
        if not execution.finished:
            execution = executions.write_output(execution, result.frame, part=month)
        current[execution.id] = execution
    open_ids = [i for i, e in current.items() if not e.finished]
    if open_ids:
        recorded = record_month(
            executions, results.pipeline_key, results.tenant, month, open_ids, results.errors, run_id=run_id
        )
        current.update((e.id, e) for e in recorded)
    return list(current.values())


# --- impacts ---------------------------------------------------------------------------------------------
def impact_activities_from_outputs(frame: pd.DataFrame) -> list[tuple[int, dict[str, Any]]]:
    """Each row of an impacts pipeline's outputs as an impact-activity create body, with its row number
    (the frame's index: `ExecutionResult.frame` is indexed by file row number).

    SIF's reading of output keys (§9.7): `activity:name`, `activity:description`, `activity:attribute:<k>`,
    `activity:tag:<k>`, `impact:<i>:name`, `impact:<i>:attribute:<k>` and
    `impact:<i>:component:<c>:key|type|value`; other outputs are ignored, as are empty values. A
    component's value is parsed as a number (text that is not one is kept, so the catalog's validation
    names it); a component without a value is dropped."""
    targets = [(column, _target(str(column))) for column in frame.columns]
    wanted = [(column, target) for column, target in targets if target is not None]
    bodies: list[tuple[int, dict[str, Any]]] = []
    columns = {column: frame[column].to_numpy(dtype=object) for column, _ in wanted}
    for position, row_number in enumerate(frame.index):
        body: dict[str, Any] = {}
        for column, target in wanted:
            value = columns[column][position]
            if _missing(value):
                continue
            *path, last = target
            node = body
            for step in path:
                node = node.setdefault(step, {})
            node[last] = _number(value) if len(target) == 5 and last == "value" else value
        for impact in body.get("impacts", {}).values():
            components = impact.get("components", {})
            for key in [k for k, c in components.items() if "value" not in c]:
                del components[key]
        bodies.append((int(row_number), body))
    return bodies


def create_impacts(
    catalog: Catalog,
    tenant: str,
    group: str,
    bodies: Sequence[tuple[int, Mapping[str, Any]]],
    batch_size: int = IMPACT_BATCH_SIZE,
) -> list[tuple[int, str | None]]:
    """Create each body as an impact activity in `group`, `batch_size` at a time (one store transaction per
    batch), and return (row, None) for each created and (row, message) for each refused — a name already in
    use in the group, a body the catalog rejects — without stopping the others, like SIF's bulk create task
    (§4.3). A store failure other than a refusal undoes its batch and is raised."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    group_id = catalog.require_group(tenant, group).id
    outcomes: list[tuple[int, str | None]] = []
    for start in range(0, len(bodies), batch_size):
        with atomically(catalog.store):
            for row, body in bodies[start : start + batch_size]:
                outcomes.append((row, _create_impact(catalog, tenant, group_id, row, body)))
    return outcomes


def create_impact_activities(
    catalog: Catalog,
    executions: ExecutionStore,
    results: ResultsSlice,
    *,
    batch_size: int = IMPACT_BATCH_SIZE,
) -> ResultsSlice:
    """For an impacts pipeline: every unfinished execution's output rows created as impact activities in
    the execution's group; a refused row adds an error (column None) to that execution's errors, so
    `write_data_results` then fails the execution. Returns the slice with those errors added."""
    if results.pipeline_type != "impacts":
        raise ValueError(f"impact activities come from impacts pipelines, not {results.pipeline_type!r}")
    updated: dict[str, ExecutionResult] = {}
    for execution_id, result in results.executions.items():
        execution = executions.get(results.tenant, results.pipeline_key, execution_id)
        if execution.finished:  # its activities were created by the run that closed it
            updated[execution_id] = result
            continue
        outcomes = create_impacts(
            catalog, results.tenant, result.group, impact_activities_from_outputs(result.frame), batch_size
        )
        refused = [(row, None, message) for row, message in outcomes if message is not None]
        if refused:
            extra = pd.DataFrame(
                [(execution_id, row, column, message) for row, column, message in refused],
                columns=list(ERROR_COLUMNS),
            ).astype({"execution_id": object, "column": object, "message": object})
            errors = pd.concat([e for e in (result.errors, extra) if len(e)], ignore_index=True)
            errors = errors.sort_values("row_number", kind="stable", ignore_index=True)
            result = replace(result, errors=errors)
        updated[execution_id] = result
    return replace(results, executions=updated)


def _create_impact(
    catalog: Catalog, tenant: str, group_id: str, row: int, body: Mapping[str, Any]
) -> str | None:
    name = body.get("name")
    what = f"row {row}: impact activity '{name}'" if name else f"row {row}: impact activity"
    # SIF's task item message for a taken name; checked first so the message says just that
    if name and catalog.find(tenant, ResourceType.IMPACT_ACTIVITY, group_id, str(name)) is not None:
        return f"{what} was not created: Name '{name}' already in use in group '{group_id}'."
    try:
        catalog.create(tenant, group_id, ResourceType.IMPACT_ACTIVITY, body)
    except CatalogError as error:
        return f"{what} was not created: {error.message}"
    return None


def _target(key: str) -> tuple[str, ...] | None:
    """Where an output key goes in the create body, or None for an output SIF does not read."""
    parts = key.split(":")
    if parts[0] == "activity" and len(parts) >= 2:
        if parts[1] in ("name", "description") and len(parts) == 2:
            return (parts[1],)
        if parts[1] in ("attribute", "tag") and len(parts) >= 3:
            return ("attributes" if parts[1] == "attribute" else "tags", ":".join(parts[2:]))
    if parts[0] == "impact" and len(parts) >= 3 and parts[1]:
        impact = ("impacts", parts[1])
        if parts[2] == "name" and len(parts) == 3:
            return (*impact, "name")
        if parts[2] == "attribute" and len(parts) >= 4:
            return (*impact, "attributes", ":".join(parts[3:]))
        if parts[2] == "component" and len(parts) == 5 and parts[3] and parts[4] in _COMPONENT_FIELDS:
            return (*impact, "components", parts[3], parts[4])
    return None


def _missing(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def _number(value: Any) -> Any:
    """A component value as SIF's `parseFloat` would give it (whole numbers as ints, as JSON writes them),
    or the text unchanged when it is not a finite number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    if not math.isfinite(number):
        return value
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


# --- frames ----------------------------------------------------------------------------------------------
def output_texts(column: Column, failed: np.ndarray) -> np.ndarray:
    """SIF text of each value, None where failed or null; a fresh array (`strings()` is cached, read-only)."""
    absent = failed | (column.kinds <= Kind.NULL)
    out = np.full(len(column), None, dtype=object)
    present_rows = np.flatnonzero(~absent)
    if len(present_rows):
        out[present_rows] = strings(column.take(present_rows))
    return out


def _error_frame(
    execution_id: str, issues: Sequence[tuple[int, str | None, str]], row_numbers: np.ndarray
) -> pd.DataFrame:
    if not issues:
        return empty_frame(ERROR_COLUMNS)
    positions = np.array([i[0] for i in issues], dtype=np.int64)
    # object columns keep None (a whole-row error has no column) as None, not NaN
    return pd.DataFrame(
        {
            "execution_id": pd.Series([execution_id] * len(issues), dtype=object),
            "row_number": row_numbers[positions],
            "column": pd.Series([i[1] for i in issues], dtype=object),
            "message": pd.Series([i[2] for i in issues], dtype=object),
        },
        columns=list(ERROR_COLUMNS),
    )
