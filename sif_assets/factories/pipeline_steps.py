"""The plain-Python steps behind a pipeline's assets: computing slices partition by partition, reading the
landed rows of a partition, the month's pipeline aggregates, closing executions, and the fingerprints of the
catalog versions a partition read (the data versions of `pipelines/<p>/references`).

What belongs here: what the asset bodies in `pipeline_assets.py` call that needs no Dagster context.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import dagster as dg

from sif_assets.checks.pipeline_checks import ActivitySummary
from sif_resources.activities.compute import InputPart, compute_activity_slice
from sif_resources.activities.model import (
    ACTIVITY_COLUMNS,
    DAILY_COLUMNS,
    ERROR_COLUMNS,
    ActivitySlice,
    empty_frame,
)
from sif_resources.executions.progress import record_month
from sif_resources.metrics.aggregation import AggregateSpec, pipeline_aggregates
from sif_resources.pipelines.definition import PipelineDefinition
from sif_resources.services import PlatformServices

AGGREGATED_SUFFIX = "__aggregated"


def reference_fingerprint(
    services: PlatformServices, tenant: str, read: dict[str, Any], seen: dict[str, int | None] | None = None
) -> str:
    """A hash of the current latest version of every resource in `read` (`<type>:<tenant>:<id>` keys, as
    `compute.factor_versions` records them): it changes when any of them gets a new version. `seen` caches
    versions across the partitions of one observation (most months read the same resources)."""
    store = services.catalog.store
    seen = {} if seen is None else seen
    current = {}
    for key in sorted(read):
        if key not in seen:
            resource_type, owner, resource_id = key.split(":", 2)
            latest = store.latest(owner, resource_type, resource_id)
            seen[key] = latest.version if latest is not None else None
        current[key] = seen[key]
    return versions_fingerprint(current)


def versions_fingerprint(versions: dict[str, Any]) -> str:
    """The data version of a `pipelines/<p>/references` partition: a hash of resource key -> version."""
    return hashlib.sha256(json.dumps(versions, sort_keys=True).encode()).hexdigest()[:16]


def read_fingerprint(factor_versions: dict[str, Any]) -> str:
    """The same hash over the versions a calculation actually read (`ActivitySlice.factor_versions`)."""
    return versions_fingerprint(
        {k: v.get("version") if isinstance(v, dict) else v for k, v in factor_versions.items()}
    )


def compute_slices(
    services: PlatformServices,
    pipeline: PipelineDefinition,
    pairs: Sequence[tuple[str, str]],
    *,
    run_id: str,
    log: Any = None,
) -> Iterator[ActivitySlice]:
    """Each partition's activity slice, one at a time; one resolver per tenant, so every month of a run
    reads the same versions."""
    resolvers: dict[str, Any] = {}
    for tenant, month in pairs:
        if pipeline.tenant is not None and tenant != pipeline.tenant:
            raise dg.Failure(
                f"pipeline {pipeline.name!r} belongs to tenant {pipeline.tenant!r}; "
                f"partition {month}|{tenant} is another tenant's"
            )
        if tenant not in resolvers:
            resolvers[tenant] = services.catalog.resolver(tenant)
        parts = input_parts(services, pipeline, tenant, month)
        computed = compute_activity_slice(
            pipeline,
            parts,
            tenant=tenant,
            month=month,
            run_id=run_id,
            computed_at=datetime.now(UTC),
            resolver=resolvers[tenant],
            default_group=pipeline.group,
        )
        if log is not None:
            log.info(
                f"{tenant} {month}: {computed.input_rows} rows -> {len(computed.latest)} activities, "
                f"{len(computed.errors)} errors"
            )
        yield computed
        if AggregateSpec.of(pipeline) is not None:
            yield aggregated_slice(pipeline, computed)


def aggregated_key(pipeline_key: str) -> str:
    """Where a pipeline's aggregated activities (SIF §9.8, `showAggregate=true`) are stored."""
    return f"{pipeline_key}{AGGREGATED_SUFFIX}"


def aggregated_slice(pipeline: PipelineDefinition, computed: ActivitySlice) -> ActivitySlice:
    """The month's pipeline aggregates (outputs with `aggregate`), recomputed from the month's latest
    activities — whole months, so no aggregate covers part of its period — as a slice of their own."""
    frame = pipeline_aggregates(pipeline, computed.rows, tenant=computed.tenant)
    rows = frame.assign(execution_id="", row_number=0, action="create", is_latest=True)
    return ActivitySlice(
        tenant=computed.tenant,
        pipeline_key=aggregated_key(pipeline.key),
        month=computed.month,
        run_id=computed.run_id,
        computed_at=computed.computed_at,
        rows=rows[list(ACTIVITY_COLUMNS)],
        daily=empty_frame(DAILY_COLUMNS),
        errors=empty_frame(ERROR_COLUMNS),
        input_rows=len(rows),
        pipeline_version=computed.pipeline_version,
        factor_versions=computed.factor_versions,
    )


def input_parts(
    services: PlatformServices, pipeline: PipelineDefinition, tenant: str, month: str
) -> list[InputPart]:
    """The landed rows of one partition as calculator inputs, oldest execution first."""
    parts = []
    groups: dict[str, str] = {}
    for landed in services.landing.parts(tenant, pipeline.key, month):
        if landed.execution_id not in groups:
            groups[landed.execution_id] = services.executions.get(
                tenant, pipeline.key, landed.execution_id
            ).group_context_id
        frame = services.landing.read_part(landed)
        parts.append(
            InputPart(
                execution_id=landed.execution_id,
                group=groups[landed.execution_id],
                action="delete" if landed.action_type == "delete" else "create",
                rows=frame.drop(columns=["__row_number"]),
                row_numbers=frame["__row_number"].to_numpy(),
            )
        )
    return parts


def finish_executions(
    services: PlatformServices,
    pipeline: PipelineDefinition,
    summaries: Sequence[ActivitySummary],
    *,
    run_id: str,
) -> None:
    """Record each execution's errors for the months just written, and close executions whose every month
    has now been calculated (SIF §9.3: any error makes the execution `failed`, though valid rows are kept)."""
    for summary in summaries:
        record_month(
            services.executions,
            pipeline.key,
            summary.tenant,
            summary.month,
            summary.execution_ids,
            summary.errors,
            run_id=run_id,
            metrics_pending=bool(pipeline.metric_links),
        )
