"""The platform tenant and its shipped factor library, and opening the catalog the settings name.

What belongs here: the library's activities as impact-activity create bodies (every component's unit kept
in its impact's `componentUnits` attribute), loading them into tenant `platform`, group `/` — which every
tenant's resolver may read with `tenant='platform'` — and `open_catalog`, which does so the first time a
store is opened. Loading is idempotent: a fingerprint of the library is kept in the tags of the platform's
root group, and only versions the store lacks are written. What does not: the library's data and tables
(`sif_resources/factors/`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from sif_resources.catalog.connect import open_configured_store
from sif_resources.catalog.service import PLATFORM_TENANT, Catalog
from sif_resources.domain.catalog_errors import ConflictError
from sif_resources.domain.groups import ROOT_GROUP_ID
from sif_resources.domain.impact_activities import ImpactActivityCreate
from sif_resources.domain.resources import ResourceType, new_resource
from sif_resources.domain.timestamps import format_timestamp
from sif_resources.factors.library import ImpactActivityVersion, load_library
from sif_resources.settings import Settings

LIBRARY_TAG = "factorLibrary"
COMPONENT_UNITS = "componentUnits"


def open_catalog(settings: Settings | None = None, environ: Mapping[str, str] | None = None) -> Catalog:
    """The catalog of the configured store, with the platform library loaded if it is not yet."""
    settings = settings or Settings.from_environment(environ)
    catalog = Catalog(open_configured_store(settings, environ))
    ensure_factor_library(catalog)
    return catalog


def activity_body(activity: ImpactActivityVersion) -> dict[str, Any]:
    """One library version as a `POST /activities` body."""
    return {
        "name": activity.name,
        "description": activity.description,
        "tags": dict(activity.tags),
        "attributes": dict(activity.attributes),
        "activeAt": format_timestamp(activity.active_at),
        "impacts": {
            impact.key: {
                "name": impact.name,
                "attributes": {
                    **impact.attributes,
                    COMPONENT_UNITS: {component.key: component.unit for component in impact.components},
                },
                "components": {
                    component.key: {
                        "key": component.key,
                        "value": _number(component.value),
                        "type": component.type,
                        "label": component.label or None,
                        "description": component.description or None,
                    }
                    for component in impact.components
                },
            }
            for impact in activity.impacts
        },
    }


def _number(value: Decimal) -> int | float:
    # JSON numbers: the shortest float text of a library value is its published text (53.1145 -> 53.1145).
    return int(value) if value == value.to_integral_value() and abs(value) < 2**53 else float(value)


def library_fingerprint(library: Sequence[ImpactActivityVersion]) -> str:
    """A digest of the library's content: it changes when a shipped file or the GWP sets change."""
    bodies = [(activity.version, activity_body(activity)) for activity in library]
    return hashlib.sha256(json.dumps(bodies, sort_keys=True).encode()).hexdigest()[:16]


def ensure_factor_library(catalog: Catalog, library: Sequence[ImpactActivityVersion] | None = None) -> int:
    """Load the library into tenant `platform`, group `/`; returns how many versions were written.

    Nothing is read beyond the root group when the stored fingerprint matches; otherwise each activity
    gets the versions it lacks, so loading twice changes nothing.
    """
    with contextlib.suppress(ConflictError):
        catalog.create_tenant(PLATFORM_TENANT, "SIF platform factor library")
    activities = load_library() if library is None else list(library)
    fingerprint = library_fingerprint(activities)
    root = catalog.require_group(PLATFORM_TENANT, ROOT_GROUP_ID)
    if root.tags.get(LIBRARY_TAG) == fingerprint:
        return 0
    written = 0
    by_name: dict[str, list[ImpactActivityVersion]] = {}
    for activity in activities:
        by_name.setdefault(activity.name, []).append(activity)
    for name, versions in by_name.items():
        written += _load_activity(catalog, name, sorted(versions, key=lambda a: a.version))
    tags = {**root.tags, LIBRARY_TAG: fingerprint}
    catalog.store.put_group(
        replace(root, tags=tags, updated_by=catalog.actor, updated_at=catalog.clock()), create=False
    )
    return written


def _load_activity(catalog: Catalog, name: str, versions: Sequence[ImpactActivityVersion]) -> int:
    current = catalog.find(PLATFORM_TENANT, ResourceType.IMPACT_ACTIVITY, ROOT_GROUP_ID, name)
    stored = 0 if current is None else current.version
    written = 0
    for activity in versions[stored:]:
        body = ImpactActivityCreate.parse_body(activity_body(activity))
        now = catalog.clock()
        fresh = new_resource(body, group_id=ROOT_GROUP_ID, created_by=catalog.actor, created_at=now)
        if current is None:
            current = catalog.save(PLATFORM_TENANT, fresh, None)
        else:
            successor = replace(
                fresh,
                id=current.id,
                version=current.version + 1,
                created_by=current.created_by,
                created_at=current.created_at,
                updated_by=catalog.actor,
                updated_at=now,
            )
            current = catalog.save(PLATFORM_TENANT, successor, current.version)
        written += 1
    return written
