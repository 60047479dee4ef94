"""The lazy functions: IF, COALESCE and SWITCH evaluate only what each row needs.

Each row takes its own branch: the predicate, the arguments up to the first non-null one, or the cases up
to the first match are evaluated for the rows still undecided, and work that a row skips produces no
audit entries and no errors (spec/calculator.md §6).
"""

from __future__ import annotations

import numpy as np

from calculator import ast
from calculator.columns import Column, strings
from calculator.errors import EvaluationError, UnhandledError
from calculator.evaluator import Evaluation
from calculator.values import Kind, retype_text


def evaluate_if(ev: Evaluation, node: ast.Call, rows: np.ndarray) -> Column:
    out = Column.empty(len(rows))
    positions, predicate = ev.eval_alive(node.args[0], rows, np.arange(len(rows)))
    booleans = predicate.kinds == Kind.BOOLEAN
    if not booleans.all():
        bad = positions[~booleans]
        ev.fail(rows[bad], ev.message(rows[bad], node, "Predicate '{}' must evaluate to a boolean."))
        positions, predicate = positions[booleans], predicate.take(booleans)
    chosen = predicate.values.astype(bool)
    for branch, mask in ((node.args[1], chosen), (node.args[2], ~chosen)):
        if mask.any():
            branch_positions = positions[mask]
            out.put(branch_positions, ev.eval(branch, rows[branch_positions]))
    return out


def evaluate_coalesce(ev: Evaluation, node: ast.Call, rows: np.ndarray) -> Column:
    out = Column.empty(len(rows))
    pending = np.arange(len(rows))
    for arg in node.args:
        if not len(pending):
            break
        pending, column = ev.eval_alive(arg, rows, pending)
        found = ~column.is_null()
        out.put(pending[found], column.take(found))
        pending = pending[~found]
    out.kinds[pending] = Kind.NULL
    ev.record(node, rows, out)
    return out


def evaluate_switch(ev: Evaluation, node: ast.Call, rows: np.ndarray) -> Column:
    out = Column.empty(len(rows))
    positions, subject = ev.eval_alive(node.args[0], rows, np.arange(len(rows)))
    null = subject.is_null()
    ev.fail(rows[positions[null]], EvaluationError("Invalid expression to evaluate."))
    positions, subject = positions[~null], subject.take(~null)
    cases = node.args[1:]
    if not cases or len(cases) % 2:
        ev.fail(
            rows[positions],
            EvaluationError(
                "The SWITCH function requires a list of values to check along with their corresponding "
                "results."
            ),
        )
        return out
    options: dict[str, Column] = {}
    for name, option_node in node.options:
        column = ev.eval(option_node, rows[positions])
        keep = ~ev.failed[rows[positions]]
        positions, subject = positions[keep], subject.take(keep)
        options = {k: v.take(keep) for k, v in options.items()}
        options[name] = column.take(keep)
    for name, kind in (("default", Kind.STRING), ("ignorecase", Kind.BOOLEAN)):
        option = options.get(name)
        if option is not None:
            wrong = option.kinds != kind
            ev.fail(
                rows[positions[wrong]],
                UnhandledError("ClassCastException", cast_message(option, wrong, kind)),
            )
            keep = ~wrong
            positions, subject = positions[keep], subject.take(keep)
            options = {k: v.take(keep) for k, v in options.items()}
    wanted = strings(subject)
    ignore_case = options.get("ignorecase")
    fold = np.zeros(len(positions), dtype=bool) if ignore_case is None else ignore_case.values.astype(bool)
    pending = np.arange(len(positions))
    for pair in range(len(cases) // 2):
        if not len(pending):
            break
        case = ev.eval(cases[2 * pair], rows[positions[pending]])
        keep = ~ev.failed[rows[positions[pending]]]
        pending, case = pending[keep], case.take(keep)
        null = case.is_null()
        ev.fail(
            rows[positions[pending[null]]],
            EvaluationError(f"Invalid value at position {2 * pair + 1} provided."),
        )
        pending, case = pending[~null], case.take(~null)
        matched = np.array(
            [
                a.lower() == b.lower() if f else a == b
                for a, b, f in zip(wanted[pending], strings(case), fold[pending], strict=True)
            ],
            dtype=bool,
        )
        if matched.any():
            hit = positions[pending[matched]]
            out.put(hit, ev.eval(cases[2 * pair + 1], rows[hit]))
        pending = pending[~matched]
    if len(pending):
        unmatched = positions[pending]
        default = options.get("default")
        if default is None:
            ev.fail(
                rows[unmatched],
                EvaluationError(
                    "No possible result identified based on the provided expression to evaluate."
                ),
            )
        else:
            out.put(unmatched, Column.of([retype_text(t) for t in default.values[pending]]))
    ev.record(node, rows, out)
    return out


def cast_message(column: Column, wrong: np.ndarray, kind: Kind) -> str:
    """Java's ClassCastException text for the first offending value."""
    java = {Kind.NUMBER: "NumberTypeValue", Kind.STRING: "StringTypeValue", Kind.BOOLEAN: "BooleanTypeValue"}
    found = Kind(int(column.kinds[wrong][0])) if wrong.any() else kind
    return f"class {java.get(found, 'NullValue')} cannot be cast to class {java[kind]}"
