"""Where pipeline definitions come from: YAML pipeline files under version control (pipelines as code) and
catalog pipeline versions (created through the API or CLI).

What belongs here: turning either into a `PipelineDefinition`, and reading every tenant's catalog pipelines
and metrics into a plain JSON snapshot (the state a Dagster state-backed component stores, so the code server
never queries the database at import). What does not: Dagster (`sif_assets.components`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from calculator.pipeline_file import PipelineFile, load_pipeline_file
from calculator.transformer import Transformer
from sif_resources.domain.groups import ROOT_GROUP_ID
from sif_resources.domain.resources import ResourceType, State
from sif_resources.pipelines.definition import MetricDefinition, PipelineDefinition, asset_slug

if TYPE_CHECKING:
    from sif_resources.catalog.service import Catalog


def definition_from_file(
    path: str | Path, *, key: str | None = None, non_negative: Sequence[str] = ()
) -> PipelineDefinition:
    """The pipeline of a YAML pipeline file (`calculator.pipeline_file`), runnable by every tenant."""
    pipeline = load_pipeline_file(path)
    return definition_from_pipeline_file(pipeline, key=key, non_negative=non_negative)


def definition_from_pipeline_file(
    pipeline: PipelineFile, *, key: str | None = None, non_negative: Sequence[str] = ()
) -> PipelineDefinition:
    spec = pipeline.spec
    transformer_json = spec.transformer.model_dump(by_alias=True, exclude_none=True)
    outputs = {t.output.key for t in pipeline.transformer.transforms}
    unknown = [o for o in non_negative if o not in outputs]
    if unknown:
        raise ValueError(
            f"{pipeline.path}: non_negative names outputs the pipeline lacks: {', '.join(unknown)}"
        )
    return PipelineDefinition(
        key=key or asset_slug(spec.name),
        name=spec.name,
        type=spec.type,
        group=spec.group,
        version=1,
        transformer=pipeline.transformer,
        transformer_json=transformer_json,
        description=spec.description or "",
        source=f"file:{pipeline.path}",
        non_negative=tuple(non_negative),
    )


def catalog_pipeline_key(tenant: str, name: str) -> str:
    """Catalog pipelines belong to one tenant: their assets are named `<tenant>__<pipeline>`."""
    return asset_slug(f"{tenant}__{name}")


def definition_from_catalog(tenant: str, document: Mapping[str, Any]) -> PipelineDefinition:
    """A catalog pipeline version (SIF's pipeline resource JSON) as a definition owned by `tenant`."""
    transformer_json = document["transformer"]
    groups = document.get("groups") or ["/"]
    return PipelineDefinition(
        key=catalog_pipeline_key(tenant, document["name"]),
        name=document["name"],
        type=document.get("type", "activities"),
        group=groups[0],
        version=int(document.get("version", 1)),
        transformer=Transformer.from_dict(transformer_json),
        transformer_json=transformer_json,
        tenant=tenant,
        description=document.get("description") or "",
        source=f"catalog:{tenant}/{document.get('id', document['name'])}@v{document.get('version', 1)}",
        processor_options=document.get("processorOptions") or {},
    )


def metric_from_catalog(document: Mapping[str, Any]) -> MetricDefinition:
    groups = document.get("groups") or ["/"]
    return MetricDefinition(
        name=document["name"],
        group=groups[0],
        summary=document.get("summary") or "",
        output_metrics=tuple(document.get("outputMetrics") or ()),
    )


#: Catalog pipeline types that run as assets (`referenceDatasets` executions are not monthly, SIF §9.7).
ASSET_PIPELINE_TYPES: tuple[str, ...] = ("activities", "data", "impacts")
#: The version of the snapshot's shape, so a code server can refuse a snapshot it does not understand.
SNAPSHOT_FORMAT = 1
_LISTING_PAGE = 500


def catalog_snapshot(catalog: Catalog) -> dict[str, Any]:
    """Every tenant's latest `enabled` pipeline versions (of the types that run as assets) and metrics, as
    SIF documents: `{"format": 1, "tenants": [{"tenant", "pipelines": [...], "metrics": [...]}]}`.

    Plain JSON data, read through the catalog service (any backend); the factor-library tenant is left out,
    as it is left out of the `tenant` partitions."""
    from sif_resources.catalog.service import PLATFORM_TENANT

    tenants = []
    for tenant in sorted(t.id for t in catalog.list_tenants()):
        if tenant == PLATFORM_TENANT:
            continue
        pipelines = [
            r.to_document()
            for r in _latest_enabled(catalog, tenant, ResourceType.PIPELINE)
            if r.payload.definition().get("type", "activities") in ASSET_PIPELINE_TYPES
        ]
        metrics = [r.to_document() for r in _latest_enabled(catalog, tenant, ResourceType.METRIC)]
        tenants.append({"tenant": tenant, "pipelines": pipelines, "metrics": metrics})
    return {"format": SNAPSHOT_FORMAT, "tenants": tenants}


def reference_dataset_pipelines(catalog: Catalog, tenant: str) -> dict[str, dict[str, Any]]:
    """The tenant's latest `enabled` referenceDatasets pipelines by name (SIF documents). They run once per
    upload rather than as monthly assets (SIF §9.7), so they are not in the snapshot."""
    return {
        document["name"]: document
        for document in (r.to_document() for r in _latest_enabled(catalog, tenant, ResourceType.PIPELINE))
        if document.get("type") == "referenceDatasets"
    }


def _latest_enabled(catalog: Catalog, tenant: str, kind: ResourceType) -> list[Any]:
    """The latest version of every resource of `kind` in any group of the tenant (once, even when shared
    with several groups), in SIF's listing order, if it is `enabled`."""
    seen: dict[str, Any] = {}
    token: str | None = None
    while True:
        page = catalog.list_resources(
            tenant, kind, ROOT_GROUP_ID, include_child_groups=True, count=_LISTING_PAGE, from_token=token
        )
        for entry in page.items:
            seen.setdefault(entry.resource.id, entry.resource)
        token = page.last_evaluated_token
        if token is None:
            break
    return [r for r in seen.values() if r.state is State.ENABLED]
