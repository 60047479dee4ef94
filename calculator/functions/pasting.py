"""SIF's text paste of calculation arguments, and the proof that binding a literal instead is the same.

SIF evaluates `#calc(args)` by pasting each argument's string form over `:key` in the formula text
(`replaceAll`, declaration order, Java replacement rules) and parsing the result. What belongs here: that
paste, exactly; the one-off analysis of a calculation's formula (`template`: where its parameters occur and
whether their neighbours could merge with a pasted literal); and, per row, whether an argument pastes as one
literal token (`bindable_rows`) and which value that literal has (`literal_values`). What does not: calling
calculations, sharing results and audits (`custom.py`).
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
from calculator.columns import Column, strings
from calculator.errors import FormulaSyntaxError, UnhandledError
from calculator.fixedpoint import Fixed
from calculator.grammar.generated.SifFormulaLexer import SifFormulaLexer
from calculator.resolver import CalculationDefinition
from calculator.texts import canonical_integers, integer_values, rows_with_any_char, simple_decimals
from calculator.values import Kind

_LITERAL_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
# Characters that would merge with a pasted literal on either side of a parameter token.
_UNSAFE_BEFORE = set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_.#:'\\")
_UNSAFE_AFTER = set(".'")


def paste(definition: CalculationDefinition, pasted: dict[str, str]) -> str:
    """`formula.replaceAll(":" + key, text)` per parameter in declaration order, Java replacement rules."""
    formula = definition.formula
    for parameter in definition.parameters:
        pattern = re.compile(re.escape(":" + parameter.key))
        if pattern.search(formula):  # Java reads the replacement only when something matches
            formula = pattern.sub(java_replacement(pasted[parameter.key]), formula)
    return formula


def java_replacement(text: str) -> Any:
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


def pasted_text(parameter_type: str, values: np.ndarray) -> np.ndarray:
    """What SIF pastes for a parameter: quoted for strings, bare for numbers and booleans, else nothing."""
    if parameter_type == "string":
        return np.asarray("'" + pd.Series(values, dtype=object) + "'", dtype=object)
    if parameter_type in ("number", "boolean"):
        return values
    return np.full(len(values), "", dtype=object)


@dataclass(frozen=True)
class Template:
    """A calculation body parsed once, with whether binding its parameters is equivalent to pasting."""

    program: ast.Program | None
    bindable: bool
    used: frozenset[str]


@lru_cache(maxsize=1024)
def analyse_formula(definition: CalculationDefinition) -> Template:
    keys = [p.key for p in definition.parameters]
    formula = definition.formula
    try:
        program = syntax.parse(formula)
    except FormulaSyntaxError:
        return Template(None, False, frozenset())
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
                return Template(program, False, frozenset())
            if start > 0 and formula[start - 1] in _UNSAFE_BEFORE:
                return Template(program, False, frozenset())
            if end < len(formula) and formula[end] in _UNSAFE_AFTER:
                return Template(program, False, frozenset())
            used.add(key)
    if any(isinstance(n, ast.SetVariable) and n.name in used for n in ast.walk(program)):
        return Template(program, False, frozenset())
    return Template(program, True, frozenset(used))


def bindable_rows(template: Template, definition: CalculationDefinition, args: list[Column]) -> np.ndarray:
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
        if parameter.type in ("number", "boolean") and whole_text and integer_texts(column) is not None:
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


def integer_texts(column: Column) -> Fixed | None:
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


def literal_values(parameter_type: str, column: Column) -> Column:
    """The value each pasted argument stands for once it is read back as a literal token."""
    if parameter_type == "string":
        return Column(np.full(len(column), Kind.STRING, dtype=np.int8), strings(column))
    kinds = column.kinds
    textual = np.flatnonzero((kinds != Kind.NUMBER) & (kinds != Kind.BOOLEAN))
    if not len(textual):
        return column
    if len(textual) == len(column):
        integers = integer_texts(column)
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
