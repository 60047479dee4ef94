"""Errors of the formula language: syntax errors for a whole formula, row errors for one evaluation.

Three kinds, as SIF reports them (spec/calculator.md §0 and §14): `syntax` (the parser), `evaluation`
(a deliberate error with a fixed message) and `unhandled` (another Java exception escaping the evaluator,
named by `java_exception`). In a batch every kind becomes a row error; nothing escapes evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ErrorKind(StrEnum):
    """Where a failure comes from."""

    SYNTAX = "syntax"
    EVALUATION = "evaluation"
    UNHANDLED = "unhandled"


@dataclass(frozen=True)
class RowError:
    """Why one row (or one formula) has no result."""

    kind: ErrorKind
    message: str
    java_exception: str | None = None
    #: The innermost expression that failed (its source text), where known.
    at: str | None = None
    #: A suggestion for people, e.g. the nearest known name; never part of SIF's message.
    hint: str | None = None

    @property
    def reason(self) -> str:
        """The reason as SIF words it in pipeline error lists (the exception's message)."""
        return self.message or (self.java_exception or "")

    def describe(self) -> str:
        """One line for people: SIF's message (unhandled failures prefixed by the Java exception),
        where it happened and, when there is one, a hint."""
        if self.kind is ErrorKind.UNHANDLED and self.java_exception:
            text = f"{self.java_exception}: {self.message}" if self.message else self.java_exception
        else:
            text = self.message
        if self.at and self.at not in text:
            text += f" (in `{self.at}`)"
        if self.hint:
            text += f"; {self.hint}"
        return text


class FormulaError(Exception):
    """Base class of errors raised by scalar helpers; kernels turn them into row errors."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_row_error(self) -> RowError:
        raise NotImplementedError


class EvaluationError(FormulaError):
    """A deliberate evaluation error with SIF's exact message (ArithmeticException in SIF)."""

    def to_row_error(self) -> RowError:
        return RowError(ErrorKind.EVALUATION, self.message)


class UnhandledError(FormulaError):
    """A failure SIF does not catch, e.g. `NumberFormatException: Infinite or NaN`."""

    def __init__(self, java_exception: str, message: str = "") -> None:
        super().__init__(message)
        self.java_exception = java_exception

    def to_row_error(self) -> RowError:
        return RowError(ErrorKind.UNHANDLED, self.message, self.java_exception)


class FormulaSyntaxError(FormulaError):
    """The formula does not parse. `message` is SIF's `Line <line>:<col> <ANTLR message>`."""

    def __init__(
        self, message: str, line: int, column: int, offending: str | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.offending = offending
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}; {self.hint}" if self.hint else self.message

    def to_row_error(self) -> RowError:
        return RowError(ErrorKind.SYNTAX, self.message, hint=self.hint)
