"""Rules across the fields of a valid-shaped pipeline file: the transformer's shape rules by pipeline type
(SIF §8.3, kept once in `calculator.pipeline_rules`) plus what only a file has (duplicate parameter keys,
resources named twice, calculation parameter indexes).

Here: checks that need more than one model at a time, each yielded as (location, why) so every broken rule
is reported at once; for transformer rules the why is the rule's precise `detail`, not SIF's API message.

Not here: what a single field or model accepts (`specs`), finding the line of a location (`document`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from calculator.pipeline_file.problems import Loc, field_path
from calculator.pipeline_file.specs import PipelineFileSpec
from calculator.pipeline_rules import transformer_rule_breaks


def rule_breaks(spec: PipelineFileSpec) -> Iterator[tuple[Loc, str]]:
    """(location, why) for each rule broken across fields."""
    transformer = spec.transformer
    yield from _duplicates(("transformer", "parameters"), [p.key for p in transformer.parameters], "key")
    shape = transformer.model_dump(by_alias=True, exclude_none=True)
    # Formula syntax is left to running the file (cell errors) and to `sif pipeline validate`, which reports
    # every syntax error of transforms and calculations together.
    for broken in transformer_rule_breaks(spec.type, shape, check_formulas=False):
        yield broken.loc, broken.detail
    for kind in ("activities", "datasets", "calculations"):
        resources = getattr(spec.resources, kind)
        names = [
            (r.name, r.group or spec.group, r.tenant, r.version) for r in resources if r.name is not None
        ]
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
