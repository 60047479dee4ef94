"""The catalog's use cases, as the command line (and later the REST API) calls them.

What belongs here: `Catalog`, which turns a request (tenant, group, body) into domain calls and store writes —
the create / update / read / list of every versioned resource type, and the resolver the calculator reads
through — translating store errors into `CatalogError`s whose message says what is wrong. Tenants, groups and
users are the part it inherits from `AccessCatalog` (`access_service.py`). The rules themselves live in
`sif_resources.domain`; persistence in the store. Reference-dataset files (`datasets.py`), the shipped factor
library (`platform.py`) and import/export (`transfer.py`) build on this class. What does not: authentication
and roles of the caller (the API checks them first).
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sif_resources.catalog.access_service import AccessCatalog, store_errors
from sif_resources.catalog.csv_rows import read_csv_chunks
from sif_resources.catalog.documents import resource_from_record
from sif_resources.catalog.records import version_record
from sif_resources.catalog.resolver import CatalogResolver
from sif_resources.domain.access import listing_groups
from sif_resources.domain.calculations import CalculationUpdate
from sif_resources.domain.catalog_errors import InvalidRequestError, ResourceNotFoundError
from sif_resources.domain.groups import ROOT_GROUP_ID
from sif_resources.domain.impact_activities import ImpactActivityUpdate
from sif_resources.domain.metrics import MetricNode, PipelineLink, validate_output_metrics
from sif_resources.domain.pipeline_resources import (
    MetricResourceUpdate,
    PipelineResourceUpdate,
)
from sif_resources.domain.pipelines import (
    TransformerBody,
    resolve_metric_links,
    validate_include_as_unique_kept,
)
from sif_resources.domain.reference_datasets import (
    DatasetStatus,
    ReferenceDataset,
    ReferenceDatasetCreate,
    ReferenceDatasetUpdate,
    check_csv_header,
)
from sif_resources.domain.resources import CatalogResource, CatalogUpdateBody, ResourceType, new_resource
from sif_resources.domain.tenant_sharing import (
    TenantPath,
    TenantSharing,
    parse_externally_shared_group_ids,
    parse_outgoing_tenant_paths,
)
from sif_resources.domain.timestamps import InvalidTimestampError, parse_instant
from sif_resources.domain.versions import (
    DEFINITION_MODELS,
    CataloguePage,
    ListingEntry,
    apply_update,
    grant_group,
    page_catalogue,
    revoke_group,
    with_latest_state,
)

Resource = CatalogResource[Any]
Rows = list[list[str | None]]

#: The platform-level tenant that owns the shipped factor library; its root group is readable by all.
PLATFORM_TENANT = "platform"
PLATFORM_SHARING = TenantSharing(externally_shared_group_ids=frozenset({ROOT_GROUP_ID}))
#: Root-group tags holding a tenant's SIF deployment settings `externallySharedGroupIds` and
#: `outgoingTenantPaths` (comma-separated, as SIF writes them).
SHARED_GROUPS_TAG = "sif:externallySharedGroupIds"
READABLE_PATHS_TAG = "sif:outgoingTenantPaths"

UPDATE_MODELS: Mapping[ResourceType, type[CatalogUpdateBody]] = {
    ResourceType.IMPACT_ACTIVITY: ImpactActivityUpdate,
    ResourceType.REFERENCE_DATASET: ReferenceDatasetUpdate,
    ResourceType.CALCULATION: CalculationUpdate,
    ResourceType.PIPELINE: PipelineResourceUpdate,
    ResourceType.METRIC: MetricResourceUpdate,
}


def rows_checksum(headers: Sequence[str], rows: Sequence[Sequence[str | None]]) -> str:
    """SHA-256 of a dataset's headers and rows: equal for equal content, whatever file it came from."""
    digest = hashlib.sha256(json.dumps(list(headers), ensure_ascii=False).encode())
    for row in rows:
        digest.update(b"\n")
        digest.update(json.dumps(list(row), ensure_ascii=False).encode())
    return digest.hexdigest()


class Catalog(AccessCatalog):
    """The catalog use cases over one store: tenants, groups and users (inherited from `AccessCatalog`) and
    every versioned resource. `actor` is recorded as `createdBy`/`updatedBy`."""

    # --- versioned resources --------------------------------------------------------------------------
    def create(
        self, tenant_id: str, group: str, resource_type: ResourceType | str, body: Mapping[str, Any]
    ) -> Resource:
        """Version 1 of a resource in `group`. A reference dataset's rows come from the body's `data`."""
        kind = ResourceType(resource_type)
        group_id = self.require_group(tenant_id, group).id
        definition = DEFINITION_MODELS[kind].parse_body(dict(body))
        resource = new_resource(definition, group_id=group_id, created_by=self.actor, created_at=self.clock())
        self.check_links(tenant_id, resource)
        rows = None
        if isinstance(definition, ReferenceDatasetCreate) and definition.data is not None:
            rows = parse_inline_csv(definition.data)
        return self.save(tenant_id, resource, None, rows)

    def update(
        self, tenant_id: str, resource_type: ResourceType | str, resource_id: str, body: Mapping[str, Any]
    ) -> Resource:
        """The next version after a PATCH of the latest (`null` removes attributes and tags)."""
        kind = ResourceType(resource_type)
        current = self.get(tenant_id, kind, resource_id=resource_id)
        patch = UPDATE_MODELS[kind].parse_body(dict(body))
        updated = apply_update(current, patch, updated_by=self.actor, updated_at=self.clock())
        if kind is ResourceType.PIPELINE:
            validate_include_as_unique_kept(
                _transformer(current.payload.definition()), _transformer(updated.payload.definition())
            )
        self.check_links(tenant_id, updated)
        rows = None
        if isinstance(patch, ReferenceDatasetUpdate):
            if patch.data is not None:
                check_csv_header(patch.data, updated.payload.dataset_headers)
                rows = parse_inline_csv(patch.data)
            else:
                rows = self.store.dataset_rows(tenant_id, current.id, current.version)
        return self.save(tenant_id, updated, current.version, rows)

    def share(
        self, tenant_id: str, resource_type: ResourceType | str, resource_id: str, group: str
    ) -> Resource:
        """Grant a resource to another group (SIF §2.7): a new version with the group added to `groups`.

        The group must exist and the name must be free there; sharing with a member group changes nothing.
        """
        current = self.get(tenant_id, resource_type, resource_id=resource_id)
        target = self.require_group(tenant_id, group).id
        shared = grant_group(current, target, updated_by=self.actor, updated_at=self.clock())
        return current if shared is current else self._append_membership(tenant_id, current, shared)

    def unshare(
        self, tenant_id: str, resource_type: ResourceType | str, resource_id: str, group: str
    ) -> Resource:
        """Revoke a grant: a new version without the group (the owner group is never removed)."""
        current = self.get(tenant_id, resource_type, resource_id=resource_id)
        revoked = revoke_group(current, group.lower(), updated_by=self.actor, updated_at=self.clock())
        return current if revoked is current else self._append_membership(tenant_id, current, revoked)

    def _append_membership(self, tenant_id: str, current: Resource, changed: Resource) -> Resource:
        rows = None
        if current.resource_type is ResourceType.REFERENCE_DATASET:
            rows = self.store.dataset_rows(tenant_id, current.id, current.version)
        return self.save(tenant_id, changed, current.version, rows)

    def save(
        self,
        tenant_id: str,
        resource: Resource,
        expected_latest: int | None,
        rows: tuple[Sequence[str], Sequence[Sequence[str | None]]] | None = None,
    ) -> Resource:
        """Store a new version; a dataset's rows are written first, so a version never lacks its rows."""
        what = f"{resource.resource_type.value} '{resource.name}' in group '{resource.owner_group}'"
        if rows is not None:
            headers, data = rows
            payload: ReferenceDataset = resource.payload
            resource = replace(
                resource,
                payload=replace(payload, status=DatasetStatus.SUCCESS, checksum=rows_checksum(headers, data)),
            )
            with store_errors(what):
                self.store.put_dataset_rows(tenant_id, resource.id, resource.version, headers, data)
        with store_errors(what):
            self.store.add_version(version_record(tenant_id, resource), expected_latest=expected_latest)
        return resource

    def get(
        self,
        tenant_id: str,
        resource_type: ResourceType | str,
        *,
        resource_id: str | None = None,
        name: str | None = None,
        group: str | None = None,
        version: int | None = None,
        version_as_at: str | datetime | None = None,
    ) -> Resource:
        """One version, by id or by name in exactly `group`: the latest, `version`, or as at an instant.

        An older version reports the latest one's state when that is `disabled` or `frozen` (§2.5).
        """
        kind = ResourceType(resource_type)
        if version is not None and version_as_at is not None:
            raise InvalidRequestError("Only one of version or versionAsAt can be specified.")
        if resource_id is None:
            if name is None or group is None:
                raise InvalidRequestError("a resource is named by its id, or by its name and group")
            group_id = self.require_group(tenant_id, group).id
            resource_id = self.store.find_by_name(tenant_id, kind.value, group_id, name)
            if resource_id is None:
                raise ResourceNotFoundError(f"{kind.value} '{name}' in group '{group_id}': not found")
        latest = self.store.latest(tenant_id, kind.value, resource_id)
        if latest is None:
            raise ResourceNotFoundError(f"{kind.value} '{resource_id}' of tenant '{tenant_id}': not found")
        chosen = latest
        if version is not None:
            found = self.store.version(tenant_id, kind.value, resource_id, version)
            if found is None:
                raise ResourceNotFoundError(f"{kind.value} '{resource_id}': version {version} not found")
            chosen = found
        elif version_as_at is not None:
            found = self.store.version_as_at(tenant_id, kind.value, resource_id, _instant(version_as_at))
            if found is None:
                raise ResourceNotFoundError(
                    f"{kind.value} '{resource_id}': no version active at {version_as_at}"
                )
            chosen = found
        return with_latest_state(resource_from_record(chosen), resource_from_record(latest))

    def find(
        self, tenant_id: str, resource_type: ResourceType | str, group: str, name: str
    ) -> Resource | None:
        """The latest version of the resource named `name` in exactly `group`, if any."""
        kind = ResourceType(resource_type)
        resource_id = self.store.find_by_name(tenant_id, kind.value, group, name)
        if resource_id is None:
            return None
        record = self.store.latest(tenant_id, kind.value, resource_id)
        return None if record is None else resource_from_record(record)

    def list_resources(
        self,
        tenant_id: str,
        resource_type: ResourceType | str,
        group: str,
        *,
        include_parent_groups: bool = False,
        include_child_groups: bool = False,
        tags: Mapping[str, str] | None = None,
        count: int | None = None,
        from_token: str | None = None,
    ) -> CataloguePage:
        """A page of the latest versions listed in `group` (and its parents or children), SIF's §2.9 order."""
        kind = ResourceType(resource_type)
        group_id = self.require_group(tenant_id, group).id
        known = [g.id for g in self.store.list_groups(tenant_id)] if include_child_groups else []
        groups = listing_groups(
            group_id,
            include_parent_groups=include_parent_groups,
            include_child_groups=include_child_groups,
            known_groups=known,
        )
        pairs = self.store.list_latest(tenant_id, kind.value, groups, tags=tags)
        entries = [ListingEntry(listed, resource_from_record(record)) for listed, record in pairs]
        return page_catalogue(entries, count, from_token)

    def dataset_rows(self, tenant_id: str, resource: Resource) -> tuple[list[str], Rows]:
        """The headers and rows stored for a reference dataset version."""
        with store_errors(f"referenceDataset '{resource.name}' version {resource.version}"):
            return self.store.dataset_rows(tenant_id, resource.id, resource.version)

    # --- the calculator's view ------------------------------------------------------------------------
    # --- tenant-to-tenant sharing (SIF §2.8) ------------------------------------------------------------
    def sharing(self, tenant_id: str) -> TenantSharing:
        """The tenant's own settings: the groups it publishes and the other tenants' groups it may read.

        They are kept as two tags of the tenant's root group (`SHARED_GROUPS_TAG`, `READABLE_PATHS_TAG`), in
        SIF's comma-separated deployment syntax; the library tenant always publishes its root group.
        """
        if tenant_id == PLATFORM_TENANT:
            return PLATFORM_SHARING
        tags = self.require_group(tenant_id, ROOT_GROUP_ID).tags
        return TenantSharing.from_settings(
            externally_shared_group_ids=tags.get(SHARED_GROUPS_TAG),
            outgoing_tenant_paths=tags.get(READABLE_PATHS_TAG),
        )

    def set_sharing(
        self, tenant_id: str, *, publish: Sequence[str] | None = None, read: Sequence[str] | None = None
    ) -> TenantSharing:
        """Replace the groups the tenant publishes and/or the `<tenant>:<group>` paths it may read."""
        root = self.require_group(tenant_id, ROOT_GROUP_ID)
        tags = dict(root.tags)
        for tag, values, parse in (
            (SHARED_GROUPS_TAG, publish, parse_externally_shared_group_ids),
            (READABLE_PATHS_TAG, read, parse_outgoing_tenant_paths),
        ):
            if values is not None:
                parsed = parse(",".join(values))  # validates, naming the bad entry
                tags[tag] = ",".join(str(value) for value in parsed)
                if not parsed:
                    del tags[tag]
        updated = replace(root, tags=tags, updated_by=self.actor, updated_at=self.clock())
        with store_errors(f"group '/' of tenant '{tenant_id}'"):
            self.store.put_group(updated, create=False)
        return self.sharing(tenant_id)

    def resolver(self, tenant_id: str) -> CatalogResolver:
        """A resolver over the tenant's catalog that may also read what other tenants share with it: the
        library (`tenant='platform'`) always, other tenants where both sides' settings allow (§2.8)."""
        own = self.sharing(tenant_id)
        readable = own.outgoing_tenant_paths | {TenantPath(PLATFORM_TENANT, ROOT_GROUP_ID)}
        remote = {PLATFORM_TENANT: PLATFORM_SHARING}
        known = {tenant.id for tenant in self.store.list_tenants()}
        for path in readable:
            if path.tenant_id not in remote and path.tenant_id in known:
                remote[path.tenant_id] = self.sharing(path.tenant_id)
        return CatalogResolver(
            self.store,
            tenant_id,
            sharing=replace(own, outgoing_tenant_paths=frozenset(readable)),
            remote_sharing=remote,
        )

    # --- rules that read the catalog ------------------------------------------------------------------
    def check_links(self, tenant_id: str, resource: Resource) -> None:
        """Rules that read other resources: metrics named by outputs exist; the metric graph is acyclic."""
        if resource.resource_type is ResourceType.METRIC:
            validate_output_metrics(
                resource.name,
                resource.payload.output_metrics,
                lambda name: self._metric_node(tenant_id, resource.owner_group, name),
            )
        elif resource.resource_type is ResourceType.PIPELINE:
            resolve_metric_links(
                _transformer(resource.payload.definition()),
                lambda name: self._metrics_in_lineage(tenant_id, resource.owner_group, name),
            )

    def _metric_node(self, tenant_id: str, group: str, name: str) -> MetricNode | None:
        metric = self.find(tenant_id, ResourceType.METRIC, group, name)
        if metric is None:
            return None
        payload = metric.payload
        return MetricNode(
            name=metric.name,
            id=metric.id,
            output_metrics=tuple(payload.output_metrics),
            input_metrics=tuple(payload.input_metrics),
            input_pipelines=tuple(PipelineLink(**link) for link in payload.input_pipelines),
        )

    def _metrics_in_lineage(self, tenant_id: str, group: str, name: str) -> list[MetricNode]:
        groups = listing_groups(group, include_parent_groups=True)
        return [node for g in groups if (node := self._metric_node(tenant_id, g, name)) is not None]


def parse_inline_csv(data: str) -> tuple[list[str], Rows]:
    """The header and rows of CSV text (a request's `data`); a row of the wrong width is rejected by line."""
    headers: list[str] = []
    rows: Rows = []
    for chunk in read_csv_chunks(io.StringIO(data.removeprefix("\ufeff")), "data"):
        headers = chunk.headers
        rows.extend(chunk.rows)
    return headers, rows


def _transformer(definition: Mapping[str, Any]) -> TransformerBody:
    return TransformerBody.model_validate(definition["transformer"])


def _instant(value: str | datetime) -> datetime:
    try:
        return parse_instant(value)
    except InvalidTimestampError as error:
        raise InvalidRequestError(f"versionAsAt {error}") from error
