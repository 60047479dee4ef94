"""The common catalog resource model (§2.4) shared by impact activities, reference datasets and calculations.

What belongs here: the frozen `CatalogResource` every version is stored as, its SIF JSON document, the request
body bases every resource type extends (Pydantic, unknown properties dropped as §2.10 says), creating version
1, and the per-group, per-type, case-insensitive name rule. Per-type payloads live in `impact_activities.py`,
`reference_datasets.py` and `calculations.py`; updates, version selection and pagination in `versions.py`.
What does not: storage, group visibility and roles (`access.py`), pipelines and metrics.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Generic, Protocol, Self, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from sif_resources.domain.catalog_errors import NameInUseError, invalid_request_from_validation
from sif_resources.domain.ids import new_id
from sif_resources.domain.tags import normalise_tags
from sif_resources.domain.timestamps import InvalidTimestampError, format_timestamp, parse_date_time


class ResourceType(StrEnum):
    """The versioned catalog resource types; the value is SIF's `resourceType` spelling."""

    IMPACT_ACTIVITY = "activity"
    REFERENCE_DATASET = "referenceDataset"
    CALCULATION = "calculation"
    PIPELINE = "pipeline"
    METRIC = "metric"


class State(StrEnum):
    """`enabled` = usable; `disabled` = usable by existing transforms only; `frozen` = not usable."""

    ENABLED = "enabled"
    FROZEN = "frozen"
    DISABLED = "disabled"


class Payload(Protocol):
    """The type-specific part of a resource version."""

    def to_document(self) -> dict[str, Any]:
        """Every type-specific field of the SIF representation, server-maintained ones included."""
        ...

    def definition(self) -> dict[str, Any]:
        """Only the fields a user sets, as a request body carries them (the base an update merges onto)."""
        ...


PayloadT = TypeVar("PayloadT", bound=Payload)


@dataclass(frozen=True)
class CatalogResource(Generic[PayloadT]):
    """One immutable version of a catalog resource. Group ids are lower-case paths, the owner first."""

    id: str
    resource_type: ResourceType
    name: str
    version: int
    state: State
    groups: tuple[str, ...]
    tags: Mapping[str, str]
    attributes: Mapping[str, Any]
    active_at: datetime | None
    created_by: str
    created_at: datetime
    updated_by: str | None
    updated_at: datetime | None
    payload: PayloadT

    @property
    def owner_group(self) -> str:
        """The group the resource was created in (never revoked)."""
        return self.groups[0]

    def to_document(self) -> dict[str, Any]:
        """The resource as SIF's API returns it."""
        document: dict[str, Any] = {"id": self.id, "name": self.name}
        document.update(self.payload.to_document())
        document["tags"] = dict(self.tags)
        if self.attributes or self.resource_type is ResourceType.IMPACT_ACTIVITY:
            document["attributes"] = dict(self.attributes)
        document.update({"version": self.version, "state": self.state.value, "groups": list(self.groups)})
        if self.active_at is not None:
            document["activeAt"] = format_timestamp(self.active_at)
        document["createdBy"] = self.created_by
        document["createdAt"] = format_timestamp(self.created_at)
        if self.updated_by is not None:
            document["updatedBy"] = self.updated_by
        if self.updated_at is not None:
            document["updatedAt"] = format_timestamp(self.updated_at)
        return document

    def definition_document(self) -> dict[str, Any]:
        """The user-set fields as a create body would carry them (without `activeAt`, which updates reset)."""
        document: dict[str, Any] = {"name": self.name, "tags": dict(self.tags)}
        if self.attributes:
            document["attributes"] = dict(self.attributes)
        document.update(self.payload.definition())
        return document


def _parse_active_at(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    try:
        return parse_date_time(value)
    except InvalidTimestampError as error:
        raise PydanticCustomError("date_time", str(error)) from error


ActiveAt = Annotated[datetime, BeforeValidator(_parse_active_at)]


class RequestBody(BaseModel):
    """Base of every request body: camelCase names as SIF spells them; unknown properties silently dropped."""

    model_config = ConfigDict(
        extra="ignore",
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )

    @classmethod
    def parse_body(cls, body: Any) -> Self:
        """Validate a JSON body; failures become SIF's 400 with field paths."""
        try:
            return cls.model_validate(body)
        except ValidationError as error:
            raise invalid_request_from_validation(error) from error


def drop_null_values(values: Mapping[str, Any] | None) -> dict[str, Any]:
    """An attributes map without its `null` entries (a `null` attribute means "not set")."""
    return {key: value for key, value in (values or {}).items() if value is not None}


class CatalogCreateBody(RequestBody):
    """Fields every create body shares. Subclasses add their fields and build their payload."""

    resource_type: ClassVar[ResourceType]
    initial_state: ClassVar[State] = State.ENABLED
    request_only_fields: ClassVar[frozenset[str]] = frozenset()

    name: str = Field(min_length=1)
    tags: dict[str, str | None] | None = None
    active_at: ActiveAt | None = None

    def validate_definition(self) -> None:
        """Rules beyond the schema that hold for every version (e.g. a formula parses); raise to reject."""

    def validate_creation(self) -> None:
        """Rules that apply to version 1 only (e.g. inline CSV data present and matching its headers)."""

    def attributes_to_store(self) -> dict[str, Any]:
        """The attributes the new version keeps (types without attributes keep none)."""
        return {}

    def to_payload(self, previous: Any = None) -> Any:
        """The type-specific payload; `previous` is the current version's payload on update."""
        raise NotImplementedError


class CatalogUpdateBody(RequestBody):
    """Fields every update (PATCH) body shares; absent means unchanged, `null` removes where allowed."""

    request_only_fields: ClassVar[frozenset[str]] = frozenset()
    non_nullable_fields: ClassVar[frozenset[str]] = frozenset({"name", "state", "active_at"})

    name: str | None = Field(default=None, min_length=1)
    tags: dict[str, str | None] | None = None
    active_at: ActiveAt | None = None
    state: State | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _reject_null(cls, value: Any, info: Any) -> Any:
        if value is None and info.field_name in cls.non_nullable_fields:
            raise PydanticCustomError("null", "must not be null")
        return value

    def to_patch(self) -> dict[str, Any]:
        """What the update merges onto the current definition: supplied fields only, no request options."""
        excluded = set(self.request_only_fields) | {"active_at", "state"}
        return self.model_dump(exclude_unset=True, exclude=excluded)


def new_resource(
    body: CatalogCreateBody,
    *,
    group_id: str,
    created_by: str,
    created_at: datetime,
    resource_id: str | None = None,
) -> CatalogResource[Any]:
    """Version 1 of a resource created in `group_id` (the group in context; body `groups` are ignored)."""
    body.validate_definition()
    body.validate_creation()
    return CatalogResource(
        id=resource_id or new_id(created_at),
        resource_type=body.resource_type,
        name=body.name,
        version=1,
        state=body.initial_state,
        groups=(group_id.lower(),),
        tags=normalise_tags(body.tags),
        attributes=body.attributes_to_store(),
        active_at=body.active_at,
        created_by=created_by.lower(),
        created_at=created_at,
        updated_by=None,
        updated_at=None,
        payload=body.to_payload(),
    )


def name_key(name: str) -> str:
    """The form names are compared in: SIF indexes names lower-cased."""
    return name.lower()


def find_name_conflict(
    name: str,
    resource_type: ResourceType,
    groups: Iterable[str],
    existing: Iterable[CatalogResource[Any]],
    *,
    exclude_id: str | None = None,
) -> CatalogResource[Any] | None:
    """The latest version of another resource of the same type using `name` in one of `groups`, if any.

    `existing` holds the latest version of each resource; `exclude_id` is the resource being renamed.
    """
    wanted = name_key(name)
    wanted_groups = {group.lower() for group in groups}
    for resource in existing:
        if resource.resource_type is not resource_type or resource.id == exclude_id:
            continue
        if name_key(resource.name) == wanted and wanted_groups & {group.lower() for group in resource.groups}:
            return resource
    return None


def ensure_name_available(
    name: str,
    resource_type: ResourceType,
    groups: Iterable[str],
    existing: Iterable[CatalogResource[Any]],
    *,
    exclude_id: str | None = None,
) -> None:
    """Raise SIF's 409 `Name '<x>' already in use.` when `find_name_conflict` finds a resource."""
    if find_name_conflict(name, resource_type, groups, existing, exclude_id=exclude_id) is not None:
        raise NameInUseError(name)
