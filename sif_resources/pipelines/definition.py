"""What the platform needs to know to run a pipeline and roll its outputs into metrics.

What belongs here: `PipelineDefinition` (one pipeline, whatever its source: a YAML pipeline file under
version control or a catalog pipeline version), `MetricDefinition` (a metric's name, the pipeline outputs
and metrics that feed it, and the metrics it feeds), and the slug rules that turn names into Dagster-safe
asset-key parts (`[A-Za-z0-9_]`). Pure values: no store, no Dagster.

What does not: reading pipeline files (`calculator.pipeline_file`), catalog records (`sif_resources.catalog`),
running transformers (`calculator.transformer`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from calculator.transformer import Output, Transformer

PipelineType = Literal["activities", "data", "impacts", "referenceDatasets"]
PIPELINE_TYPES: tuple[str, ...] = ("activities", "data", "impacts", "referenceDatasets")
#: SIF keeps at most five unique-key slots per activity (§9.6).
MAX_UNIQUE_KEYS = 5

_NOT_SAFE = re.compile(r"[^A-Za-z0-9_]+")


def asset_slug(name: str) -> str:
    """A Dagster-safe asset-key part for a pipeline or metric name: `ghg:scope1:stationary` ->
    `ghg__scope1__stationary`, `household-electricity` -> `household_electricity`."""
    slug = name.strip().replace(":", "__")
    slug = _NOT_SAFE.sub("_", slug).strip("_")
    if not slug:
        raise ValueError(f"{name!r} has no letters or digits to name an asset after")
    return slug


@dataclass(frozen=True)
class PipelineDefinition:
    """One pipeline, at one version, as the platform runs it.

    `key` names its assets (`pipelines/<key>/inputs`, `pipelines/<key>/activities`); `tenant` is None for
    pipelines as code (every tenant may run them, each against its own catalog) and the owning tenant for
    catalog pipelines.
    """

    key: str
    name: str
    type: PipelineType
    group: str
    version: int
    transformer: Transformer
    transformer_json: Mapping[str, Any]
    tenant: str | None = None
    description: str = ""
    source: str = ""
    #: Value outputs that must never be negative (a blocking check on the activities asset).
    non_negative: tuple[str, ...] = ()
    processor_options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def time_key(self) -> str:
        """The output of transform 0: the activity date (SIF §8.2)."""
        return self.transformer.transforms[0].output.key

    @property
    def unique_keys(self) -> tuple[str, ...]:
        """`includeAsUnique` outputs in transform order: the activity identity's key slots (§9.6)."""
        return tuple(t.output.key for t in self.transformer.transforms[1:] if t.output.include_as_unique)

    @property
    def value_outputs(self) -> tuple[Output, ...]:
        """Outputs stored as activity values: all but the time output and the unique keys."""
        keys = set(self.unique_keys)
        return tuple(t.output for t in self.transformer.transforms[1:] if t.output.key not in keys)

    @property
    def metric_links(self) -> dict[str, tuple[str, ...]]:
        """Metric name -> the outputs of this pipeline that feed it (`outputs[].metrics`)."""
        links: dict[str, list[str]] = {}
        for transform in self.transformer.transforms:
            for metric in transform.output.metrics:
                links.setdefault(metric, []).append(transform.output.key)
        return {metric: tuple(outputs) for metric, outputs in links.items()}

    @property
    def formula_fingerprint(self) -> str:
        """A short hash of the transformer: the activities asset's code version."""
        text = json.dumps(self.transformer_json, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class MetricInput:
    """A pipeline output that feeds a metric: sums of its latest numeric values per group and day."""

    pipeline_key: str
    output: str


@dataclass(frozen=True)
class MetricDefinition:
    """A metric (KPI, SIF §8.5/§9.9): fed by pipeline outputs and by other metrics' `groupValue`, and
    feeding the metrics named in `output_metrics`."""

    name: str
    group: str = "/"
    summary: str = ""
    input_pipelines: tuple[MetricInput, ...] = ()
    input_metrics: tuple[str, ...] = ()
    output_metrics: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return asset_slug(self.name)


class FeedsMetrics(Protocol):
    """What `link_metrics` reads of a pipeline: a `PipelineDefinition`, or an activities asset's
    `sif/metric_links` metadata with its pipeline key."""

    @property
    def key(self) -> str: ...

    @property
    def metric_links(self) -> Mapping[str, Sequence[str]]: ...


def link_metrics(
    pipelines: Iterable[FeedsMetrics], declared: Iterable[MetricDefinition]
) -> dict[str, MetricDefinition]:
    """Every metric with its inputs filled in: pipeline outputs that name it and metrics that list it in
    `output_metrics`. Metrics only named by a pipeline output get a bare definition. Raises ValueError on a
    cycle or when two metric names share an asset slug."""
    by_name: dict[str, MetricDefinition] = {m.name: m for m in declared}
    inputs: dict[str, list[MetricInput]] = {}
    for pipeline in pipelines:
        for name, outputs in pipeline.metric_links.items():
            by_name.setdefault(name, MetricDefinition(name=name))
            inputs.setdefault(name, []).extend(MetricInput(pipeline.key, o) for o in outputs)
    feeders: dict[str, list[str]] = {}
    for metric in list(by_name.values()):
        for target in metric.output_metrics:
            by_name.setdefault(target, MetricDefinition(name=target))
            feeders.setdefault(target, []).append(metric.name)
    linked = {
        name: MetricDefinition(
            name=m.name,
            group=m.group,
            summary=m.summary,
            input_pipelines=tuple(dict.fromkeys((*m.input_pipelines, *inputs.get(name, ())))),
            input_metrics=tuple(dict.fromkeys((*m.input_metrics, *feeders.get(name, ())))),
            output_metrics=m.output_metrics,
        )
        for name, m in by_name.items()
    }
    slugs: dict[str, str] = {}
    for name in linked:
        other = slugs.setdefault(asset_slug(name), name)
        if other != name:
            slug = asset_slug(name)
            raise ValueError(f"metrics {other!r} and {name!r} would share the asset name {slug!r}")
    metric_order(linked)
    return linked


def metric_order(metrics: Mapping[str, MetricDefinition]) -> list[str]:
    """Metric names so that each comes after the metrics feeding it; ValueError names a cycle."""
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            raise ValueError("metrics form a cycle: " + " -> ".join((*path, name)))
        state[name] = 1
        for feeder in metrics[name].input_metrics if name in metrics else ():
            visit(feeder, (*path, name))
        state[name] = 2
        order.append(name)

    for name in sorted(metrics):
        visit(name, ())
    return order
