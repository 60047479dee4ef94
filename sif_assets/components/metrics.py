"""`MetricsComponent`: the metric assets of every pipeline the code location knows, built in this one place.

Metric assets are keyed by metric name (`metrics/<metric>`), whoever feeds them: a pipeline as code, a
tenant's catalog pipeline, or both. So no pipeline component builds metric assets; this component reads the
definitions the pipeline folders built and builds one asset per metric.

Attributes:

- `pipeline_defs`: defs folders (relative to `sif_assets/defs`) whose pipelines feed metrics, e.g.
  `[pipelines, catalog]`. Their `pipelines/<p>/activities` assets' `sif/metric_links` metadata says which
  outputs feed which metric; their definitions metadata `sif/declared_metrics` (written by
  `CatalogPipelinesComponent`) adds the catalog's metric declarations (summary, `outputMetrics`). Building
  those folders here marks them as this component's dependencies, so a refreshed catalog snapshot rebuilds
  the metrics too.
- `metrics`: declared metrics with their `outputMetrics` chains (SIF §8.5). Metrics named only by pipeline
  outputs get an asset too. A metric declared in several places keeps the first summary and the union of
  `outputMetrics`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import dagster as dg
from pydantic import BaseModel, Field

from sif_assets.factories.metric_assets import build_metric_assets
from sif_assets.keys import ACTIVITIES, layer_and_name
from sif_resources.pipelines.definition import MetricDefinition, link_metrics

#: Definitions metadata: metrics a folder's pipelines feed, declared outside this component (the catalog).
DECLARED_METRICS = "sif/declared_metrics"
#: Asset metadata of `pipelines/<p>/activities` (see `factories/pipeline_assets.py`): metric -> outputs
#: feeding it.
METRIC_LINKS = "sif/metric_links"


class DeclaredMetric(BaseModel):
    name: str
    summary: str = ""
    outputMetrics: list[str] = []


@dataclass(frozen=True)
class MetricFeed:
    """One pipeline's metric links as its activities asset states them (`link_metrics` reads these)."""

    key: str
    metric_links: Mapping[str, Sequence[str]]


class MetricsComponent(dg.Component, dg.Resolvable, dg.Model):
    pipeline_defs: list[str] = Field(default_factory=list)
    metrics: list[DeclaredMetric] = Field(default_factory=list)

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        declared = [
            MetricDefinition(m.name, summary=m.summary, output_metrics=tuple(m.outputMetrics))
            for m in self.metrics
        ]
        feeds: list[MetricFeed] = []
        for folder in self.pipeline_defs:
            defs = context.build_defs(folder)
            feeds.extend(metric_feeds(defs))
            declared.extend(declared_metrics(defs))
        return dg.Definitions(assets=build_metric_assets(link_metrics(feeds, merge_declared(declared))))


def metric_feeds(defs: dg.Definitions) -> list[MetricFeed]:
    """The metric links of every `pipelines/<p>/activities` asset in `defs` (only activities feed metrics)."""
    feeds = []
    for assets_def in defs.assets or []:
        if not isinstance(assets_def, dg.AssetsDefinition):
            continue  # observable sources (`pipelines/<p>/references`)
        for spec in assets_def.specs:
            links = spec.metadata.get(METRIC_LINKS)
            layer, pipeline_key = layer_and_name(spec.key)
            if layer != ACTIVITIES or links is None:
                continue
            value: Any = links.value if isinstance(links, dg.MetadataValue) else links
            feeds.append(MetricFeed(pipeline_key, {m: tuple(o) for m, o in dict(value).items()}))
    return feeds


def declared_metrics_metadata(metrics: Iterable[MetricDefinition]) -> dict[str, Any]:
    """Definitions metadata handing `metrics` to this component (see `DECLARED_METRICS`)."""
    documents = [
        {"name": m.name, "summary": m.summary, "group": m.group, "outputMetrics": list(m.output_metrics)}
        for m in metrics
    ]
    return {DECLARED_METRICS: dg.MetadataValue.json(documents)}


def declared_metrics(defs: dg.Definitions) -> list[MetricDefinition]:
    value = (defs.metadata or {}).get(DECLARED_METRICS)
    if value is None:
        return []
    documents: Any = value.value if isinstance(value, dg.MetadataValue) else value
    return [
        MetricDefinition(
            d["name"],
            group=d.get("group", "/"),
            summary=d.get("summary", ""),
            output_metrics=tuple(d.get("outputMetrics", ())),
        )
        for d in documents
    ]


def merge_declared(declared: Iterable[MetricDefinition]) -> list[MetricDefinition]:
    """One declaration per metric name: the first one's summary and group, every `outputMetrics`."""
    merged: dict[str, MetricDefinition] = {}
    for metric in declared:
        first = merged.get(metric.name)
        if first is None:
            merged[metric.name] = metric
            continue
        merged[metric.name] = dataclasses.replace(
            first,
            summary=first.summary or metric.summary,
            output_metrics=tuple(dict.fromkeys((*first.output_metrics, *metric.output_metrics))),
        )
    return list(merged.values())
