"""Errors of the catalog domain as values the API turns into SIF's error bodies.

What belongs here: the exception types raised by the catalog rules (ids, tags, resources, versions), their
HTTP status and their `{ "message": ... }` body (plus `syntaxErrors` for formulas), and the translation of
Pydantic validation errors into SIF's field-path messages (`body/activeAt must match format "date-time"`).
Every error a domain rule raises derives from `CatalogError`, so the API maps them in one place. What does
not belong: HTTP framework glue.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError


@dataclass(frozen=True)
class FieldError:
    """One problem with one field of a request body; `path` runs from the body root (`impacts/co2e/name`)."""

    path: tuple[str, ...]
    message: str

    def render(self) -> str:
        """SIF's (ajv's) rendering: `body/<path> <message>`, or `body <message>` at the root."""
        where = "/".join(("body", *self.path))
        return f"{where} {self.message}"


class CatalogError(Exception):
    """Base of every catalog rule violation; `status` is the HTTP status SIF answers with."""

    status: int = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_body(self) -> dict[str, Any]:
        """The JSON body SIF returns for this error."""
        return {"message": self.message}


class CatalogRuleError(CatalogError, ValueError):
    """A catalog rule SIF enforces, with SIF's exact `message`, the HTTP `status` it answers with and, where
    known, the body `field` it is about."""

    def __init__(self, message: str, status: int = 400, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.field = field


class InvalidRequestError(CatalogError):
    """400: the request body or query does not satisfy the schema or a definition rule."""

    status = 400

    def __init__(self, message: str, errors: Sequence[FieldError] = ()) -> None:
        super().__init__(message)
        self.errors = tuple(errors)

    @classmethod
    def from_field_errors(cls, errors: Sequence[FieldError]) -> InvalidRequestError:
        """One 400 whose message lists every field error, separated as ajv does (`, `)."""
        return cls(", ".join(error.render() for error in errors), errors)


@dataclass(frozen=True)
class SyntaxErrorDetail:
    """Where a formula stopped parsing, in ANTLR's terms (line from 1, character position from 0)."""

    line: int
    char_position_in_line: int
    msg: str

    def to_body(self) -> dict[str, Any]:
        return {"line": self.line, "charPositionInLine": self.char_position_in_line, "msg": self.msg}


class FormulaSyntaxInvalidError(InvalidRequestError):
    """400 for a formula that does not parse; the body also carries `syntaxErrors`."""

    def __init__(self, message: str, detail: SyntaxErrorDetail, errors: Sequence[FieldError] = ()) -> None:
        super().__init__(message, errors)
        self.detail = detail

    def to_body(self) -> dict[str, Any]:
        return {"message": self.message, "syntaxErrors": self.detail.to_body()}


class NameInUseError(CatalogError):
    """409: another resource of the same type already uses the name in one of the groups."""

    status = 409

    def __init__(self, name: str) -> None:
        super().__init__(f"Name '{name}' already in use.")
        self.name = name


class VersionNotFoundError(CatalogError):
    """404: the requested version of a resource does not exist."""

    status = 404


_MESSAGES_BY_TYPE = {
    "string_type": "must be string",
    "int_type": "must be integer",
    "int_parsing": "must be integer",
    "int_from_float": "must be integer",
    "float_type": "must be number",
    "bool_type": "must be boolean",
    "dict_type": "must be object",
    "list_type": "must be array",
    "tuple_type": "must be array",
    "literal_error": "must be equal to one of the allowed values",
    "enum": "must be equal to one of the allowed values",
    "string_too_short": "must NOT have fewer than 1 characters",
}


def field_errors_from_validation(error: ValidationError, prefix: Iterable[str] = ()) -> list[FieldError]:
    """Pydantic's errors as SIF field errors: a missing field is reported on its parent, as ajv does."""
    found: list[FieldError] = []
    for detail in error.errors(include_url=False):
        path = (*prefix, *(str(part) for part in detail["loc"]))
        if detail["type"] == "missing":
            found.append(FieldError(path[:-1], f"must have required property '{path[-1]}'"))
        else:
            found.append(FieldError(path, _message(detail["type"], detail["msg"], detail.get("ctx") or {})))
    return found


def _message(error_type: str, default: str, context: dict[str, Any]) -> str:
    if error_type == "too_short" and "min_length" in context:
        return f"must NOT have fewer than {context['min_length']} items"
    if error_type == "too_long" and "max_length" in context:
        return f"must NOT have more than {context['max_length']} items"
    if error_type == "greater_than_equal" and "ge" in context:
        return f"must be >= {context['ge']}"
    return _MESSAGES_BY_TYPE.get(error_type, default)


def invalid_request_from_validation(error: ValidationError) -> InvalidRequestError:
    """A Pydantic validation failure of a request body as SIF's 400."""
    return InvalidRequestError.from_field_errors(field_errors_from_validation(error))


@dataclass(frozen=True)
class FieldProblem:
    """One broken rule in outside input: the field (a dotted path for nested values) and why."""

    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


class InvalidFieldError(InvalidRequestError, ValueError):
    """400: outside input broke one or more rules; the message names every offending field and the reason."""

    def __init__(self, *problems: FieldProblem) -> None:
        if not problems:
            raise ValueError("InvalidFieldError needs at least one problem")
        self.problems: tuple[FieldProblem, ...] = problems
        super().__init__("; ".join(str(problem) for problem in problems))

    @classmethod
    def of(cls, field: str, reason: str) -> InvalidFieldError:
        """The error for a single field."""
        return cls(FieldProblem(field, reason))


class ResourceNotFoundError(CatalogError):
    """404: a tenant, group, user or resource the request names does not exist."""

    status = 404


class ConflictError(CatalogError):
    """409: the id or name is taken, or another writer changed the resource first."""

    status = 409
