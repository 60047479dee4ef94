"""Inherited group settings (SIF §2.13): validating a `configuration` object, the effective configuration
of a group (deep merge from the root down, deeper wins), the delta a group stores, and the per-group
source map that `showConfigurationSource=true` returns.

Configurations are plain JSON-like mappings here; `GroupConfiguration` is the Pydantic model that checks
outside input. Stores pass in the configurations stored on each group (`Mapping[group id, delta]`).

Not here: who may change a group (`access.py`), group ids (`groups.py`), and the execution-time
precedence chain (request -> pipeline -> group -> deployment default), which the pipeline code owns.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Annotated, Any, TypeAlias

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from sif_resources.domain.catalog_errors import FieldProblem, InvalidFieldError
from sif_resources.domain.groups import (
    GroupId,
    lineage_of,
    normalize_group_id,
)

Configuration: TypeAlias = Mapping[str, Any]

MIN_CHUNK_SIZE_MB = 1
MAX_CHUNK_SIZE_MB = 5


def _chunk_size_in_range(value: int) -> int:
    if not MIN_CHUNK_SIZE_MB <= value <= MAX_CHUNK_SIZE_MB:
        raise PydanticCustomError(
            "chunk_size_range",
            "must be between {low} and {high} (MB), got {value}",
            {"low": MIN_CHUNK_SIZE_MB, "high": MAX_CHUNK_SIZE_MB, "value": value},
        )
    return value


def _group_id(value: str) -> str:
    try:
        return normalize_group_id(value)
    except InvalidFieldError as error:
        raise PydanticCustomError("group_id", "{reason}", {"reason": error.problems[0].reason}) from None


class _Settings(BaseModel):
    # strict: `"2"`, `2.0` and `true` are not chunk sizes, `1` is not a boolean.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ReferenceDatasetsSettings(_Settings):
    """`configuration.referenceDatasets` (declared by SIF, not used by its calculator)."""

    alwaysUseLatest: bool | None = None


class PipelineProcessorSettings(_Settings):
    """`configuration.pipelineProcessor`: defaults for executions in the group."""

    triggerMetricAggregations: bool | None = None
    chunkSize: Annotated[int, AfterValidator(_chunk_size_in_range)] | None = None


class GroupConfiguration(_Settings):
    """A group's `configuration` as it arrives in a request body. `null` means "not set here"."""

    preferredGroup: Annotated[str, AfterValidator(_group_id)] | None = None
    referenceDatasets: ReferenceDatasetsSettings | None = None
    pipelineProcessor: PipelineProcessorSettings | None = None


_SECTIONS: dict[tuple[str, ...], type[BaseModel]] = {
    (): GroupConfiguration,
    ("referenceDatasets",): ReferenceDatasetsSettings,
    ("pipelineProcessor",): PipelineProcessorSettings,
}

_REASONS = {
    "model_type": "must be an object",
    "dict_type": "must be an object",
    "bool_type": "must be true or false",
    "int_type": "must be a whole number",
    "string_type": "must be a string",
}


def validate_configuration(raw: object, *, field: str = "configuration") -> dict[str, Any]:
    """Check a `configuration` object from outside and return it as plain data, without `null`s and
    empty sections. Raises `InvalidFieldError` naming every bad setting by its path, e.g.
    `configuration.pipelineProcessor.chunkSize: must be between 1 and 5 (MB), got 6`.
    """
    if raw is None:
        return {}
    try:
        model = GroupConfiguration.model_validate(raw)
    except ValidationError as error:
        raise InvalidFieldError(*(_problem(field, detail) for detail in error.errors())) from None
    return _without_empty_sections(model.model_dump(exclude_none=True))


def _problem(field: str, detail: Any) -> FieldProblem:
    location = tuple(str(part) for part in detail["loc"])
    path = ".".join((field, *location))
    kind = detail["type"]
    if kind == "extra_forbidden":
        known = ", ".join(sorted(_SECTIONS[location[:-1]].model_fields))
        return FieldProblem(path, f"is not a known setting (known here: {known})")
    if kind in _REASONS:
        return FieldProblem(path, f"{_REASONS[kind]}, got {detail['input']!r}")
    return FieldProblem(path, str(detail["msg"]))


def _without_empty_sections(configuration: Mapping[str, Any]) -> dict[str, Any]:
    pruned: dict[str, Any] = {}
    for key, value in configuration.items():
        if isinstance(value, Mapping):
            value = _without_empty_sections(value)
            if not value:
                continue
        pruned[key] = value
    return pruned


def merge_configurations(*layers: Configuration | None) -> dict[str, Any]:
    """Deep-merge `layers` in order, later layers winning: nested objects merge key by key, any other
    value (including lists) replaces the earlier one. Inputs are not modified.
    """
    merged: dict[str, Any] = {}
    for layer in layers:
        if layer:
            _merge_into(merged, layer)
    return merged


def _merge_into(target: dict[str, Any], layer: Configuration) -> None:
    for key, value in layer.items():
        current = target.get(key)
        if isinstance(value, Mapping) and isinstance(current, dict):
            _merge_into(current, value)
        elif isinstance(value, Mapping):
            target[key] = merge_configurations(value)
        else:
            target[key] = copy.deepcopy(value)


def effective_configuration(stored: Mapping[GroupId, Configuration], group: GroupId) -> dict[str, Any]:
    """The configuration `group` works with: the deep merge of what is stored on `/`, ..., its parent and
    itself, deeper winning. Groups with nothing stored contribute nothing.
    """
    return merge_configurations(*(stored.get(member) for member in lineage_of(group)))


def inherited_configuration(stored: Mapping[GroupId, Configuration], group: GroupId) -> dict[str, Any]:
    """What `group` would inherit if it stored nothing: the merged configuration of its ancestors."""
    return merge_configurations(*(stored.get(member) for member in lineage_of(group)[:-1]))


def configuration_delta(merged_parents: Configuration, wanted: Configuration) -> dict[str, Any]:
    """The part of `wanted` that differs from `merged_parents`: what a group stores so that merging it
    over its parents gives `wanted` (for every key `wanted` sets). Keys `wanted` leaves out stay inherited,
    so a later change on an ancestor still reaches this group.

    Values compare by type as well as value, so `true` never stands in for `1`.
    """
    delta: dict[str, Any] = {}
    for key, value in wanted.items():
        inherited = merged_parents.get(key)
        if isinstance(value, Mapping) and isinstance(inherited, Mapping):
            nested = configuration_delta(inherited, value)
            if nested:
                delta[key] = nested
        elif key not in merged_parents or not _same(inherited, value):
            delta[key] = copy.deepcopy(dict(value)) if isinstance(value, Mapping) else copy.deepcopy(value)
    return delta


def _same(left: Any, right: Any) -> bool:
    if isinstance(left, Mapping) and isinstance(right, Mapping):
        return left.keys() == right.keys() and all(_same(left[key], right[key]) for key in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(_same(a, b) for a, b in zip(left, right, strict=True))
    return type(left) is type(right) and left == right


def configuration_source(
    stored: Mapping[GroupId, Configuration], group: GroupId
) -> dict[GroupId, dict[str, Any]]:
    """`configurationSource` for `showConfigurationSource=true`: for `/`, each ancestor and `group`
    itself (root first), the configuration stored on that group, `{}` where nothing is stored.
    """
    return {member: merge_configurations(stored.get(member)) for member in lineage_of(group)}
