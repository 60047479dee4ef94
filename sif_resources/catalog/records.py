"""Domain resource versions as store records, and back to the JSON documents the API serves."""

from __future__ import annotations

from typing import Any

from sif_resources.catalog.store import VersionRecord
from sif_resources.domain.resources import CatalogResource
from sif_resources.domain.versions import activation_time


def version_record(tenant_id: str, resource: CatalogResource[Any]) -> VersionRecord:
    """What a store keeps of one resource version."""
    return VersionRecord(
        tenant_id=tenant_id,
        resource_type=resource.resource_type.value,
        id=resource.id,
        version=resource.version,
        name=resource.name,
        groups=tuple(resource.groups),
        state=resource.state.value,
        activation_time=activation_time(resource),
        tags=dict(resource.tags),
        document=resource.to_document(),
    )
