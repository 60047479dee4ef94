"""The path tokens: how each step of a compiled JsonPath walks a document (Jayway's PathToken classes).

What belongs here: root, property (one or several names), wildcard, index, slice, deep scan, filter and
function tokens, with Jayway's rules for missing properties, definite versus indefinite paths and its
PathNotFound / InvalidPath messages.
What does not: compiling path text into tokens (`compiler`), the filter language (`filters`,
`filter_compiler`), what the tail functions compute (`path_functions`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from calculator.functions.jsonpath.filters import _Expression
from calculator.functions.jsonpath.java_values import _java_class_name, java_text
from calculator.functions.jsonpath.path_functions import _FUNCTIONS
from calculator.functions.jsonpath.paths import CompiledPath, InvalidPath, PathNotFound, _Context, _Token


def _is_leaf(path: CompiledPath, index: int) -> bool:
    return index == len(path.tokens) - 1


def _upstream_definite(path: CompiledPath, index: int) -> bool:
    return all(token.definite for token in path.tokens[:index])


def _next(path: CompiledPath, index: int, current: str, model: Any, ctx: _Context) -> None:
    """Hand `model` to the following token, or record it as a result at the leaf."""
    if _is_leaf(path, index):
        ctx.results.append(model)
    else:
        path.tokens[index + 1].evaluate(path, index + 1, current, model, ctx)


def _rest_text(path: CompiledPath, index: int) -> str:
    return "".join(token.fragment() for token in path.tokens[index:])


class _RootToken(_Token):
    def __init__(self, symbol: str) -> None:
        self.symbol = symbol

    def fragment(self) -> str:
        return self.symbol

    def evaluate(self, path: CompiledPath, index: int, current: str, model: Any, ctx: _Context) -> None:
        _next(path, index, self.symbol, model, ctx)


def _handle_property(
    path: CompiledPath, index: int, current: str, model: dict[str, Any], ctx: _Context, name: str
) -> None:
    eval_path = f"{current}['{name}']"
    if name not in model:
        if _is_leaf(path, index):
            if ctx.require_properties:
                raise PathNotFound(f"No results for path: {eval_path}")
            return
        if (_upstream_definite(path, index) and path.tokens[index].definite) or ctx.require_properties:
            raise PathNotFound(f"Missing property in path {eval_path}")
        return
    _next(path, index, eval_path, model[name], ctx)


def _handle_index(
    path: CompiledPath, index: int, current: str, model: list[Any], ctx: _Context, position: int
) -> None:
    effective = position + len(model) if position < 0 else position
    if 0 <= effective < len(model):
        _next(path, index, f"{current}[{position}]", model[effective], ctx)


class _PropertyToken(_Token):
    def __init__(self, names: list[str], delimiter: str) -> None:
        self.names = names
        self.delimiter = delimiter
        self.definite = len(names) == 1  # a leaf merges several names into one map: also definite

    def fragment(self) -> str:
        escaped = [name.replace("\\", "\\\\").replace("'", "\\'") for name in self.names]
        return "[" + ",".join(f"{self.delimiter}{name}{self.delimiter}" for name in escaped) + "]"

    def evaluate(self, path: CompiledPath, index: int, current: str, model: Any, ctx: _Context) -> None:
        if not isinstance(model, dict):
            if not _upstream_definite(path, index):
                return
            raise PathNotFound(
                f"Expected to find an object with property {self.fragment()} in path {current} but found "
                f"'{_java_class_name(model)}'. This is not a json object according to the JsonProvider: "
                "'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'."
            )
        if len(self.names) == 1 or not _is_leaf(path, index):
            for name in self.names:
                _handle_property(path, index, current, model, ctx, name)
            return
        merged = {}
        for name in self.names:
            if name in model:
                merged[name] = model[name]
            elif ctx.require_properties:
                joined = ", ".join(f"'{n}'" for n in self.names)
                raise PathNotFound(f"Missing property in path {current}[{joined}]")
        ctx.results.append(merged)


class _WildcardToken(_Token):
    definite = False

    def fragment(self) -> str:
        return "[*]"

    def evaluate(self, path: CompiledPath, index: int, current: str, model: Any, ctx: _Context) -> None:
        if isinstance(model, dict):
            for name in list(model):
                _handle_property(path, index, current, model, ctx, name)
        elif isinstance(model, list):
            for position in range(len(model)):
                try:
                    _handle_index(path, index, current, model, ctx, position)
                except PathNotFound:
                    if ctx.require_properties:
                        raise


def _check_array(path: CompiledPath, index: int, current: str, model: Any) -> bool:
    if model is None:
        if not _upstream_definite(path, index):
            return False
        raise PathNotFound(f"The path {current} is null")
    if not isinstance(model, list):
        if not _upstream_definite(path, index):
            return False
        raise PathNotFound(
            f"Filter: {_rest_text(path, index)} can only be applied to arrays. "
            f"Current context is: {java_text(model)}"
        )
    return True


class _IndexToken(_Token):
    def __init__(self, positions: list[int]) -> None:
        self.positions = positions
        self.definite = len(positions) == 1

    def fragment(self) -> str:
        return "[" + ",".join(map(str, self.positions)) + "]"

    def evaluate(self, path: CompiledPath, index: int, current: str, model: Any, ctx: _Context) -> None:
        if _check_array(path, index, current, model):
            for position in self.positions:
                _handle_index(path, index, current, model, ctx, position)


class _SliceToken(_Token):
    definite = False

    def __init__(self, start: int | None, stop: int | None) -> None:
        self.start = start
        self.stop = stop

    def fragment(self) -> str:
        return f"[{'' if self.start is None else self.start}:{'' if self.stop is None else self.stop}]"

    def evaluate(self, path: CompiledPath, index: int, current: str, model: Any, ctx: _Context) -> None:
        if not _check_array(path, index, current, model):
            return
        length = len(model)
        if self.stop is None:  # [from:]
            start = max(
                0, self.start + length if self.start is not None and self.start < 0 else self.start or 0
            )
            positions = range(start, length)
        elif self.start is None:  # [:to]
            stop = self.stop + length if self.stop < 0 else self.stop
            positions = range(0, min(length, stop)) if length else range(0)
        else:  # [from:to], Jayway does not adjust a negative `from` here
            stop = min(length, self.stop)
            positions = range(self.start, stop) if self.start < stop and length else range(0)
        for position in positions:
            _handle_index(path, index, current, model, ctx, position)


class _ScanToken(_Token):
    definite = False

    def fragment(self) -> str:
        return ".."

    def evaluate(self, path: CompiledPath, index: int, current: str, model: Any, ctx: _Context) -> None:
        target = path.tokens[index + 1]
        self._walk(path, index + 1, target, current, model, ctx, self._predicate(target, ctx))

    def _predicate(self, target: _Token, ctx: _Context) -> Callable[[Any], bool]:
        if isinstance(target, _PropertyToken):
            if ctx.require_properties or not target.definite:
                return lambda model: isinstance(model, dict)
            return lambda model: isinstance(model, dict) and all(name in model for name in target.names)
        if isinstance(target, (_IndexToken, _SliceToken)):
            return lambda model: isinstance(model, list)
        if isinstance(target, _WildcardToken):
            return lambda model: True
        if isinstance(target, _FilterToken):
            return lambda model: target.accept(model, ctx)
        return lambda model: False

    def _walk(
        self,
        path: CompiledPath,
        at: int,
        target: _Token,
        current: str,
        model: Any,
        ctx: _Context,
        matches: Callable[[Any], bool],
    ) -> None:
        if isinstance(model, dict):
            if matches(model):
                target.evaluate(path, at, current, model, ctx)
            for name, item in list(model.items()):
                self._walk(path, at, target, f"{current}['{name}']", item, ctx, matches)
        elif isinstance(model, list):
            if matches(model):
                if _is_leaf(path, at):
                    target.evaluate(path, at, current, model, ctx)
                else:
                    for position, item in enumerate(model):
                        path.tokens[at + 1].evaluate(path, at + 1, f"{current}[{position}]", item, ctx)
            for position, item in enumerate(model):
                self._walk(path, at, target, f"{current}[{position}]", item, ctx, matches)


class _FilterToken(_Token):
    definite = False

    def __init__(self, expression: _Expression) -> None:
        self.expression = expression

    def fragment(self) -> str:
        return "[?]"

    def accept(self, item: Any, ctx: _Context) -> bool:
        return self.expression.apply(item, ctx.root)

    def evaluate(self, path: CompiledPath, index: int, current: str, model: Any, ctx: _Context) -> None:
        if isinstance(model, dict):
            if self.accept(model, ctx):
                _next(path, index, current, model, ctx)
        elif isinstance(model, list):
            for position, item in enumerate(model):
                if self.accept(item, ctx):
                    _handle_index(path, index, current, model, ctx, position)
        elif _upstream_definite(path, index):
            raise InvalidPath(
                f"Filter: {_rest_text(path, index)} can not be applied to primitives. "
                f"Current context is: {java_text(model)}"
            )


class _FunctionToken(_Token):
    def __init__(self, name: str) -> None:
        if name not in _FUNCTIONS:
            raise InvalidPath(f"Function with name: {name} does not exist.")
        self.name = name

    def fragment(self) -> str:
        return f".{self.name}"

    def evaluate(self, path: CompiledPath, index: int, current: str, model: Any, ctx: _Context) -> None:
        _next(path, index, f"{current}.{self.name}", _FUNCTIONS[self.name](model), ctx)
