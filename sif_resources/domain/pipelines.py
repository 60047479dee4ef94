"""Pipeline definitions (SIF §8.1–§8.4): request bodies, the rules a pipeline must follow in the catalog,
and dry runs — with SIF's exact messages.

Here: `PipelineCreate`/`PipelineUpdate` (SIF's field names), `validate_pipeline` (the transformer's shape
rules from `calculator.pipeline_rules`, raised as SIF raises them: the first broken rule), the connector
configuration checks, metric references of outputs (`resolve_metric_links`), the update rule on
`includeAsUnique`, the internal `_keyMapping` / `_aggregatedOutputKeyAndTypeMap` fields, and `dry_run`,
which runs the calculator over `dryRunOptions.data` and answers SIF's `{headers, data, errors}`.

Not here: storing pipelines or versions, name uniqueness per group, access checks, executions. The catalog
is reached only through lookup callables, so everything here is pure.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd
from pydantic import Field

from calculator.columns import strings
from calculator.evaluator import EvaluationContext
from calculator.pipeline_file.problems import field_path
from calculator.pipeline_rules import (
    PipelineType,
    include_as_unique_change_breaks,
    metric_references,
    transformer_rule_breaks,
)
from calculator.transformer import Transformer, TransformResult, run_transformer
from calculator.values import Kind
from sif_resources.domain.metrics import CatalogRuleError, MetricNode, RequestBody, parse_body

AttributeType = Literal["string", "number", "boolean", "timestamp"]
AggregateType = Literal["groupBy", "sum", "mean", "max", "min", "count"]

#: What an inline/dry-run row shows for an output whose formula failed.
ERROR_VALUE = "___ERROR___"


class PipelineDefinitionError(CatalogRuleError):
    """A pipeline definition SIF rejects: `message` is SIF's text, `field` the body path it is about."""


class ParameterBody(RequestBody):
    """An input column of the transformer."""

    index: int
    key: str
    label: str | None = None
    description: str | None = None
    type: AttributeType


class OutputBody(RequestBody):
    """The output of a transform."""

    index: int
    key: str
    label: str | None = None
    description: str | None = None
    type: AttributeType
    aggregate: AggregateType | None = None
    includeAsUnique: bool | None = None
    metrics: list[str] | None = None


class TransformBody(RequestBody):
    index: int
    formula: str
    outputs: list[OutputBody]


class TransformerBody(RequestBody):
    """SIF's transformer JSON shape (§8.2)."""

    transforms: list[TransformBody]
    parameters: list[ParameterBody]


class ConnectorRef(RequestBody):
    """A connector used by the pipeline, with parameter values overriding the connector's defaults."""

    name: str
    parameters: dict[str, Any] | None = None


class ConnectorConfig(RequestBody):
    input: list[ConnectorRef]
    output: list[ConnectorRef] | None = None


class ProcessorOptions(RequestBody):
    """`chunkSize` in MB (1–5); metric aggregation runs after each execution unless switched off."""

    chunkSize: int | float | None = Field(default=None, ge=1, le=5)
    triggerMetricAggregations: bool = True


class DryRunOptions(RequestBody):
    """Rows to test-evaluate: one object per row, keyed by parameter key, values as text."""

    data: list[dict[str, str | None]]


class PipelineCreate(RequestBody):
    """`POST /pipelines` body. `connectorConfig` is optional here because a dry run does not need it."""

    name: str
    description: str | None = None
    type: PipelineType = "activities"
    connectorConfig: ConnectorConfig | None = None
    transformer: TransformerBody
    processorOptions: ProcessorOptions | None = None
    attributes: dict[str, Any] | None = None
    tags: dict[str, str] | None = None
    activeAt: str | None = None
    dryRunOptions: DryRunOptions | None = None


class PipelineUpdate(RequestBody):
    """`PATCH /pipelines/:id` body: every field optional; `type` is fixed at creation."""

    name: str | None = None
    description: str | None = None
    connectorConfig: ConnectorConfig | None = None
    transformer: TransformerBody | None = None
    processorOptions: ProcessorOptions | None = None
    attributes: dict[str, Any] | None = None
    tags: dict[str, str | None] | None = None
    activeAt: str | None = None
    dryRunOptions: DryRunOptions | None = None
    state: Literal["enabled", "frozen", "disabled"] | None = None


def parse_pipeline_create(body: Mapping[str, Any]) -> PipelineCreate:
    """A `POST /pipelines` body; InvalidFieldError (400) names every bad field by its path."""
    created: PipelineCreate = parse_body(PipelineCreate, body)
    return created


def parse_pipeline_update(body: Mapping[str, Any]) -> PipelineUpdate:
    """A `PATCH /pipelines/:id` body; InvalidFieldError (400) names every bad field by its path."""
    updated: PipelineUpdate = parse_body(PipelineUpdate, body)
    return updated


def transformer_dict(transformer: TransformerBody) -> dict[str, Any]:
    """The transformer as SIF's JSON (unset optional fields left out)."""
    return transformer.model_dump(exclude_none=True)


def validate_pipeline(
    pipeline_type: PipelineType, transformer: TransformerBody, *, check_formulas: bool = True
) -> None:
    """Raise PipelineDefinitionError (400) with SIF's message for the first shape rule broken (§8.3).

    `check_formulas` also rejects formulas that do not parse, which SIF only finds in dry runs.
    """
    breaks = transformer_rule_breaks(
        pipeline_type, transformer_dict(transformer), check_formulas=check_formulas
    )
    if breaks:
        raise PipelineDefinitionError(breaks[0].message, field=field_path(breaks[0].loc))


def validate_include_as_unique_kept(existing: TransformerBody, updated: TransformerBody) -> None:
    """On update, an output that was `includeAsUnique` must stay so (400: create a new pipeline instead)."""
    breaks = include_as_unique_change_breaks(transformer_dict(existing), transformer_dict(updated))
    if breaks:
        raise PipelineDefinitionError(breaks[0].message, field=field_path(breaks[0].loc))


#: A connector by name (resolved through the context group and its ancestors): its declared parameter
#: names, or None when there is no such connector.
ConnectorLookup = Callable[[str], Sequence[str] | None]


def validate_connector_config(config: ConnectorConfig | None, connectors: ConnectorLookup) -> None:
    """A pipeline needs exactly one input connector, at most one output connector, both existing, and
    parameter overrides only of parameters the connector declares.
    """
    if config is None:
        raise PipelineDefinitionError(
            "Input connector config is required. Specify connectorConfig and an input connector for the "
            "pipeline. To check the available default connectors, The list can be retrieved from the "
            "connectors API",
            field="connectorConfig",
        )
    for kind, refs in (("input", config.input), ("output", config.output)):
        if not refs:
            continue
        if len(refs) > 1:
            raise PipelineDefinitionError(
                "Can only have one input/output connector specified for a pipeline",
                field=f"connectorConfig.{kind}",
            )
        declared = connectors(refs[0].name)
        if declared is None:
            raise CatalogRuleError(
                f"Connector '{refs[0].name}' not found.", 404, f"connectorConfig.{kind}[0].name"
            )
        overrides = refs[0].parameters or {}
        if any(name not in declared for name in overrides):
            raise CatalogRuleError(
                f"unknown parameter overrides specified: {_js_json(overrides)}, valid parameters for this "
                f"connector are: {_js_json(list(declared))}",
                field=f"connectorConfig.{kind}[0].parameters",
            )


@dataclass(frozen=True)
class MetricLink:
    """An output of the pipeline feeding a metric: becomes `{pipelineId, output}` in its `inputPipelines`."""

    metric_id: str
    metric_name: str
    output: str


#: Metrics of that name in the context group and its ancestors (SIF lists with `includeParentGroups`).
MetricSearch = Callable[[str], Sequence[MetricNode]]


def resolve_metric_links(transformer: TransformerBody, find_metrics: MetricSearch) -> list[MetricLink]:
    """The metrics named by the outputs, each resolved to exactly one metric that has no metric inputs.

    Raises PipelineDefinitionError (400) with SIF's message: `Metric 'x' not found.`, several found, or a
    named metric that is fed by other metrics.
    """
    links = []
    for name, output in metric_references(transformer_dict(transformer)):
        found = find_metrics(name)
        if not found:
            raise PipelineDefinitionError(f"Metric '{name}' not found.")
        if len(found) > 1:
            raise PipelineDefinitionError(
                f"Multiple Metric's found matching name '{name}', but only 1 per hierarchy should exist."
            )
        links.append((found[0], output))
    aggregates = [metric.name for metric, _ in links if metric.input_metrics]
    if aggregates:
        raise PipelineDefinitionError(f"These output metrics [{','.join(aggregates)}] has metric as an input")
    return [MetricLink(metric.id, metric.name, output) for metric, output in links]


def metric_link_changes(
    existing: Sequence[MetricLink], updated: Sequence[MetricLink]
) -> tuple[list[MetricLink], list[MetricLink]]:
    """(links to add, links to remove) when a pipeline's metric references change."""
    before = {(link.metric_id, link.output) for link in existing}
    after = {(link.metric_id, link.output) for link in updated}
    return (
        [link for link in updated if (link.metric_id, link.output) not in before],
        [link for link in existing if (link.metric_id, link.output) not in after],
    )


def key_mappings(transformer: TransformerBody) -> dict[str, str]:
    """Output key -> `key1`..`key5` for `includeAsUnique` outputs in declaration order (`_keyMapping`)."""
    unique = [o.key for t in transformer.transforms for o in t.outputs if o.includeAsUnique is True]
    return {key: f"key{n}" for n, key in enumerate(unique[:5], start=1)}


def aggregated_output_types(
    previous: Mapping[str, str] | None, transformer: TransformerBody
) -> dict[str, str]:
    """`_aggregatedOutputKeyAndTypeMap`: the value outputs (every transform but the first) of all versions."""
    merged = dict(previous or {})
    for transform in transformer.transforms[1:]:
        merged.update({o.key: o.type for o in transform.outputs})
    return merged


@dataclass
class DryRunResponse:
    """SIF's dry-run answer: output keys, one JSON object (as text) per evaluated row, error lines."""

    headers: list[str]
    data: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """SIF answers 400 (with `error_message()` as the message) when any error was found."""
        return bool(self.errors)

    def as_dict(self) -> dict[str, list[str]]:
        return {"headers": self.headers, "data": self.data, "errors": self.errors}

    def error_message(self) -> str:
        """The 400 message SIF gives for a failed dry run: this response as compact JSON."""
        return json.dumps(self.as_dict(), separators=(",", ":"), ensure_ascii=False)


def dry_run(
    pipeline: PipelineCreate,
    rows: Sequence[Mapping[str, str | None]],
    context: EvaluationContext,
    *,
    find_metrics: MetricSearch | None = None,
) -> DryRunResponse:
    """Validate the pipeline (shape rules; metric references when `find_metrics` is given), then evaluate
    its transformer over `rows` as SIF's Calculator does in a dry run.

    Raises PipelineDefinitionError for a broken rule. Formula syntax is left to the run, so a bad formula
    shows up as SIF shows it: an error line of the response.
    """
    validate_pipeline(pipeline.type, pipeline.transformer, check_formulas=False)
    if find_metrics is not None and pipeline.type == "activities":
        resolve_metric_links(pipeline.transformer, find_metrics)
    transformer = Transformer.from_dict(transformer_dict(pipeline.transformer))
    headers = [t.output.key for t in transformer.transforms]
    request_errors = _request_errors(pipeline, rows)
    if request_errors:
        return DryRunResponse(headers, [], request_errors)
    response = DryRunResponse(headers)
    outcomes: dict[int, tuple[str | None, list[str]]] = {}
    for positions in _rows_by_keys(rows).values():
        outcomes.update(_evaluate(transformer, [rows[p] for p in positions], positions, context))
    for position in range(len(rows)):
        line, errors = outcomes[position]
        response.errors.extend(errors)
        if line is not None:
            response.data.append(line)
    return response


def _request_errors(pipeline: PipelineCreate, rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """What the Calculator's request validation rejects that the pipeline rules let through."""
    errors = []
    users = [t for t in pipeline.transformer.transforms if "ASSIGN_TO_GROUP" in t.formula]
    if len(users) > 1:
        errors.append("Only one transform may contain a formula with an ASSIGN_TO_GROUP function.")
    if not rows:
        errors.append("Either sourceDataLocation (S3 source) or sourceData (inline source) must be provided.")
    return errors


def _rows_by_keys(rows: Sequence[Mapping[str, Any]]) -> dict[tuple[str, ...], list[int]]:
    """Row positions grouped by their keys (in order), so each group is one frame with exact columns."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for position, row in enumerate(rows):
        groups.setdefault(tuple(row), []).append(position)
    return groups


def _evaluate(
    transformer: Transformer,
    rows: Sequence[Mapping[str, Any]],
    positions: Sequence[int],
    context: EvaluationContext,
) -> dict[int, tuple[str | None, list[str]]]:
    """(JSON line or None, error lines) per row position, for rows that share the same keys."""
    outcomes: dict[int, tuple[str | None, list[str]]] = {}
    row_ids = ["-".join("null" if v is None else str(v) for v in row.values()) for row in rows]
    missing = next((p.key for p in transformer.parameters if p.key not in rows[0]), None)
    if missing is not None:
        for position, row, row_id in zip(positions, rows, row_ids, strict=True):
            reason = f"Failed processing row: {row_id} - row does not contain value for parameter: {missing}"
            outcomes[position] = (None, [f"Failed processing row {_java_map(row)}, err: {reason}"])
        return outcomes
    frame = pd.DataFrame([dict(row) for row in rows], columns=list(rows[0]), dtype=object)
    result = run_transformer(transformer, frame, context=context, row_ids=row_ids)
    by_row: dict[int, dict[str, str]] = {}
    for cell in result.cell_errors:
        by_row.setdefault(cell.row, {})[cell.column] = cell.message
    for i, position in enumerate(positions):
        if i in result.row_errors:
            outcomes[position] = (None, [result.row_errors[i]])
        else:
            outcomes[position] = _row_outcome(transformer, result, i, rows[i], row_ids[i], by_row.get(i, {}))
    return outcomes


def _row_outcome(
    transformer: Transformer,
    result: TransformResult,
    i: int,
    row: Mapping[str, Any],
    row_id: str,
    cell_errors: Mapping[str, str],
) -> tuple[str | None, list[str]]:
    """Walk the outputs in order as SIF does: collect cell errors, stop at a unique key without value."""
    errors: list[str] = []
    parts = []
    for position, transform in enumerate(transformer.transforms):
        key = transform.output.key
        if key in cell_errors:
            errors.append(cell_errors[key])
            parts.append(f"{json.dumps(key)}:{json.dumps(ERROR_VALUE)}")
            continue
        kind, text = _cell(result, key, i)
        if position > 0 and transform.output.include_as_unique and not text:
            reason = f"Row '{row_id}' column '{key}' encountered error uniqueKey value cannot be null"
            return None, [*errors, f"Failed processing row {_java_map(row)}, err: {reason}"]
        parts.append(f"{json.dumps(key)}:{_json_value(kind, text)}")
    return "{" + ",".join(parts) + "}", errors


def _cell(result: TransformResult, key: str, i: int) -> tuple[Kind, str | None]:
    column = result.outputs[key]
    kind = Kind(int(column.kinds[i]))
    if kind in (Kind.NULL, Kind.NOVALUE):
        return kind, None
    return kind, str(strings(column)[i])


def _json_value(kind: Kind, text: str | None) -> str:
    """A value as SIF writes it into an inline row: strings quoted, numbers and booleans bare, null.

    SIF pastes strings between quotes without escaping; here they are escaped so the row stays JSON.
    """
    if text is None:
        return "null"
    return json.dumps(text, ensure_ascii=False) if kind == Kind.STRING else text


def _java_map(row: Mapping[str, Any]) -> str:
    """An input row as Java prints the map SIF read it into: `{key=value, ...}`."""
    return "{" + ", ".join(f"{k}={'null' if v is None else v}" for k, v in row.items()) + "}"


def _js_json(value: Any) -> str:
    """`JSON.stringify` of plain data."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
