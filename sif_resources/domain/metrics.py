"""Metric (KPI) definitions (SIF §8.5): the request bodies, the rules of the metric graph, and the links
that pipelines and other metrics keep on a metric — with SIF's exact messages.

Here: `MetricCreate`/`MetricUpdate` (SIF's field names), `MetricNode` (what the graph rules need to know of a
stored metric), the checks run on create, update and delete, and pure helpers that compute link changes.
The catalog is reached only through lookup callables, so everything here is pure.

Not here: storing metrics or their versions, metric *values* and their aggregation (§9.9), and the
pipeline-side check that outputs name existing metrics (`pipelines.resolve_metric_links`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from calculator.pipeline_file.problems import field_path
from sif_resources.domain.catalog_errors import CatalogRuleError, FieldProblem, InvalidFieldError

AggregationType = Literal["min", "max", "count", "sum", "mean"]


class RequestBody(BaseModel):
    """Base of request bodies: immutable; unknown fields dropped."""

    # SIF's request schemas drop unknown fields silently (§18.4: the old `outputKpis` is ignored).
    model_config = ConfigDict(extra="ignore", frozen=True)


class MetricCreate(RequestBody):
    """`POST /metrics` body."""

    name: str = Field(min_length=1)
    summary: str
    description: str | None = None
    aggregationType: AggregationType
    outputMetrics: list[str] | None = None
    tags: dict[str, str] | None = None
    attributes: dict[str, Any] | None = None
    activeAt: str | None = None


class MetricUpdate(RequestBody):
    """`PATCH /metrics/:id` body: every field optional; `name` cannot change."""

    summary: str | None = None
    description: str | None = None
    aggregationType: AggregationType | None = None
    outputMetrics: list[str] | None = None
    tags: dict[str, str | None] | None = None
    attributes: dict[str, Any] | None = None
    activeAt: str | None = None
    state: Literal["enabled", "frozen", "disabled"] | None = None


@dataclass(frozen=True)
class PipelineLink:
    """A pipeline output feeding a metric (an entry of the metric's `inputPipelines`)."""

    pipelineId: str
    output: str


@dataclass(frozen=True)
class MetricNode:
    """What the graph rules need of a stored metric."""

    name: str
    id: str = ""
    output_metrics: tuple[str, ...] = ()
    input_metrics: tuple[str, ...] = ()
    input_pipelines: tuple[PipelineLink, ...] = ()


#: A metric by name in the group in context only (no parents, no children), or None.
MetricLookup = Callable[[str], MetricNode | None]


def parse_body(model: type[RequestBody], body: Mapping[str, Any]) -> Any:
    """`body` as `model`, or InvalidFieldError naming every bad field by its path (`outputMetrics[1]`)."""
    try:
        return model.model_validate(body)
    except ValidationError as error:
        raise InvalidFieldError(*(_problem(e) for e in error.errors())) from None


def parse_metric_create(body: Mapping[str, Any]) -> MetricCreate:
    """A `POST /metrics` body; InvalidFieldError (400) names every bad field."""
    created: MetricCreate = parse_body(MetricCreate, body)
    return created


def parse_metric_update(body: Mapping[str, Any]) -> MetricUpdate:
    """A `PATCH /metrics/:id` body; InvalidFieldError (400) names every bad field."""
    updated: MetricUpdate = parse_body(MetricUpdate, body)
    return updated


def check_aggregation_type(aggregation_type: str) -> None:
    """Only `sum` is implemented; any other type is SIF's 501."""
    if aggregation_type != "sum":
        raise CatalogRuleError("Only sum aggregation type is supported for now.", 501, "aggregationType")


def validate_output_metrics(
    metric_name: str, output_metrics: Iterable[str] | None, lookup: MetricLookup
) -> None:
    """The graph rules for a metric that will feed `output_metrics` (SIF's `validateOutputMetrics`).

    Walks up through the parents' own `outputMetrics`: every parent must exist in the group in context, no
    path may lead back to `metric_name` (a cycle), the direct parents must not be fed by pipelines (a
    metric receives pipeline inputs or metric inputs, never both), and no metric on the way may be reached
    twice. Raises CatalogRuleError (400) with SIF's message for the first rule broken.
    """
    _walk(metric_name, list(output_metrics or []), metric_name, lookup, set())


def _walk(metric_name: str, parents: list[str], current: str, lookup: MetricLookup, seen: set[str]) -> None:
    if not parents:
        return
    found = {name: lookup(name) for name in parents}
    missing = [name for name in parents if found[name] is None]
    if missing:
        raise CatalogRuleError(
            f"These parent metrics [{','.join(missing)}] do not exist", field="outputMetrics"
        )
    if metric_name in parents:
        raise CatalogRuleError(
            f"There is circular reference pointing back to metric {metric_name} from {current}",
            field="outputMetrics",
        )
    nodes = [node for node in found.values() if node is not None]
    if current == metric_name:
        fed = [node.name for node in nodes if node.input_pipelines]
        if fed:
            raise CatalogRuleError(
                f"These output metrics [{','.join(fed)}] has pipeline as an input", field="outputMetrics"
            )
    if current in seen:
        raise CatalogRuleError(f"This metric {current} exists in multiple path", field="outputMetrics")
    seen.add(current)
    for node in nodes:
        _walk(metric_name, list(node.output_metrics), node.name, lookup, seen)


def check_metric_deletable(metric: MetricNode) -> None:
    """A metric fed by pipelines or other metrics cannot be deleted (400)."""
    if metric.input_metrics or metric.input_pipelines:
        raise CatalogRuleError(
            f"metric {metric.name} cannot be deleted because it is an output metric of another metric or "
            "pipeline"
        )


def output_metric_changes(
    existing: Iterable[str] | None, updated: Iterable[str] | None
) -> tuple[list[str], list[str]]:
    """(parents to link, parents to unlink) when a metric's `outputMetrics` change, in list order.

    Linking adds the metric's name to the parent's `inputMetrics`; unlinking removes it.
    """
    before, after = list(existing or []), list(updated or [])
    return [m for m in after if m not in before], [m for m in before if m not in after]


def _problem(error: Any) -> FieldProblem:
    where = field_path(tuple(error["loc"])) if error["loc"] else "body"
    if error["type"] == "missing":
        return FieldProblem(where, "required")
    message = str(error["msg"])
    return FieldProblem(where, f"{message[0].lower()}{message[1:]} (got {error['input']!r})")
