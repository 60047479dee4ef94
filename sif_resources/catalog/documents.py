"""Stored versions back into domain resources: the inverse of `records.version_record`.

What belongs here: reading a `VersionRecord`'s `document` (SIF's JSON of the version) into the frozen
`CatalogResource` and its per-type payload, exactly as the domain built it, so that updates, selection and
pagination (`domain/versions.py`) work on stored versions. Nothing is re-validated: a stored version was
valid when written. What does not: writing records (`records.py`), choosing versions (the service).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sif_resources.catalog.store import VersionRecord
from sif_resources.domain.calculations import Calculation, Output, Parameter
from sif_resources.domain.impact_activities import Component, Impact, ImpactActivity
from sif_resources.domain.pipeline_resources import AGGREGATED_OUTPUTS, KEY_MAPPING, Metric, Pipeline
from sif_resources.domain.reference_datasets import DatasetStatus, ReferenceDataset
from sif_resources.domain.resources import CatalogResource, ResourceType, State
from sif_resources.domain.timestamps import parse_instant

#: Keys of a document that belong to every resource type rather than to its payload.
COMMON_KEYS = frozenset(
    {
        "id",
        "name",
        "tags",
        "attributes",
        "version",
        "state",
        "groups",
        "activeAt",
        "createdBy",
        "createdAt",
        "updatedBy",
        "updatedAt",
    }
)


def resource_from_record(record: VersionRecord) -> CatalogResource[Any]:
    """The domain resource a stored version holds (`version_record(t, r)` read back gives `r`)."""
    document = record.document
    resource_type = ResourceType(record.resource_type)
    return CatalogResource(
        id=record.id,
        resource_type=resource_type,
        name=document["name"],
        version=int(document["version"]),
        state=State(document["state"]),
        groups=tuple(document["groups"]),
        tags=dict(document.get("tags") or {}),
        attributes=dict(document.get("attributes") or {}),
        active_at=_instant(document.get("activeAt")),
        created_by=document["createdBy"],
        created_at=parse_instant(document["createdAt"]),
        updated_by=document.get("updatedBy"),
        updated_at=_instant(document.get("updatedAt")),
        payload=PAYLOAD_READERS[resource_type](document),
    )


def _instant(value: str | None) -> Any:
    return None if value is None else parse_instant(value)


def _impact_activity(document: Mapping[str, Any]) -> ImpactActivity:
    return ImpactActivity(
        description=document.get("description"),
        impacts={
            key: Impact(
                name=impact["name"],
                attributes=dict(impact.get("attributes") or {}),
                components={
                    component_key: Component(
                        key=component["key"],
                        value=component["value"],
                        type=component["type"],
                        description=component.get("description"),
                        label=component.get("label"),
                    )
                    for component_key, component in (impact.get("components") or {}).items()
                },
            )
            for key, impact in (document.get("impacts") or {}).items()
        },
    )


def _reference_dataset(document: Mapping[str, Any]) -> ReferenceDataset:
    return ReferenceDataset(
        description=document.get("description"),
        dataset_headers=tuple(document["datasetHeaders"]),
        dataset_source=document.get("datasetSource"),
        status=DatasetStatus(document["status"]),
        status_message=document.get("statusMessage"),
        upload_url=document.get("uploadUrl"),
        checksum=document.get("checksum"),
    )


def _calculation(document: Mapping[str, Any]) -> Calculation:
    return Calculation(
        summary=document["summary"],
        description=document.get("description"),
        formula=document["formula"],
        parameters=tuple(
            Parameter(int(p["index"]), p["key"], p["description"], p["type"], p.get("label"))
            for p in document.get("parameters", [])
        ),
        outputs=tuple(Output(o["name"], o["description"], o["type"]) for o in document.get("outputs", [])),
    )


def _pipeline(document: Mapping[str, Any]) -> Pipeline:
    internal = {KEY_MAPPING, AGGREGATED_OUTPUTS}
    return Pipeline(
        definition_fields={
            key: value for key, value in document.items() if key not in COMMON_KEYS | internal
        },
        key_mapping=dict(document.get(KEY_MAPPING) or {}),
        aggregated_outputs=dict(document.get(AGGREGATED_OUTPUTS) or {}),
    )


def _metric(document: Mapping[str, Any]) -> Metric:
    return Metric(
        summary=document["summary"],
        aggregation_type=document["aggregationType"],
        description=document.get("description"),
        output_metrics=tuple(document.get("outputMetrics") or ()),
        input_metrics=tuple(document.get("inputMetrics") or ()),
        input_pipelines=tuple(dict(link) for link in document.get("inputPipelines") or ()),
    )


PAYLOAD_READERS: Mapping[ResourceType, Callable[[Mapping[str, Any]], Any]] = {
    ResourceType.IMPACT_ACTIVITY: _impact_activity,
    ResourceType.REFERENCE_DATASET: _reference_dataset,
    ResourceType.CALCULATION: _calculation,
    ResourceType.PIPELINE: _pipeline,
    ResourceType.METRIC: _metric,
}
