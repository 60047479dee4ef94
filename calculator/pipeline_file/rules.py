"""Rules across the fields of a valid-shaped pipeline file (SIF §8.3): indexes, duplicates, output types.

Here: checks that need more than one model at a time, each yielded as (location, why) so every broken rule
is reported at once.

Not here: what a single field or model accepts (`specs`), finding the line of a location (`document`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from calculator.pipeline_file.problems import Loc, field_path
from calculator.pipeline_file.specs import PipelineFileSpec


def rule_breaks(spec: PipelineFileSpec) -> Iterator[tuple[Loc, str]]:
    """(location, why) for each rule broken across fields."""
    transformer = spec.transformer
    yield from _duplicates(("transformer", "parameters"), [p.key for p in transformer.parameters], "key")
    indexes = [t.index for t in transformer.transforms]
    if sorted(indexes) != list(range(len(indexes))):
        why = f"transform indexes must be 0..{len(indexes) - 1} with no gaps or repeats, got {indexes}"
        yield ("transformer", "transforms"), why
    outputs = [t.outputs[0] for t in transformer.transforms]
    yield from _duplicates(("transformer", "transforms"), [o.key for o in outputs], "outputs", 0, "key")
    first = indexes.index(min(indexes))
    for i, output in enumerate(outputs):
        loc = ("transformer", "transforms", i, "outputs", 0)
        if spec.type == "activities" and i == first and output.type != "timestamp":
            yield (*loc, "type"), "the first output of an activities pipeline must be a timestamp"
        if output.metrics and (spec.type != "activities" or i == first):
            yield (*loc, "metrics"), "metrics are only allowed on value outputs of activities pipelines"
        elif output.metrics and output.type != "number":
            yield (*loc, "metrics"), "metrics need a number output"
    unique = [i for i, o in enumerate(outputs) if o.include_as_unique and i != first]
    if len(unique) > 5:
        yield ("transformer", "transforms"), f"at most 5 outputs may have includeAsUnique, got {len(unique)}"
    for kind in ("activities", "datasets", "calculations"):
        resources = getattr(spec.resources, kind)
        names = [(r.name, r.group or spec.group, r.version) for r in resources if r.name is not None]
        yield from _duplicates(("resources", kind), names, "name")
    for c, calculation in enumerate(spec.resources.calculations):
        at: Loc = ("resources", "calculations", c, "parameters")
        yield from _duplicates(at, [p.key for p in calculation.parameters], "key")
        if sorted(p.index for p in calculation.parameters) != list(range(len(calculation.parameters))):
            yield at, "parameter indexes must be 0..n-1 with no gaps or repeats"


def _duplicates(loc: Loc, values: Sequence[Any], *field: str | int) -> Iterator[tuple[Loc, str]]:
    first: dict[Any, int] = {}
    for i, value in enumerate(values):
        if value in first:
            shown = value[0] if isinstance(value, tuple) else value
            also = field_path((*loc, first[value], *field))
            yield (*loc, i, *field), f"duplicate {shown!r}, also at {also}"
        first.setdefault(value, i)
