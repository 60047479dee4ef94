"""A compiled JsonPath and its evaluation: the path, the token protocol and the evaluation context.

What belongs here: `CompiledPath` (definite or not, its normalized text, `EvaluationContext.getValue`), the
`_Token` base every path step implements, the `_Context` that collects results, and Jayway's
PathNotFoundException and InvalidPathException.
What does not: the concrete tokens (`tokens`), compiling path text (`compiler`), filters (`filters`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class PathNotFound(Exception):
    """Jayway's PathNotFoundException."""


class InvalidPath(Exception):
    """Jayway's InvalidPathException (also raised for filters applied to primitives)."""


@dataclass
class _Context:
    path: CompiledPath
    root: Any
    require_properties: bool = False
    results: list[Any] = field(default_factory=list)


class _Token:
    """One step of a compiled path; `index` is its place in `path.tokens`."""

    definite = True

    def fragment(self) -> str:
        raise NotImplementedError

    def evaluate(self, path: CompiledPath, index: int, current: str, model: Any, ctx: _Context) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class CompiledPath:
    """A compiled JsonPath: its tokens, whether it is definite, and its normalized text."""

    tokens: tuple[_Token, ...]

    @property
    def definite(self) -> bool:
        return all(token.definite for token in self.tokens)

    def __str__(self) -> str:
        return "".join(token.fragment() for token in self.tokens)

    def evaluate(self, document: Any, root: Any, require_properties: bool = False) -> _Context:
        ctx = _Context(self, root, require_properties)
        self.tokens[0].evaluate(self, 0, "", document, ctx)
        return ctx

    def value(self, document: Any, root: Any) -> Any:
        """EvaluationContext.getValue(): the last result of a definite path, else the result array."""
        results = self.evaluate(document, root).results
        if self.definite:
            if not results:
                raise PathNotFound(f"No results for path: {self}")
            return results[-1]
        return results
