"""Custom calculation calls: `#name(args..., group=, tenant=, version=, versionAsAt=)`.

SIF fetches the calculation, pastes each argument's string form into the formula text (`replaceAll` per
declared parameter, in declaration order) and evaluates the result as a fresh formula. Pasting per row
would mean parsing per row. Instead, when a paste is provably a single literal token that cannot merge
with its neighbours, the parameter is bound to that literal's value (`Substitution`) and one parse serves
every row; the pasted text is kept for audit keys and messages. Rows whose arguments could change the
formula's structure (quotes, `$`, another parameter's name, ...) take the exact path: paste, parse the
distinct texts, evaluate. Both paths give SIF's results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from calculator import ast, fixedpoint, syntax
from calculator.columns import Column, assemble, present, strings
from calculator.errors import FormulaError, FormulaSyntaxError, UnhandledError
from calculator.evaluator import Evaluation, Substitution
from calculator.fixedpoint import Fixed
from calculator.functions.references import _audit_record, resolver_of
from calculator.functions.support import (
    cast_option,
    evaluate_arguments,
    factorize_rows,
    option_strings,
    repeated,
)
from calculator.grammar.generated.SifFormulaLexer import SifFormulaLexer
from calculator.resolver import CalculationDefinition, ResourceRef
from calculator.texts import canonical_integers, integer_values, rows_with_any_char, simple_decimals
from calculator.values import Kind

_LITERAL_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
# Characters that would merge with a pasted literal on either side of a parameter token.
_UNSAFE_BEFORE = set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_.#:'\\")
_UNSAFE_AFTER = set(".'")


def evaluate(ev: Evaluation, node: ast.CustomCall, rows: np.ndarray) -> Column:
    """Evaluate a custom calculation call for `rows`."""
    out = Column.empty(len(rows))
    positions, args, options = evaluate_arguments(ev, node, rows)
    live = rows[positions]
    ok = np.ones(len(positions), dtype=bool)
    for name in ("group", "tenant", "versionasat"):
        ok &= cast_option(ev, live, options, name, Kind.STRING)
    if not ok.all():
        positions, live = positions[ok], live[ok]
        args = [a.take(ok) for a in args]
        options = {k: v.take(ok) for k, v in options.items()}
    codes, refs = _calculation_refs(ev, node, options, len(live))
    definitions = resolver_of(ev).calculations(refs) if refs else []
    for code, (ref, definition) in enumerate(zip(refs, definitions, strict=True)):
        mine = np.arange(len(live)) if len(refs) == 1 else np.flatnonzero(codes == code)
        if isinstance(definition, FormulaError):
            ev.fail(live[mine], definition)
            continue
        if ev.audit is not None:
            _audit_call(ev, node, live[mine], ref, definition, [strings(a)[mine] for a in args])
        mine_args = [a.take(mine) if len(refs) > 1 else a for a in args]
        result = _shared_result(ev, node, definition, live[mine], mine_args)
        if len(refs) == 1:
            ev.record(node, live, result)
            return assemble(len(rows), positions, result)
        out.put(positions[mine], result)
    ev.record(node, rows[positions], out.take(positions))
    return out


def _calculation_refs(
    ev: Evaluation, node: ast.CustomCall, options: dict[str, Column], count: int
) -> tuple[np.ndarray, list[ResourceRef]]:
    codes, distinct = factorize_rows(
        repeated(node.function, count),
        option_strings(options, "group", count, default=ev.context.group),
        option_strings(options, "tenant", count),
        option_strings(options, "version", count),
        option_strings(options, "versionasat", count),
    )
    return codes, [ResourceRef(*key) for key in distinct]


@dataclass
class _SharedResult:
    """A calculation call's result kept for identical calls later in the same evaluation."""

    rows: np.ndarray
    result: Column
    failed_rows: np.ndarray
    failed_errors: np.ndarray
    events: list[Any]


def _shared_result(
    ev: Evaluation,
    node: ast.CustomCall,
    definition: CalculationDefinition,
    rows: np.ndarray,
    args: list[Column],
) -> Column:
    """Evaluate the definition, or reuse the result of an identical pure call on the same rows.

    Calls are identical when they resolve to the same definition and pass structurally equal, pure
    argument expressions for every parameter the formula uses (the load test calls one calculation three
    times, differing only in an argument its formula never reads).
    """
    key = _sharing_key(ev, node, definition)
    memo: dict[Any, _SharedResult] = ev.__dict__.setdefault("_shared_calls", {})
    shared = memo.get(key) if key is not None else None
    if shared is not None and np.array_equal(shared.rows, rows):
        ev.fail(shared.failed_rows, shared.failed_errors)
        if ev.audit is not None:
            ev.audit.events.extend(shared.events)
        return shared.result
    already_failed = ev.failed[rows].copy()
    first_event = len(ev.audit.events) if ev.audit is not None else 0
    result = _evaluate_definition(ev, definition, rows, args)
    if key is not None:
        newly = rows[~already_failed & ev.failed[rows]]
        events = ev.audit.events[first_event:] if ev.audit is not None else []
        memo[key] = _SharedResult(rows, result, newly, ev.errors[newly], list(events))
    return result


def _sharing_key(ev: Evaluation, node: ast.CustomCall, definition: CalculationDefinition) -> Any:
    template = _template(definition)
    if not template.bindable:
        return None
    used_args = []
    for parameter in definition.parameters:
        if parameter.key not in template.used:
            continue
        if parameter.index >= len(node.args) or not _pure(ev, node.args[parameter.index]):
            return None
        used_args.append((parameter.index, parameter.type, node.args[parameter.index]))
    if not all(_pure(ev, option) for _, option in node.options):
        return None
    return (definition, len(node.args), tuple(used_args), node.options)


def _pure(ev: Evaluation, node: ast.Node) -> bool:
    """Same value for a row wherever it is evaluated: no variables, no side effects."""
    for child in ast.walk(node):
        if isinstance(child, ast.SetVariable):
            return False
        if (
            isinstance(child, ast.Token)
            and child.name not in ev.parameters
            and (ev.substitution is None or child.name not in ev.substitution.values)
        ):
            return False
        if isinstance(child, ast.Call) and child.name == "ASSIGN_TO_GROUP":
            return False
    return True


def _audit_call(
    ev: Evaluation,
    node: ast.CustomCall,
    rows: np.ndarray,
    ref: ResourceRef,
    definition: CalculationDefinition,
    arg_texts: list[np.ndarray],
) -> None:
    assert ev.audit is not None
    records = np.empty(len(rows), dtype=object)
    records[:] = [
        _audit_record(
            ref,
            definition.version,
            function=node.function,
            **{f"arg{i}": t[r] for i, t in enumerate(arg_texts)},
        )
        for r in range(len(rows))
    ]
    ev.audit.resource("calculations", rows, records)


def _evaluate_definition(
    ev: Evaluation, definition: CalculationDefinition, rows: np.ndarray, args: list[Column]
) -> Column:
    out = Column.empty(len(rows))
    missing = [p.index for p in definition.parameters if p.index >= len(args)]
    if missing:
        ev.fail(
            rows,
            UnhandledError(
                "IndexOutOfBoundsException", f"Index {missing[0]} out of bounds for length {len(args)}"
            ),
        )
        return out
    template = _template(definition)
    bound = (
        _bindable_rows(template, definition, args) if template.bindable else np.zeros(len(rows), dtype=bool)
    )
    if bound.any():
        local = np.flatnonzero(bound)
        whole = len(local) == len(rows)
        bound_args = args if whole else [a.take(local) for a in args]
        parameters = {p.key: p for p in definition.parameters}

        def paste(key: str) -> np.ndarray:
            parameter = parameters[key]
            return _pasted_text(parameter.type, strings(bound_args[parameter.index]))

        substitution = Substitution(
            values={
                p.key: _literal_values(p.type, bound_args[p.index])
                for p in definition.parameters
                if p.key in template.used
            },
            order=tuple(parameters),
            paste=paste,
        )
        assert template.program is not None
        result = _run_child(ev, template.program, rows[local], substitution)
        if whole:
            return result
        out.put(local, result)
    if not bound.all():
        pasted = {p.key: _pasted_text(p.type, strings(args[p.index])) for p in definition.parameters}
        _evaluate_pasted(ev, definition, rows, pasted, np.flatnonzero(~bound), out)
    return out


def _run_child(
    ev: Evaluation, program: ast.Program, rows: np.ndarray, substitution: Substitution | None
) -> Column:
    """Evaluate a calculation body for `rows` in a fresh variable scope, mapping results back."""
    whole = ev.whole(rows)
    child = Evaluation(
        len(rows),
        ev.parameters if whole else {name: column.take(rows) for name, column in ev.parameters.items()},
        ev.context,
        refs=ev.refs if whole else {name: column.take(rows) for name, column in ev.refs.items()},
        audit=ev.audit is not None,
        substitution=substitution,
    )
    result = child.run(program)
    failed = np.flatnonzero(child.failed)
    if len(failed):
        ev.fail(rows[failed], child.errors[failed])
    assigned = np.flatnonzero(present(child.assigned_group))
    ev.assigned_group[rows[assigned]] = child.assigned_group[assigned]
    if ev.audit is not None and child.audit is not None:
        ev.audit.extend_mapped(child.audit, rows)
    return result


def _evaluate_pasted(
    ev: Evaluation,
    definition: CalculationDefinition,
    rows: np.ndarray,
    pasted: dict[str, np.ndarray],
    local: np.ndarray,
    out: Column,
) -> None:
    """SIF's own way: paste the arguments into the text, then parse and evaluate each distinct text."""
    texts = np.empty(len(local), dtype=object)
    errors = np.empty(len(local), dtype=object)
    for i, position in enumerate(local):
        try:
            texts[i] = _paste(definition, {key: text[position] for key, text in pasted.items()})
        except FormulaError as error:
            errors[i] = error
    for i in np.flatnonzero(present(errors)).tolist():
        ev.fail(rows[[local[i]]], errors[i])
    valid = ~present(errors)
    frame = pd.DataFrame({"text": texts[valid], "position": local[valid]})
    for text, group in frame.groupby("text", sort=False):
        positions = group["position"].to_numpy()
        try:
            program = syntax.parse(str(text))
        except FormulaSyntaxError as error:
            ev.fail(rows[positions], error)
            continue
        out.put(positions, _run_child(ev, program, rows[positions], None))


def _paste(definition: CalculationDefinition, pasted: dict[str, str]) -> str:
    """`formula.replaceAll(":" + key, text)` per parameter in declaration order, Java replacement rules."""
    formula = definition.formula
    for parameter in definition.parameters:
        pattern = re.compile(re.escape(":" + parameter.key))
        if pattern.search(formula):  # Java reads the replacement only when something matches
            formula = pattern.sub(_java_replacement(pasted[parameter.key]), formula)
    return formula


def _java_replacement(text: str) -> Any:
    """A Matcher.replaceAll replacement: `\\x` is a literal x, `$0` the match, other `$` references fail."""
    pieces: list[str | None] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 1
            if i >= len(text):
                raise UnhandledError("IllegalArgumentException", "character to be escaped is missing")
            pieces.append(text[i])
        elif char == "$":
            i += 1
            if i >= len(text):
                raise UnhandledError(
                    "IllegalArgumentException", "Illegal group reference: group index is missing"
                )
            if text[i] == "{":  # `${name}`: our pattern has no named groups
                end = text.find("}", i)
                if end < 0:
                    why = "named capturing group is missing trailing '}'"
                elif end == i + 1:
                    why = "named capturing group has 0 length name"
                else:
                    why = f"No group with name {text[i : end + 1]}"
                raise UnhandledError("IllegalArgumentException", why)
            if not text[i].isdigit():
                raise UnhandledError("IllegalArgumentException", "Illegal group reference")
            if text[i] != "0":
                raise UnhandledError("IndexOutOfBoundsException", f"No group {text[i]}")
            pieces.append(None)
        else:
            pieces.append(char)
        i += 1

    def replace(match: re.Match[str]) -> str:
        return "".join(match.group(0) if p is None else p for p in pieces)

    return replace


def _pasted_text(parameter_type: str, values: np.ndarray) -> np.ndarray:
    """What SIF pastes for a parameter: quoted for strings, bare for numbers and booleans, else nothing."""
    if parameter_type == "string":
        return np.asarray("'" + pd.Series(values, dtype=object) + "'", dtype=object)
    if parameter_type in ("number", "boolean"):
        return values
    return np.full(len(values), "", dtype=object)


@dataclass(frozen=True)
class _Template:
    """A calculation body parsed once, with whether binding its parameters is equivalent to pasting."""

    program: ast.Program | None
    bindable: bool
    used: frozenset[str]


@lru_cache(maxsize=1024)
def _template(definition: CalculationDefinition) -> _Template:
    keys = [p.key for p in definition.parameters]
    formula = definition.formula
    try:
        program = syntax.parse(formula)
    except FormulaSyntaxError:
        return _Template(None, False, frozenset())
    token_spans = {
        (t.start, t.stop + 1)
        for t in syntax.tokens(formula)
        if t.type == SifFormulaLexer.TOKEN and t.text[1:] in keys
    }
    used = set()
    for key in keys:
        for match in re.finditer(re.escape(":" + key), formula):
            start, end = match.span()
            if (start, end) not in token_spans:
                return _Template(program, False, frozenset())
            if start > 0 and formula[start - 1] in _UNSAFE_BEFORE:
                return _Template(program, False, frozenset())
            if end < len(formula) and formula[end] in _UNSAFE_AFTER:
                return _Template(program, False, frozenset())
            used.add(key)
    if any(isinstance(n, ast.SetVariable) and n.name in used for n in ast.walk(program)):
        return _Template(program, False, frozenset())
    return _Template(program, True, frozenset(used))


def _bindable_rows(template: _Template, definition: CalculationDefinition, args: list[Column]) -> np.ndarray:
    """Rows whose every pasted argument is one literal token that changes nothing else in the formula."""
    keys = [p.key for p in definition.parameters]
    ok = np.ones(len(args[0]) if args else 0, dtype=bool)
    for position, parameter in enumerate(definition.parameters):
        if parameter.key not in template.used:
            continue
        column = args[parameter.index]
        kinds = column.kinds
        textual = np.flatnonzero((kinds != Kind.NUMBER) & (kinds != Kind.BOOLEAN))
        if not len(textual):
            continue  # numbers and booleans paste as one literal and never contain quotes or names
        whole_text = len(textual) == len(column)
        if parameter.type in ("number", "boolean") and whole_text and _integer_texts(column) is not None:
            continue  # canonical integers paste as one number literal and hold no quotes or names
        texts = strings(column) if len(textual) == len(column) else strings(column)[textual]
        if parameter.type == "string":
            # Pasted as '<text>': a quote, a backslash or `$` (replacement syntax) changes the formula.
            ok[textual] &= ~_contains_any(texts, ("'", "\\", "$"))
        elif parameter.type in ("number", "boolean"):
            # Pasted bare: the text must read back as exactly one literal token.
            literal = canonical_integers(texts)
            rest = np.flatnonzero(~literal)
            literal[rest] = [_is_literal(t) for t in texts[rest]]
            ok[textual] &= literal
        else:
            ok[textual] = False
        for later in keys[position + 1 :]:
            ok[textual] &= ~_contains_any(texts, (":" + later,))
    return ok


def _contains_any(texts: np.ndarray, needles: tuple[str, ...]) -> np.ndarray:
    """Rows containing any needle; only rows holding a needle's first character are searched."""
    found = np.zeros(len(texts), dtype=bool)
    candidates = rows_with_any_char(texts, {n[0] for n in needles})
    found[candidates] = [any(n in t for n in needles) for t in texts[candidates]]
    return found


def _is_literal(text: str) -> bool:
    return bool(_LITERAL_NUMBER.fullmatch(text)) or text.lower() in ("true", "false", "null")


def _integer_texts(column: Column) -> Fixed | None:
    """A string column whose every text is a canonical integer, read as integers (else None).

    Arrow-backed text is checked and converted in Arrow, without a Python string per row.
    """
    arrow = column.arrow
    if arrow is not None:
        if not pc.all(pc.match_substring_regex(arrow, r"^(0|[1-9][0-9]{0,17})$")).as_py():
            return None
        return fixedpoint.from_integers(np.asarray(pc.cast(arrow, pa.int64())))
    texts = strings(column)
    if not canonical_integers(texts).all():
        return None
    return fixedpoint.from_integers(integer_values(texts))


def _literal_values(parameter_type: str, column: Column) -> Column:
    """The value each pasted argument stands for once it is read back as a literal token."""
    if parameter_type == "string":
        return Column(np.full(len(column), Kind.STRING, dtype=np.int8), strings(column))
    kinds = column.kinds
    textual = np.flatnonzero((kinds != Kind.NUMBER) & (kinds != Kind.BOOLEAN))
    if not len(textual):
        return column
    if len(textual) == len(column):
        integers = _integer_texts(column)
        if integers is not None:
            return Column.numbers(integers)
    texts = strings(column)
    if len(textual) == len(column) and simple_decimals(texts).all():
        return Column.numbers_from_text(texts, canonical=False)
    out = Column(kinds.copy(), column.values.copy())
    for i in textual:
        text = texts[i].lower()
        if text in ("true", "false"):
            out.kinds[i], out.values[i] = Kind.BOOLEAN, text == "true"
        elif text == "null":
            out.kinds[i], out.values[i] = Kind.NOVALUE, None
        else:
            out.kinds[i], out.values[i] = Kind.NUMBER, Decimal(texts[i])
    return out
