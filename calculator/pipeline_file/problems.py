"""What is wrong with a pipeline file, and where: `Problem`, `PipelineFileError` and helpers that raise them.

Here: the problem value and its exception, field paths (`transformer.transforms[1].outputs`) built from a
location tuple, and reading a file as text with its OS and encoding errors turned into problems.

Not here: finding a field's line in the YAML (`document`), the rules a file must follow (`specs`, `rules`),
CSV parsing (`tables`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pipeline file or a file it references."""

    file: Path
    where: str
    why: str
    line: int | None = None

    def __str__(self) -> str:
        located = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{located}: {self.where}: {self.why}"


class PipelineFileError(Exception):
    """A pipeline file (or a CSV it references) that cannot be used; `problems` says where and why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def fail(file: Path, where: str, why: str, line: int | None = None) -> NoReturn:
    """Raise a PipelineFileError holding the one problem described."""
    raise PipelineFileError([Problem(file, where, why, line)])


def read_text(path: Path) -> str:
    """The file's text (UTF-8, an optional BOM dropped); a missing or unreadable file is a problem."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        fail(path, "file", "no such file")
    except UnicodeDecodeError as error:
        fail(path, f"byte {error.start}", "not UTF-8 text")
    except OSError as error:
        fail(path, "file", error.strerror or str(error))


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def field_path(loc: Sequence[str | int]) -> str:
    """`('transformer', 'transforms', 1, 'outputs')` -> `transformer.transforms[1].outputs`."""
    out = ""
    for step in loc:
        if isinstance(step, int):
            out += f"[{step}]"
        elif _IDENTIFIER.fullmatch(step):
            out += f".{step}" if out else step
        else:
            out += f"[{step!r}]"
    return out or "file"
