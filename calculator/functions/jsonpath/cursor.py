"""Character-level reading of JsonPath text, shared by the path and filter compilers.

What belongs here: Jayway's CharacterIndex (`_Cursor`: trimming, significant characters, matching
parentheses), finding an unescaped quote, and `Utils.unescape`.
What does not: what the characters mean (`compiler`, `filter_compiler`).
"""

from __future__ import annotations

import re

from calculator.functions.jsonpath.paths import InvalidPath


class _Cursor:
    """Jayway's CharacterIndex: a position and an inclusive end over the path text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.end = len(text) - 1

    def trim(self) -> None:
        while self.in_bounds(self.pos) and self.pos < self.end and self.text[self.pos] == " ":
            self.pos += 1
        while self.end > 0 and self.pos < self.end and self.text[self.end] == " ":
            self.end -= 1

    def in_bounds(self, index: int) -> bool:
        return 0 <= index <= self.end

    def char(self, index: int | None = None) -> str:
        index = self.pos if index is None else index
        if not 0 <= index < len(self.text):
            raise InvalidPath(
                f"java.lang.StringIndexOutOfBoundsException: index {index}, length {len(self.text)}"
            )
        return self.text[index]

    def is_tail(self) -> bool:
        return self.pos >= self.end

    def next_significant(self, start: int | None = None) -> tuple[int, str]:
        index = (self.pos if start is None else start) + 1
        while self.in_bounds(index) and self.text[index] == " ":
            index += 1
        return index, (self.text[index] if self.in_bounds(index) else " ")

    def index_of_significant(self, start: int, ch: str) -> int:
        index, found = self.next_significant(start)
        return index if self.in_bounds(index) and found == ch else -1

    def next_index_of(self, start: int, ch: str) -> int:
        index = self.text.find(ch, start, self.end + 1)
        return index

    def closing_parenthesis(self, start: int) -> int:
        opened = 1
        index = start + 1
        while self.in_bounds(index):
            ch = self.text[index]
            if ch in "'\"/":
                closing = _unescaped_index(self.text, index + 1, ch, self.end)
                if closing == -1:
                    raise InvalidPath(
                        f"Could not find matching close quote for {ch} when parsing : {self.text}"
                    )
                index = closing + 1
                continue
            if ch == "(":
                opened += 1
            elif ch == ")":
                opened -= 1
                if opened == 0:
                    return index
            index += 1
        return -1


def _unescaped_index(text: str, start: int, ch: str, end: int) -> int:
    index = start
    escaped = False
    while index <= end:
        if escaped:
            escaped = False
        elif text[index] == "\\":
            escaped = True
        elif text[index] == ch:
            return index
        index += 1
    return -1


_UNESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _unescape(text: str) -> str:
    """Jayway's Utils.unescape: backslash escapes, including \\uXXXX."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            following = text[i + 1]
            if following == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", text[i + 2 : i + 6]):
                out.append(chr(int(text[i + 2 : i + 6], 16)))
                i += 6
                continue
            out.append(_UNESCAPES.get(following, following))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)
