"""The shape of a pipeline file: Pydantic models for the pipeline, its transformer and its resources.

Here: the fields each part accepts, their types and defaults, and the rules that a single model can check
on its own (raised as `InvalidField`, so the message can name the field).

Not here: rules across fields (`rules`), turning validation errors into located problems (`document`),
reading the CSV files that resources name (`tables`, `resources`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Text = Annotated[str, StringConstraints(min_length=1)]
ValueType = Literal["string", "number", "boolean", "timestamp"]


class InvalidField(ValueError):
    """A rule broken inside a model: `field` (if any) is appended to the model's own location."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ParameterSpec(_Spec):
    """A transformer parameter: an input column, read from the CSV header `key` or `label`."""

    index: int = Field(ge=0)
    key: Text
    label: Text | None = None
    description: str | None = None
    type: ValueType


class OutputSpec(_Spec):
    """The single output of a transform (SIF §8.2)."""

    index: int = Field(default=0, ge=0)
    key: Text
    label: Text | None = None
    description: str | None = None
    type: ValueType
    include_as_unique: bool = Field(default=False, alias="includeAsUnique")
    aggregate: Literal["groupBy", "sum", "mean", "max", "min", "count"] | None = None
    metrics: tuple[Text, ...] = ()


class TransformSpec(_Spec):
    """A formula and the output it produces."""

    index: int = Field(ge=0)
    formula: Text
    outputs: tuple[OutputSpec, ...]

    @model_validator(mode="after")
    def _one_output(self) -> TransformSpec:
        if len(self.outputs) != 1:
            raise InvalidField("outputs", f"exactly one output is required, got {len(self.outputs)}")
        return self


class TransformerSpec(_Spec):
    """SIF's transformer JSON shape: parameters (input columns) and transforms evaluated in index order."""

    parameters: tuple[ParameterSpec, ...] = Field(min_length=1)
    transforms: tuple[TransformSpec, ...] = Field(min_length=1)


class _ResourceSpec(_Spec):
    """`tenant` marks a stand-in for a resource another tenant owns (e.g. `platform`, the shipped factor
    library): runs from the file alone use it; runs against a catalog read the owner's and never write it."""

    group: Text | None = Field(default=None, pattern="^/")
    tenant: Text | None = None
    version: int = Field(default=1, ge=1)
    description: str | None = None


class ActivitySpec(_ResourceSpec):
    """Impact activities: one inline (`name` and `impacts`), or every row of an activities CSV (`file`)."""

    name: Text | None = None
    impacts: dict[Text, dict[Text, Annotated[Decimal, Field(allow_inf_nan=False)]]] | None = None
    file: Text | None = None

    @model_validator(mode="after")
    def _inline_or_file(self) -> ActivitySpec:
        inline = self.name is not None and self.impacts is not None
        partial = self.name is not None or self.impacts is not None
        if not (inline or self.file is not None) or (self.file is not None and partial):
            raise InvalidField(None, "give either `file`, or `name` with `impacts`")
        return self


class DatasetSpec(_ResourceSpec):
    """A reference dataset: a CSV file, or inline rows of column -> text."""

    name: Text
    file: Text | None = None
    rows: tuple[dict[Text, str], ...] | None = None

    @model_validator(mode="after")
    def _file_or_rows(self) -> DatasetSpec:
        if (self.file is None) == (self.rows is None):
            raise InvalidField(None, "give exactly one of `file` and `rows`")
        return self


class CalculationParameterSpec(_Spec):
    index: int = Field(ge=0)
    key: Text
    label: Text | None = None
    description: str | None = None
    type: ValueType = "string"


class CalculationSpec(_ResourceSpec):
    """A stored calculation, called from formulas as `#name(args...)`."""

    name: Text
    formula: Text
    parameters: tuple[CalculationParameterSpec, ...] = ()
    #: The type of the calculation's result, as a catalog stores it (SIF's `outputs[0].type`).
    type: ValueType = "number"


class ResourcesSpec(_Spec):
    activities: tuple[ActivitySpec, ...] = ()
    datasets: tuple[DatasetSpec, ...] = ()
    calculations: tuple[CalculationSpec, ...] = ()


class PipelineFileSpec(_Spec):
    """The whole pipeline file. Resources without a `group` live in the pipeline's group."""

    name: Text
    description: str | None = None
    group: Text = Field(default="/", pattern="^/")
    type: Literal["activities", "data", "impacts"] = "activities"
    transformer: TransformerSpec
    resources: ResourcesSpec = ResourcesSpec()
    input: Text | None = None
