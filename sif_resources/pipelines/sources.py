"""Where pipeline definitions come from: YAML pipeline files under version control (pipelines as code) and
catalog pipeline versions (created through the API or CLI).

What belongs here: turning either into a `PipelineDefinition`, and reading every tenant's catalog pipelines
and metrics into a plain JSON snapshot (the state a Dagster state-backed component stores, so the code server
never queries the database at import). What does not: Dagster (`sif_assets.components`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from calculator.pipeline_file import PipelineFile, load_pipeline_file
from calculator.transformer import Transformer
from sif_resources.pipelines.definition import MetricDefinition, PipelineDefinition, asset_slug


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
