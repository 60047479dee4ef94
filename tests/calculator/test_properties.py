"""Properties that must hold for any input: errors are values, a batch equals its rows evaluated one by
one, the fixed-point fast path equals exact decimal arithmetic, and binding custom-calculation arguments
equals SIF's textual paste.
"""

from __future__ import annotations

import string
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator import (
    EvaluationContext,
    FormulaSyntaxError,
    InMemoryResolver,
    Kind,
    Outcome,
    evaluate,
    evaluate_batch,
    fixedpoint,
    parse,
    typed_column,
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _catalog() -> InMemoryResolver:
    resolver = InMemoryResolver(existing_groups={"/", "/a"})
    resolver.add_impact_activity("act", {"co2e": {"co2": "1.5"}}, group="/")
    resolver.add_dataset("d", pd.DataFrame({"k": ["a", "12"], "v": ["1", "x"]}, dtype=object), group="/")
    resolver.add_calculation("c", ":n*2", [{"index": 0, "key": "n", "type": "number"}], group="/")
    return resolver


CONTEXT = EvaluationContext(group="/", resolver=_catalog())


def _observed(outcome: Outcome) -> tuple[Any, ...]:
    """What a row's result is: kind, value (numbers by value), SIF's error, and the audit map."""
    value = outcome.value
    if outcome.kind is Kind.NUMBER:
        value = Decimal(value).normalize() if value else Decimal(0)
    error = outcome.error
    described = None if error is None else (error.kind, error.message, error.java_exception)
    evaluated = (outcome.audit.evaluated or {}) if outcome.audit is not None else None
    return outcome.kind, value, described, evaluated


# --- (a) errors are values ----------------------------------------------------------------------------------


def _pieces(text: str) -> list[str]:
    return text.split()


# Pieces of formulas, so that random sequences of them reach deep into the parser and the kernels.
FORMULA_PIECES = [
    *_pieces("1 0 2.5 1E-7 true FALSE null :a :b :s :v ( ) , + - * / ^ > >= == != < [ ] é"),
    *_pieces("'a' 'Bc' '$.a' 'yyyy-MM-dd' '2024-01-02' 'm' 'cm' 'd' 'k' 'v' 'act' 'co2e' 'co2'"),
    *_pieces("if( coalesce( concat( lowercase( UPPERCASE( switch( search( split( get_value( ref("),
    *_pieces("lookup( impact( #c( #nope( assign_to_group( as_timestamp( convert( caml("),
    *_pieces("default= ignoreCase= version= versionAsAt= group= limit="),
    "set :v=",
    "'B c'",
    "'{\"a\":1}'",
    "\\'",
    "'",
    ", ",
    " ",
    "  ",
    "\n",
    "\t",
    "\x00",
]

formula_soup = st.lists(st.sampled_from(FORMULA_PIECES), max_size=12).map("".join)
arbitrary_formulas = st.one_of(st.text(max_size=40), formula_soup)


@SETTINGS
@given(arbitrary_formulas)
def test_parse_raises_nothing_but_a_formula_syntax_error(formula: str) -> None:
    try:
        parse(formula)
    except FormulaSyntaxError as error:
        assert error.message.startswith("Line ")


@SETTINGS
@given(arbitrary_formulas)
def test_evaluate_batch_never_raises_on_any_formula(formula: str) -> None:
    result = evaluate_batch(
        formula,
        {"a": [Decimal(1), None], "b": [Decimal("-2.5"), Decimal(0)], "s": ["x", "Yz"]},
        context=CONTEXT,
        audit=True,
    )

    assert len(result) == 2
    assert len(result.audits()) == 2


# --- (b) a batch equals its rows one by one -----------------------------------------------------------------


def _number_text(sign: bool, whole: int, fraction: str) -> str:
    text = f"{'-' if sign else ''}{whole}"
    return f"{text}.{fraction}" if fraction else text


number_texts = st.builds(
    _number_text,
    st.booleans(),
    st.integers(0, 10**7),
    st.sampled_from(["", "", "5", "25", "125", "0", "333333"]),
)
numeric_literals = st.one_of(
    st.integers(0, 10**6).map(str),
    st.builds(
        lambda whole, fraction: f"{whole}.{fraction}",
        st.integers(0, 999),
        st.from_regex(r"[0-9]{1,4}", fullmatch=True),
    ),
    st.sampled_from(["0", "0.0", "1E-7", "2.5e3", "1e0", "100"]),
)
string_literals = st.lists(st.sampled_from(["a", "B", " ", "\\'", "1", "x", ":a", "$"]), max_size=4).map(
    lambda pieces: "'" + "".join(pieces) + "'"
)
leaves = st.one_of(
    numeric_literals,
    string_literals,
    st.sampled_from(["true", "false", "null", "TRUE", "Null"]),
    st.sampled_from([":a", ":b", ":s", ":v"]),
)
spaces = st.sampled_from(["", "", " "])
exponents = st.sampled_from(["0", "1", "2", "3", "0.5", "-1", ":a"])


def _compound(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    lists = st.lists(children, min_size=1, max_size=3)
    return st.one_of(
        st.builds(
            lambda left, s1, op, s2, right: f"({left}{s1}{op}{s2}{right})",
            children,
            spaces,
            st.sampled_from(["+", "-", "*", "/"]),
            spaces,
            children,
        ),
        st.builds(lambda base, exponent: f"({base}^{exponent})", children, exponents),
        st.builds(lambda operand: f"-{operand}", children),
        st.builds(
            lambda left, op, right: f"({left}{op}{right})",
            children,
            st.sampled_from([">", ">=", "<", "<=", "==", "!="]),
            children,
        ),
        st.builds(
            lambda name, p, a, b: f"{name}({p},{a},{b})",
            st.sampled_from(["if", "IF"]),
            children,
            children,
            children,
        ),
        st.builds(lambda items: f"coalesce({', '.join(items)})", lists),
        st.builds(lambda items: f"concat({','.join(items)})", lists),
        st.builds(lambda name, x: f"{name}({x})", st.sampled_from(["lowercase", "UPPERCASE"]), children),
        st.builds(
            lambda value, cases, default, fold: f"switch({value},{','.join(cases)}{default}{fold})",
            children,
            st.lists(children, min_size=2, max_size=4).map(lambda c: c[: len(c) // 2 * 2]),
            st.sampled_from(["", ",default='0'", ",default='none'", ",default=1"]),
            st.sampled_from(["", ",ignoreCase=true", ",ignoreCase=false"]),
        ),
        st.builds(
            lambda text, match, fold: f"search({text},{match}{fold})",
            children,
            children,
            st.sampled_from(["", ",ignoreCase=true"]),
        ),
        st.builds(lambda name, value: f"(set :{name}={value})", st.sampled_from(["v", "w"]), children),
    )


untyped_expressions = st.recursive(leaves, _compound, max_leaves=8)


class _Typed:
    """Expressions of one result kind at each depth, so that most rows compute a value (and reach the
    numeric fast paths) instead of failing on a type check."""

    def __init__(self) -> None:
        self.numbers: dict[int, st.SearchStrategy[str]] = {}
        self.texts: dict[int, st.SearchStrategy[str]] = {}
        self.booleans: dict[int, st.SearchStrategy[str]] = {}

    def number(self, depth: int) -> st.SearchStrategy[str]:
        if depth not in self.numbers:
            leaf = st.one_of(numeric_literals, st.sampled_from([":a", ":b", ":a", ":b", ":v"]))
            if depth == 0:
                self.numbers[depth] = leaf
            else:
                n, t, b = self.number(depth - 1), self.text(depth - 1), self.boolean(depth - 1)
                self.numbers[depth] = st.one_of(
                    leaf,
                    st.builds(
                        lambda x, s1, op, s2, y: f"({x}{s1}{op}{s2}{y})",
                        n,
                        spaces,
                        st.sampled_from(["+", "-", "*", "/", "*", "+"]),
                        spaces,
                        n,
                    ),
                    st.builds(
                        lambda x, e: f"({x}^{e})", n, st.sampled_from(["0", "1", "2", "3", "0.5", "-1"])
                    ),
                    st.builds(lambda x: f"-{x}", n),
                    st.builds(lambda c, x, y: f"if({c},{x},{y})", b, n, n),
                    st.builds(
                        lambda items: f"coalesce({', '.join(items)})", st.lists(n, min_size=1, max_size=3)
                    ),
                    st.builds(
                        lambda x, y, fold: f"search({x},{y}{fold})",
                        t,
                        t,
                        st.sampled_from(["", ",ignoreCase=true"]),
                    ),
                    st.builds(lambda v, x, y: f"switch({v},'1',{x},'2',{y},default='7')", n, n, n),
                    st.builds(lambda x: f"(set :v={x})", n),
                )
        return self.numbers[depth]

    def text(self, depth: int) -> st.SearchStrategy[str]:
        if depth not in self.texts:
            leaf = st.one_of(string_literals, st.just(":s"))
            if depth == 0:
                self.texts[depth] = leaf
            else:
                n, t, b = self.number(depth - 1), self.text(depth - 1), self.boolean(depth - 1)
                self.texts[depth] = st.one_of(
                    leaf,
                    st.builds(
                        lambda items: f"concat({','.join(items)})",
                        st.lists(st.one_of(t, n, b), min_size=1, max_size=3),
                    ),
                    st.builds(lambda name, x: f"{name}({x})", st.sampled_from(["lowercase", "UPPERCASE"]), t),
                    st.builds(lambda c, x, y: f"if({c},{x},{y})", b, t, t),
                    st.builds(
                        lambda items: f"coalesce({','.join(items)})", st.lists(t, min_size=1, max_size=3)
                    ),
                    st.builds(
                        lambda v, x, y, fold: f"switch({v},'a',{x},'B',{y},default='none'{fold})",
                        t,
                        t,
                        t,
                        st.sampled_from(["", ",ignoreCase=true"]),
                    ),
                )
        return self.texts[depth]

    def boolean(self, depth: int) -> st.SearchStrategy[str]:
        if depth not in self.booleans:
            leaf = st.sampled_from(["true", "false", "TRUE"])
            if depth == 0:
                self.booleans[depth] = leaf
            else:
                n, t, b = self.number(depth - 1), self.text(depth - 1), self.boolean(depth - 1)
                comparisons = st.sampled_from([">", ">=", "<", "<=", "==", "!="])
                self.booleans[depth] = st.one_of(
                    leaf,
                    st.builds(lambda x, op, y: f"({x}{op}{y})", n, comparisons, n),
                    st.builds(lambda x, op, y: f"({x}{op}{y})", t, comparisons, t),
                    st.builds(lambda x, op, y: f"({x}{op}{y})", b, st.sampled_from(["==", "!=", "<"]), b),
                    st.builds(lambda c, x, y: f"if({c},{x},{y})", b, b, b),
                )
        return self.booleans[depth]


TYPED = _Typed()
expressions = st.one_of(TYPED.number(3), TYPED.text(3), TYPED.boolean(3), untyped_expressions)
assignments = st.one_of(
    st.builds(lambda value: f"set :v={value}", TYPED.number(2)),
    st.builds(lambda value: f"set :w={value}", TYPED.text(2)),
    st.builds(
        lambda name, value: f"set :{name}={value}", st.sampled_from(["v", "w", "a"]), untyped_expressions
    ),
)
programs = st.builds(
    lambda lines, last, trailing: "\n".join([*lines, last]) + trailing,
    st.lists(assignments, max_size=2),
    expressions,
    st.sampled_from([""] * 9 + ["\n"]),
)

optional_numbers = st.one_of(st.none(), number_texts, number_texts, number_texts)
optional_strings = st.one_of(st.none(), st.text(alphabet="abcXYZ 01_:'$", min_size=1, max_size=5))


@st.composite
def batches(draw: st.DrawFn) -> tuple[int, dict[str, list[str | None]]]:
    rows = draw(st.integers(1, 5))
    columns = {
        "a": draw(st.lists(optional_numbers, min_size=rows, max_size=rows)),
        "b": draw(st.lists(optional_numbers, min_size=rows, max_size=rows)),
        "s": draw(st.lists(optional_strings, min_size=rows, max_size=rows)),
    }
    return rows, columns


def _row_value(name: str, text: str | None) -> Any:
    if text is None:
        return None
    return text if name == "s" else Decimal(text)


def _batch_columns(columns: dict[str, list[str | None]], typed: bool) -> dict[str, Any]:
    """Parameter columns as a pipeline types them from text (fast forms), or as plain Python values."""
    if typed:
        declared = {"a": "number", "b": "number", "s": "string"}
        return {name: typed_column(texts, declared[name])[0] for name, texts in columns.items()}
    return {name: [_row_value(name, t) for t in texts] for name, texts in columns.items()}


@SETTINGS
@given(programs, batches(), st.booleans())
def test_a_batch_gives_each_row_what_evaluating_that_row_alone_gives(
    formula: str, batch: tuple[int, dict[str, list[str | None]]], typed: bool
) -> None:
    rows, columns = batch

    result = evaluate_batch(formula, _batch_columns(columns, typed), rows=rows, context=CONTEXT, audit=True)

    for row in range(rows):
        alone = evaluate(
            formula, {name: _row_value(name, texts[row]) for name, texts in columns.items()}, context=CONTEXT
        )
        assert _observed(result.outcome(row)) == _observed(alone), f"row {row}"


# --- (c) fixed point equals exact decimals ------------------------------------------------------------------

fixed_texts = st.builds(
    lambda sign, whole, fraction: f"{'-' if sign else ''}{whole}{'.' + fraction if fraction else ''}",
    st.booleans(),
    st.from_regex(r"(0|[1-9][0-9]{0,9})", fullmatch=True),
    st.from_regex(r"([0-9]{1,6})?", fullmatch=True),
)
fixed_columns = st.integers(1, 4).flatmap(
    lambda n: st.tuples(
        st.lists(fixed_texts, min_size=n, max_size=n), st.lists(fixed_texts, min_size=n, max_size=n)
    )
)
COMPARISONS = {
    ">": lambda x, y: x > y,
    ">=": lambda x, y: x >= y,
    "<": lambda x, y: x < y,
    "<=": lambda x, y: x <= y,
    "==": lambda x, y: x == y,
    "!=": lambda x, y: x != y,
}


def _fixed(texts: list[str]) -> fixedpoint.Fixed:
    parsed = fixedpoint.parse(np.array(texts, dtype=object))
    assert parsed is not None, texts
    return parsed


@SETTINGS
@given(st.lists(fixed_texts, min_size=1, max_size=5))
def test_fixedpoint_parse_round_trips_through_decimals(texts: list[str]) -> None:
    parsed = fixedpoint.parse(np.array(texts, dtype=object))

    if parsed is not None:
        assert list(parsed.decimals()) == [Decimal(t) for t in texts]
        assert all(abs(m) <= parsed.bound for m in parsed.mantissa.tolist())


@SETTINGS
@given(fixed_columns)
def test_fixedpoint_arithmetic_equals_exact_decimal_arithmetic(columns: tuple[list[str], list[str]]) -> None:
    left_texts, right_texts = columns
    left, right = _fixed(left_texts), _fixed(right_texts)
    xs, ys = [Decimal(t) for t in left_texts], [Decimal(t) for t in right_texts]

    for operation, exact in (
        (fixedpoint.add, lambda x, y: x + y),
        (fixedpoint.subtract, lambda x, y: x - y),
        (fixedpoint.multiply, lambda x, y: x * y),
    ):
        result = operation(left, right)
        if result is not None:
            assert list(result.decimals()) == [exact(x, y) for x, y in zip(xs, ys, strict=True)]
            assert all(abs(m) <= result.bound for m in result.mantissa.tolist())
    assert list(fixedpoint.negate(left).decimals()) == [-x for x in xs]
    for operator, exact in COMPARISONS.items():
        compared = fixedpoint.compare(left, right, operator)
        if compared is not None:
            assert compared.tolist() == [exact(x, y) for x, y in zip(xs, ys, strict=True)]


@SETTINGS
@given(
    st.lists(
        st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**12), max_value=10**12),
        min_size=1,
        max_size=3,
    )
)
def test_fixedpoint_constant_round_trips(values: list[Decimal]) -> None:
    for value in values:
        constant = fixedpoint.constant(value, 2)
        if constant is not None:
            assert list(constant.decimals()) == [value, value]


# --- (d) custom calculations: binding equals SIF's paste ----------------------------------------------------


class JavaReplacementError(Exception):
    """What `String.replaceAll` throws for a bad replacement string."""

    def __init__(self, java_exception: str, message: str) -> None:
        super().__init__(message)
        self.java_exception = java_exception
        self.message = message


def java_replace_all(text: str, target: str, replacement: str) -> str:
    """`text.replaceAll(target, replacement)` for a target without regex syntax, as JDK 17 does it.

    Without a match the replacement is never read; `\\x` is a literal x; `$0` is the match; `$<n>` with
    n > 0 and `${name}` fail (the pattern has no groups). Messages checked against JDK 17.
    """
    if target not in text:
        return text
    out: list[str] = []
    i = 0
    while i < len(replacement):
        char = replacement[i]
        i += 1
        if char == "\\":
            if i == len(replacement):
                raise JavaReplacementError("IllegalArgumentException", "character to be escaped is missing")
            out.append(replacement[i])
            i += 1
        elif char == "$":
            if i == len(replacement):
                raise JavaReplacementError(
                    "IllegalArgumentException", "Illegal group reference: group index is missing"
                )
            if replacement[i] == "{":
                i += 1
                name = ""
                while i < len(replacement) and replacement[i] in string.ascii_letters + string.digits:
                    name += replacement[i]
                    i += 1
                if not name:
                    raise JavaReplacementError(
                        "IllegalArgumentException", "named capturing group has 0 length name"
                    )
                if i == len(replacement) or replacement[i] != "}":
                    raise JavaReplacementError(
                        "IllegalArgumentException", "named capturing group is missing trailing '}'"
                    )
                if name[0] in string.digits:
                    raise JavaReplacementError(
                        "IllegalArgumentException",
                        f"capturing group name {{{name}}} starts with digit character",
                    )
                raise JavaReplacementError("IllegalArgumentException", f"No group with name {{{name}}}")
            if replacement[i] not in string.digits:
                raise JavaReplacementError("IllegalArgumentException", "Illegal group reference")
            group = int(replacement[i])
            i += 1
            if group != 0:
                raise JavaReplacementError("IndexOutOfBoundsException", f"No group {group}")
            out.append(target)
        else:
            out.append(char)
    return text.replace(target, "".join(out))


# name -> (formula, [(key, type)] in declaration order, argument order of the call `#name(:p, :q)`)
CALCULATIONS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "label": ("concat(:label, '=', :amount*2)", [("amount", "number"), ("label", "string")]),
    "branch": ("if(:n>0,uppercase(:t),lowercase(:t))", [("n", "number"), ("t", "string")]),
    "switch": ("switch(:t,'x',:n,'y',:n*2,default='0')", [("n", "number"), ("t", "string")]),
    "search": ("search(:t,'a')+:n", [("n", "number"), ("t", "string")]),
    "square": (":n*:n\n", [("n", "number"), ("t", "string")]),
    "variables": ("set :v=:n*2\nconcat(:t,:v+1)", [("n", "number"), ("t", "string")]),
    "prefix": (":n+:nn", [("n", "number"), ("nn", "number")]),
    "unused": (":n+1", [("n", "number"), ("t", "string")]),
    "compare": (":t==concat(:n)", [("n", "number"), ("t", "string")]),
}


def _custom_catalog() -> InMemoryResolver:
    resolver = InMemoryResolver()
    for name, (formula, parameters) in CALCULATIONS.items():
        declared = [{"index": i, "key": key, "type": kind} for i, (key, kind) in enumerate(parameters)]
        resolver.add_calculation(name, formula, declared, group="/")
    return resolver


CUSTOM_CONTEXT = EvaluationContext(group="/", resolver=_custom_catalog())

# Arguments fed to the number parameter: numbers, booleans and text that must be pasted as it is.
number_arguments = st.one_of(
    number_texts.map(Decimal),
    st.sampled_from([True, False, None]),
    st.sampled_from(["007", "abc", "1 ", "-2", "1e3", "12", "1.50", "true", "null", "", "(1)", "1+1", ":q"]),
)
# Arguments fed to the string parameter: plain text and text that changes the formula when pasted.
string_arguments = st.one_of(
    st.text(alphabet="abxyAB 01", max_size=4),
    st.sampled_from(
        ["it's", "a$0b", "$x", "${a}", "$1", "a\\", "\\'", "back\\slash", ":t", ":nn", "x:label", ":q"]
    ),
    st.lists(st.sampled_from(["a", "'", "$", "\\", ":", "n", "t", "0", " "]), max_size=5).map("".join),
    number_texts.map(Decimal),
    st.none(),
)


def _string_form(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return evaluate(":x", {"x": value}, audit=False).text
    return str(value)


NAMED_GROUP_MESSAGES = ("No group with name", "named capturing group", "capturing group name")


def _replacement_fails(replacement: str) -> bool:
    try:
        java_replace_all(":k", ":k", replacement)
    except JavaReplacementError:
        return True
    return False


def _pasted_outcome(name: str, arguments: dict[str, Any]) -> tuple[Any, ...] | None:
    """What SIF gives: paste each argument's string form into the formula text, then evaluate that text.

    None where the result hits a known bug: the eager replacement (see
    `test_an_argument_for_a_parameter_missing_from_the_formula_text_is_never_read`) or the message for
    `${...}` (see `test_a_named_group_reference_in_an_argument_fails_with_javas_message`).
    """
    formula, parameters = CALCULATIONS[name]
    values = [arguments["p"], arguments["q"]]
    try:
        for (key, kind), value in zip(parameters, values, strict=True):
            text = _string_form(value)
            replacement = f"'{text}'" if kind == "string" else text
            if ":" + key not in formula and _replacement_fails(replacement):
                return None
            formula = java_replace_all(formula, ":" + key, replacement)
    except JavaReplacementError as error:
        if error.message.startswith(NAMED_GROUP_MESSAGES):
            return None
        return ("unhandled", error.message, error.java_exception)
    outcome = evaluate(formula, arguments, context=CUSTOM_CONTEXT)
    return _sif_result(outcome)


def _sif_result(outcome: Outcome) -> tuple[Any, ...]:
    if outcome.error is not None:
        return (outcome.error.kind.value, outcome.error.message, outcome.error.java_exception)
    value = outcome.value
    if outcome.kind is Kind.NUMBER:
        value = Decimal(value).normalize() if value else Decimal(0)
    return (outcome.kind, value)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(CALCULATIONS)),
    st.lists(st.tuples(number_arguments, string_arguments), min_size=1, max_size=4),
)
def test_custom_calculation_results_equal_evaluating_sifs_pasted_text(
    name: str, arguments: list[tuple[Any, Any]]
) -> None:
    result = evaluate_batch(
        f"#{name}(:p, :q)",
        {"p": [p for p, _ in arguments], "q": [q for _, q in arguments]},
        context=CUSTOM_CONTEXT,
    )

    for row, (p, q) in enumerate(arguments):
        expected = _pasted_outcome(name, {"p": p, "q": q})
        if expected is None:
            continue
        assert _sif_result(result.outcome(row)) == expected, f"row {row}: {p!r}, {q!r}"
        alone = evaluate(f"#{name}(:p, :q)", {"p": p, "q": q}, context=CUSTOM_CONTEXT)
        assert _sif_result(alone) == expected, f"alone: {p!r}, {q!r}"


def test_an_argument_for_a_parameter_missing_from_the_formula_text_is_never_read() -> None:
    # '1 ' forces the pasted path; ':t' does not occur in ':n+1', so '$x' is never read by replaceAll.
    unused = evaluate("#unused(:p, :q)", {"p": "1 ", "q": "$x"}, context=CUSTOM_CONTEXT)
    # ':n' is pasted first and turns ':nn' into 'truen', so the value for ':nn' is never read either;
    # 'truen' lexes as `true` plus a stray `n` that the parser leaves unread (no EOF anchor).
    corrupted = evaluate("#prefix(:p, :q)", {"p": True, "q": "$x"}, context=CUSTOM_CONTEXT)

    assert _sif_result(unused) == (Kind.NUMBER, Decimal(2))
    assert _sif_result(corrupted) == (
        "evaluation",
        "Left side of 'true+true' add/subtract operation must be a number.",
        None,
    )


def test_a_named_group_reference_in_an_argument_fails_with_javas_message() -> None:
    outcome = evaluate("#branch(:p, :q)", {"p": Decimal(1), "q": "${a}"}, context=CUSTOM_CONTEXT)

    assert _sif_result(outcome) == ("unhandled", "No group with name {a}", "IllegalArgumentException")


def test_java_replace_all_reference_matches_jdk_17() -> None:
    """The paste reference above, pinned to what JDK 17 printed for the same calls."""
    assert java_replace_all(":n+1", ":t", "'$x'") == ":n+1"
    assert java_replace_all("concat(:t, '!')", ":t", "'a$0b'") == "concat('a:tb', '!')"
    assert java_replace_all("concat(:t, '!')", ":t", "'a$01'") == "concat('a:t1', '!')"
    assert java_replace_all("concat(:t, '!')", ":t", "'a\\'") == "concat('a', '!')"
    assert java_replace_all("concat(:t, '!')", ":t", "\\$x") == "concat($x, '!')"
    for replacement, exception, message in [
        ("'${a}'", "IllegalArgumentException", "No group with name {a}"),
        ("'${}'", "IllegalArgumentException", "named capturing group has 0 length name"),
        ("'${a'", "IllegalArgumentException", "named capturing group is missing trailing '}'"),
        ("'${1a}'", "IllegalArgumentException", "capturing group name {1a} starts with digit character"),
        ("'a$12'", "IndexOutOfBoundsException", "No group 1"),
        ("'a$'", "IllegalArgumentException", "Illegal group reference"),
        ("a\\", "IllegalArgumentException", "character to be escaped is missing"),
        ("$", "IllegalArgumentException", "Illegal group reference: group index is missing"),
    ]:
        with pytest.raises(JavaReplacementError) as raised:
            java_replace_all("concat(:t, '!')", ":t", replacement)
        assert (raised.value.java_exception, raised.value.message) == (exception, message)
