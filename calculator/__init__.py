"""The SIF formula language: parse once, evaluate over whole column batches, exactly as SIF does.

No Dagster and no database here. External references go through a `Resolver` (see `resolver`).
"""

from calculator.batch import BatchResult, Outcome, evaluate, evaluate_batch, to_column
from calculator.errors import ErrorKind, FormulaSyntaxError, RowError
from calculator.evaluator import EvaluationContext
from calculator.inputs import typed_column
from calculator.resolver import InMemoryResolver, Resolver, ResourceRef
from calculator.syntax import parse
from calculator.values import Kind

__all__ = [
    "BatchResult",
    "ErrorKind",
    "EvaluationContext",
    "FormulaSyntaxError",
    "InMemoryResolver",
    "Kind",
    "Outcome",
    "Resolver",
    "ResourceRef",
    "RowError",
    "evaluate",
    "evaluate_batch",
    "parse",
    "to_column",
    "typed_column",
]
