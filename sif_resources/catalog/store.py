"""The catalog store interface: what every backend persists, how it is queried, and its errors.

A backend keeps *records*: tenants, groups, users with their grants, resource versions (SIF's JSON document
of the version plus the fields it must index) and reference-dataset rows. It enforces the invariants that
need atomicity — ids and names unique, versions appended without gaps or lost updates, and blocks of calls
kept all or none (`transaction`) — and nothing else:
the rules that produce a version (merging updates, validation, visibility, roles) live in
`sif_resources.domain`. Every write is atomic: a call that fails changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


class StoreError(Exception):
    """Base of the errors a store raises; each carries a message fit for an API response."""


class AlreadyExistsError(StoreError):
    """A tenant, group, user or resource id that exists already, or a name in use (HTTP 409)."""


class NotFoundError(StoreError):
    """The record the write refers to does not exist (HTTP 404)."""


class ConcurrentUpdateError(StoreError):
    """Someone else appended a version first: re-read the latest version and retry (HTTP 409)."""


@dataclass(frozen=True)
class TenantRecord:
    id: str
    name: str
    created_at: datetime


@dataclass(frozen=True)
class GroupRecord:
    """A group of one tenant. `id` is its lower-cased path; `configuration` is the delta stored on it."""

    tenant_id: str
    id: str
    name: str
    created_by: str
    created_at: datetime
    description: str | None = None
    state: str = "active"
    configuration: Mapping[str, Any] = field(default_factory=dict)
    tags: Mapping[str, str] = field(default_factory=dict)
    updated_by: str | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class UserRecord:
    """A user of one tenant with the roles explicitly granted per group (`grants`: group id -> role)."""

    tenant_id: str
    email: str
    state: str
    default_group: str
    grants: Mapping[str, str]
    created_by: str
    created_at: datetime
    tags: Mapping[str, str] = field(default_factory=dict)
    updated_by: str | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class VersionRecord:
    """One immutable version of a catalog resource (impact activity, dataset, calculation, pipeline,
    metric). `document` is the version as SIF's API returns it; the other fields are what stores index.
    `activation_time` is `activeAt`, else `updatedAt`, else `createdAt` (what `versionAsAt` compares)."""

    tenant_id: str
    resource_type: str
    id: str
    version: int
    name: str
    groups: tuple[str, ...]
    state: str
    activation_time: datetime
    tags: Mapping[str, str]
    document: Mapping[str, Any]


class CatalogStore(Protocol):
    """Persistence of the catalog. Implementations: `sql.SqlCatalogStore`, `dynamodb.DynamoCatalogStore`."""

    def transaction(self) -> AbstractContextManager[None]:
        """A block whose calls are kept all or none: an exception leaving it undoes every write made inside
        (SQL: one database transaction with a savepoint per write; DynamoDB: each item the block changed is
        put back, as its own transactions stop at 100 items). Blocks do not nest: an inner one joins the
        outer one."""
        ...

    # --- tenants, groups, users -----------------------------------------------------------------------
    def create_tenant(self, tenant: TenantRecord) -> None:
        """Add a tenant (AlreadyExistsError if its id is taken)."""
        ...

    def list_tenants(self) -> list[TenantRecord]: ...

    def put_group(self, group: GroupRecord, *, create: bool) -> None:
        """Create (the tenant must exist, the id must be new, the parent must exist unless it is `/`) or
        replace a group (NotFoundError when it does not exist)."""
        ...

    def get_group(self, tenant_id: str, group_id: str) -> GroupRecord | None: ...

    def list_groups(self, tenant_id: str) -> list[GroupRecord]:
        """Every group of a tenant, in creation order."""
        ...

    def delete_group(self, tenant_id: str, group_id: str) -> None: ...

    def put_user(self, user: UserRecord, *, create: bool) -> None:
        """Create (the tenant must exist; AlreadyExistsError for a known email) or replace a user."""
        ...

    def get_user(self, tenant_id: str, email: str) -> UserRecord | None: ...

    def list_users(self, tenant_id: str, group_id: str | None = None) -> list[UserRecord]:
        """Users of a tenant (only those with a grant on `group_id` when given), by email."""
        ...

    # --- versioned resources --------------------------------------------------------------------------
    def add_version(self, record: VersionRecord, *, expected_latest: int | None) -> None:
        """Append a version atomically.

        `expected_latest=None` creates the resource: the id must be new and `record.version` 1. Otherwise the
        latest stored version must be `expected_latest` and `record.version` must be `expected_latest + 1`
        (ConcurrentUpdateError when another writer got there first). A `record.version` that does not follow
        on is a caller bug: ValueError. In both cases the name must be free,
        case-insensitively, for this resource type in every group of `record.groups` except for this
        resource itself (AlreadyExistsError `Name '<name>' already in use.`).
        """
        ...

    def latest(self, tenant_id: str, resource_type: str, resource_id: str) -> VersionRecord | None: ...

    def version(
        self, tenant_id: str, resource_type: str, resource_id: str, version: int
    ) -> VersionRecord | None: ...

    def versions(self, tenant_id: str, resource_type: str, resource_id: str) -> list[VersionRecord]:
        """Every version, newest first."""
        ...

    def version_as_at(
        self, tenant_id: str, resource_type: str, resource_id: str, at: datetime
    ) -> VersionRecord | None:
        """The version with the greatest activation time <= `at` (the higher version on ties)."""
        ...

    def find_by_name(self, tenant_id: str, resource_type: str, group_id: str, name: str) -> str | None:
        """The id of the resource of this type named `name` (case-insensitive) in exactly this group."""
        ...

    def list_latest(
        self,
        tenant_id: str,
        resource_type: str,
        group_ids: Sequence[str],
        *,
        tags: Mapping[str, str] | None = None,
        after: tuple[str, str] | None = None,
        limit: int | None = None,
    ) -> list[tuple[str, VersionRecord]]:
        """Latest versions of resources belonging to any of `group_ids`, as (group id, record) pairs ordered
        by the position of the group in `group_ids`, then by id; a resource in several of the groups is
        listed once, under the first. `tags` must all match (hierarchical values: a filter value matches
        itself and its descendants `a/b` -> `a/b/c`, case-insensitively). `after` = (group id, resource id)
        of the last pair of the previous page (ValueError if that group is not in `group_ids`)."""
        ...

    # --- reference dataset rows -----------------------------------------------------------------------
    def put_dataset_rows(
        self,
        tenant_id: str,
        dataset_id: str,
        version: int,
        headers: Sequence[str],
        rows: Sequence[Sequence[str | None]],
    ) -> None:
        """Store the rows of one dataset version (replacing any stored for that version), in file order."""
        ...

    def lookup_dataset(
        self,
        tenant_id: str,
        dataset_id: str,
        version: int,
        key_column: str,
        output_column: str,
        keys: Sequence[str],
    ) -> list[str | None]:
        """For each key (already in `calculator.resolver.lookup_key` form), the output text of the first
        row, in file order, whose key column has that form; None for a miss. The whole batch is answered by
        indexed reads (SQL: one join; DynamoDB: batched key reads, 100 keys a request), never one request
        per key. NotFoundError when no rows are stored for the version or a column is not a header."""
        ...

    def dataset_rows(
        self, tenant_id: str, dataset_id: str, version: int
    ) -> tuple[list[str], list[list[str | None]]]:
        """The headers and rows stored for one dataset version, in file order (NotFoundError if none)."""
        ...


def atomically(store: CatalogStore) -> AbstractContextManager[Any]:
    """A block whose store calls are kept all or none (the store's `transaction()`)."""
    return store.transaction()
