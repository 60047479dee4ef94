"""The pipeline file's YAML: parsed with every scalar as text, and locations turned into lines.

Here: parsing (syntax errors and duplicate keys become problems), the `Locator` that finds the line of a
field path in the YAML node tree, and the wording of Pydantic's validation errors as problems.

Not here: the models themselves (`specs`), rules across fields (`rules`), CSV files (`tables`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from calculator.pipeline_file.problems import Loc, PipelineFileError, Problem, fail, field_path
from calculator.pipeline_file.specs import InvalidField, PipelineFileSpec


def parse_yaml(path: Path, text: str) -> tuple[dict[str, Any], yaml.Node]:
    """The document with every scalar as text (no YAML 1.1 surprises such as ZIP 07102 read as octal)."""
    try:
        root = yaml.compose(text, Loader=yaml.BaseLoader)
        document = yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = None if mark is None else mark.line + 1
        where = "YAML syntax" if mark is None else f"YAML syntax at column {mark.column + 1}"
        fail(path, where, str(error.problem or error), line)
    except yaml.YAMLError as error:
        fail(path, "YAML syntax", str(error))
    if not isinstance(document, dict) or root is None:
        fail(path, "file", "expected a mapping of pipeline fields")
    duplicates = [
        Problem(path, field_path(loc), "duplicate key", node.start_mark.line + 1)
        for loc, node in _duplicate_keys(root, ())
    ]
    if duplicates:
        raise PipelineFileError(duplicates)
    return document, root


def _duplicate_keys(node: yaml.Node, loc: Loc) -> Iterator[tuple[Loc, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen:
                yield (*loc, key.value), key
            seen.add(key.value)
            yield from _duplicate_keys(value, (*loc, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _duplicate_keys(item, (*loc, i))


_MESSAGES = {
    "missing": "required",
    "too_short": "at least one is required",
    "model_type": "expected a mapping of fields",
    "dict_type": "expected a mapping",
    "list_type": "expected a list",
    "tuple_type": "expected a list",
    "string_type": "expected a single value",
}


@dataclass(frozen=True)
class Locator:
    """Turns a location in the document into a Problem with its field path and line."""

    path: Path
    root: yaml.Node

    def problem(self, loc: Loc, why: str) -> Problem:
        """The problem `why` at `loc`, on the line where `loc` is written."""
        return Problem(self.path, field_path(loc), why, self.line(loc))

    def line(self, loc: Loc) -> int:
        """The line of the deepest node along `loc` (a key's own line when the key is the last step)."""
        node, line = self.root, self.root.start_mark.line + 1
        for step in loc:
            if isinstance(node, yaml.MappingNode) and isinstance(step, str):
                pair = next(((k, v) for k, v in node.value if k.value == step), None)
                if pair is None:
                    break
                line, node = pair[0].start_mark.line + 1, pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
                line = node.start_mark.line + 1
            else:
                break
        return line

    def pydantic_problem(self, error: Any) -> Problem:
        """One of Pydantic's validation errors (an `errors()` entry) as a located problem."""
        loc: Loc = tuple(error["loc"])
        kind = error["type"]
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, InvalidField):
            loc = loc if cause.field is None else (*loc, cause.field)
            why = cause.message
        elif kind == "extra_forbidden":
            why = f"unknown key; allowed here: {', '.join(_allowed_keys(loc[:-1]))}"
        elif kind == "string_pattern_mismatch":
            why = f"must start with '/' (got {error['input']!r})"
        elif kind in _MESSAGES:
            why = _MESSAGES[kind]
        else:
            why = f"{error['msg'][0].lower()}{error['msg'][1:]} (got {error['input']!r})"
        return self.problem(loc, why)


def _allowed_keys(loc: Loc) -> list[str]:
    """The keys the model at `loc` accepts (for 'unknown key' messages)."""
    model: type[BaseModel] | None = PipelineFileSpec
    for step in loc:
        if isinstance(step, int) or model is None:
            continue
        fields = {f.alias or name: f for name, f in model.model_fields.items()}
        model = next(_models_in(fields[step].annotation), None) if step in fields else None
    return [] if model is None else [f.alias or name for name, f in model.model_fields.items()]


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in getattr(annotation, "__args__", ()):
        yield from _models_in(argument)
