"""Impact activities (§4): an emission-factor catalogue entry, its impacts and their components.

What belongs here: the request bodies of create and update, the frozen payload (impacts -> components) and the
rules on them (component values are numbers; impact and component map keys are case-insensitive, stored
lower-cased). What does not: the bulk activity tasks, the common resource fields (`resources.py`) and how
updates merge (`versions.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field, field_validator
from pydantic_core import PydanticCustomError

from sif_resources.domain.resources import (
    CatalogCreateBody,
    CatalogUpdateBody,
    RequestBody,
    ResourceType,
    drop_null_values,
)

_NAME_CHARACTER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_:/")

V = TypeVar("V")


def _require_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("number", "must be number")
    return value


Number = Annotated[int | float, BeforeValidator(_require_number)]


def lower_case_keys(values: Mapping[str, V] | None) -> dict[str, V] | None:
    """The map with lower-cased keys; two keys differing only in case are rejected (they would collide)."""
    if values is None:
        return None
    lowered: dict[str, V] = {}
    for key, value in values.items():
        if key.lower() in lowered:
            raise PydanticCustomError(
                "duplicate_key", "must not have keys differing only in case ('{key}')", {"key": key}
            )
        lowered[key.lower()] = value
    return lowered


LOWER_CASE_KEYS = AfterValidator(lower_case_keys)


@dataclass(frozen=True)
class Component:
    """One factor of an impact, e.g. `co2` = 53.06 (`key` keeps its case; the map key is lower-cased)."""

    key: str
    value: int | float
    type: str
    description: str | None = None
    label: str | None = None

    def to_document(self) -> dict[str, Any]:
        document: dict[str, Any] = {"key": self.key, "value": self.value, "type": self.type}
        if self.description is not None:
            document["description"] = self.description
        if self.label is not None:
            document["label"] = self.label
        return document


@dataclass(frozen=True)
class Impact:
    """A named set of components; `IMPACT()` matches `name` (case-sensitive), not the map key."""

    name: str
    attributes: Mapping[str, Any]
    components: Mapping[str, Component]

    def to_document(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "attributes": dict(self.attributes),
            "components": {key: component.to_document() for key, component in self.components.items()},
        }


@dataclass(frozen=True)
class ImpactActivity:
    """The type-specific part of an impact activity version."""

    description: str | None
    impacts: Mapping[str, Impact]

    def to_document(self) -> dict[str, Any]:
        document: dict[str, Any] = {}
        if self.description is not None:
            document["description"] = self.description
        document["impacts"] = {key: impact.to_document() for key, impact in self.impacts.items()}
        return document

    def definition(self) -> dict[str, Any]:
        return self.to_document()


class ComponentBody(RequestBody):
    """A component as a request carries it."""

    key: str = Field(min_length=1)
    value: Number
    type: str = Field(min_length=1)
    description: str | None = None
    label: str | None = None

    def to_component(self) -> Component:
        return Component(self.key, self.value, self.type, self.description, self.label)


class ImpactBody(RequestBody):
    """An impact as a request carries it (also the body of `PUT /activities/:id/impacts/:impactName`)."""

    name: str = Field(min_length=1)
    attributes: dict[str, Any] | None = None
    components: Annotated[dict[str, ComponentBody] | None, LOWER_CASE_KEYS] = None

    def to_impact(self) -> Impact:
        return Impact(
            name=self.name,
            attributes=drop_null_values(self.attributes),
            components={key: body.to_component() for key, body in (self.components or {}).items()},
        )


class ImpactActivityCreate(CatalogCreateBody):
    """`POST /activities` body."""

    resource_type: ClassVar[ResourceType] = ResourceType.IMPACT_ACTIVITY

    description: str | None = None
    attributes: dict[str, Any] | None = None
    impacts: Annotated[dict[str, ImpactBody] | None, LOWER_CASE_KEYS] = None

    @field_validator("name")
    @classmethod
    def _name_has_a_valid_character(cls, name: str) -> str:
        # SIF only checks that one character of the intended set is present; we keep that leniency.
        if not _NAME_CHARACTER.intersection(name):
            raise PydanticCustomError("name", "must contain one of the characters A-Z a-z 0-9 - _ : /")
        return name

    def attributes_to_store(self) -> dict[str, Any]:
        return drop_null_values(self.attributes)

    def to_payload(self, previous: Any = None) -> ImpactActivity:
        impacts = {key: body.to_impact() for key, body in (self.impacts or {}).items()}
        return ImpactActivity(description=self.description, impacts=impacts)


class ComponentPatch(RequestBody):
    """A partial component inside an update; `null` clears the optional fields."""

    key: str | None = Field(default=None, min_length=1)
    value: Number | None = None
    type: str | None = Field(default=None, min_length=1)
    description: str | None = None
    label: str | None = None


class ImpactPatch(RequestBody):
    """A partial impact inside an update; a `null` component or attribute removes it."""

    name: str | None = Field(default=None, min_length=1)
    attributes: dict[str, Any] | None = None
    components: Annotated[dict[str, ComponentPatch | None] | None, LOWER_CASE_KEYS] = None


class ImpactActivityUpdate(CatalogUpdateBody):
    """`PATCH /activities/:id` body: deep-merged onto the current version; a `null` impact removes it."""

    description: str | None = None
    attributes: dict[str, Any] | None = None
    impacts: Annotated[dict[str, ImpactPatch | None] | None, LOWER_CASE_KEYS] = None
