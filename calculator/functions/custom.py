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

from calculator import ast, syntax
from calculator.columns import Column, strings
from calculator.errors import FormulaError, FormulaSyntaxError, UnhandledError
from calculator.evaluator import Evaluation, Substitution
from calculator.functions.references import _audit_record, resolver_of
from calculator.functions.support import cast_option, evaluate_arguments, option_strings
from calculator.grammar.generated.SifFormulaLexer import SifFormulaLexer
from calculator.resolver import CalculationDefinition, ResourceRef
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
    positions, live = positions[ok], live[ok]
    args = [a.take(ok) for a in args]
    options = {k: v.take(ok) for k, v in options.items()}
    arg_texts = [strings(a) for a in args]
    refs = _calculation_refs(ev, node, options, len(live))
    distinct = list(dict.fromkeys(refs))
    definitions = dict(zip(distinct, resolver_of(ev).calculations(distinct), strict=True)) if distinct else {}
    for ref in distinct:
        mine = np.flatnonzero(np.array([r is ref or r == ref for r in refs], dtype=bool))
        definition = definitions[ref]
        if isinstance(definition, FormulaError):
            ev.fail(live[mine], definition)
            continue
        if ev.audit is not None:
            _audit_call(ev, node, live[mine], ref, definition, [t[mine] for t in arg_texts])
        result = _evaluate_definition(ev, definition, live[mine], [a.take(mine) for a in args])
        out.put(positions[mine], result)
    ev.record(node, rows[positions], out.take(positions))
    return out


def _calculation_refs(ev: Evaluation, node: ast.CustomCall, options: dict[str, Column], count: int) -> list[ResourceRef]:
    groups = option_strings(options, "group", count)
    tenants = option_strings(options, "tenant", count)
    versions = option_strings(options, "version", count)
    as_at = option_strings(options, "versionasat", count)
    cache: dict[tuple[Any, ...], ResourceRef] = {}
    refs = []
    for i in range(count):
        key = (node.function, groups[i] or ev.context.group, tenants[i], versions[i], as_at[i])
        ref = cache.get(key)
        if ref is None:
            ref = cache[key] = ResourceRef(*key)
        refs.append(ref)
    return refs


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
        _audit_record(ref, definition.version, function=node.function, **{f"arg{i}": t[r] for i, t in enumerate(arg_texts)})
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
            UnhandledError("IndexOutOfBoundsException", f"Index {missing[0]} out of bounds for length {len(args)}"),
        )
        return out
    template = _template(definition)
    pasted = {p.key: _pasted_text(p.type, strings(args[p.index])) for p in definition.parameters}
    bound = _bindable_rows(template, definition, pasted) if template.bindable else np.zeros(len(rows), dtype=bool)
    if bound.any():
        values = {key: _literal_values(text[bound]) for key, text in pasted.items() if key in template.used}
        local = np.flatnonzero(bound)
        substitution = Substitution(
            values=values,
            texts={key: text[bound] for key, text in pasted.items()},
            order=tuple(p.key for p in definition.parameters),
        )
        assert template.program is not None
        out.put(local, _run_child(ev, template.program, rows[local], substitution))
    if not bound.all():
        _evaluate_pasted(ev, definition, rows, pasted, np.flatnonzero(~bound), out)
    return out


def _run_child(
    ev: Evaluation, program: ast.Program, rows: np.ndarray, substitution: Substitution | None
) -> Column:
    """Evaluate a calculation body for `rows` in a fresh variable scope, mapping results back."""
    child = Evaluation(
        len(rows),
        {name: column.take(rows) for name, column in ev.parameters.items()},
        ev.context,
        refs={name: column.take(rows) for name, column in ev.refs.items()},
        audit=ev.audit is not None,
        substitution=substitution,
    )
    result = child.run(program)
    failed = np.flatnonzero(child.failed)
    if len(failed):
        ev.fail(rows[failed], child.errors[failed])
    assigned = np.flatnonzero(np.not_equal(child.assigned_group, None))
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
    for i in np.flatnonzero(np.not_equal(errors, None)):
        ev.fail(rows[[local[i]]], errors[i])
    valid = np.equal(errors, None)
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
        replacement = _java_replacement(pasted[parameter.key])
        formula = re.sub(re.escape(":" + parameter.key), replacement, formula)
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
                raise UnhandledError("IllegalArgumentException", "Illegal group reference: group index is missing")
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


def _bindable_rows(template: _Template, definition: CalculationDefinition, pasted: dict[str, np.ndarray]) -> np.ndarray:
    """Rows whose every pasted argument is one literal token that changes nothing else."""
    keys = [p.key for p in definition.parameters]
    length = len(next(iter(pasted.values()))) if pasted else 0
    ok = np.ones(length, dtype=bool)
    for position, parameter in enumerate(definition.parameters):
        if parameter.key not in template.used:
            continue
        text = pd.Series(pasted[parameter.key], dtype=object)
        if parameter.type == "string":
            inner = text.str.slice(1, -1)
            ok &= ~inner.str.contains(r"['\\$]", regex=True).to_numpy(dtype=bool)
        elif parameter.type in ("number", "boolean"):
            literal = text.str.fullmatch(_LITERAL_NUMBER.pattern) | text.str.lower().isin(["true", "false", "null"])
            ok &= literal.to_numpy(dtype=bool)
        else:
            ok[:] = False
        for later in keys[position + 1 :]:
            ok &= ~text.str.contains(":" + later, regex=False).to_numpy(dtype=bool)
    return ok


def _literal_values(texts: np.ndarray) -> Column:
    """The value each pasted literal text stands for."""
    column = Column.empty(len(texts))
    series = pd.Series(texts, dtype=object)
    quoted = series.str.startswith("'").to_numpy(dtype=bool)
    lowered = series.str.lower()
    booleans = lowered.isin(["true", "false"]).to_numpy(dtype=bool)
    nulls = (lowered == "null").to_numpy(dtype=bool)
    numbers = ~(quoted | booleans | nulls)
    column.kinds[quoted] = Kind.STRING
    column.values[quoted] = series[quoted].str.slice(1, -1).to_numpy(dtype=object)
    column.kinds[booleans] = Kind.BOOLEAN
    column.values[booleans] = (lowered[booleans] == "true").to_numpy(dtype=bool)
    column.kinds[nulls] = Kind.NOVALUE
    column.kinds[numbers] = Kind.NUMBER
    column.values[numbers] = [Decimal(t) for t in texts[numbers]]
    return column
