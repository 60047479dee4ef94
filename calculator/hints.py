"""Suggestions for people who mistype a formula: the nearest known function, option or parameter.

SIF's messages stay exactly as SIF words them; hints travel beside them (`RowError.hint`,
`FormulaSyntaxError.hint`) and are shown by `describe()`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

FUNCTIONS = (
    "AS_TIMESTAMP",
    "ASSIGN_TO_GROUP",
    "CAML",
    "COALESCE",
    "CONCAT",
    "CONVERT",
    "GET_VALUE",
    "IF",
    "IMPACT",
    "LOOKUP",
    "LOWERCASE",
    "REF",
    "SEARCH",
    "SPLIT",
    "SWITCH",
    "UPPERCASE",
)
OPTIONS = (
    "default",
    "group",
    "ignoreCase",
    "limit",
    "locale",
    "qualityKind",
    "roundDownTo",
    "tenant",
    "timezone",
    "version",
    "versionAsAt",
)
_CALL = re.compile(r"(?<![#:\w'])([A-Za-z_][A-Za-z0-9_]*)(\s*)\(")
_OPTION = re.compile(r",\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)")
_STRING = re.compile(r"'(?:[^\\']|\\[\\'()])*'")


def nearest(name: str, known: Iterable[str]) -> str | None:
    """The closest known name, compared case-insensitively."""
    by_lower = {k.lower(): k for k in known}
    found = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[found[0]] if found else None


def syntax_hint(formula: str) -> str | None:
    """What most likely went wrong in a formula that does not parse, if we can tell."""
    code = _STRING.sub("''", formula)  # never read names inside string literals
    for match in _CALL.finditer(code):
        name, space = match.group(1), match.group(2)
        if name.upper() in FUNCTIONS:
            if space:
                return f"'{name}' must be followed directly by '(' (no space)"
            continue
        if name.upper() in ("TRUE", "FALSE", "NULL", "SET"):
            continue
        guess = nearest(name, FUNCTIONS)
        if guess:
            return f"unknown function '{name}'; did you mean {guess}?"
        return f"unknown function '{name}'; calculations are called as #{name}(...)"
    for match in _OPTION.finditer(code):
        name = match.group(1)
        if name.lower() not in {o.lower() for o in OPTIONS}:
            guess = nearest(name, OPTIONS)
            return f"unknown option '{name}='" + (f"; did you mean {guess}=?" if guess else "")
    return None


def token_hint(name: str, known: Iterable[str]) -> str | None:
    """For an unknown `:name`: the nearest parameter or variable."""
    guess = nearest(name, known)
    return f"did you mean :{guess}?" if guess else None
