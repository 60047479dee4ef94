"""Pipelines and metrics as versioned catalog resources: the request bodies and payloads that let them share
the common resource model (`resources.py`) and its versioning (`versions.py`) with the other types.

What belongs here: the create/update bodies of `POST /pipelines` and `POST /metrics` as `CatalogCreateBody`
subclasses, their frozen payloads, and the definition rules that need nothing but the body — delegated to
`pipelines.py` (transformer shape, output types, unique keys, aggregation rules) and `metrics.py` (only
`sum` aggregation). What does not: rules that read the catalog (metric graph cycles, metrics named by
pipeline outputs, connectors) — the catalog service runs those with lookups into the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from sif_resources.domain.metrics import check_aggregation_type, parse_metric_create
from sif_resources.domain.pipelines import (
    aggregated_output_types,
    key_mappings,
    parse_pipeline_create,
    validate_pipeline,
)
from sif_resources.domain.resources import (
    CatalogCreateBody,
    CatalogUpdateBody,
    ResourceType,
    drop_null_values,
)

KEY_MAPPING = "_keyMapping"
AGGREGATED_OUTPUTS = "_aggregatedOutputKeyAndTypeMap"


def _without_none(values: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


@dataclass(frozen=True)
class Pipeline:
    """The type-specific part of a pipeline version: SIF's definition fields plus the two internal maps."""

    definition_fields: Mapping[str, Any]
    key_mapping: Mapping[str, str] = field(default_factory=dict)
    aggregated_outputs: Mapping[str, str] = field(default_factory=dict)

    def definition(self) -> dict[str, Any]:
        return dict(self.definition_fields)

    def to_document(self) -> dict[str, Any]:
        return {
            **self.definition(),
            KEY_MAPPING: dict(self.key_mapping),
            AGGREGATED_OUTPUTS: dict(self.aggregated_outputs),
        }


class PipelineResourceCreate(CatalogCreateBody):
    """`POST /pipelines` body; the nested structures are checked by `pipelines.parse_pipeline_create`."""

    resource_type: ClassVar[ResourceType] = ResourceType.PIPELINE
    request_only_fields: ClassVar[frozenset[str]] = frozenset({"dry_run_options"})

    description: str | None = None
    type: str = "activities"
    connector_config: dict[str, Any] | None = None
    transformer: dict[str, Any]
    processor_options: dict[str, Any] | None = None
    attributes: dict[str, Any] | None = None
    dry_run_options: dict[str, Any] | None = None

    def sif_body(self) -> dict[str, Any]:
        """The body in SIF's spelling, as `pipelines.py` reads it."""
        return _without_none(
            {
                "name": self.name,
                "description": self.description,
                "type": self.type,
                "connectorConfig": self.connector_config,
                "transformer": self.transformer,
                "processorOptions": self.processor_options,
            }
        )

    def validate_definition(self) -> None:
        created = parse_pipeline_create(self.sif_body())
        validate_pipeline(created.type, created.transformer)

    def attributes_to_store(self) -> dict[str, Any]:
        return drop_null_values(self.attributes)

    def to_payload(self, previous: Any = None) -> Pipeline:
        created = parse_pipeline_create(self.sif_body())
        earlier = previous.aggregated_outputs if isinstance(previous, Pipeline) else None
        body = self.sif_body()
        body.pop("name")
        return Pipeline(
            definition_fields=body,
            key_mapping=key_mappings(created.transformer),
            aggregated_outputs=aggregated_output_types(earlier, created.transformer),
        )


class PipelineResourceUpdate(CatalogUpdateBody):
    """`PATCH /pipelines/:id` body; `type` is fixed at creation, so it is not read."""

    request_only_fields: ClassVar[frozenset[str]] = frozenset({"dry_run_options"})

    description: str | None = None
    connector_config: dict[str, Any] | None = None
    transformer: dict[str, Any] | None = None
    processor_options: dict[str, Any] | None = None
    attributes: dict[str, Any] | None = None
    dry_run_options: dict[str, Any] | None = None


@dataclass(frozen=True)
class Metric:
    """The type-specific part of a metric version; `input_metrics`/`input_pipelines` are maintained by
    the platform as other resources link to the metric."""

    summary: str
    aggregation_type: str
    description: str | None = None
    output_metrics: tuple[str, ...] = ()
    input_metrics: tuple[str, ...] = ()
    input_pipelines: tuple[Mapping[str, str], ...] = ()

    def definition(self) -> dict[str, Any]:
        document: dict[str, Any] = {"summary": self.summary}
        if self.description is not None:
            document["description"] = self.description
        document["aggregationType"] = self.aggregation_type
        document["outputMetrics"] = list(self.output_metrics)
        return document

    def to_document(self) -> dict[str, Any]:
        return {
            **self.definition(),
            "inputMetrics": list(self.input_metrics),
            "inputPipelines": [dict(link) for link in self.input_pipelines],
        }


class MetricResourceCreate(CatalogCreateBody):
    """`POST /metrics` body."""

    resource_type: ClassVar[ResourceType] = ResourceType.METRIC

    summary: str
    description: str | None = None
    aggregation_type: str
    output_metrics: list[str] | None = None
    attributes: dict[str, Any] | None = None

    def validate_definition(self) -> None:
        parse_metric_create(
            _without_none(
                {
                    "name": self.name,
                    "summary": self.summary,
                    "description": self.description,
                    "aggregationType": self.aggregation_type,
                    "outputMetrics": self.output_metrics,
                }
            )
        )
        check_aggregation_type(self.aggregation_type)

    def attributes_to_store(self) -> dict[str, Any]:
        return drop_null_values(self.attributes)

    def to_payload(self, previous: Any = None) -> Metric:
        kept = previous if isinstance(previous, Metric) else None
        return Metric(
            summary=self.summary,
            aggregation_type=self.aggregation_type,
            description=self.description,
            output_metrics=tuple(self.output_metrics or ()),
            input_metrics=kept.input_metrics if kept else (),
            input_pipelines=kept.input_pipelines if kept else (),
        )


class MetricResourceUpdate(CatalogUpdateBody):
    """`PATCH /metrics/:id` body: a metric keeps its name."""

    summary: str | None = None
    description: str | None = None
    aggregation_type: str | None = None
    output_metrics: list[str] | None = None
    attributes: dict[str, Any] | None = None
    name: str | None = Field(default=None, min_length=1)

    @field_validator("name")
    @classmethod
    def _name_is_fixed(cls, name: str | None) -> str | None:
        if name is not None:
            raise PydanticCustomError("name", "cannot be changed: a metric keeps its name")
        return name
