"""`MetricsComponent`: the metric assets of every pipeline the code location knows.

Attributes: `pipelines` (pipeline files whose outputs' `metrics` links feed metrics, relative to the project
root; the same files the pipeline components read) and `metrics` (declared metrics with their
`outputMetrics` chains, SIF §8.5). Metrics named only by pipeline outputs get an asset too.
"""

from __future__ import annotations

import dagster as dg
from pydantic import BaseModel, Field

from sif_assets.components.pipeline import resolve_project_path
from sif_assets.factories.metric_assets import build_metric_assets
from sif_resources.pipelines.definition import MetricDefinition, link_metrics
from sif_resources.pipelines.sources import definition_from_file


class DeclaredMetric(BaseModel):
    name: str
    summary: str = ""
    outputMetrics: list[str] = []


class MetricsComponent(dg.Component, dg.Resolvable, dg.Model):
    pipelines: list[str] = Field(default_factory=list)
    metrics: list[DeclaredMetric] = Field(default_factory=list)

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        pipelines = [definition_from_file(resolve_project_path(p)) for p in self.pipelines]
        declared = [
            MetricDefinition(m.name, summary=m.summary, output_metrics=tuple(m.outputMetrics))
            for m in self.metrics
        ]
        return dg.Definitions(assets=build_metric_assets(link_metrics(pipelines, declared)))
