"""Asset keys, groups and tags, in one place so that sensors, schedules, the CLI and tests agree.

Keys are `[layer, name]`: `inputs/<pipeline>`, `activities/<pipeline>` (or `results/<pipeline>` for `data`
and `impacts` pipelines), `references/<pipeline>` (the catalog versions a pipeline reads),
`metrics/<metric>`. Names are slugs (`sif_resources.pipelines.definition.asset_slug`).
"""

from __future__ import annotations

import dagster as dg

INPUTS = "inputs"
ACTIVITIES = "activities"
REFERENCES = "references"
RESULTS = "results"
METRICS = "metrics"
METRICS_GROUP = "metrics"

#: Run tags: which tenant a run serves (for concurrency limits even on range runs), which execution
#: started it, and whether it restates history.
TENANT_TAG = "sif/tenant"
EXECUTION_TAG = "sif/execution"
PIPELINE_TAG = "sif/pipeline"
RESTATEMENT_TAG = "sif/restatement"

OWNERS = ["team:sif-platform"]


def inputs_key(pipeline_key: str) -> dg.AssetKey:
    return dg.AssetKey([INPUTS, pipeline_key])


def activities_key(pipeline_key: str) -> dg.AssetKey:
    return dg.AssetKey([ACTIVITIES, pipeline_key])


def results_key(pipeline_key: str) -> dg.AssetKey:
    """The step of `data` and `impacts` pipelines: result files (and impact activities), not activities."""
    return dg.AssetKey([RESULTS, pipeline_key])


def references_key(pipeline_key: str) -> dg.AssetKey:
    return dg.AssetKey([REFERENCES, pipeline_key])


def metric_key(metric_slug: str) -> dg.AssetKey:
    return dg.AssetKey([METRICS, metric_slug])


def pipeline_group(pipeline_key: str) -> str:
    """The UI group of a pipeline's assets: one box per pipeline in the asset graph."""
    return f"pipeline_{pipeline_key}"
