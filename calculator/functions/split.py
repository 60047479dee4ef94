"""SPLIT: Java `String.split(regex[, limit])`, Gson's JSON text of the pieces, and `[index]` access.

Spec: spec/calculator.md §10 (SPLIT) and §14. The separator is a *Java* regular expression, so this module
translates it to Python `re` syntax before splitting, and reports Java's PatternSyntaxException messages for
the common mistakes. Kernels call the three public functions; they know nothing about columns.

Java regex differences handled by the translation:

* `\\d \\w \\s \\b` and case-insensitive matching are ASCII-only in Java: patterns compile with `re.ASCII`.
* `.` excludes every Java line terminator (`\\n \\r \\u0085 \\u2028 \\u2029`), not only `\\n`.
* `\\Q...\\E` quoting, `\\h \\H \\v \\V \\R`, `\\e`, `\\cX`, `\\0ooo` octal, `\\x{h...}`, `\\z`, `\\Z`.
* POSIX and common Unicode property classes: `\\p{Alpha}`, `\\p{Digit}`, `\\p{Punct}`, `\\p{L}`,
  `\\p{IsAlphabetic}`, ... and their `\\P{...}` negations (outside and inside character classes).
* Named groups `(?<name>...)` and `\\k<name>` back references.
* Nested union classes `[a[bc]]` are flattened to `[abc]`.
* Syntax errors Java reports that Python would accept or word differently: dangling `* + ?`, an unmatched `)`,
  an unclosed group or character class, `{` that is not a repetition, a trailing `\\`.

Known gaps: class intersection (`&&`), inline flags in the middle of a pattern, `\\G`, and Unicode
categories beyond the table below.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from calculator.errors import EvaluationError, UnhandledError
from calculator.values import Kind, retype_text

_LINE_TERMINATORS = "\\n\\r\\u0085\\u2028\\u2029"
_VERTICAL_SPACE = "\\n\\x0b\\f\\r\\u0085\\u2028\\u2029"
_HORIZONTAL_SPACE = " \\t\\xa0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000"

# Class bodies (without brackets) for \p{...}; Java's POSIX classes are ASCII-only.
_PROPERTY_CLASSES: dict[str, str] = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "ASCII": "\\x00-\\x7f",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "Punct": "!-/:-@\\[-`{-~",
    "Graph": "!-~",
    "Print": " -~",
    "Blank": " \\t",
    "Cntrl": "\\x00-\\x1f\\x7f",
    "XDigit": "0-9a-fA-F",
    "Space": " \\t\\n\\x0b\\f\\r",
    "javaLowerCase": "a-z",
    "javaUpperCase": "A-Z",
    "javaWhitespace": " \\t\\n\\x0b\\f\\r\\x1c-\\x1f",
    "L": "A-Za-z\\xaa\\xb5\\xba\\xc0-\\xd6\\xd8-\\xf6\\xf8-\\u02ff\\u0370-\\u03ff\\u0400-\\u052f",
    "IsAlphabetic": "A-Za-z\\xaa\\xb5\\xba\\xc0-\\xd6\\xd8-\\xf6\\xf8-\\u02ff\\u0370-\\u03ff\\u0400-\\u052f",
    "IsLetter": "A-Za-z\\xaa\\xb5\\xba\\xc0-\\xd6\\xd8-\\xf6\\xf8-\\u02ff\\u0370-\\u03ff\\u0400-\\u052f",
    "Lu": "A-Z\\xc0-\\xd6\\xd8-\\xde",
    "Ll": "a-z\\xb5\\xdf-\\xf6\\xf8-\\xff",
    "N": "0-9",
    "Nd": "0-9",
    "IsDigit": "0-9",
    "P": "!-#%-*,-/:;?@\\[-\\]_{}\\xa1\\xa7\\xab\\xb6\\xb7\\xbb\\xbf",
    "IsPunctuation": "!-#%-*,-/:;?@\\[-\\]_{}\\xa1\\xa7\\xab\\xb6\\xb7\\xbb\\xbf",
    "Z": " \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000",
    "Zs": " \\xa0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000",
    "IsWhite_Space": " \\t\\n\\x0b\\f\\r\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000",
}

# Gson's default (HTML-safe) escapes for characters below 128, plus the two JavaScript line separators.
_GSON_ESCAPES: dict[str, str] = {chr(code): f"\\u{code:04x}" for code in range(0x20)}
_GSON_ESCAPES.update(
    {
        '"': '\\"',
        "\\": "\\\\",
        "\t": "\\t",
        "\b": "\\b",
        "\n": "\\n",
        "\r": "\\r",
        "\f": "\\f",
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "=": "\\u003d",
        "'": "\\u0027",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)
_GSON_SPECIAL = re.compile("[" + re.escape("".join(_GSON_ESCAPES)) + "]")

_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


class _JavaPatternError(Exception):
    """A PatternSyntaxException: description, error index (-1 for none) and the pattern."""

    def __init__(self, description: str, index: int, pattern: str) -> None:
        super().__init__(description)
        self.description = description
        self.index = index
        self.pattern = pattern

    def java_message(self) -> str:
        """PatternSyntaxException.getMessage() of JDK 9+ (the caret line only when the index is inside)."""
        text = self.description
        if self.index >= 0:
            text += f" near index {self.index}"
        text += "\n" + self.pattern
        if 0 <= self.index < len(self.pattern):
            text += "\n" + " " * self.index + "^"
        return text


def split(text: str | None, regex: str, limit: int | None = None) -> list[str]:
    """Java `text.split(regex, limit)`; a limit of None or 0 drops trailing empty pieces."""
    if text is None:
        raise EvaluationError("Invalid text to parse.")
    pattern = java_pattern(regex)
    limit = limit or 0
    pieces: list[str] = []
    index = 0
    for start, end in _java_find_all(pattern, text):
        if limit <= 0 or len(pieces) < limit - 1:
            if index == 0 and start == 0 and end == 0:
                continue  # Java 8+: no leading empty piece for a zero-width match at the start
            pieces.append(text[index:start])
            index = end
        elif len(pieces) == limit - 1:
            pieces.append(text[index:])
            index = end
    if index == 0:
        return [text]
    if limit <= 0 or len(pieces) < limit:
        pieces.append(text[index:])
    if limit == 0:
        while pieces and pieces[-1] == "":
            pieces.pop()
    return pieces


def gson_json(items: list[str]) -> str:
    """Gson's default `toJson` of a String list: compact, HTML-safe escaping."""
    return (
        "["
        + ",".join('"' + _GSON_SPECIAL.sub(lambda m: _GSON_ESCAPES[m.group()], s) + '"' for s in items)
        + "]"
    )


def split_element(items: list[str], index_text: str) -> tuple[Kind, Any]:
    """`split(...)[index]`: Integer.parseInt of the index's string form, then the re-typed element."""
    index = _java_parse_int(index_text)
    if not 0 <= index < len(items):
        raise UnhandledError(
            "ArrayIndexOutOfBoundsException", f"Index {index} out of bounds for length {len(items)}"
        )
    return retype_text(items[index])


def _java_parse_int(text: str) -> int:
    """Integer.parseInt(text, 10): optional sign, decimal digits (any script), within 32 bits."""
    digits = text[1:] if text[:1] in ("+", "-") else text
    if not digits or not all(ch.isdecimal() for ch in digits):
        raise UnhandledError("NumberFormatException", f'For input string: "{text}"')
    value = int("".join(str(int(ch)) for ch in digits))
    value = -value if text[0] == "-" else value
    if not _INT_MIN <= value <= _INT_MAX:
        raise UnhandledError("NumberFormatException", f'For input string: "{text}"')
    return value


def _java_find_all(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Successive `Matcher.find()` spans: after an empty match the next search starts one further on."""
    spans = []
    position = 0
    while position <= len(text):
        match = pattern.search(text, position)
        if match is None:
            break
        start, end = match.span()
        spans.append((start, end))
        position = end + 1 if start == end else end
    return spans


@lru_cache(maxsize=512)
def java_pattern(regex: str, flags: int = 0) -> re.Pattern[str]:
    """A Java regex compiled as Python `re` (plus `flags`); Java syntax errors become evaluation errors."""
    try:
        translated = _translate(regex)
    except _JavaPatternError as error:
        raise EvaluationError(error.java_message()) from None
    try:
        return re.compile(translated, re.ASCII | flags)
    except re.error as error:
        position = error.pos if error.pos is not None and error.pos <= len(regex) else -1
        message = _JavaPatternError(error.msg[:1].upper() + error.msg[1:], position, regex).java_message()
        raise EvaluationError(message) from None


def _translate(pattern: str) -> str:
    """Rewrite Java regex syntax as Python `re` syntax, raising Java's errors on the way."""
    out: list[str] = []
    dotall = bool(re.search(r"\(\?[a-zA-Z]*s", pattern))
    open_groups = 0
    can_repeat = False  # whether the previous item is something a quantifier may follow
    i = 0
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            text, i, can_repeat = _translate_escape(pattern, i, in_class=False)
            out.append(text)
            continue
        if ch == "[":
            text, i = _translate_class(pattern, i)
            out.append(text)
            can_repeat = True
            continue
        if ch == "(":
            open_groups += 1
            named = re.match(r"\(\?<([A-Za-z][A-Za-z0-9]*)>", pattern[i:])
            if named:
                out.append(f"(?P<{named.group(1)}>")
                i += named.end()
            else:
                out.append("(")
                i += 1
            can_repeat = False
            continue
        if ch == ")":
            if open_groups == 0:
                raise _JavaPatternError("Unmatched closing ')'", i - 1, pattern)
            open_groups -= 1
            out.append(")")
            i += 1
            can_repeat = True
            continue
        if ch in "*+?":
            if not can_repeat:
                raise _JavaPatternError(f"Dangling meta character '{ch}'", i, pattern)
            out.append(ch)
            i += 1
            if i < n and pattern[i] in "?+":  # lazy or possessive
                out.append(pattern[i])
                i += 1
            can_repeat = False
            continue
        if ch == "{":
            quantifier = re.match(r"\{\d+(,\d*)?\}", pattern[i:])
            if quantifier is None or not can_repeat:
                raise _JavaPatternError("Illegal repetition", i - 1, pattern)
            out.append(quantifier.group())
            i += quantifier.end()
            if i < n and pattern[i] in "?+":
                out.append(pattern[i])
                i += 1
            can_repeat = False
            continue
        if ch == "|":
            out.append("|")
            i += 1
            can_repeat = False
            continue
        if ch == "." and not dotall:
            out.append(f"[^{_LINE_TERMINATORS}]")
        elif ch in "^$":
            out.append(ch)
            i += 1
            can_repeat = False
            continue
        else:
            out.append(ch)
        i += 1
        can_repeat = True
    if open_groups:
        raise _JavaPatternError("Unclosed group", n, pattern)
    return "".join(out)


def _translate_escape(pattern: str, i: int, in_class: bool) -> tuple[str, int, bool]:
    """The escape starting at `pattern[i]` (a backslash): Python text, next index, whether it is an atom."""
    n = len(pattern)
    if i + 1 >= n:
        raise _JavaPatternError("Unexpected internal error", n, pattern)
    ch = pattern[i + 1]
    if ch == "Q":
        end = pattern.find("\\E", i + 2)
        quoted = pattern[i + 2 :] if end < 0 else pattern[i + 2 : end]
        following = n if end < 0 else end + 2
        escaped = "".join(re.escape(c) if not c.isalnum() else c for c in quoted)
        return escaped, following, bool(quoted)
    if ch in "pP":
        match = re.match(r"\\[pP](?:\{(\^?)(?:Is|In)?([A-Za-z_]+)\}|([A-Za-z]))", pattern[i:])
        if match is None:
            raise _JavaPatternError("Unknown character property name {}", i + 2, pattern)
        name = match.group(2) or match.group(3)
        body = _PROPERTY_CLASSES.get(name) or _PROPERTY_CLASSES.get("Is" + name)
        if body is None:
            raise _JavaPatternError(
                f"Unknown character property name {{{name}}}", i + match.end() - 1, pattern
            )
        negated = (ch == "P") != bool(match.group(1))
        if in_class and not negated:
            return body, i + match.end(), True
        return ("[^" if negated else "[") + body + "]", i + match.end(), True
    simple = {
        "h": f"[{_HORIZONTAL_SPACE}]",
        "H": f"[^{_HORIZONTAL_SPACE}]",
        "v": f"[{_VERTICAL_SPACE}]",
        "V": f"[^{_VERTICAL_SPACE}]",
        "e": "\\x1b",
    }
    if ch in simple:
        text = simple[ch]
        if in_class and text.startswith("[") and not text.startswith("[^"):
            text = text[1:-1]
        return text, i + 2, True
    if not in_class:
        anchors = {
            "z": "\\Z",
            "Z": f"(?=(?:\\r\\n|[{_LINE_TERMINATORS}])?\\Z)",
            "A": "\\A",
            "b": "\\b",
            "B": "\\B",
        }
        if ch in anchors:
            return anchors[ch], i + 2, False
        if ch == "R":
            return f"(?:\\r\\n|[{_VERTICAL_SPACE}])", i + 2, True
        if ch == "k":
            named = re.match(r"\\k<([A-Za-z][A-Za-z0-9]*)>", pattern[i:])
            if named is None:
                raise _JavaPatternError(
                    "\\k is not followed by '<' for named capturing group", i + 2, pattern
                )
            return f"(?P={named.group(1)})", i + named.end(), True
    if ch == "c":
        if i + 2 >= n:
            raise _JavaPatternError("Illegal control escape sequence", i + 2, pattern)
        return re.escape(chr(ord(pattern[i + 2]) ^ 64)), i + 3, True
    if ch == "0":
        octal = re.match(r"\\0([0-3][0-7]{0,2}|[0-7]{1,2})", pattern[i:])
        if octal is None:
            raise _JavaPatternError("Illegal octal escape sequence", i + 2, pattern)
        return re.escape(chr(int(octal.group(1), 8))), i + octal.end(), True
    if ch == "x" and pattern.startswith("{", i + 2):
        hexa = re.match(r"\\x\{([0-9a-fA-F]+)\}", pattern[i:])
        if hexa is None or int(hexa.group(1), 16) > 0x10FFFF:
            raise _JavaPatternError("Illegal hexadecimal escape sequence", i + 3, pattern)
        return re.escape(chr(int(hexa.group(1), 16))), i + hexa.end(), True
    if ch.isalpha() and ch not in "dDwWsStnrfaxu" and not (in_class and ch == "b"):
        raise _JavaPatternError("Illegal/unsupported escape sequence", i + 1, pattern)
    return "\\" + ch, i + 2, True


def _translate_class(pattern: str, i: int) -> tuple[str, int]:
    """The character class starting at `pattern[i]` (`[`), nested union classes flattened."""
    n = len(pattern)
    out = ["["]
    i += 1
    if i < n and pattern[i] == "^":
        out.append("^")
        i += 1
    depth = 1
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            text, i, _ = _translate_escape(pattern, i, in_class=True)
            out.append(text)
            continue
        if ch == "[":
            depth += 1
            i += 1
            continue
        if ch == "]":
            depth -= 1
            i += 1
            if depth == 0:
                return "".join(out) + "]", i
            continue
        out.append(re.escape(ch) if ch in "&~|" else ch)
        i += 1
    raise _JavaPatternError("Unclosed character class", n - 1, pattern)
