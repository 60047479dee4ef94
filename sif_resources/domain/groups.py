"""Group ids and the group hierarchy (SIF §2.2, §3.1): naming a new group, validating ids that arrive from
outside, and the path arithmetic every other rule is built on (parent, ancestors, descendants).

A group id is the lower-cased path of names from the root, e.g. `/usa/northwest`; the root `/` always
exists. Functions that take a group id expect a normalised one (as `normalize_group_id` or `child_group_id`
return); they do not re-validate, so call those at the edge.

Not here: who may do what on a group (`access.py`), inherited group settings (`group_configuration.py`),
and anything that needs to know which groups exist — callers pass the known groups in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeAlias

from sif_resources.domain.catalog_errors import InvalidFieldError

GroupId: TypeAlias = str
"""A normalised group path: `/`, `/usa`, `/usa/northwest`."""

ROOT_GROUP_ID: GroupId = "/"
MAX_GROUP_ID_LENGTH = 114
SEPARATOR = "/"

_NAME = re.compile(r"[A-Za-z0-9-]+")


def validate_group_name(name: str, *, field: str = "name") -> str:
    """Return `name` unchanged (original case is kept in a group's `name`) if it is a valid group name:
    one or more ASCII letters, digits or `-`.
    """
    if not name:
        raise InvalidFieldError.of(field, "must not be empty")
    if not _NAME.fullmatch(name):
        raise InvalidFieldError.of(field, f"may contain only letters, digits and '-', got {name!r}")
    return name


def child_group_id(context_group: GroupId, name: str) -> GroupId:
    """The id of a new group called `name` created under `context_group`: `Company1` in `/usa` is
    `/usa/company1`, and `Usa` in `/` is `/usa`.

    Raises `InvalidFieldError` on field `name` when the name has other characters than letters, digits
    and `-`, or when the resulting id would exceed 114 characters.
    """
    validate_group_name(name)
    parent = normalize_group_id(context_group, field="groupContextId")
    group_id = f"{parent.rstrip(SEPARATOR)}{SEPARATOR}{name.lower()}"
    if len(group_id) > MAX_GROUP_ID_LENGTH:
        raise InvalidFieldError.of(
            "name",
            f"the group id {group_id!r} would be {len(group_id)} characters long; "
            f"the limit is {MAX_GROUP_ID_LENGTH}",
        )
    return group_id


def normalize_group_id(raw: str, *, field: str = "groupId") -> GroupId:
    """Validate a group id that arrived from outside (header, path, body, settings) and return it
    lower-cased. It must start with `/`, have no empty segments and no trailing `/` (except the root),
    contain only valid names and be at most 114 characters long.
    """
    if not raw:
        raise InvalidFieldError.of(field, "must not be empty")
    group_id = raw.lower()
    if group_id == ROOT_GROUP_ID:
        return group_id
    if not group_id.startswith(SEPARATOR):
        raise InvalidFieldError.of(field, f"must start with '/', got {raw!r}")
    if len(group_id) > MAX_GROUP_ID_LENGTH:
        raise InvalidFieldError.of(
            field, f"is {len(group_id)} characters long; the limit is {MAX_GROUP_ID_LENGTH}"
        )
    for segment in group_id[1:].split(SEPARATOR):
        if not segment:
            raise InvalidFieldError.of(field, f"has an empty path segment in {raw!r}")
        if not _NAME.fullmatch(segment):
            raise InvalidFieldError.of(
                field,
                f"segment {segment!r} of {raw!r} may contain only letters, digits and '-'",
            )
    return group_id


def is_root(group: GroupId) -> bool:
    """Whether `group` is the root group `/`."""
    return group == ROOT_GROUP_ID


def parent_of(group: GroupId) -> GroupId | None:
    """The parent of `group` (`/a/b` -> `/a`, `/a` -> `/`); the root has none."""
    if is_root(group):
        return None
    parent = group[: group.rindex(SEPARATOR)]
    return parent or ROOT_GROUP_ID


def ancestors_of(group: GroupId) -> tuple[GroupId, ...]:
    """The strict ancestors of `group`, **nearest first**: `/a/b/c` -> (`/a/b`, `/a`, `/`); the root has
    none. Nearest first is the order of `includeParentGroups` listings and of the deepest-grant search.
    """
    ancestors: list[GroupId] = []
    parent = parent_of(group)
    while parent is not None:
        ancestors.append(parent)
        parent = parent_of(parent)
    return tuple(ancestors)


def lineage_of(group: GroupId) -> tuple[GroupId, ...]:
    """`group` and its ancestors, **root first**: `/a/b` -> (`/`, `/a`, `/a/b`). This is the order in
    which inherited settings are merged (deeper wins).
    """
    return (*reversed(ancestors_of(group)), group)


def depth_of(group: GroupId) -> int:
    """How many names deep `group` is: `/` is 0, `/a` is 1, `/a/b` is 2."""
    return 0 if is_root(group) else group.count(SEPARATOR)


def _as_prefix(group: GroupId) -> str:
    # The trailing separator is what stops `/ab` from matching `/a`.
    return group if group.endswith(SEPARATOR) else group + SEPARATOR


def is_same_or_descendant(child: GroupId, ancestor: GroupId) -> bool:
    """Whether `child` equals `ancestor` or lies below it. Compares path prefixes with a trailing `/`,
    so `/ab` is not under `/a`; every group is under the root.
    """
    return _as_prefix(child).startswith(_as_prefix(ancestor))


def is_descendant(child: GroupId, ancestor: GroupId) -> bool:
    """Whether `child` lies strictly below `ancestor`."""
    return child != ancestor and is_same_or_descendant(child, ancestor)


def is_direct_child(child: GroupId, parent: GroupId) -> bool:
    """Whether `child` is exactly one level below `parent` (`GET /groups` lists these by default)."""
    return parent_of(child) == parent


def descendants_of(group: GroupId, known_groups: Iterable[GroupId]) -> tuple[GroupId, ...]:
    """The groups among `known_groups` strictly below `group`, in the order given (a store passes its
    own listing order, e.g. creation order), without duplicates.
    """
    return tuple(dict.fromkeys(known for known in known_groups if is_descendant(known, group)))


def children_of(group: GroupId, known_groups: Iterable[GroupId]) -> tuple[GroupId, ...]:
    """The groups among `known_groups` exactly one level below `group`, in the order given."""
    return tuple(dict.fromkeys(known for known in known_groups if is_direct_child(known, group)))
