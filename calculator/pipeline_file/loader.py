"""Loading a pipeline file: `load_pipeline_file` and the `PipelineFile` it returns, ready to run.

Here: the order of loading (read and parse the YAML, validate the models, check rules across fields, fill
the resolver, build the transformer) and running the loaded pipeline over input rows read from a CSV.

Not here: the steps themselves — YAML and locations (`document`), models (`specs`), cross-field rules
(`rules`), CSV reading (`tables`), resources (`resources`) — nor evaluation (`calculator.transformer`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from calculator.evaluator import EvaluationContext
from calculator.pipeline_file.document import Locator, parse_yaml
from calculator.pipeline_file.problems import PipelineFileError, fail, read_text
from calculator.pipeline_file.resources import load_resources
from calculator.pipeline_file.rules import rule_breaks
from calculator.pipeline_file.specs import PipelineFileSpec
from calculator.pipeline_file.tables import SourceNote, read_csv
from calculator.resolver import InMemoryResolver, Resolver
from calculator.transformer import Transformer, TransformResult, run_transformer


@dataclass(frozen=True)
class PipelineFile:
    """A validated pipeline file with its resources loaded, ready to run over input rows."""

    path: Path
    spec: PipelineFileSpec
    transformer: Transformer
    resolver: InMemoryResolver
    sources: tuple[SourceNote, ...]

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def group(self) -> str:
        return self.spec.group

    @property
    def input_path(self) -> Path | None:
        """The input CSV named by the file, relative to the file's folder."""
        return None if self.spec.input is None else self.path.parent / self.spec.input

    def context(self, resolver: Resolver | None = None) -> EvaluationContext:
        """Where formulas run: the pipeline's group, with the file's resources behind the resolver (or with
        `resolver`, e.g. a catalog's, instead)."""
        return EvaluationContext(group=self.spec.group, resolver=resolver or self.resolver)

    def read_input(self, path: str | Path | None = None) -> pd.DataFrame:
        """The input rows as text columns; every parameter must have a column (by key or label)."""
        if path is None:
            if self.input_path is None:
                fail(self.path, "input", "no input CSV was given and the file names none")
            path = self.input_path
        table = read_csv(Path(path))
        columns = set(table.frame.columns)
        missing = [
            repr(p.key) if p.label is None else f"{p.key!r} (or {p.label!r})"
            for p in self.spec.transformer.parameters
            if p.key not in columns and p.label not in columns
        ]
        if missing:
            have = ", ".join(repr(str(c)) for c in table.frame.columns)
            why = f"missing column{'s' * (len(missing) > 1)} {', '.join(missing)}; the header has {have}"
            fail(Path(path), "header", why, table.header_line)
        return table.frame

    def run(
        self,
        input: str | Path | pd.DataFrame | None = None,
        *,
        audit: bool = True,
        resolver: Resolver | None = None,
    ) -> TransformResult:
        """Evaluate the transformer over the input (a CSV path, a frame of text, or the file's own input),
        reading resources from the file's own (or from `resolver`)."""
        rows = input if isinstance(input, pd.DataFrame) else self.read_input(input)
        return run_transformer(self.transformer, rows, context=self.context(resolver), audit=audit)


def load_pipeline_file(path: str | Path) -> PipelineFile:
    """Read, validate and load a pipeline file and every CSV it references; raises PipelineFileError."""
    path = Path(path)
    document, root = parse_yaml(path, read_text(path))
    where = Locator(path, root)
    try:
        spec = PipelineFileSpec.model_validate(document)
    except ValidationError as error:
        raise PipelineFileError([where.pydantic_problem(e) for e in error.errors()]) from None
    problems = [where.problem(loc, why) for loc, why in rule_breaks(spec)]
    if problems:
        raise PipelineFileError(problems)
    resolver = InMemoryResolver()
    notes = load_resources(where, spec, resolver)
    transformer = Transformer.from_dict(spec.transformer.model_dump(by_alias=True, exclude_none=True))
    return PipelineFile(path, spec, transformer, resolver, tuple(notes))
