"""Read-only sharing between tenants (SIF §2.8): the two deployment settings and the four checks a
cross-tenant read passes.

A tenant publishes groups with `externallySharedGroupIds` (`/shared,/library`); another tenant may read
them once its `outgoingTenantPaths` lists them (`tenant001:/shared,tenant002:/library`). A read sent to
the local module with `x-tenant` and `x-groupcontextid` is allowed when

1. the method is `GET` or `OPTIONS`;
2. `<tenant>:<group>` is in the local tenant's outgoing paths;
3. the group is in the remote tenant's externally shared groups;
4. the remote tenant then serves it to an identity whose only grant is `reader` on that group.

Both lists match group ids exactly (§2.8 says the pair and the group must be *in* the lists). A sub-group
of a shared group is therefore not readable as a context of its own: sharing `/shared` does not share
`/shared/team`. Resources of `/shared` itself — and those it sees through visibility inheritance from
`/` — are readable.

Not here: forwarding the request, tokens, and how each module serves the read (`access.py` rules apply
with `remote_grants`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sif_resources.domain.access import Role
from sif_resources.domain.catalog_errors import InvalidFieldError
from sif_resources.domain.groups import GroupId, normalize_group_id

READ_ONLY_METHODS = frozenset({"GET", "OPTIONS"})

METHOD_NOT_ALLOWED_MESSAGE = "Only GET and OPTIONS requests are supported"
MISSING_GROUP_MESSAGE = "x-groupcontextid header needs to be specified for cross tenant referencing"

_TENANT_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")


@dataclass(frozen=True, order=True)
class TenantPath:
    """One entry of `outgoingTenantPaths`: a group of another tenant this tenant may read."""

    tenant_id: str
    group_id: GroupId

    def __str__(self) -> str:
        return f"{self.tenant_id}:{self.group_id}"


@dataclass(frozen=True)
class TenantSharing:
    """One tenant's cross-tenant settings: what it publishes and which remote groups it may read."""

    externally_shared_group_ids: frozenset[GroupId] = frozenset()
    outgoing_tenant_paths: frozenset[TenantPath] = frozenset()

    @classmethod
    def from_settings(
        cls, *, externally_shared_group_ids: str | None = None, outgoing_tenant_paths: str | None = None
    ) -> TenantSharing:
        """Build from the two comma-separated deployment settings (either may be absent)."""
        return cls(
            externally_shared_group_ids=frozenset(
                parse_externally_shared_group_ids(externally_shared_group_ids)
            ),
            outgoing_tenant_paths=frozenset(parse_outgoing_tenant_paths(outgoing_tenant_paths)),
        )


def _entries(text: str | None, field: str) -> list[tuple[int, str]]:
    if text is None or not text.strip():
        return []
    entries = [(position, entry.strip()) for position, entry in enumerate(text.split(","), start=1)]
    for position, entry in entries:
        if not entry:
            raise InvalidFieldError.of(field, f"entry {position} is empty in {text!r}")
    return entries


def parse_externally_shared_group_ids(
    text: str | None, *, field: str = "externallySharedGroupIds"
) -> tuple[GroupId, ...]:
    """Parse `/shared[,/other...]` into normalised group ids; blank or absent means none."""
    return tuple(
        normalize_group_id(entry, field=f"{field}[{position}]") for position, entry in _entries(text, field)
    )


def parse_outgoing_tenant_paths(
    text: str | None, *, field: str = "outgoingTenantPaths"
) -> tuple[TenantPath, ...]:
    """Parse `<tenantId>:<groupId>[,...]`; blank or absent means none. Tenant ids are lower-case letters,
    digits, `-` and `_`; group ids are normalised. Errors name the entry, e.g.
    `outgoingTenantPaths[2]: must look like <tenantId>:<groupId>, got 'tenant002'`.
    """
    paths: list[TenantPath] = []
    for position, entry in _entries(text, field):
        entry_field = f"{field}[{position}]"
        tenant_id, separator, group_id = entry.partition(":")
        if not separator:
            raise InvalidFieldError.of(entry_field, f"must look like <tenantId>:<groupId>, got {entry!r}")
        if not _TENANT_ID.fullmatch(tenant_id):
            raise InvalidFieldError.of(
                entry_field,
                f"tenant id {tenant_id!r} may contain only lower-case letters, digits, '-' and '_'",
            )
        paths.append(TenantPath(tenant_id, normalize_group_id(group_id, field=entry_field)))
    return tuple(paths)


def remote_read_denial(
    local: TenantSharing, remote: TenantSharing, tenant: str, group: GroupId | None, method: str
) -> str | None:
    """Why a cross-tenant request is refused (403), with SIF's messages, or `None` if it may proceed.

    `local` is the calling tenant's settings, `remote` those of `tenant`, `group` the
    `x-groupcontextid` sent with the request.
    """
    if method.upper() not in READ_ONLY_METHODS:
        return METHOD_NOT_ALLOWED_MESSAGE
    if not group:
        return MISSING_GROUP_MESSAGE
    group = group.lower()
    if TenantPath(tenant, group) not in local.outgoing_tenant_paths:
        return f"Not authorized to access tenant path {tenant}:{group}"
    if group not in remote.externally_shared_group_ids:
        return f"Group '{group}' is not defined as public."
    return None


def may_read_remote(
    local: TenantSharing, remote: TenantSharing, tenant: str, group: GroupId | None, method: str
) -> bool:
    """Whether a cross-tenant read passes all four checks (see the module docstring)."""
    return remote_read_denial(local, remote, tenant, group, method) is None


def remote_grants(group: GroupId) -> dict[GroupId, Role]:
    """The grants of the rewritten identity the remote tenant serves: `reader` on the shared group only."""
    return {group.lower(): Role.READER}
