"""Java exceptions inside the AS_TIMESTAMP interpreter, and what a failed row carries.

What belongs here: `_JavaError` (a Java exception that fails one row or a whole call), `_ResolveError` (a
DateTimeException while resolving fields, reported inside a DateTimeParseException) and `RowFailure`.
What does not: the messages themselves (each stage raises its own) and turning failures into columns (the
kernel does that).
"""

from __future__ import annotations

from calculator.errors import EvaluationError, UnhandledError

RowFailure = UnhandledError | EvaluationError


class _JavaError(Exception):
    """A Java exception inside the interpreter; becomes an `UnhandledError` for the row."""

    def __init__(self, java_exception: str, message: str) -> None:
        super().__init__(message)
        self.java_exception = java_exception
        self.message = message

    def to_failure(self) -> UnhandledError:
        return UnhandledError(self.java_exception, self.message)


class _ResolveError(Exception):
    """A DateTimeException while resolving parsed fields (reported inside a DateTimeParseException)."""
