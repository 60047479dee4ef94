"""Dagster components of the platform (the `registry_modules` of the dg project):

- `PipelineComponent` (`pipeline.py`): one YAML pipeline file -> its asset chain (`defs.yaml` per pipeline).
- `MetricsComponent` (`metrics.py`): declared metric chains (`outputMetrics`) -> one asset per metric, with
  the pipeline outputs that feed each found from the pipelines' own `metrics` links.
"""

from sif_assets.components.metrics import MetricsComponent
from sif_assets.components.pipeline import PipelineComponent

__all__ = ["MetricsComponent", "PipelineComponent"]
