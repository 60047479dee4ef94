"""Asset keys, groups, tags and layer selections, in one place so that sensors, schedules, the CLI and tests
agree.

A pipeline's assets are keyed `pipelines/<pipeline>/<step>` — `references`, `inputs`, and `activities` (or
`results` for `data` and `impacts` pipelines) — so the UI's graph labels each node by its step inside the
pipeline's group box; metrics are `metrics/<metric>`. Names are slugs
(`sif_resources.pipelines.definition.asset_slug`). Every asset carries the tag `sif/layer` (its step, or
`metrics`), which is how sensors, schedules and jobs select a layer across pipelines (`layer_selection`)."""

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
PIPELINES_PREFIX = "pipelines"
LAYER_TAG = "sif/layer"


def layer_tags(layer: str) -> dict[str, str]:
    return {LAYER_TAG: layer}


def layer_selection(*layers: str, include_sources: bool = False) -> dg.AssetSelection:
    """Every asset of the given layers, whichever pipeline or metric it belongs to."""
    selection = dg.AssetSelection.tag(LAYER_TAG, layers[0], include_sources=include_sources)
    for layer in layers[1:]:
        selection = selection | dg.AssetSelection.tag(LAYER_TAG, layer, include_sources=include_sources)
    return selection


def pipeline_step_key(pipeline_key: str, step: str) -> dg.AssetKey:
    return dg.AssetKey([PIPELINES_PREFIX, pipeline_key, step])


def layer_and_name(key: dg.AssetKey) -> tuple[str, str]:
    """(layer, pipeline or metric) of an asset key: `pipelines/p/activities` -> (`activities`, `p`)."""
    path = key.path
    if len(path) == 3 and path[0] == PIPELINES_PREFIX:
        return path[2], path[1]
    return path[0], path[-1]


def inputs_key(pipeline_key: str) -> dg.AssetKey:
    return pipeline_step_key(pipeline_key, INPUTS)


def activities_key(pipeline_key: str) -> dg.AssetKey:
    return pipeline_step_key(pipeline_key, ACTIVITIES)


def results_key(pipeline_key: str) -> dg.AssetKey:
    """The step of `data` and `impacts` pipelines: result files (and impact activities), not activities."""
    return pipeline_step_key(pipeline_key, RESULTS)


def references_key(pipeline_key: str) -> dg.AssetKey:
    return pipeline_step_key(pipeline_key, REFERENCES)


def metric_key(metric_slug: str) -> dg.AssetKey:
    return dg.AssetKey([METRICS, metric_slug])


def pipeline_group(pipeline_key: str) -> str:
    """The UI group of a pipeline's assets: one box per pipeline in the asset graph."""
    return f"pipeline_{pipeline_key}"
