"""`CatalogPipelinesComponent`: the catalog's pipelines (created through the API or CLI) as asset chains.

A state-backed component (guide §2.1, §3 #11): the catalog is read only when the state is refreshed
(`sif pipelines refresh`, the programmatic `dg utils refresh-defs-state`, see `sif_api.catalog_state`), never
when the code location loads.

- `write_state_to_path` writes a JSON snapshot of every tenant's latest `enabled` pipeline versions (types
  activities, data and impacts) and metrics: plain SIF documents plus tenant ids, read through the catalog
  service (`sif_resources.pipelines.sources.catalog_snapshot`).
- `build_defs_from_state` builds, from that snapshot only, each pipeline's chain with the same factory as
  pipelines as code (`references/`, `inputs/`, `activities/` or `results/<tenant>__<pipeline>`) and its job.
  Metric assets are not built here: `MetricsComponent` builds every metric once, from the `sif/metric_links`
  of the activities assets of every pipeline folder (this one included) and from the metrics the pipelines
  feed, which this component hands over as `sif/declared_metrics` definitions metadata.

State lives in the Dagster instance's `defs_state_storage` (`VERSIONED_STATE_STORAGE`: under
`$DAGSTER_HOME/storage` locally, so each `$SIF_HOME` has the snapshot of its own catalog). Without a snapshot,
or when definitions load outside any instance (`sif_api.runs.definitions()`), the component builds nothing
and says so in a log line. A pipeline whose document cannot be built is skipped with a warning, so one bad
catalog pipeline never takes the code location down.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import dagster as dg
from dagster._core.storage.defs_state.base import DefsStateStorage
from dagster.components import DefsStateConfig, DefsStateConfigArgs, ResolvedDefsStateConfig
from dagster_shared.serdes.objects.models.defs_state_info import DefsStateManagementType
from pydantic import Field

from sif_assets.components.metrics import declared_metrics_metadata
from sif_assets.factories.pipeline_assets import build_pipeline_assets, pipeline_job
from sif_resources.pipelines.definition import MetricDefinition, PipelineDefinition
from sif_resources.pipelines.sources import (
    SNAPSHOT_FORMAT,
    catalog_snapshot,
    definition_from_catalog,
    metric_from_catalog,
)
from sif_resources.services import services_for

#: The snapshot's key in the state storage (one per deployment: one catalog per code location).
STATE_KEY = "sif_catalog_pipelines"

log = dg.get_dagster_logger("sif.catalog_pipelines")


def default_state_config() -> DefsStateConfigArgs:
    """Versioned state in the instance's storage, never refreshed implicitly: not even `dagster dev` reads
    the catalog at load time (`sif pipelines refresh` does)."""
    return DefsStateConfigArgs(
        management_type=DefsStateManagementType.VERSIONED_STATE_STORAGE, refresh_if_dev=False
    )


class CatalogPipelinesComponent(dg.StateBackedComponent, dg.Resolvable, dg.Model):
    """Every tenant's catalog pipelines, from the last snapshot of the catalog."""

    defs_state: ResolvedDefsStateConfig = Field(default_factory=default_state_config)

    @property
    def defs_state_config(self) -> DefsStateConfig:
        return DefsStateConfig.from_args(self.defs_state, default_key=STATE_KEY)

    # --- refresh: the only place that reads the catalog ---------------------------------------------------
    def write_state_to_path(self, state_path: Path) -> None:
        snapshot = catalog_snapshot(services_for().catalog)
        state_path.parent.mkdir(parents=True, exist_ok=True)
        state_path.write_text(json.dumps(snapshot, sort_keys=True, ensure_ascii=False))
        pipelines = sum(len(t["pipelines"]) for t in snapshot["tenants"])
        log.info(f"catalog snapshot: {len(snapshot['tenants'])} tenants, {pipelines} pipelines")

    # --- load: the snapshot only --------------------------------------------------------------------------
    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        config = self.defs_state_config
        if (
            config.management_type == DefsStateManagementType.VERSIONED_STATE_STORAGE
            and DefsStateStorage.get() is None
        ):
            # Loaded outside a Dagster instance (e.g. `sif_api.runs.definitions()`): no state storage to
            # read, and reading the catalog instead is exactly what this component must not do.
            log.info(
                "catalog pipelines not loaded: no Dagster instance (state storage) in context; "
                "load the definitions through an instance (sif_api.catalog_state.definitions_with_state)"
            )
            return dg.Definitions()
        return super().build_defs(context)

    def build_defs_from_state(
        self, context: dg.ComponentLoadContext, state_path: Path | None
    ) -> dg.Definitions:
        if state_path is None:
            log.info(
                "catalog pipelines not loaded: no catalog snapshot yet; run `sif pipelines refresh` "
                "(the code server never reads the catalog at load time)"
            )
            return dg.Definitions()
        snapshot = json.loads(state_path.read_text())
        return defs_from_snapshot(snapshot)


def defs_from_snapshot(snapshot: Mapping[str, Any]) -> dg.Definitions:
    """The asset chains and jobs of the snapshot's pipelines, and (as definitions metadata) the metrics they
    feed for `MetricsComponent`."""
    if snapshot.get("format") != SNAPSHOT_FORMAT:
        log.warning(
            f"catalog pipelines not loaded: snapshot format {snapshot.get('format')!r} is not "
            f"{SNAPSHOT_FORMAT}; run `sif pipelines refresh`"
        )
        return dg.Definitions()
    pipelines = snapshot_pipelines(snapshot)
    assets: list[Any] = []
    jobs: list[Any] = []
    for pipeline in pipelines:
        assets.extend(build_pipeline_assets(pipeline))
        jobs.append(pipeline_job(pipeline))
    metrics = fed_metrics(pipelines, snapshot_metrics(snapshot))
    log.info(
        f"catalog pipelines: {len(pipelines)} pipelines of {len(snapshot['tenants'])} tenants, "
        f"feeding {len(metrics)} catalog metrics"
    )
    return dg.Definitions(assets=assets, jobs=jobs, metadata=declared_metrics_metadata(metrics))


def snapshot_pipelines(snapshot: Mapping[str, Any]) -> list[PipelineDefinition]:
    """Every pipeline of the snapshot as a definition; documents that do not build, and a second pipeline
    whose asset name is taken (same name in two groups of a tenant), are skipped with a warning."""
    pipelines: dict[str, PipelineDefinition] = {}
    for entry in snapshot["tenants"]:
        tenant = entry["tenant"]
        for document in entry["pipelines"]:
            where = f"catalog pipeline {tenant}/{document.get('name')!r} ({document.get('id')})"
            try:
                pipeline = definition_from_catalog(tenant, document)
            except Exception as error:  # one bad document must not take the code location down
                log.warning(f"{where} skipped: {error}")
                continue
            if pipeline.key in pipelines:
                log.warning(f"{where} skipped: asset name {pipeline.key!r} is taken by another pipeline")
                continue
            pipelines[pipeline.key] = pipeline
    return list(pipelines.values())


def snapshot_metrics(snapshot: Mapping[str, Any]) -> list[MetricDefinition]:
    return [metric_from_catalog(document) for entry in snapshot["tenants"] for document in entry["metrics"]]


def fed_metrics(
    pipelines: Iterable[PipelineDefinition], metrics: Sequence[MetricDefinition]
) -> list[MetricDefinition]:
    """The catalog metrics these pipelines feed, directly (`outputs[].metrics`) or down `outputMetrics`
    chains; a metric nothing feeds gets no asset. Metrics are named, not owned: one asset per name."""
    by_name: dict[str, list[MetricDefinition]] = {}
    for metric in metrics:
        by_name.setdefault(metric.name, []).append(metric)
    pending = [name for p in pipelines if p.type == "activities" for name in p.metric_links]
    reached: dict[str, None] = {}
    while pending:
        name = pending.pop(0)
        if name in reached:
            continue
        reached[name] = None
        pending.extend(target for m in by_name.get(name, ()) for target in m.output_metrics)
    return [m for name in reached for m in by_name.get(name, ())]
