"""Custom calculation calls: `#name(args..., group=, tenant=, version=, versionAsAt=)`.

SIF fetches the calculation, pastes each argument's string form into the formula text (`replaceAll` per
declared parameter, in declaration order) and evaluates the result as a fresh formula. Pasting per row
would mean parsing per row. Instead, when a paste is provably a single literal token that cannot merge
with its neighbours, the parameter is bound to that literal's value (`Substitution`) and one parse serves
every row; the pasted text is kept for audit keys and messages. Rows whose arguments could change the
formula's structure (quotes, `$`, another parameter's name, ...) take the exact path: paste, parse the
distinct texts, evaluate. Both paths give SIF's results; the paste itself and the proof of equivalence
live in `pasting.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from calculator import ast, syntax
from calculator.columns import Column, assemble, present, strings
from calculator.errors import FormulaError, FormulaSyntaxError, UnhandledError
from calculator.evaluator import Evaluation, Substitution
from calculator.functions.pasting import analyse_formula, bindable_rows, literal_values, paste, pasted_text
from calculator.functions.references import audit_record, resolver_of
from calculator.functions.support import (
    cast_option,
    evaluate_arguments,
    factorize_rows,
    option_strings,
    repeated,
)
from calculator.resolver import CalculationDefinition, ResourceRef
from calculator.values import Kind


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
    template = analyse_formula(definition)
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
        audit_record(
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
    template = analyse_formula(definition)
    bound = (
        bindable_rows(template, definition, args) if template.bindable else np.zeros(len(rows), dtype=bool)
    )
    if bound.any():
        local = np.flatnonzero(bound)
        whole = len(local) == len(rows)
        bound_args = args if whole else [a.take(local) for a in args]
        parameters = {p.key: p for p in definition.parameters}

        def paste(key: str) -> np.ndarray:
            parameter = parameters[key]
            return pasted_text(parameter.type, strings(bound_args[parameter.index]))

        substitution = Substitution(
            values={
                p.key: literal_values(p.type, bound_args[p.index])
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
        pasted = {p.key: pasted_text(p.type, strings(args[p.index])) for p in definition.parameters}
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
            texts[i] = paste(definition, {key: text[position] for key, text in pasted.items()})
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
