"""The access-management use cases: tenants with their root group, groups, and users with their grants.

What belongs here: `AccessCatalog`, the part of the catalog's use cases that manages who and where — tenants
(each created with its root group `/`), the lower-cased group path hierarchy and users with their role per
group (SIF §2.2–2.3) — turning a request into domain calls and store writes, and translating store errors into
`CatalogError`s whose message says what is wrong (`store_errors`). `sif_resources.catalog.service.Catalog`
extends it with the versioned resources; callers use `Catalog`. What does not: the rules themselves
(`sif_resources.domain.access`, `groups`), authentication and the caller's roles (the API checks them first).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime

from sif_resources.catalog.store import (
    AlreadyExistsError,
    CatalogStore,
    ConcurrentUpdateError,
    GroupRecord,
    NotFoundError,
    StoreError,
    TenantRecord,
    UserRecord,
)
from sif_resources.domain.access import (
    UserState,
    default_group_after_grant,
    default_group_after_revoke,
    normalize_email,
    parse_role,
)
from sif_resources.domain.catalog_errors import (
    CatalogError,
    ConflictError,
    InvalidRequestError,
    ResourceNotFoundError,
)
from sif_resources.domain.groups import ROOT_GROUP_ID, child_group_id, normalize_group_id
from sif_resources.domain.timestamps import to_utc

_TENANT_ID_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")


def utc_now() -> datetime:
    """The current instant at the millisecond precision the catalog keeps."""
    return to_utc(datetime.now(UTC))


@contextmanager
def store_errors(what: str) -> Iterator[None]:
    """Store errors as catalog errors, prefixed with what was being done."""
    try:
        yield
    except (AlreadyExistsError, ConcurrentUpdateError) as error:
        raise ConflictError(f"{what}: {error}") from error
    except NotFoundError as error:
        raise ResourceNotFoundError(f"{what}: {error}") from error
    except StoreError as error:
        raise CatalogError(f"{what}: {error}") from error


class AccessCatalog:
    """Tenants, groups and users over one store. `actor` is recorded as `createdBy`/`updatedBy`."""

    def __init__(
        self, store: CatalogStore, *, actor: str = "cli", clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.store = store
        self.actor = actor
        self.clock = clock

    # --- tenants --------------------------------------------------------------------------------------
    def create_tenant(self, tenant_id: str, name: str | None = None) -> TenantRecord:
        """Add a tenant and its root group `/` (409 when the id is taken)."""
        if not tenant_id or not set(tenant_id) <= _TENANT_ID_CHARACTERS or tenant_id[0] in "-_":
            raise InvalidRequestError(
                f"tenant id {tenant_id!r} must be lower-case letters, digits, '-' and '_', "
                "starting with a letter or digit"
            )
        now = self.clock()
        tenant = TenantRecord(tenant_id, name or tenant_id, now)
        with store_errors(f"tenant '{tenant_id}'"):
            self.store.create_tenant(tenant)
            root = GroupRecord(tenant_id, ROOT_GROUP_ID, ROOT_GROUP_ID, self.actor, now)
            self.store.put_group(root, create=True)
        return tenant

    def list_tenants(self) -> list[TenantRecord]:
        """Every tenant, by id."""
        return self.store.list_tenants()

    def require_tenant(self, tenant_id: str) -> TenantRecord:
        """The tenant, or 404 naming it."""
        for tenant in self.store.list_tenants():
            if tenant.id == tenant_id:
                return tenant
        raise ResourceNotFoundError(f"tenant '{tenant_id}': not found (create it with `sif tenant create`)")

    # --- groups ---------------------------------------------------------------------------------------
    def create_group(
        self, tenant_id: str, parent: str, name: str, *, description: str | None = None
    ) -> GroupRecord:
        """Add the group `name` under `parent` (its id is the parent's path plus the lower-cased name)."""
        parent_id = self.require_group(tenant_id, parent).id
        group_id = child_group_id(parent_id, name)
        group = GroupRecord(tenant_id, group_id, name, self.actor, self.clock(), description=description)
        with store_errors(f"group '{group_id}' of tenant '{tenant_id}'"):
            self.store.put_group(group, create=True)
        return group

    def list_groups(self, tenant_id: str) -> list[GroupRecord]:
        """Every group of the tenant, in creation order."""
        self.require_tenant(tenant_id)
        return self.store.list_groups(tenant_id)

    def require_group(self, tenant_id: str, group: str) -> GroupRecord:
        """The group (its id validated and lower-cased), or 404 naming it."""
        group_id = normalize_group_id(group, field="group")
        found = self.store.get_group(tenant_id, group_id)
        if found is None:
            self.require_tenant(tenant_id)
            raise ResourceNotFoundError(f"group '{group_id}' of tenant '{tenant_id}': not found")
        return found

    # --- users ----------------------------------------------------------------------------------------
    def add_user(self, tenant_id: str, email: str, group: str, role: str) -> UserRecord:
        """A new user with `role` on `group` (which becomes the default group); 409 if the user exists."""
        address = normalize_email(email)
        granted = parse_role(role)
        group_id = self.require_group(tenant_id, group).id
        user = UserRecord(
            tenant_id=tenant_id,
            email=address,
            state=UserState.INVITED.value,
            default_group=group_id,
            grants={group_id: granted.value},
            created_by=self.actor,
            created_at=self.clock(),
        )
        with store_errors(f"user '{address}' of tenant '{tenant_id}'"):
            self.store.put_user(user, create=True)
        return user

    def grant_role(self, tenant_id: str, email: str, group: str, role: str) -> UserRecord:
        """Give an existing user `role` on `group` (replacing any role held on exactly that group)."""
        user = self.require_user(tenant_id, email)
        granted = parse_role(role)
        group_id = self.require_group(tenant_id, group).id
        grants = {**user.grants, group_id: granted.value}
        default = default_group_after_grant(None, user.default_group, group_id, list(user.grants))
        return self._save_user(replace(user, grants=grants, default_group=default))

    def revoke_role(self, tenant_id: str, email: str, group: str) -> UserRecord:
        """Take away the user's grant on exactly `group` (404 when there is none)."""
        user = self.require_user(tenant_id, email)
        group_id = normalize_group_id(group, field="group")
        if group_id not in user.grants:
            raise ResourceNotFoundError(
                f"user '{user.email}' of tenant '{tenant_id}': has no role on group '{group_id}'"
            )
        grants = {granted: role for granted, role in user.grants.items() if granted != group_id}
        default = default_group_after_revoke(user.default_group, group_id, list(grants))
        return self._save_user(replace(user, grants=grants, default_group=default or user.default_group))

    def list_users(self, tenant_id: str, group: str | None = None) -> list[UserRecord]:
        """The tenant's users (only those granted on `group` when given), by e-mail."""
        self.require_tenant(tenant_id)
        group_id = None if group is None else self.require_group(tenant_id, group).id
        return self.store.list_users(tenant_id, group_id)

    def require_user(self, tenant_id: str, email: str) -> UserRecord:
        """The user, or 404 naming it."""
        address = normalize_email(email)
        found = self.store.get_user(tenant_id, address)
        if found is None:
            self.require_tenant(tenant_id)
            raise ResourceNotFoundError(f"user '{address}' of tenant '{tenant_id}': not found")
        return found

    def _save_user(self, user: UserRecord) -> UserRecord:
        saved = replace(user, updated_by=self.actor, updated_at=self.clock())
        with store_errors(f"user '{user.email}' of tenant '{user.tenant_id}'"):
            self.store.put_user(saved, create=False)
        return saved
