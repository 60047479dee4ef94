"""One pipeline's asset chain, keyed `pipelines/<p>/<step>`: `references` (observed) -> `inputs` ->
`activities` (or `results` for data and impacts pipelines).

- `references`: an observable source, tenant x month. Its data version for a partition is a fingerprint of
  the *current* catalog versions of every factor, dataset and calculation that partition's last calculation
  read, so publishing a new version changes exactly the partitions that used the old one, and those become
  stale (restatement, SIF §9.6).
- `inputs`: the rows landed for a tenant and month (every execution's part, oldest first). Its data version
  is the landing fingerprint. Blocking checks: the landed columns match the pipeline's parameters (GX), and
  number/boolean parameters hold values of that type (GX; a warning, because SIF turns such rows into row
  errors and stores the rest).
- `activities`: the calculator over every landed row of the partition, identities and latest values per
  SIF §9.6, written by the activity IO manager one slice per transaction. Blocking checks: every input row
  is an activity version or a row error; no two latest activities share an identity; declared outputs are
  not negative.

Every step handles any set of partitions in one run (`BackfillPolicy.single_run`): it groups keys by
tenant and month and never assumes a rectangle (guide §3, #4).
"""

# No `from __future__ import annotations`: Dagster reads context and resource annotations at run time.

import hashlib
from collections.abc import Iterator, Sequence
from typing import Any

import dagster as dg
import pandas as pd

from sif_assets.checks.pipeline_checks import (
    ActivitySummary,
    InputOutcomes,
    activity_checks,
    activity_summary,
    input_check_specs,
)
from sif_assets.factories.automation import restate_when_upstream_changes
from sif_assets.factories.pipeline_steps import (
    compute_slices,
    finish_executions,
    input_parts,
    read_fingerprint,
    reference_fingerprint,
)
from sif_assets.keys import (
    ACTIVITIES,
    INPUTS,
    OWNERS,
    PIPELINE_TAG,
    REFERENCES,
    RESULTS,
    activities_key,
    inputs_key,
    layer_tags,
    pipeline_group,
    references_key,
    results_key,
)
from sif_assets.partitions import split_keys, tenant_month
from sif_resources.activities.compute import factor_versions
from sif_resources.activities.model import (
    ActivitySlice,
)
from sif_resources.activities.stream import SliceStream
from sif_resources.dagster_resources import SifResource
from sif_resources.executions.results import compute_results, create_impact_activities, write_data_results
from sif_resources.pipelines.definition import PipelineDefinition

#: Every pipeline whose assets this process built, by key: what `sif run` and the landing sensor land
#: files for. Filled as the code location's definitions load.
PIPELINES: dict[str, PipelineDefinition] = {}


def build_pipeline_assets(pipeline: PipelineDefinition) -> list[Any]:
    """The pipeline's observable references, its inputs and its activities (with their checks)."""
    PIPELINES[pipeline.key] = pipeline
    if pipeline.type == "activities":
        step = activities_asset(pipeline)
    elif pipeline.type in ("data", "impacts"):
        step = results_asset(pipeline)
    else:
        # referenceDatasets executions are not monthly: one upload is one dataset version (SIF §9.7).
        raise ValueError(f"pipeline {pipeline.name!r}: {pipeline.type} pipelines do not run as assets")
    return [references_source(pipeline), inputs_asset(pipeline), step]


def step_key(pipeline: PipelineDefinition) -> dg.AssetKey:
    """The asset that calculates the pipeline: `pipelines/<p>/activities`, or `pipelines/<p>/results` for
    data and impacts."""
    return activities_key(pipeline.key) if pipeline.type == "activities" else results_key(pipeline.key)


def pipeline_job_name(pipeline_key: str) -> str:
    return f"{pipeline_key}_job"


def pipeline_job(pipeline: PipelineDefinition) -> Any:
    """The job an execution launches: the pipeline's inputs and activities, and every metric downstream."""
    pipeline_key = pipeline.key
    selection = dg.AssetSelection.assets(inputs_key(pipeline_key), step_key(pipeline))
    return dg.define_asset_job(
        pipeline_job_name(pipeline_key),
        selection=selection | selection.downstream(),
        partitions_def=tenant_month,
        description=f"Calculate pipeline {pipeline_key} for a tenant and month, then its metrics.",
        tags={PIPELINE_TAG: pipeline_key},
    )


def _description(pipeline: PipelineDefinition, what: str) -> str:
    return (
        f"{what} of pipeline `{pipeline.name}` (v{pipeline.version}, {pipeline.type}). {pipeline.description}"
    )


def _definition_metadata(pipeline: PipelineDefinition) -> dict[str, Any]:
    transforms = [
        {"index": t.index, "formula": t.formula, "output": t.output.key, "type": t.output.type}
        for t in pipeline.transformer.transforms
    ]
    return {
        "sif/pipeline": pipeline.name,
        "sif/pipeline_version": pipeline.version,
        "sif/pipeline_type": pipeline.type,
        "sif/source": pipeline.source,
        "sif/tenant": pipeline.tenant or "(every tenant)",
        "sif/metric_links": dg.MetadataValue.json(
            {metric: list(outputs) for metric, outputs in pipeline.metric_links.items()}
        ),
        "formulas": dg.MetadataValue.md(pd.DataFrame(transforms).to_markdown(index=False)),
    }


def references_source(pipeline: PipelineDefinition) -> Any:
    """Observed catalog versions per tenant x month (see the module docstring)."""

    @dg.observable_source_asset(
        key=references_key(pipeline.key),
        partitions_def=tenant_month,
        group_name=pipeline_group(pipeline.key),
        tags=layer_tags(REFERENCES),
        description=_description(
            pipeline, "Catalog versions (factors, datasets, calculations) read by the activities"
        ),
        metadata={"sif/pipeline": pipeline.name},
    )
    def references(context: dg.AssetExecutionContext, sif: SifResource) -> dg.DataVersionsByPartition:
        services = sif.services()
        tenants = context.instance.get_dynamic_partitions("tenant")
        versions: dict[str, str] = {}
        seen: dict[str, int | None] = {}
        for tenant in tenants:
            if pipeline.tenant is not None and tenant != pipeline.tenant:
                continue
            for month, read in services.activity_store.last_factor_versions(tenant, pipeline.key).items():
                versions[f"{month}|{tenant}"] = reference_fingerprint(services, tenant, read, seen)
        context.log.info(f"observed {len(versions)} partitions of {pipeline.key}")
        return dg.DataVersionsByPartition(versions)

    return references


def observe_read_versions(
    context: dg.AssetExecutionContext, pipeline: PipelineDefinition, slices: Sequence[ActivitySummary]
) -> None:
    """Record, as observations of `pipelines/<p>/references`, the versions each partition was just
    calculated with.
    Without them the next scheduled observation would look like a change and recalculate every partition
    once more; with them only a version published later does."""
    for summary in slices:
        context.log_event(
            dg.AssetObservation(
                asset_key=references_key(pipeline.key),
                partition=f"{summary.month}|{summary.tenant}",
                tags={"dagster/data_version": read_fingerprint(summary.factor_versions)},
            )
        )


def inputs_asset(pipeline: PipelineDefinition) -> dg.AssetsDefinition:
    key = inputs_key(pipeline.key)

    @dg.asset(
        key=key,
        partitions_def=tenant_month,
        backfill_policy=dg.BackfillPolicy.single_run(),
        group_name=pipeline_group(pipeline.key),
        tags=layer_tags(INPUTS),
        kinds={"parquet"},
        owners=OWNERS,
        description=_description(pipeline, "Rows landed for a tenant and month"),
        metadata={
            "sif/pipeline": pipeline.name,
            "parameters": [p.key for p in pipeline.transformer.parameters],
        },
        check_specs=input_check_specs(key),
    )
    def inputs(context: dg.AssetExecutionContext, sif: SifResource) -> Iterator[Any]:
        landing = sif.services().landing
        summary: list[dict[str, Any]] = []
        fingerprints = []
        outcomes = InputOutcomes()
        for tenant, month in split_keys(context.partition_keys):
            parts = landing.parts(tenant, pipeline.key, month)
            fingerprints.append(landing.fingerprint(tenant, pipeline.key, month))
            summary.append(
                {
                    "tenant": tenant,
                    "month": month,
                    "executions": len({p.execution_id for p in parts}),
                    "parts": len(parts),
                    "rows": sum(p.rows for p in parts),
                }
            )
            for part in parts:  # one part in memory at a time
                outcomes.add(pipeline, f"{month}|{tenant}", landing.read_part(part))
        version = hashlib.sha256("|".join(fingerprints).encode()).hexdigest()[:16]
        yield dg.MaterializeResult(
            metadata={
                "rows": sum(int(s["rows"]) for s in summary),
                "executions": sum(int(s["executions"]) for s in summary),
                "partitions": dg.MetadataValue.md(pd.DataFrame(summary).to_markdown(index=False)),
            },
            data_version=dg.DataVersion(version),
        )
        yield from outcomes.results(key)

    return inputs


def activities_asset(pipeline: PipelineDefinition) -> dg.AssetsDefinition:
    key = activities_key(pipeline.key)
    checks, check_specs = activity_checks(pipeline, key)

    @dg.asset(
        key=key,
        partitions_def=tenant_month,
        backfill_policy=dg.BackfillPolicy.single_run(),
        deps=[inputs_key(pipeline.key), references_key(pipeline.key)],
        io_manager_key="activity_io_manager",
        code_version=pipeline.formula_fingerprint,
        group_name=pipeline_group(pipeline.key),
        tags=layer_tags(ACTIVITIES),
        kinds={"python", "sql"},
        owners=OWNERS,
        pool="calculator",
        description=_description(pipeline, "Activities calculated from the landed rows"),
        metadata=_definition_metadata(pipeline),
        automation_condition=restate_when_upstream_changes(),
        check_specs=check_specs,
    )
    def activities(context: dg.AssetExecutionContext, sif: SifResource) -> Iterator[Any]:
        services = sif.services()
        pairs = split_keys(context.partition_keys)
        summaries: list[ActivitySummary] = []

        def summarise(computed: ActivitySlice) -> None:
            if computed.pipeline_key == pipeline.key:  # aggregated slices are derived, not checked
                summaries.append(activity_summary(pipeline, computed))

        stream = SliceStream(
            lambda: compute_slices(services, pipeline, pairs, run_id=context.run_id, log=context.log),
            on_slice=summarise,
        )
        yield dg.Output(stream)
        finish_executions(services, pipeline, summaries, run_id=context.run_id)
        observe_read_versions(context, pipeline, summaries)
        yield from checks(summaries)

    return activities


def results_asset(pipeline: PipelineDefinition) -> dg.AssetsDefinition:
    """`pipelines/<p>/results` of a `data` or `impacts` pipeline (SIF §9.7): each execution's outputs as its
    `output/result.csv` (one part per month) and errors; an `impacts` pipeline also creates the impact
    activities its rows describe, in the execution's group. Nothing goes to the activity store."""

    @dg.asset(
        key=results_key(pipeline.key),
        partitions_def=tenant_month,
        backfill_policy=dg.BackfillPolicy.single_run(),
        deps=[inputs_key(pipeline.key), references_key(pipeline.key)],
        code_version=pipeline.formula_fingerprint,
        group_name=pipeline_group(pipeline.key),
        tags=layer_tags(RESULTS),
        kinds={"python", "csv"},
        owners=OWNERS,
        pool="calculator",
        description=_description(pipeline, "Result files calculated from the landed rows"),
        metadata=_definition_metadata(pipeline),
        automation_condition=restate_when_upstream_changes(),
    )
    def results(context: dg.AssetExecutionContext, sif: SifResource) -> dg.MaterializeResult:
        services = sif.services()
        written: list[dict[str, Any]] = []
        resolvers: dict[str, Any] = {}
        for tenant, month in split_keys(context.partition_keys):
            if tenant not in resolvers:
                resolvers[tenant] = services.catalog.resolver(tenant)
            parts = input_parts(services, pipeline, tenant, month)
            computed = compute_results(
                pipeline, parts, tenant=tenant, resolver=resolvers[tenant], default_group=pipeline.group
            )
            if pipeline.type == "impacts":
                computed = create_impact_activities(services.catalog, services.executions, computed)
            write_data_results(services.executions, computed, month, run_id=context.run_id)
            context.log_event(
                dg.AssetObservation(
                    asset_key=references_key(pipeline.key),
                    partition=f"{month}|{tenant}",
                    tags={"dagster/data_version": read_fingerprint(factor_versions(resolvers[tenant]))},
                )
            )
            rows = sum(len(r.frame) for r in computed.executions.values())
            written.append({"tenant": tenant, "month": month, "rows": rows, "errors": len(computed.errors)})
        return dg.MaterializeResult(
            metadata={
                "rows": sum(int(w["rows"]) for w in written),
                "errors": sum(int(w["errors"]) for w in written),
                "partitions": dg.MetadataValue.md(pd.DataFrame(written).to_markdown(index=False)),
            }
        )

    return results
