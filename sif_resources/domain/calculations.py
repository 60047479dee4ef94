"""Calculations (§6): user-defined functions invoked from formulas as `#name(...)`.

What belongs here: the create/update bodies, the frozen payload (formula, parameters, the one output) and
their definition rules: the name is a valid custom-function token, parameter indexes run 0..n-1, exactly one
output, and the formula parses (through `calculator.parse`, reported with `syntaxErrors`). What does not: dry
runs (they need a resolver and the calculator's evaluation; the API runs them) and invocation (the
calculator).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

import calculator
from sif_resources.domain.catalog_errors import FieldError, FormulaSyntaxInvalidError, SyntaxErrorDetail
from sif_resources.domain.resources import CatalogCreateBody, CatalogUpdateBody, RequestBody, ResourceType

_FUNCTION_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

ValueType = Literal["string", "number", "boolean"]


@dataclass(frozen=True)
class Parameter:
    """A positional parameter, referenced in the formula as `:key`."""

    index: int
    key: str
    description: str
    type: ValueType
    label: str | None = None

    def to_document(self) -> dict[str, Any]:
        document: dict[str, Any] = {"index": self.index, "key": self.key}
        if self.label is not None:
            document["label"] = self.label
        document.update({"description": self.description, "type": self.type})
        return document


@dataclass(frozen=True)
class Output:
    """The calculation's single result."""

    name: str
    description: str
    type: ValueType

    def to_document(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description, "type": self.type}


@dataclass(frozen=True)
class Calculation:
    """The type-specific part of a calculation version; `parameters` are ordered by index."""

    summary: str
    description: str | None
    formula: str
    parameters: tuple[Parameter, ...]
    outputs: tuple[Output, ...]

    def to_document(self) -> dict[str, Any]:
        document: dict[str, Any] = {"summary": self.summary}
        if self.description is not None:
            document["description"] = self.description
        document.update(
            {
                "formula": self.formula,
                "parameters": [parameter.to_document() for parameter in self.parameters],
                "outputs": [output.to_document() for output in self.outputs],
            }
        )
        return document

    def definition(self) -> dict[str, Any]:
        return self.to_document()


class ParameterBody(RequestBody):
    """A parameter as a request carries it."""

    index: int = Field(ge=0, strict=True)
    key: str = Field(min_length=1)
    label: str | None = None
    description: str
    type: ValueType


class OutputBody(RequestBody):
    """An output as a request carries it."""

    name: str = Field(min_length=1)
    description: str
    type: ValueType


class DryRunOptions(RequestBody):
    """`dryRunOptions`: input rows keyed by parameter key (values arrive as strings, coerced per type)."""

    data: list[dict[str, Any]]


def _indexes_are_contiguous(parameters: list[ParameterBody]) -> list[ParameterBody]:
    if sorted(parameter.index for parameter in parameters) != list(range(len(parameters))):
        raise PydanticCustomError("parameter_index", "index values must start at 0 and be contiguous")
    keys = [parameter.key for parameter in parameters]
    if len(set(keys)) != len(keys):
        raise PydanticCustomError("parameter_key", "key values must be unique")
    return sorted(parameters, key=lambda parameter: parameter.index)


def _is_function_name(name: str | None) -> str | None:
    if name is not None and not _FUNCTION_NAME.match(name):
        raise PydanticCustomError(
            "function_name", "must start with a letter or '_' followed by letters, digits or '_'"
        )
    return name


class CalculationCreate(CatalogCreateBody):
    """`POST /calculations` body."""

    resource_type: ClassVar[ResourceType] = ResourceType.CALCULATION
    request_only_fields: ClassVar[frozenset[str]] = frozenset({"dry_run_options"})

    summary: str = Field(min_length=1)
    description: str | None = None
    formula: str = Field(min_length=1)
    parameters: list[ParameterBody] = Field(default_factory=list)
    outputs: list[OutputBody] = Field(min_length=1, max_length=1)
    dry_run_options: DryRunOptions | None = None

    _valid_name = field_validator("name")(_is_function_name)
    _valid_parameters = field_validator("parameters")(_indexes_are_contiguous)

    def validate_definition(self) -> None:
        check_formula_syntax(self.formula)

    def to_payload(self, previous: Any = None) -> Calculation:
        return Calculation(
            summary=self.summary,
            description=self.description,
            formula=self.formula,
            parameters=tuple(
                Parameter(p.index, p.key, p.description, p.type, p.label) for p in self.parameters
            ),
            outputs=tuple(Output(o.name, o.description, o.type) for o in self.outputs),
        )


class CalculationUpdate(CatalogUpdateBody):
    """`PATCH /calculations/:id` body; `parameters` and `outputs` replace the current arrays."""

    request_only_fields: ClassVar[frozenset[str]] = frozenset({"dry_run_options"})
    non_nullable_fields: ClassVar[frozenset[str]] = CatalogUpdateBody.non_nullable_fields | {
        "summary",
        "formula",
        "parameters",
        "outputs",
    }

    summary: str | None = Field(default=None, min_length=1)
    description: str | None = None
    formula: str | None = Field(default=None, min_length=1)
    parameters: list[ParameterBody] | None = None
    outputs: list[OutputBody] | None = Field(default=None, min_length=1, max_length=1)
    dry_run_options: DryRunOptions | None = None

    _valid_name = field_validator("name")(_is_function_name)


def check_formula_syntax(formula: str, path: tuple[str, ...] = ("formula",)) -> None:
    """Parse the formula with the calculator; a syntax error becomes a 400 carrying `syntaxErrors`."""
    try:
        calculator.parse(formula)
    except calculator.FormulaSyntaxError as error:
        prefix = f"Line {error.line}:{error.column} "
        detail = SyntaxErrorDetail(error.line, error.column, error.message.removeprefix(prefix))
        raise FormulaSyntaxInvalidError(str(error), detail, [FieldError(path, str(error))]) from error
