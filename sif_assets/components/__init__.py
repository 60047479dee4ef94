"""Dagster components of the platform (the `registry_modules` of the dg project):

- `PipelineComponent` (`pipeline.py`): one YAML pipeline file -> its asset chain (`defs.yaml` per pipeline).
- `CatalogPipelinesComponent` (`catalog_pipelines.py`): every tenant's catalog pipelines -> their asset
  chains, from a snapshot of the catalog (state-backed; `sif pipelines refresh`).
- `MetricsComponent` (`metrics.py`): one asset per metric, for every pipeline folder's metric links and the
  declared metric chains (`outputMetrics`).
"""

from sif_assets.components.catalog_pipelines import CatalogPipelinesComponent
from sif_assets.components.metrics import MetricsComponent
from sif_assets.components.pipeline import PipelineComponent

__all__ = ["CatalogPipelinesComponent", "MetricsComponent", "PipelineComponent"]
