"""`PipelineComponent`: a pipeline file under version control becomes its asset chain.

A `defs.yaml` under `sif_assets/defs/pipelines/<name>/` reads

    type: sif_assets.components.PipelineComponent
    attributes:
      file: examples/household-electricity/pipeline.yaml   # relative to the project root
      non_negative: [co2e_kg]                               # optional blocking check

and yields `pipelines/<p>/references`, `pipelines/<p>/inputs` and `pipelines/<p>/activities` (see
`factories/pipeline_assets.py`).
Metric assets are built once for all pipelines (these and the catalog's) by `MetricsComponent`.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from pydantic import Field

from sif_assets.factories.pipeline_assets import build_pipeline_assets, pipeline_job
from sif_resources.pipelines.definition import PipelineDefinition
from sif_resources.pipelines.sources import definition_from_file

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def resolve_project_path(path: str) -> Path:
    candidate = Path(path)
    return candidate if candidate.is_absolute() else PROJECT_ROOT / candidate


class PipelineComponent(dg.Component, dg.Resolvable, dg.Model):
    """One pipeline file's asset chain."""

    file: str
    non_negative: list[str] = Field(default_factory=list)

    def definition(self) -> PipelineDefinition:
        return definition_from_file(resolve_project_path(self.file), non_negative=self.non_negative)

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        pipeline = self.definition()
        return dg.Definitions(assets=build_pipeline_assets(pipeline), jobs=[pipeline_job(pipeline)])
