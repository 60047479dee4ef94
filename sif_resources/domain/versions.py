"""Versions of catalog resources (§2.5, §2.7, §2.9): updates, selection, state reporting, grants, pagination.

What belongs here: the pure rules that turn one immutable version into the next (deep merge of a PATCH, grant
and revoke of groups), pick a version (`version=`, `versionAsAt=`), report an old version's state, and page
version lists and catalogue lists (`fromVersion`, `fromToken`). What does not: storing versions, visibility of
a version to a caller (`access.py`), reference dataset file processing.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sif_resources.domain.calculations import CalculationCreate
from sif_resources.domain.catalog_errors import InvalidRequestError
from sif_resources.domain.impact_activities import ImpactActivityCreate
from sif_resources.domain.pipeline_resources import MetricResourceCreate, PipelineResourceCreate
from sif_resources.domain.reference_datasets import ReferenceDatasetCreate
from sif_resources.domain.resources import (
    CatalogCreateBody,
    CatalogResource,
    CatalogUpdateBody,
    ResourceType,
    State,
)
from sif_resources.domain.tags import normalise_tags
from sif_resources.domain.timestamps import InvalidTimestampError, parse_instant

DEFAULT_PAGE_SIZE = 20
VERSION_QUERY_CONFLICT = (
    "request can only contain versionAsAt or count/fromVersion query parameter, but not both"
)

DEFINITION_MODELS: Mapping[ResourceType, type[CatalogCreateBody]] = {
    ResourceType.IMPACT_ACTIVITY: ImpactActivityCreate,
    ResourceType.REFERENCE_DATASET: ReferenceDatasetCreate,
    ResourceType.CALCULATION: CalculationCreate,
    ResourceType.PIPELINE: PipelineResourceCreate,
    ResourceType.METRIC: MetricResourceCreate,
}

Resource = CatalogResource[Any]


def deep_merge(
    base: Mapping[str, Any], patch: Mapping[str, Any], *, union_keys: frozenset[str] = frozenset({"groups"})
) -> dict[str, Any]:
    """`patch` merged onto `base` as SIF updates: objects merge recursively, arrays are replaced (except the
    top-level `union_keys`, whose arrays are set-unions keeping base order), and a `null` removes the key.
    Neither argument is modified."""
    merged = dict(base)
    for key, value in patch.items():
        current = merged.get(key)
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(current, Mapping):
            merged[key] = deep_merge(current, value, union_keys=frozenset())
        elif key in union_keys and isinstance(value, list) and isinstance(current, list):
            merged[key] = [*current, *(item for item in value if item not in current)]
        elif isinstance(value, Mapping):
            merged[key] = deep_merge({}, value, union_keys=frozenset())
        else:
            merged[key] = value
    return merged


def activation_time(resource: Resource) -> datetime:
    """What `versionAsAt` compares: `activeAt`, else `updatedAt`, else `createdAt`."""
    return resource.active_at or resource.updated_at or resource.created_at


def apply_update(
    current: Resource,
    update: CatalogUpdateBody,
    *,
    updated_by: str,
    updated_at: datetime,
    definition_model: type[CatalogCreateBody] | None = None,
) -> Resource:
    """The next version after a PATCH: the body deep-merged onto `current`, re-validated as a whole.

    Tags with a null or empty value and attributes with a null value are removed; `activeAt` is the supplied
    one or none (it is reset); `state` changes only when supplied. A `disabled` reference dataset accepts only
    updates that change its state (§5.3). `definition_model` defaults to the type's create body.
    """
    if (
        current.resource_type is ResourceType.REFERENCE_DATASET
        and current.state is State.DISABLED
        and update.state in (None, State.DISABLED)
    ):
        raise InvalidRequestError("Reference dataset is disabled: an update must change its state.")
    model = definition_model or DEFINITION_MODELS[current.resource_type]
    merged = deep_merge(current.definition_document(), update.to_patch(), union_keys=frozenset())
    definition = model.parse_body(merged)
    definition.validate_definition()
    return replace(
        current,
        name=definition.name,
        version=current.version + 1,
        state=update.state or current.state,
        tags=normalise_tags(definition.tags),
        attributes=definition.attributes_to_store(),
        active_at=update.active_at,
        updated_by=updated_by.lower(),
        updated_at=updated_at,
        payload=definition.to_payload(current.payload),
    )


def grant_group(current: Resource, group_id: str, *, updated_by: str, updated_at: datetime) -> Resource:
    """The next version with `group_id` appended to `groups`; `current` itself when it is already a member.

    The activation (`activeAt`) is kept: sharing does not change what the resource defines.
    """
    group = group_id.lower()
    if group in current.groups:
        return current
    groups = tuple(deep_merge({"groups": list(current.groups)}, {"groups": [group]})["groups"])
    return _next_version(current, groups, updated_by, updated_at)


def revoke_group(current: Resource, group_id: str, *, updated_by: str, updated_at: datetime) -> Resource:
    """The next version without `group_id`; `current` itself for a non-member or the owner (never removed)."""
    group = group_id.lower()
    if group == current.owner_group or group not in current.groups:
        return current
    groups = tuple(member for member in current.groups if member != group)
    return _next_version(current, groups, updated_by, updated_at)


def _next_version(
    current: Resource, groups: tuple[str, ...], updated_by: str, updated_at: datetime
) -> Resource:
    return replace(
        current,
        groups=groups,
        version=current.version + 1,
        updated_by=updated_by.lower(),
        updated_at=updated_at,
    )


def latest_version(versions: Sequence[Resource]) -> Resource | None:
    """The version with the highest number ("latest" never looks at `activeAt`)."""
    return max(versions, key=lambda resource: resource.version, default=None)


def with_latest_state(version: Resource, latest: Resource) -> Resource:
    """`version` as reported: a `disabled` or `frozen` latest version imposes its state on older ones."""
    if latest.state in (State.DISABLED, State.FROZEN) and version.state is not latest.state:
        return replace(version, state=latest.state)
    return version


def select_version(
    versions: Sequence[Resource], version: int | None = None, version_as_at: str | datetime | None = None
) -> Resource | None:
    """The version a read asks for, with the latest state applied; None when there is no such version.

    No selector: the latest. `version`: that number. `version_as_at`: the version with the greatest activation
    time at or before the instant (ties go to the higher number); None when every activation is later.
    """
    if version is not None and version_as_at is not None:
        raise InvalidRequestError("Only one of version or versionAsAt can be specified.")
    latest = latest_version(versions)
    if latest is None:
        return None
    chosen: Resource | None
    if version is not None:
        chosen = next((candidate for candidate in versions if candidate.version == version), None)
    elif version_as_at is not None:
        instant = _parse_version_as_at(version_as_at)
        eligible = [candidate for candidate in versions if activation_time(candidate) <= instant]
        chosen = max(eligible, key=lambda c: (activation_time(c), c.version), default=None)
    else:
        chosen = latest
    return None if chosen is None else with_latest_state(chosen, latest)


def _parse_version_as_at(value: str | datetime) -> datetime:
    try:
        return parse_instant(value)
    except InvalidTimestampError as error:
        raise InvalidRequestError(f"versionAsAt {error}") from error


def check_version_list_query(
    count: int | None, from_version: int | None, version_as_at: str | datetime | None
) -> None:
    """Reject `versionAsAt` combined with `count`/`fromVersion` with SIF's exact 400 message."""
    if version_as_at is not None and (count is not None or from_version is not None):
        raise InvalidRequestError(VERSION_QUERY_CONFLICT)


def _page_size(count: int | None) -> int:
    if count is None:
        return DEFAULT_PAGE_SIZE
    if count < 1:
        raise InvalidRequestError("count must be a positive integer.")
    return count


@dataclass(frozen=True)
class VersionPage:
    """A page of `GET /<r>/:id/versions`, newest first."""

    items: tuple[Resource, ...]
    last_evaluated_version: int | None

    def pagination(self) -> dict[str, Any] | None:
        """`{"lastEvaluatedVersion": n}` when another page exists, else None."""
        if self.last_evaluated_version is None:
            return None
        return {"lastEvaluatedVersion": self.last_evaluated_version}


def page_versions(
    versions: Sequence[Resource], count: int | None = None, from_version: int | None = None
) -> VersionPage:
    """Versions newest first, below `from_version` (exclusive), at most `count`, with the latest state."""
    size = _page_size(count)
    latest = latest_version(versions)
    ordered = sorted(versions, key=lambda resource: resource.version, reverse=True)
    if from_version is not None:
        ordered = [resource for resource in ordered if resource.version < from_version]
    page = ordered[:size]
    more = len(ordered) > size
    items = tuple(with_latest_state(resource, latest) for resource in page) if latest else ()
    return VersionPage(items, page[-1].version if more else None)


@dataclass(frozen=True)
class ListToken:
    """Where a catalogue list page ended: the last resource and the group it was listed under."""

    last_id: str
    group_id: str


def encode_list_token(token: ListToken) -> str:
    """SIF's opaque `lastEvaluatedToken`: base64 of `<lastId>:<groupId>`."""
    return base64.b64encode(f"{token.last_id}:{token.group_id}".encode()).decode("ascii")


def decode_list_token(text: str) -> ListToken:
    """Read a `fromToken` (standard or URL-safe base64, padding optional); a malformed one is a 400."""
    cleaned = text.strip().replace("-", "+").replace("_", "/")
    try:
        raw = base64.b64decode(cleaned + "=" * (-len(cleaned) % 4), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as error:
        raise InvalidRequestError(f"Invalid fromToken '{text}'.") from error
    last_id, separator, group_id = raw.partition(":")
    if not separator or not last_id or not group_id:
        raise InvalidRequestError(f"Invalid fromToken '{text}'.")
    return ListToken(last_id, group_id)


@dataclass(frozen=True)
class ListingEntry:
    """One row of a catalogue listing: a resource and the group it is listed under."""

    group_id: str
    resource: Resource


@dataclass(frozen=True)
class CataloguePage:
    """A page of `GET /<resources>`; `last_evaluated_token` only when paginating and more data exists."""

    items: tuple[ListingEntry, ...]
    last_evaluated_token: str | None

    def pagination(self) -> dict[str, Any] | None:
        """`{"lastEvaluatedToken": ...}` when another page exists, else None."""
        if self.last_evaluated_token is None:
            return None
        return {"lastEvaluatedToken": self.last_evaluated_token}


def page_catalogue(
    entries: Sequence[ListingEntry], count: int | None = None, from_token: str | None = None
) -> CataloguePage:
    """Page a listing already in SIF's order (groups in listing order, then creation (id) within a group).

    `from_token` resumes after the entry it names; if that entry is gone, after where it would have been.
    Without `count` or `from_token` the page holds the first 20 entries and no token is returned (§2.9).
    """
    paginating = count is not None or from_token is not None
    size = _page_size(count)
    start = 0 if from_token is None else _resume_index(entries, decode_list_token(from_token))
    page = tuple(entries[start : start + size])
    more = start + size < len(entries)
    token = None
    if paginating and more and page:
        token = encode_list_token(ListToken(page[-1].resource.id, page[-1].group_id))
    return CataloguePage(page, token)


def _resume_index(entries: Sequence[ListingEntry], token: ListToken) -> int:
    for index, entry in enumerate(entries):
        if entry.resource.id == token.last_id and entry.group_id == token.group_id:
            return index + 1
    group_rank: dict[str, int] = {}
    for entry in entries:
        group_rank.setdefault(entry.group_id, len(group_rank))
    if token.group_id not in group_rank:
        raise InvalidRequestError("fromToken does not belong to this listing.")
    resume_at = (group_rank[token.group_id], token.last_id)
    for index, entry in enumerate(entries):
        if (group_rank[entry.group_id], entry.resource.id) > resume_at:
            return index
    return len(entries)
