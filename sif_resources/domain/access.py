"""Who may do what, and who sees what (SIF §2.1-§2.3, §2.7, §3.3): roles, the deepest-grant rule, the
authorization algorithm, the permission matrix, resource visibility and listing scopes, and the rules
about users (state, password, default group, e-mail).

Grants are a `Mapping[group id, Role]` — the caller's explicit grants, as parsed from the identity
provider's `<groupId>|||<role>` groups. Everything here is a pure function of its arguments; callers
fetch groups, users and resources and pass them in.

Not here: group id syntax and path arithmetic (`groups.py`), inherited group settings
(`group_configuration.py`), cross-tenant reads (`tenant_sharing.py`), HTTP status codes and storage.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from enum import StrEnum
from typing import Literal

from sif_resources.domain.catalog_errors import InvalidFieldError
from sif_resources.domain.groups import (
    GroupId,
    ancestors_of,
    children_of,
    descendants_of,
    is_direct_child,
    is_same_or_descendant,
)


class Role(StrEnum):
    """A role on a group; a grant applies to the group and all its descendants."""

    READER = "reader"
    CONTRIBUTOR = "contributor"
    ADMIN = "admin"
    SUPER_ADMIN = "superAdmin"
    """Internal only; never granted through the API."""

    @property
    def rank(self) -> int:
        """Position in `reader < contributor < admin < superAdmin`."""
        return _RANKS[self]

    def at_least(self, other: Role) -> bool:
        """Whether this role is `other` or stronger."""
        return self.rank >= other.rank


_RANKS = {Role.READER: 0, Role.CONTRIBUTOR: 1, Role.ADMIN: 2, Role.SUPER_ADMIN: 3}

GRANTABLE_ROLES: frozenset[Role] = frozenset({Role.READER, Role.CONTRIBUTOR, Role.ADMIN})


def roles_at_least(minimum: Role) -> frozenset[Role]:
    """The allowed-role set for "`minimum` or stronger" (`reader` -> every role)."""
    return frozenset(role for role in Role if role.at_least(minimum))


AT_LEAST_READER = roles_at_least(Role.READER)
AT_LEAST_CONTRIBUTOR = roles_at_least(Role.CONTRIBUTOR)
AT_LEAST_ADMIN = roles_at_least(Role.ADMIN)

Grants = Mapping[GroupId, Role]
Mode = Literal["all", "any"]

ROLE_GROUP_SEPARATOR = "|||"


def parse_role(raw: str, *, field: str = "role") -> Role:
    """A role a client asked to grant: `admin`, `contributor` or `reader` (never `superAdmin`)."""
    for role in GRANTABLE_ROLES:
        if raw == role.value:
            return role
    raise InvalidFieldError.of(field, f"must be one of admin, contributor, reader, got {raw!r}")


def grants_from_identity_groups(identity_groups: Iterable[str]) -> dict[GroupId, Role]:
    """The caller's grants from identity-provider group names `<groupId>|||<role>` (§2.1), e.g.
    `/usa/northwest|||admin`. Names not in that format, or with an unknown role, are ignored.
    """
    grants: dict[GroupId, Role] = {}
    for name in identity_groups:
        parts = name.split(ROLE_GROUP_SEPARATOR)
        if len(parts) != 2 or not parts[0].startswith("/"):
            continue
        group, role = parts
        if role in _RANKS:
            grants[group] = Role(role)
    return grants


def identity_group_name(group: GroupId, role: Role) -> str:
    """The identity-provider group that carries `role` on `group`: `/usa|||admin`."""
    return f"{group}{ROLE_GROUP_SEPARATOR}{role.value}"


def role_on(grants: Grants, group: GroupId) -> Role | None:
    """The caller's role on `group`: the grant on the deepest granted group that is `group` or one of
    its ancestors (admin on `/a` but reader on `/a/b` is reader on `/a/b/c`); `None` if none applies.
    """
    for candidate in (group, *ancestors_of(group)):
        role = grants.get(candidate)
        if role is not None:
            return role
    return None


def authorize(
    grants: Grants,
    required_groups: Iterable[GroupId],
    allowed_roles: Collection[Role],
    mode: Mode = "all",
) -> bool:
    """SIF's authorization algorithm (§2.3): for each required group, the role from `role_on` must be in
    `allowed_roles`. Mode `all` needs every group to pass, `any` at least one. No required groups, or no
    grant covering a group, is not authorized.
    """
    if mode not in ("all", "any"):
        raise ValueError(f"mode must be 'all' or 'any', got {mode!r}")
    outcomes = (role_on(grants, group) in allowed_roles for group in required_groups)
    if mode == "any":
        return any(outcomes)
    checked = False
    for passed in outcomes:
        if not passed:
            return False
        checked = True
    return checked


def is_context_allowed(grants: Grants, context_group: GroupId) -> bool:
    """Whether a request may run in `context_group`: it must equal or descend from a granted group.

    Stricter than SIF, which accepts any context starting with the *parent* of a granted group (§18.28).
    """
    return any(is_same_or_descendant(context_group, granted) for granted in grants)


class Operation(StrEnum):
    """A row of the permission matrix (§2.3), checked against the role in the group in context."""

    READ = "read"
    """Read or list resources, tags, versions, executions, activities, metrics, audits, downloads."""
    WRITE = "write"
    """Create or update calculations, impacts, datasets, pipelines, metrics or connectors."""
    RUN = "run"
    """Create executions, request download URLs, create or start metric aggregation jobs."""
    DELETE = "delete"
    """Delete a resource, an aggregation job or a bulk task."""
    MANAGE_ACCESS = "manageAccess"
    """Create, update or delete groups; grant or revoke users."""


MINIMUM_ROLE: Mapping[Operation, Role] = {
    Operation.READ: Role.READER,
    Operation.WRITE: Role.CONTRIBUTOR,
    Operation.RUN: Role.CONTRIBUTOR,
    Operation.DELETE: Role.ADMIN,
    Operation.MANAGE_ACCESS: Role.ADMIN,
}


def can_operate(grants: Grants, operation: Operation, group: GroupId) -> bool:
    """Whether the caller's role on `group` (normally the group in context) allows `operation`."""
    return authorize(grants, [group], roles_at_least(MINIMUM_ROLE[operation]))


def can_share_resource(grants: Grants, context_group: GroupId, target_group: GroupId) -> bool:
    """Grant or revoke a resource to/from `target_group` (§2.7): admin of both the context and the target.

    An admin of a descendant of the target is therefore refused.
    """
    return authorize(grants, [context_group, target_group], AT_LEAST_ADMIN, "all")


def can_delete_connector(grants: Grants, connector_groups: Iterable[GroupId], *, sif_managed: bool) -> bool:
    """Delete a connector: admin of every group it belongs to; SIF-managed connectors never."""
    return not sif_managed and authorize(grants, connector_groups, AT_LEAST_ADMIN, "all")


def can_update_group(grants: Grants, group: GroupId) -> bool:
    """PATCH a group: admin of that group (not of the group in context)."""
    return authorize(grants, [group], AT_LEAST_ADMIN)


def can_view_group(context_group: GroupId, group: GroupId) -> bool:
    """`GET /groups/:id` answers only for the group in context or one of its direct children (§18.11)."""
    return group == context_group or is_direct_child(group, context_group)


def is_visible(resource_groups: Iterable[GroupId], context_group: GroupId) -> bool:
    """Whether a resource owned by `resource_groups` is readable from `context_group`: the context equals
    or descends from one of them (`/a/b` sees `/a` and `/`; `/a` does not see `/a/b`; `/ab` not `/a`).
    """
    return any(is_same_or_descendant(context_group, owner) for owner in resource_groups)


def listing_groups(
    context_group: GroupId,
    *,
    include_parent_groups: bool = False,
    include_child_groups: bool = False,
    known_groups: Iterable[GroupId] = (),
) -> tuple[GroupId, ...]:
    """The groups whose memberships a resource listing (`GET /<resources>`) reads, in page order:
    ancestors root first (with `includeParentGroups`), the exact group in context, then descendants
    (with `includeChildGroups`) in the order of `known_groups`, which must contain them.

    Without flags this is only the group in context: listing is not hierarchical by default.
    """
    parents = tuple(reversed(ancestors_of(context_group))) if include_parent_groups else ()
    children = descendants_of(context_group, known_groups) if include_child_groups else ()
    return (*parents, context_group, *children)


def group_listing(
    context_group: GroupId,
    *,
    include_parent_groups: bool = False,
    include_child_groups: bool = False,
    known_groups: Iterable[GroupId] = (),
) -> tuple[GroupId, ...]:
    """The groups `GET /groups` returns, which differ from resource listings: direct children by default,
    all descendants with `includeChildGroups`; `includeParentGroups` adds the ancestors (root first) and
    the group in context itself in front.
    """
    known = tuple(known_groups)
    below = (
        descendants_of(context_group, known) if include_child_groups else children_of(context_group, known)
    )
    above = (*reversed(ancestors_of(context_group)), context_group) if include_parent_groups else ()
    return (*above, *below)


class UserState(StrEnum):
    """A user's state; new users start `invited`, `disabled` blocks sign-in."""

    INVITED = "invited"
    ACTIVE = "active"
    DISABLED = "disabled"


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def normalize_email(raw: str, *, field: str = "email") -> str:
    """A user's id: the e-mail address trimmed and lower-cased (`Bob@Example.COM` -> `bob@example.com`)."""
    email = raw.strip().lower()
    if not _EMAIL.fullmatch(email):
        raise InvalidFieldError.of(field, f"must be an e-mail address like name@example.com, got {raw!r}")
    return email


SELF_STATE_CHANGE_MESSAGE = "User's may only update the state of other user."


def user_state_change_denial(
    grants: Grants, caller_email: str, target_email: str, target_groups: Iterable[GroupId]
) -> str | None:
    """Why the caller may not change another user's `state`, or `None` if they may: nobody changes their
    own state, and the caller must be admin of every group the target user is granted on.
    """
    if normalize_email(caller_email) == normalize_email(target_email):
        return SELF_STATE_CHANGE_MESSAGE
    if not authorize(grants, target_groups, AT_LEAST_ADMIN, "all"):
        return f"The caller is not an admin of all the groups of user '{normalize_email(target_email)}'."
    return None


def can_change_user_state(
    grants: Grants, caller_email: str, target_email: str, target_groups: Iterable[GroupId]
) -> bool:
    """Whether the caller may change the target user's `state` (see `user_state_change_denial`)."""
    return user_state_change_denial(grants, caller_email, target_email, target_groups) is None


def can_change_password(caller_email: str, target_email: str) -> bool:
    """Only users themselves change their password, whatever their role."""
    return normalize_email(caller_email) == normalize_email(target_email)


def disables_last_root_admin(
    target_email: str, new_state: UserState, root_admin_states: Mapping[str, UserState]
) -> bool:
    """Whether setting `new_state` would leave `/` without an admin that is not disabled (refused, 400).

    `root_admin_states` maps each user explicitly granted admin on `/` to their current state.
    """
    if new_state is not UserState.DISABLED:
        return False
    target = normalize_email(target_email)
    remaining = [
        email
        for email, state in root_admin_states.items()
        if state is not UserState.DISABLED and normalize_email(email) != target
    ]
    return not remaining


def can_grant_user(
    grants: Grants, context_group: GroupId, existing_user_groups: Collection[GroupId] = ()
) -> bool:
    """POST /users (§3.3): admin of the group in context and, for a user who already has grants, admin of
    at least one of the groups that user is granted on.
    """
    if not authorize(grants, [context_group], AT_LEAST_ADMIN):
        return False
    return not existing_user_groups or authorize(grants, existing_user_groups, AT_LEAST_ADMIN, "any")


def is_within_user_groups(group: GroupId, user_groups: Iterable[GroupId]) -> bool:
    """Whether `group` equals or descends from one of the user's granted groups."""
    return any(is_same_or_descendant(group, granted) for granted in user_groups)


def default_group_after_grant(
    requested: GroupId | None,
    current: GroupId | None,
    context_group: GroupId,
    user_groups: Iterable[GroupId],
) -> GroupId:
    """A user's `defaultGroup` after a grant in `context_group`: the requested one, else the existing
    one, else the context group — the first of these within the user's groups (which include
    `context_group` after the grant).
    """
    groups = (*user_groups, context_group)
    for candidate in (requested, current):
        if candidate is not None and is_within_user_groups(candidate, groups):
            return candidate
    return context_group


def default_group_after_revoke(
    current: GroupId | None, revoked_group: GroupId, remaining_groups: Iterable[GroupId]
) -> GroupId | None:
    """A user's `defaultGroup` after losing the grant on `revoked_group`: kept while it is still within
    a remaining group, otherwise the first remaining group; `None` when no grants remain.
    """
    remaining = [group for group in remaining_groups if group != revoked_group]
    if current is not None and is_within_user_groups(current, remaining):
        return current
    return remaining[0] if remaining else None
